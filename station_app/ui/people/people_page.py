"""The people page (人员, Alt+6, owner only): operators, PINs, and the station's backups."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from station_app.core.operators import OperatorInfo, Role
from station_app.ui.common.key_map import PEOPLE_KEYS
from station_app.ui.common.page_frame import PageFrame, list_table, stretch_column
from station_app.ui.common.record_table_model import RecordTableModel
from station_app.ui.common.translation import QT_TRANSLATE_NOOP

# Marked here so lupdate files them under PeopleModel, where `cells` looks them up.
_ROLE_NAMES = {
    Role.OWNER: QT_TRANSLATE_NOOP("PeopleModel", "Owner"),
    Role.CLERK: QT_TRANSLATE_NOOP("PeopleModel", "Clerk"),
}
_DISABLED = QT_TRANSLATE_NOOP("PeopleModel", "Disabled")
_MUST_SET_PIN = QT_TRANSLATE_NOOP("PeopleModel", "Must set a PIN")
_ACTIVE = QT_TRANSLATE_NOOP("PeopleModel", "Active")


class PeopleModel(RecordTableModel[OperatorInfo]):
    """Name, role and whether the person may sign in."""

    CONTEXT = "PeopleModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("PeopleModel", "Name"),
        QT_TRANSLATE_NOOP("PeopleModel", "Role"),
        QT_TRANSLATE_NOOP("PeopleModel", "Status"),
    )

    def cells(self, record: OperatorInfo) -> tuple[str, ...]:
        """One person's row."""
        if not record.active:
            status = _DISABLED
        elif record.pin_must_change:
            status = _MUST_SET_PIN
        else:
            status = _ACTIVE
        role = _ROLE_NAMES[record.role]
        return (
            record.name,
            QCoreApplication.translate(self.CONTEXT, role),
            QCoreApplication.translate(self.CONTEXT, status),
        )


class PeoplePage(PageFrame):
    """The operators listed, the last backup's age above them. No logic."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "peoplePage",
            self.tr("People:"),
            self.tr("↑↓ choose a person, then F4 or F5"),
            PEOPLE_KEYS,
            parent,
        )
        self.backup_label = QLabel(self)
        self.backup_label.setObjectName("pageSummary")
        self.backup_label.setWordWrap(True)
        self.body.addWidget(self.backup_label)
        self.people_table = list_table(self, "peopleTable")
        self.body.addWidget(self.people_table, 1)

    def size_columns(self) -> None:
        """The name takes the spare width."""
        stretch_column(self.people_table, 0)
