"""On-screen receipt: the layout drawn dot for dot as a thermal printer would print it.

Positions come from `print_items`, the same resolved lines a printer renderer
uses, and every character is drawn into its own printer cells instead of flowing
with the screen font's metrics, so wrapping and alignment match the paper.
"""

from __future__ import annotations

import math
from functools import lru_cache

import qrcode
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from station_app.printing.receipt_layout import (
    Barcode,
    Cut,
    Layout,
    PrintedLine,
    PrintItem,
    QrCode,
    print_items,
)
from station_app.printing.text_width import char_width

# A 203 dpi printer: font A is 12 x 24 dots (a CJK character 24 x 24), so 32 columns
# fill the 384 dots of 58 mm paper and 48 columns the 576 dots of 80 mm paper.
DOTS_PER_COLUMN = 12
FONT_DOTS = 24
LINE_DOTS = 30  # the printers' default line spacing
MARGIN_DOTS = 16
BARCODE_DOTS = 80
BARCODE_MODULE_DOTS = 2
FONT_FAMILIES = ["WenQuanYi Micro Hei Mono", "Noto Sans Mono CJK SC", "Microsoft YaHei", "SimSun"]


def render_layout_image(layout: Layout, *, dpi_width_px: int | None = None) -> QImage:
    """Draw `layout` as thermal paper: black on white, `dpi_width_px` wide.

    The default width is the printer's own (384 px for 32 columns, 576 for 48);
    another width scales the whole receipt.
    """
    paper_dots = layout.columns * DOTS_PER_COLUMN
    width = dpi_width_px or paper_dots
    scale = width / paper_dots
    items = print_items(layout)
    height_dots = 2 * MARGIN_DOTS + sum(_height(item) for item in items)
    image = QImage(width, math.ceil(height_dots * scale), QImage.Format.Format_RGB32)
    image.fill(QColor(Qt.GlobalColor.white))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.scale(scale, scale)
        y = float(MARGIN_DOTS)
        for item in items:
            _draw(painter, item, y, paper_dots)
            y += _height(item)
    finally:
        painter.end()
    return image


def _height(item: PrintItem) -> int:
    match item:
        case PrintedLine(double=True):
            return 2 * LINE_DOTS
        case Barcode():
            return BARCODE_DOTS + LINE_DOTS
        case QrCode():
            return len(_qr_matrix(item.data)) * item.module_dots + LINE_DOTS // 2
        case _:
            return LINE_DOTS


def _draw(painter: QPainter, item: PrintItem, y: float, paper_dots: int) -> None:
    match item:
        case PrintedLine():
            _draw_line(painter, item, y)
        case Barcode():
            _draw_barcode(painter, item, y, paper_dots)
        case QrCode():
            _draw_qr(painter, item, y, paper_dots)
        case Cut():
            painter.setPen(QPen(Qt.GlobalColor.black, 2, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(0, y + LINE_DOTS / 2), QPointF(paper_dots, y + LINE_DOTS / 2))


def _font(*, bold: bool, double: bool) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    font.setPixelSize(FONT_DOTS * (2 if double else 1))
    font.setBold(bold)
    return font


def _clusters(text: str) -> list[str]:
    """Characters with their combining marks, which share their base's cells."""
    clusters: list[str] = []
    for char in text:
        if clusters and char_width(char) == 0:
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _draw_line(painter: QPainter, line: PrintedLine, y: float) -> None:
    scale = 2 if line.double else 1
    painter.setFont(_font(bold=line.bold, double=line.double))
    painter.setPen(Qt.GlobalColor.black)
    x = float(line.indent * DOTS_PER_COLUMN)
    for cluster in _clusters(line.text):
        cell = char_width(cluster[0]) * scale * DOTS_PER_COLUMN
        if not cluster.isspace():
            box = QRectF(x, y, cell, LINE_DOTS * scale)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, cluster)
        x += cell


def _draw_barcode(painter: QPainter, barcode: Barcode, y: float, paper_dots: int) -> None:
    # A stand-in pattern until the ESC/POS renderer exists: bar widths follow the
    # data's bits, so different data looks different; scanners will not read it.
    bars = [1 + int(bit) for byte in barcode.data.encode() for bit in f"{byte:08b}"[2:]]
    total = sum(bars) * BARCODE_MODULE_DOTS
    x = (paper_dots - total) / 2
    for index, bar in enumerate(bars):
        if index % 2 == 0:
            painter.fillRect(
                QRectF(x, y, bar * BARCODE_MODULE_DOTS, BARCODE_DOTS), Qt.GlobalColor.black
            )
        x += bar * BARCODE_MODULE_DOTS
    painter.setFont(_font(bold=False, double=False))
    painter.setPen(Qt.GlobalColor.black)
    caption = QRectF(0, y + BARCODE_DOTS, paper_dots, LINE_DOTS)
    painter.drawText(caption, Qt.AlignmentFlag.AlignCenter, barcode.data)


@lru_cache(maxsize=16)
def _qr_matrix(data: str) -> list[list[bool]]:
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def _draw_qr(painter: QPainter, qr: QrCode, y: float, paper_dots: int) -> None:
    matrix = _qr_matrix(qr.data)
    size = qr.module_dots
    left = (paper_dots - len(matrix) * size) / 2
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                square = QRectF(left + column * size, y + row * size, size, size)
                painter.fillRect(square, Qt.GlobalColor.black)


class ReceiptPreview(QWidget):
    """A scrollable picture of a receipt as it will come out of the printer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiptPreview")
        self.image_label = QLabel()
        self.image_label.setObjectName("receiptImage")
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("receiptScroll")
        # Grey around the white image shows where the paper ends.
        self.scroll_area.setBackgroundRole(QPalette.ColorRole.Dark)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.image_label)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.scroll_area)

    def show_receipt(self, layout: Layout) -> None:
        """Show `layout` at the printer's own size."""
        self.image_label.setPixmap(QPixmap.fromImage(render_layout_image(layout)))
