"""The agency page (代购, Alt+2): the orders board by status, or the open balances."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from station_app.ui.common.key_map import AGENCY_KEYS
from station_app.ui.common.page_frame import PageFrame, list_table, stretch_column


class AgencyPage(PageFrame):
    """Search field, the filter line, and the board or the balances table. No logic."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "agencyPage",
            self.tr("Find order:"),
            self.tr("order no., pickup code, villager name or phone tail"),
            AGENCY_KEYS,
            parent,
        )
        self.filter_label = QLabel(self)
        self.filter_label.setObjectName("pageSummary")
        self.body.addWidget(self.filter_label)
        self.tables = QStackedWidget(self)
        self.order_table = list_table(self, "orderTable")
        self.balance_table = list_table(self, "balanceTable")
        self.tables.addWidget(self.order_table)
        self.tables.addWidget(self.balance_table)
        self.body.addWidget(self.tables, 1)

    def size_columns(self) -> None:
        """The item (board) and the villager (balances) take the spare width."""
        stretch_column(self.order_table, 4)
        stretch_column(self.balance_table, 1)
