import pytest

from station_app.printing.charset import CharacterMode
from station_app.printing.errors import PrinterSetupError
from station_app.printing.raster_render import (
    FALLBACK_FONT,
    LINE_DOTS,
    MARGIN_DOTS,
    find_cjk_font,
    paper_dots,
    preview_font,
    render_raster,
)
from station_app.printing.receipt_layout import Layout, Row, Text, sale_receipt
from station_app.printing.refund_receipt import refund_receipt
from station_app.printing.test_page import printer_test_page
from tests.printing.samples import long_sale, refund, settings

COLUMNS = [32, 48]


def _ink_columns(picture, top, bottom):
    pixels = picture.load()
    return [x for x in range(picture.width) if any(pixels[x, y] < 128 for y in range(top, bottom))]


@pytest.mark.parametrize("columns", COLUMNS)
def test_the_picture_is_the_paper_width_and_pure_black_and_white(columns):
    picture = render_raster(sale_receipt(long_sale(), settings(columns)), find_cjk_font())
    assert picture.width == paper_dots(columns) == columns * 12
    assert set(picture.tobytes()) == {0, 255}


def test_a_row_spans_the_paper_from_the_first_to_the_last_column():
    picture = render_raster(Layout((Row("合计", "￥12.50"),), 32), find_cjk_font())
    ink = _ink_columns(picture, MARGIN_DOTS, MARGIN_DOTS + LINE_DOTS)
    assert ink[0] < 12 and ink[-1] >= 384 - 12


def test_latin_letters_stay_inside_their_twelve_dot_cells():
    picture = render_raster(Layout((Text("mmmm"),), 32), find_cjk_font())
    assert _ink_columns(picture, MARGIN_DOTS, MARGIN_DOTS + LINE_DOTS)[-1] < 4 * 12


def test_text_mode_pictures_show_the_printers_stand_ins():
    font = find_cjk_font()
    layout = Layout((Text("糖㙟"),), 32)
    as_gbk = render_raster(layout, font, mode=CharacterMode.GBK)
    as_gb18030 = render_raster(layout, font, mode=CharacterMode.GB18030)
    assert as_gbk.tobytes() != as_gb18030.tobytes()
    assert render_raster(Layout((Text("糖□"),), 32), font).tobytes() == as_gbk.tobytes()


def test_a_configured_font_that_is_missing_is_named(tmp_path):
    with pytest.raises(PrinterSetupError, match="找不到字体文件"):
        find_cjk_font(str(tmp_path / "msyh.ttc"))


def test_the_font_setting_is_used(tmp_path):
    chosen = find_cjk_font()
    assert find_cjk_font(chosen.path) == chosen


def test_without_any_cjk_font_raster_printing_says_what_to_install(monkeypatch, tmp_path):
    import station_app.printing.raster_render as raster

    monkeypatch.setattr(raster, "font_candidates", lambda: [tmp_path / "none.ttc"])
    with pytest.raises(PrinterSetupError, match="fonts-wqy-microhei"):
        raster.find_cjk_font()
    assert preview_font() == FALLBACK_FONT
    assert render_raster(Layout((Text("ok"),), 32), FALLBACK_FONT).width == 384


@pytest.mark.parametrize("columns", COLUMNS)
def test_refund_and_test_page_pictures_fit_the_paper(columns):
    font = find_cjk_font()
    for layout in (
        refund_receipt(refund(), settings(columns)),
        printer_test_page(settings(columns), CharacterMode.GB18030, "now", "x"),
    ):
        picture = render_raster(layout, font)
        assert picture.width == paper_dots(columns)
        assert picture.height > 600
