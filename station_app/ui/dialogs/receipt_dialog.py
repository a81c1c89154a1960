"""After payment: the change in big figures and the receipt as it will print; Enter closes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from station_app.core.money import format_fen
from station_app.printing.charset import CharacterMode
from station_app.printing.raster_render import RasterFont
from station_app.printing.receipt_layout import Layout
from station_app.ui.receipt_preview import ReceiptPreview


class ReceiptDialog(QDialog):
    """Shows the sale's receipt preview; Enter or Esc returns to the scan field."""

    def __init__(self, layout: Layout, change_fen: int, parent: QWidget | None = None, *,
                 mode: CharacterMode | None = None, font: RasterFont | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiptDialog")
        self.setWindowTitle(self.tr("Receipt"))
        self.setMinimumSize(560, 720)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        box = QVBoxLayout(self)
        self.change_label = QLabel(
            self.tr("Change {0}").format(format_fen(change_fen)) if change_fen
            else self.tr("Paid in full, no change"), self)
        self.change_label.setObjectName("changeLabel")
        self.change_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.change_label)

        self.preview = ReceiptPreview(self)
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Shown as the configured printer will print it (stand-ins for what it cannot).
        self.preview.show_receipt(layout, mode, font)
        box.addWidget(self.preview, 1)

        self.close_button = QPushButton(self.tr("Close (Enter / Esc)"), self)
        self.close_button.setObjectName("closeReceipt")
        # The default button takes Enter wherever the focus is in the dialog.
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        box.addWidget(self.close_button)
        self.close_button.setFocus()
