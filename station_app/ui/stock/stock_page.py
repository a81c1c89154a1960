"""The stock page (库存, Alt+7): stock on hand with its value, filtered all / low / expiring."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from station_app.ui.common.key_map import STOCK_KEYS
from station_app.ui.common.page_frame import PageFrame, list_table, stretch_column
from station_app.ui.stock.stock_models import StockModel

NARROW_COLUMN = 48


class StockPage(PageFrame):
    """Product field, the value of the stock, the filter line, the stock list. No logic."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "stockPage",
            self.tr("Product:"),
            self.tr("scan or type a barcode, PLU or name, then Enter"),
            STOCK_KEYS,
            parent,
        )
        self.value_label = QLabel(self)
        self.value_label.setObjectName("pageSummary")
        self.body.addWidget(self.value_label)
        self.filter_label = QLabel(self)
        self.filter_label.setObjectName("pageSummary")
        self.filter_label.setWordWrap(True)
        self.body.addWidget(self.filter_label)
        self.stock_table = list_table(self, "stockTable")
        self.body.addWidget(self.stock_table, 1)

    def size_columns(self) -> None:
        """The product name takes the spare width; short columns only what they need."""
        stretch_column(self.stock_table, StockModel.PRODUCT_COLUMN)
        # At 1024 px every narrow column at the usual 80 px would squeeze the names.
        self.stock_table.horizontalHeader().setMinimumSectionSize(NARROW_COLUMN)
