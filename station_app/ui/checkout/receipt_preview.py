"""On-screen receipt: the printer's own picture of the layout, shown with Qt.

The picture is `printing.raster_render`'s, the very bitmap a raster-mode printer
prints and the one `main.py print --png` writes; Qt only displays it. So the
preview cannot drift from the paper: there is one drawing of a receipt, not two.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPalette, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from station_app.printing.charset import CharacterMode

if TYPE_CHECKING:
    from PIL import Image

    from station_app.printing.raster_render import RasterFont
    from station_app.printing.receipt_layout import Layout

# Pillow and the raster renderer (with its barcode and QR code libraries) are imported at
# the first receipt shown, not when the checkout is built: a tenth of a cold start.
__all__ = ["ReceiptPreview", "render_layout_image", "to_qimage"]


def to_qimage(picture: Image.Image) -> QImage:
    """A Pillow picture as a QImage (8-bit grey), owning its own copy of the pixels."""
    grey = picture.convert("L")
    data = grey.tobytes()
    image = QImage(data, grey.width, grey.height, grey.width, QImage.Format.Format_Grayscale8)
    return image.copy()  # QImage does not own `data`; the copy does


def render_layout_image(
    layout: Layout,
    *,
    dpi_width_px: int | None = None,
    mode: CharacterMode | None = None,
    font: RasterFont | None = None,
) -> QImage:
    """Draw `layout` as thermal paper: black on white, `dpi_width_px` wide.

    The default width is the printer's own (384 px for 32 columns, 576 for 48);
    another width scales the whole receipt. `mode` shows a text-mode printer's
    stand-ins for characters it cannot print.
    """
    from station_app.printing.raster_render import preview_font, render_raster, scaled

    picture = render_raster(
        layout, font or preview_font(), mode=mode if mode is not None and mode.is_text else None
    )
    return to_qimage(scaled(picture, dpi_width_px or picture.width))


class ReceiptPreview(QWidget):
    """A scrollable picture of a receipt as it will come out of the printer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiptPreview")
        self.image_label = QLabel()
        self.image_label.setObjectName("receiptImage")
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        # The picture is the printable width; real paper has a blank edge either side.
        self.image_label.setStyleSheet("background: white; padding: 0 14px;")
        desk = QWidget()
        row = QHBoxLayout(desk)
        row.addStretch(1)
        row.addWidget(self.image_label, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("receiptScroll")
        # Grey around the white paper shows where the paper ends.
        self.scroll_area.setBackgroundRole(QPalette.ColorRole.Dark)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(desk)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.scroll_area)

    def show_receipt(
        self, layout: Layout, mode: CharacterMode | None = None, font: RasterFont | None = None
    ) -> None:
        """Show `layout` at the printer's own size."""
        self.image_label.setPixmap(
            QPixmap.fromImage(render_layout_image(layout, mode=mode, font=font))
        )
