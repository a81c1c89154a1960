"""Qt models of the villagers page: the register with balances, and one villager's ledger."""

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
from station_app.core.credit import LedgerEntry
from station_app.core.money import format_fen
from station_app.core.payments import PaymentMethod
from station_app.core.villagers import Villager
from station_app.printing.masking import mask_phone
from station_app.ui.payment_dialog import method_label

_Index = QModelIndex | QPersistentModelIndex
_NUMERIC = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_TEXT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
# Owing more than the limit is the one thing the keeper must not miss in the register.
OVER_LIMIT_COLOUR = QColor("#b3140b")


@dataclass(frozen=True)
class VillagerRow:
    """A villager with what they owe now (negative: the station owes them)."""

    villager: Villager
    balance_fen: int

    @property
    def over_limit(self) -> bool:
        """True when the balance is above the villager's credit limit."""
        return self.balance_fen > self.villager.credit_limit_fen


def _translate(text: str) -> str:
    return QCoreApplication.translate("VillagerModels", text)


class VillagerColumn(IntEnum):
    """The register's columns, in display order."""

    NAME = 0
    PHONE = 1
    GROUP = 2
    BALANCE = 3
    LIMIT = 4


_VILLAGER_HEADERS = (
    QT_TRANSLATE_NOOP("VillagerModels", "Name"),
    QT_TRANSLATE_NOOP("VillagerModels", "Mobile"),
    QT_TRANSLATE_NOOP("VillagerModels", "Village group"),
    QT_TRANSLATE_NOOP("VillagerModels", "Owes"),
    QT_TRANSLATE_NOOP("VillagerModels", "Credit limit"),
)


def _header(titles: tuple[str, ...], section: int, orientation: Qt.Orientation,
            role: int) -> Any:
    if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(titles)):
        return _translate(titles[section])
    return None


class VillagerListModel(QAbstractTableModel):
    """Villagers found or listed, each with balance and limit; phones masked.

    The counter screen faces the queue too, so the register shows 138****1234; the
    villager's own account dialog shows the whole number.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[VillagerRow, ...] = ()

    def set_rows(self, rows: list[VillagerRow]) -> None:
        """Show a fresh list."""
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def row_at(self, row: int) -> VillagerRow:
        """The villager shown in `row`."""
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of villagers shown."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Name, mobile, group, owes, limit."""
        return 0 if parent.isValid() else len(VillagerColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        return _header(_VILLAGER_HEADERS, section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, alignment, and red for a balance over the limit."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            villager = row.villager
            values = (villager.name, mask_phone(villager.phone or ""), villager.village_group,
                      format_fen(row.balance_fen), format_fen(villager.credit_limit_fen))
            return values[column] if 0 <= column < len(values) else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _NUMERIC if column >= VillagerColumn.BALANCE else _TEXT
        if (role == Qt.ItemDataRole.ForegroundRole and row.over_limit
                and column == VillagerColumn.BALANCE):
            return QBrush(OVER_LIMIT_COLOUR)
        return None


_LEDGER_KINDS = {
    "sale": QT_TRANSLATE_NOOP("VillagerModels", "Bought on account"),
    "agency": QT_TRANSLATE_NOOP("VillagerModels", "Agency order on account"),
    "repayment": QT_TRANSLATE_NOOP("VillagerModels", "Repayment"),
    "refund": QT_TRANSLATE_NOOP("VillagerModels", "Refund to the account"),
}
_LEDGER_HEADERS = (
    QT_TRANSLATE_NOOP("VillagerModels", "Time"),
    QT_TRANSLATE_NOOP("VillagerModels", "Entry"),
    QT_TRANSLATE_NOOP("VillagerModels", "Receipt / order"),
    QT_TRANSLATE_NOOP("VillagerModels", "Amount"),
    QT_TRANSLATE_NOOP("VillagerModels", "Balance"),
)


class LedgerColumn(IntEnum):
    """The statement's columns, in display order."""

    TIME = 0
    ENTRY = 1
    REFERENCE = 2
    AMOUNT = 3
    BALANCE = 4


def ledger_entry_text(entry: LedgerEntry) -> str:
    """`Repayment (Cash)`: the kind of entry in words, with the method of a repayment."""
    kind = _translate(_LEDGER_KINDS[entry.kind]) if entry.kind in _LEDGER_KINDS else entry.kind
    if entry.method and entry.method in {m.value for m in PaymentMethod}:
        return f"{kind} ({method_label(PaymentMethod(entry.method))})"
    return kind


class LedgerModel(QAbstractTableModel):
    """A villager's statement, oldest first, with the running balance after each entry."""

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._entries: tuple[LedgerEntry, ...] = ()

    def set_entries(self, entries: list[LedgerEntry]) -> None:
        """Show a fresh statement."""
        self.beginResetModel()
        self._entries = tuple(entries)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of entries."""
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Time, entry, reference, amount, balance."""
        return 0 if parent.isValid() else len(LedgerColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        return _header(_LEDGER_HEADERS, section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text and alignment."""
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry, column = self._entries[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (f"{self._clock.local(parse_iso(entry.at)):%Y-%m-%d %H:%M}",
                      ledger_entry_text(entry), entry.ref_no, format_fen(entry.amount_fen),
                      format_fen(entry.balance_fen))
            return values[column] if 0 <= column < len(values) else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _NUMERIC if column >= LedgerColumn.AMOUNT else _TEXT
        return None
