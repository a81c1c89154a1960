"""The villagers page (村民, Alt+4): the register with balances, searched as you type."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from station_app.ui.common.key_map import VILLAGER_KEYS
from station_app.ui.common.page_frame import PageFrame, list_table, stretch_column
from station_app.ui.villagers.villager_models import VillagerColumn


class VillagersPage(PageFrame):
    """Search field, a summary of who owes, the register. No logic."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "villagersPage",
            self.tr("Find villager:"),
            self.tr("phone tail, name or pinyin initials, e.g. 5678 or wds"),
            VILLAGER_KEYS,
            parent,
        )
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("pageSummary")
        self.body.addWidget(self.summary_label)
        self.villager_table = list_table(self, "villagerTable")
        self.body.addWidget(self.villager_table, 1)

    def size_columns(self) -> None:
        """The name takes the spare width."""
        stretch_column(self.villager_table, VillagerColumn.NAME)
