import pytest

from station_app.printing.charset import CharacterMode, printable_text
from station_app.printing.escpos_render import drawer_pulse, render_escpos
from station_app.printing.raster_render import find_cjk_font, paper_dots
from station_app.printing.receipt_layout import (
    Barcode,
    Cut,
    Layout,
    PrintedLine,
    QrCode,
    Row,
    Text,
    print_items,
    render_text,
    sale_receipt,
)
from station_app.printing.refund_receipt import refund_receipt
from station_app.printing.test_page import printer_test_page, ruler
from station_app.printing.text_width import display_width
from tests.printing.escpos_decode import decode
from tests.printing.samples import LONG_NAME, long_sale, refund, settings

COLUMNS = [32, 48]
TEXT_MODES = [CharacterMode.GB18030, CharacterMode.GBK]


def _receipt(columns: int) -> Layout:
    return sale_receipt(long_sale(), settings(columns))


@pytest.mark.parametrize("columns", COLUMNS)
@pytest.mark.parametrize("mode", TEXT_MODES)
def test_printed_lines_are_the_layouts_lines_and_none_is_wider_than_the_paper(columns, mode):
    layout = _receipt(columns)
    paper = decode(render_escpos(layout, mode))
    expected = [item for item in print_items(layout) if isinstance(item, PrintedLine)]
    printed = [line for line in paper.lines if line.text.strip() or line.columns == 0]
    assert len(paper.lines) == len(expected)
    for line, item in zip(paper.lines, expected, strict=True):
        assert line.columns == item.width <= columns
        assert line.double == (item.double and bool(item.text.strip()))
        assert line.bold == item.bold
    assert printed


@pytest.mark.parametrize("columns", COLUMNS)
def test_amounts_end_in_the_last_column_and_totals_read_right(columns):
    texts = decode(render_escpos(_receipt(columns), CharacterMode.GB18030)).texts
    for label, amount in [
        ("合计", "￥403.80"),
        ("抹零", "-￥0.07"),
        ("现金", "￥303.66"),
        ("找零", "￥0.93"),
        ("微信支付 尾号7890", "￥100.00"),
    ]:
        line = next(text for text in texts if text.startswith(label))
        assert line.endswith(amount)
        assert display_width(line) == columns
    total = next(text for text in texts if text.startswith("应收"))
    assert total.endswith("￥402.73")  # double size: 应收 … fills the line at half the columns
    assert display_width(total) == columns // 2


@pytest.mark.parametrize("columns", COLUMNS)
def test_weighed_lines_show_weight_price_per_kg_and_per_jin(columns):
    text = "\n".join(decode(render_escpos(_receipt(columns), CharacterMode.GB18030)).texts)
    assert "2.468kg × ￥32.00/kg" in text
    assert "(￥16.00/斤)" in text
    assert "￥78.98" in text
    assert LONG_NAME not in text.split("\n")  # it wraps onto two lines …
    assert "".join(text.split("\n")).count(LONG_NAME) == 1  # … and nothing of it is lost


def test_the_paper_text_matches_the_plain_text_rendering():
    layout = _receipt(48)
    printed = decode(render_escpos(layout, CharacterMode.GB18030)).texts
    plain = [
        printable_text(line, CharacterMode.GB18030).replace(" ", "")
        for line in render_text(layout)
        if not line.strip().startswith(("[QR]", "✂"))
    ]
    assert [line.replace(" ", "") for line in printed] == plain


def test_unprintable_characters_are_replaced_not_fatal():
    texts = decode(render_escpos(_receipt(32), CharacterMode.GBK)).texts
    assert "大白兔奶糖 □ 礼盒" in texts
    assert any(text.startswith("洗洁精 ￥特价") for text in texts)


def test_cash_sales_open_the_drawer_first_and_only_when_asked():
    layout = _receipt(32)
    with_drawer = decode(render_escpos(layout, CharacterMode.GB18030, open_drawer=True))
    without = decode(render_escpos(layout, CharacterMode.GB18030))
    assert with_drawer.events[0] == "drawer"
    assert "drawer" not in without.events
    assert drawer_pulse() == b"\x1bp\x00\x32\x32"


@pytest.mark.parametrize("columns", COLUMNS)
def test_qr_code_and_barcode_are_paper_wide_images_and_the_paper_is_cut(columns):
    layout = Layout((Text("x"), Barcode("TEST-123"), QrCode("DEMO-001|1"), Cut()), columns)
    data = render_escpos(layout, CharacterMode.GB18030)
    paper = decode(data)
    assert paper.events == ["image", "image", "cut"]  # bars, QR code
    assert all(width == paper_dots(columns) for width, _ in paper.images)
    assert paper.texts[-1].strip() == "TEST-123"  # the barcode's caption, as text
    assert data.endswith(b"\x1dVB\x00")  # feed to the cutter, then cut: no extra blank lines


@pytest.mark.parametrize("columns", COLUMNS)
def test_raster_mode_sends_the_picture_and_no_text(columns):
    layout = _receipt(columns)
    paper = decode(
        render_escpos(layout, CharacterMode.RASTER, font=find_cjk_font(), open_drawer=True)
    )
    assert paper.events[0] == "drawer" and paper.events[-1] == "cut"
    assert set(paper.events[1:-1]) == {"image"}
    assert paper.texts == [] and paper.chinese_mode == []
    assert {width for width, _ in paper.images} == {paper_dots(columns)}
    assert sum(height for _, height in paper.images) > 1500


def test_refund_receipt_says_refund_first():
    texts = decode(render_escpos(refund_receipt(refund(), settings()), CharacterMode.GB18030)).texts
    assert texts[0].strip() == "退款 REFUND"
    assert any(text.startswith("退款合计") and text.endswith("￥42.07") for text in texts)


@pytest.mark.parametrize("columns", COLUMNS)
def test_test_page_ruler_fills_the_paper_exactly(columns):
    page = printer_test_page(settings(columns), CharacterMode.GB18030, "2025-03-01 14:03", "x")
    paper = decode(render_escpos(page, CharacterMode.GB18030))
    assert ruler(columns) in paper.texts
    chinese_ruler = next(line for line in paper.lines if line.text.startswith("一二三"))
    assert chinese_ruler.columns == columns
    assert all(line.columns <= columns for line in paper.lines)


def test_a_long_row_wraps_instead_of_overflowing():
    layout = Layout((Row("很长的商品名称" * 4, "￥1,234.50"),), 32)
    assert all(
        line.columns <= 32 for line in decode(render_escpos(layout, CharacterMode.GBK)).lines
    )
