"""The pickup page (取件, Alt+3): one field for pickup code, phone tail or tracking number."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from station_app.ui.common.key_map import PICKUP_KEYS
from station_app.ui.common.page_frame import PageFrame, list_table, stretch_column
from station_app.ui.pickup.parcel_models import ParcelColumn


class PickupPage(PageFrame):
    """Scan field, what the list shows, the parcels (overdue ones in red). No logic."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "pickupPage",
            self.tr("Pickup code / phone tail / tracking no.:"),
            self.tr("scan or type, then Enter"),
            PICKUP_KEYS,
            parent,
        )
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("pageSummary")
        self.body.addWidget(self.summary_label)
        self.parcel_table = list_table(self, "parcelTable")
        self.body.addWidget(self.parcel_table, 1)

    def size_columns(self) -> None:
        """The recipient takes the spare width."""
        stretch_column(self.parcel_table, ParcelColumn.RECIPIENT)
