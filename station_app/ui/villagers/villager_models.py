"""Qt models of the villagers page: the register with balances, and one villager's ledger."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from station_app.core.clock import Clock, parse_iso
from station_app.core.credit import LedgerEntry
from station_app.core.money import format_fen
from station_app.core.payments import PaymentMethod
from station_app.core.villagers import Villager
from station_app.printing.masking import mask_phone
from station_app.ui.checkout.payment_dialog import method_label
from station_app.ui.common.record_table_model import RecordTableModel
from station_app.ui.common.translation import QT_TRANSLATE_NOOP

_CONTEXT = "VillagerModels"  # literal at each QT_TRANSLATE_NOOP too, for lupdate
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
    return QCoreApplication.translate(_CONTEXT, text)


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


class VillagerListModel(RecordTableModel[VillagerRow]):
    """Villagers found or listed, each with balance and limit; phones masked.

    The counter screen faces the queue too, so the register shows 138****1234; the
    villager's own account dialog shows the whole number.
    """

    CONTEXT = _CONTEXT
    HEADERS = _VILLAGER_HEADERS
    NUMERIC = frozenset({VillagerColumn.BALANCE, VillagerColumn.LIMIT})

    def cells(self, row: VillagerRow) -> tuple[str, ...]:
        """Name, masked mobile, group, owes, limit."""
        villager = row.villager
        return (
            villager.name,
            mask_phone(villager.phone or ""),
            villager.village_group,
            format_fen(row.balance_fen),
            format_fen(villager.credit_limit_fen),
        )

    def decoration(self, row: VillagerRow, column: int, role: int) -> Any:
        """Red for a balance over the limit."""
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and row.over_limit
            and column == VillagerColumn.BALANCE
        ):
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


class LedgerModel(RecordTableModel[LedgerEntry]):
    """A villager's statement, oldest first, with the running balance after each entry."""

    CONTEXT = _CONTEXT
    HEADERS = _LEDGER_HEADERS
    NUMERIC = frozenset({LedgerColumn.AMOUNT, LedgerColumn.BALANCE})

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock

    def set_entries(self, entries: list[LedgerEntry]) -> None:
        """Show a fresh statement."""
        self.set_records(entries)

    def cells(self, entry: LedgerEntry) -> tuple[str, ...]:
        """Local time, entry in words, receipt or order no., amount, balance after."""
        return (
            f"{self._clock.local(parse_iso(entry.at)):%Y-%m-%d %H:%M}",
            ledger_entry_text(entry),
            entry.ref_no,
            format_fen(entry.amount_fen),
            format_fen(entry.balance_fen),
        )
