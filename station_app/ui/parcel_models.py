"""The Qt model of the pickup page: parcels waiting (overdue ones marked) or just found."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from station_app.core.clock import Clock, parse_iso
from station_app.core.money import format_fen
from station_app.core.parcels import Parcel
from station_app.printing.masking import mask_phone

_Index = QModelIndex | QPersistentModelIndex
_CONTEXT = "ParcelModel"  # literal at each translate() too, for lupdate
# Same warm red as error messages: a parcel that waited too long needs a phone call.
OVERDUE_BACKGROUND = QColor("#ffe3e0")
OVERDUE_TEXT = QColor("#b3140b")
PICKED_UP_TEXT = QColor("#8a8178")


@dataclass(frozen=True)
class ParcelRow:
    """A parcel as the pickup page lists it.

    `due_fen` is what the villager still owes on the agency order it belongs to.
    """

    parcel: Parcel
    overdue: bool = False
    due_fen: int = 0


class ParcelColumn(IntEnum):
    """The parcel table's columns, in display order."""

    CODE = 0
    CARRIER = 1
    TRACKING = 2
    RECIPIENT = 3
    PHONE = 4
    ARRIVED = 5
    STATE = 6
    DUE = 7


_HEADERS = (
    QT_TRANSLATE_NOOP("ParcelModel", "Pickup code"),
    QT_TRANSLATE_NOOP("ParcelModel", "Carrier"),
    QT_TRANSLATE_NOOP("ParcelModel", "Tracking no."),
    QT_TRANSLATE_NOOP("ParcelModel", "Recipient"),
    QT_TRANSLATE_NOOP("ParcelModel", "Mobile"),
    QT_TRANSLATE_NOOP("ParcelModel", "Arrived"),
    QT_TRANSLATE_NOOP("ParcelModel", "State"),
    QT_TRANSLATE_NOOP("ParcelModel", "To collect"),
)


class ParcelModel(QAbstractTableModel):
    """Parcels with their pickup code, who they are for, how long they have waited."""

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._rows: tuple[ParcelRow, ...] = ()

    def set_rows(self, rows: list[ParcelRow]) -> None:
        """Show a fresh list."""
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def row_at(self, row: int) -> ParcelRow:
        """The parcel shown in `row`."""
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of parcels shown."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Code, carrier, tracking no., recipient, mobile, arrived, state, to collect."""
        return 0 if parent.isValid() else len(ParcelColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(_HEADERS)):
            return QCoreApplication.translate(_CONTEXT, _HEADERS[section])
        return None

    def _local(self, stamp: str) -> str:
        return f"{self._clock.local(parse_iso(stamp)):%m-%d %H:%M}"

    def state_text(self, row: ParcelRow) -> str:
        """`Days waiting: 3`, `Overdue! Days waiting: 9`, or when and by whom it was picked up."""
        parcel = row.parcel
        if parcel.picked_up_at:
            return QCoreApplication.translate("ParcelModel", "Picked up {0} ({1})").format(
                self._local(parcel.picked_up_at), parcel.picked_up_by or "")
        days = (self._clock.today()
                - self._clock.local(parse_iso(parcel.arrived_at)).date()).days
        if row.overdue:
            return QCoreApplication.translate("ParcelModel",
                                              "Overdue! Days waiting: {0}").format(days)
        return QCoreApplication.translate("ParcelModel", "Days waiting: {0}").format(days)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text; overdue parcels on red, picked-up ones greyed."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        parcel = row.parcel
        if role == Qt.ItemDataRole.DisplayRole:
            values = (parcel.pickup_code, parcel.carrier, parcel.tracking_no,
                      parcel.recipient_name, mask_phone(parcel.recipient_phone),
                      self._local(parcel.arrived_at), self.state_text(row),
                      format_fen(row.due_fen) if row.due_fen else "")
            return values[column] if 0 <= column < len(values) else None
        if role == Qt.ItemDataRole.BackgroundRole and row.overdue and not parcel.picked_up_at:
            return QBrush(OVERDUE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if parcel.picked_up_at:
                return QBrush(PICKED_UP_TEXT)
            if row.overdue:
                return QBrush(OVERDUE_TEXT)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            aligned = (Qt.AlignmentFlag.AlignRight if column == ParcelColumn.DUE
                       else Qt.AlignmentFlag.AlignLeft)
            return int((aligned | Qt.AlignmentFlag.AlignVCenter).value)
        return None
