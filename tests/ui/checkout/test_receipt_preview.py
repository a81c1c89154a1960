import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from station_app.core.payments import PaymentMethod
from station_app.core.sales import PaymentRecord, SaleLineRecord, SaleRecord
from station_app.core.settings import StationSettings
from station_app.printing.raster_render import LINE_DOTS, MARGIN_DOTS
from station_app.printing.receipt_layout import (
    Barcode,
    Cut,
    Layout,
    PrintedLine,
    Row,
    Text,
    print_items,
    sale_receipt,
)
from station_app.ui.checkout.receipt_preview import ReceiptPreview, render_layout_image

PREVIEW_PNG = "/tmp/receipt_preview.png"


def _sample_layout(columns: int = 32) -> Layout:
    lines = (
        SaleLineRecord(
            "l1",
            1,
            "p1",
            "6921168509256",
            "农夫山泉饮用天然水 550ml",
            "瓶",
            250,
            3,
            None,
            750,
            100,
            650,
        ),
        SaleLineRecord(
            "l2",
            2,
            "p2",
            "20001",
            "东北五常稻花香大米（散装）新米上市",
            "kg",
            2599,
            1,
            1234,
            3207,
            0,
            3207,
        ),
        SaleLineRecord(
            "l3", 3, None, None, "Lao Gan Ma chili sauce", "项", 1200, 1, None, 1200, 0, 1200
        ),
    )
    sale = SaleRecord(
        "s1",
        7,
        "20250301-T1-00007",
        "T1",
        "张小花",
        "2025-03-01T06:03:04.123Z",
        480,
        "2025-03-01",
        5157,
        100,
        7,
        5050,
        6000,
        950,
        "13812341234",
        lines,
        (
            PaymentRecord(PaymentMethod.WECHAT, 1000, None, "4200001234567890"),
            PaymentRecord(PaymentMethod.CASH, 4050, 5000, ""),
        ),
    )
    settings = StationSettings(station_phone="0571-8888 6666", receipt_columns=columns)
    return sale_receipt(sale, settings, reprint=True)


def _dark_columns(image: QImage, top: int, bottom: int) -> list[int]:
    """x of every column with a dark pixel between rows `top` and `bottom`."""
    return [
        x
        for x in range(image.width())
        if any(image.pixelColor(x, y).lightness() < 128 for y in range(top, bottom))
    ]


def _dark_pixel_count(image: QImage) -> int:
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    data = bytes(gray.constBits())
    return sum(1 for value in data if value < 128)


@pytest.mark.gui
@pytest.mark.parametrize(("columns", "width"), [(32, 384), (48, 576)])
def test_image_is_paper_wide_and_as_tall_as_its_lines(
    qtbot: QtBot, columns: int, width: int
) -> None:
    layout = _sample_layout(columns)
    image = render_layout_image(layout)
    assert image.width() == width
    text_lines = sum(1 for item in print_items(layout) if isinstance(item, PrintedLine))
    assert image.height() > text_lines * LINE_DOTS + 2 * MARGIN_DOTS
    assert image.height() < 4 * width
    assert _dark_pixel_count(image) > 5_000
    image.save(PREVIEW_PNG if columns == 32 else PREVIEW_PNG.replace(".png", "_80mm.png"))


@pytest.mark.gui
def test_a_row_spans_the_paper_as_in_the_text_rendering(qtbot: QtBot) -> None:
    image = render_layout_image(Layout((Row("合计", "￥12.50"),), columns=32))
    dark = _dark_columns(image, MARGIN_DOTS, MARGIN_DOTS + LINE_DOTS)
    assert dark[0] < 12  # "合" starts in the first column
    assert dark[-1] >= 384 - 12  # "0" ends in the last column


@pytest.mark.gui
def test_centered_text_is_centered(qtbot: QtBot) -> None:
    image = render_layout_image(Layout((Text("中文", align="center"),), columns=32))
    dark = _dark_columns(image, MARGIN_DOTS, MARGIN_DOTS + LINE_DOTS)
    assert abs((dark[0] + dark[-1]) / 2 - 192) < 6


@pytest.mark.gui
def test_a_wider_image_scales_the_receipt(qtbot: QtBot) -> None:
    layout = Layout((Text("示范村服务站", double=True), Barcode("6921168509256"), Cut()), 32)
    normal = render_layout_image(layout)
    wide = render_layout_image(layout, dpi_width_px=768)
    assert wide.width() == 768
    assert abs(wide.height() - 2 * normal.height()) <= 2


@pytest.mark.gui
def test_preview_widget_shows_the_image(qtbot: QtBot) -> None:
    preview = ReceiptPreview()
    qtbot.addWidget(preview)
    preview.show_receipt(_sample_layout())
    assert preview.objectName() == "receiptPreview"
    pixmap = preview.image_label.pixmap()
    assert pixmap.width() == 384
    assert pixmap.height() > 1000
