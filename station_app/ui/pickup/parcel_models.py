"""The Qt model of the pickup page: parcels waiting (overdue ones marked) or just found."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from station_app.core.clock import Clock, parse_iso
from station_app.core.money import format_fen
from station_app.core.parcels import Parcel
from station_app.printing.masking import mask_phone
from station_app.ui.common.record_table_model import RecordTableModel
from station_app.ui.common.translation import QT_TRANSLATE_NOOP

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


class ParcelModel(RecordTableModel[ParcelRow]):
    """Parcels with their pickup code, who they are for, how long they have waited."""

    CONTEXT = _CONTEXT
    HEADERS = _HEADERS
    NUMERIC = frozenset({ParcelColumn.DUE})

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock

    def _local(self, stamp: str) -> str:
        return f"{self._clock.local(parse_iso(stamp)):%m-%d %H:%M}"

    def state_text(self, row: ParcelRow) -> str:
        """`Days waiting: 3`, `Overdue! Days waiting: 9`, or when and by whom it was picked up."""
        parcel = row.parcel
        if parcel.picked_up_at:
            return QCoreApplication.translate("ParcelModel", "Picked up {0} ({1})").format(
                self._local(parcel.picked_up_at), parcel.picked_up_by or ""
            )
        days = (self._clock.today() - self._clock.local(parse_iso(parcel.arrived_at)).date()).days
        if row.overdue:
            return QCoreApplication.translate("ParcelModel", "Overdue! Days waiting: {0}").format(
                days
            )
        return QCoreApplication.translate("ParcelModel", "Days waiting: {0}").format(days)

    def cells(self, row: ParcelRow) -> tuple[str, ...]:
        """Code, carrier, tracking no., recipient, masked mobile, arrived, state, to collect."""
        parcel = row.parcel
        return (
            parcel.pickup_code,
            parcel.carrier,
            parcel.tracking_no,
            parcel.recipient_name,
            mask_phone(parcel.recipient_phone),
            self._local(parcel.arrived_at),
            self.state_text(row),
            format_fen(row.due_fen) if row.due_fen else "",
        )

    def decoration(self, row: ParcelRow, column: int, role: int) -> Any:
        """Overdue parcels on red, picked-up ones greyed."""
        if row.parcel.picked_up_at:
            return QBrush(PICKED_UP_TEXT) if role == Qt.ItemDataRole.ForegroundRole else None
        if not row.overdue:
            return None
        return QBrush(
            OVERDUE_BACKGROUND if role == Qt.ItemDataRole.BackgroundRole else OVERDUE_TEXT
        )
