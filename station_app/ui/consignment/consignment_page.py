"""The consignment page (代销, Alt+5): lots board or farmers owed, and the last paper printed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from station_app.ui.checkout.receipt_preview import ReceiptPreview
from station_app.ui.common.key_map import CONSIGNMENT_KEYS
from station_app.ui.common.page_frame import PageFrame, list_table, stretch_column

# Room for 58 mm paper at the printer's own size (384 dots), its white edges and a
# scroll bar: the preview is the very picture of the paper, never scaled down.
PAPER_PANEL_WIDTH = 460


class ConsignmentPage(PageFrame):
    """Lot-code field, the filter line, the board or the balances, the paper preview. No logic.

    After something prints, a panel shows the last label, manifest or slip sent to the
    printer, so the keeper sees what should be coming out (and what goes on the crates).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "consignmentPage",
            self.tr("Lot code:"),
            self.tr("scan the label's QR code or type the lot code, then Enter"),
            CONSIGNMENT_KEYS,
            parent,
        )
        self.filter_label = QLabel(self)
        self.filter_label.setObjectName("pageSummary")
        self.body.addWidget(self.filter_label)
        row = QHBoxLayout()
        self.tables = QStackedWidget(self)
        self.lot_table = list_table(self, "lotTable")
        self.farmer_table = list_table(self, "farmerTable")
        self.tables.addWidget(self.lot_table)
        self.tables.addWidget(self.farmer_table)
        row.addWidget(self.tables, 1)

        # Hidden until something prints, so the board has the whole width otherwise.
        self.paper_panel = QWidget(self)
        self.paper_panel.setFixedWidth(PAPER_PANEL_WIDTH)
        paper = QVBoxLayout(self.paper_panel)
        paper.setContentsMargins(0, 0, 0, 0)
        self.paper_caption = QLabel(self.tr("Last paper printed"), self.paper_panel)
        self.paper_caption.setObjectName("pageSummary")
        self.paper_caption.setWordWrap(True)
        paper.addWidget(self.paper_caption)
        self.paper_preview = ReceiptPreview(self.paper_panel)
        self.paper_preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.paper_preview.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        paper.addWidget(self.paper_preview, 1)
        self.paper_panel.hide()
        row.addWidget(self.paper_panel)
        self.body.addLayout(row, 1)

    def size_columns(self, product_column: int) -> None:
        """The product (board) and the farmer (balances) take the spare width."""
        stretch_column(self.lot_table, product_column)
        stretch_column(self.farmer_table, 0)
