"""Qt models of the 代销 page: the lots board, farmers owed, settlements, a lot's trace."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush

from station_app.core.clock import Clock, parse_iso
from station_app.core.consignment import Lot, Settlement, TraceStep
from station_app.core.money import format_fen
from station_app.core.payments import PaymentMethod
from station_app.core.statuses import LotStatus, PayoutStatus, status_name
from station_app.printing.masking import mask_phone
from station_app.ui.checkout.cart_model import format_weight_g
from station_app.ui.checkout.payment_dialog import method_label
from station_app.ui.common.record_table_model import Index, RecordTableModel
from station_app.ui.common.translation import QT_TRANSLATE_NOOP, ui_language
from station_app.ui.pickup.parcel_models import OVERDUE_BACKGROUND, OVERDUE_TEXT

_CONTEXT = "ConsignmentModels"
CHECK_MARK = "✔"

# Grades are stored in Chinese (the hub's words); English screens name them in English.
GRADE_LABELS = {
    "特级": QT_TRANSLATE_NOOP("ConsignmentModels", "Premium"),
    "一级": QT_TRANSLATE_NOOP("ConsignmentModels", "Grade 1"),
    "二级": QT_TRANSLATE_NOOP("ConsignmentModels", "Grade 2"),
    "等外": QT_TRANSLATE_NOOP("ConsignmentModels", "Off-grade"),
}
OUTCOME_LABELS = {
    "sold": QT_TRANSLATE_NOOP("ConsignmentModels", "Sold"),
    "partial": QT_TRANSLATE_NOOP("ConsignmentModels", "Partly sold"),
    "rejected": QT_TRANSLATE_NOOP("ConsignmentModels", "Rejected"),
}


def _translate(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def status_label(status: LotStatus | PayoutStatus | str) -> str:
    """A lot's state (or a trace's payout step) in the language the screen shows."""
    known = PayoutStatus(status) if status == PayoutStatus.PAID_OUT else LotStatus(status)
    return status_name(known, ui_language())


def grade_label(grade: str) -> str:
    """A grade in the UI language."""
    return _translate(GRADE_LABELS[grade]) if grade in GRADE_LABELS else grade


def outcome_label(outcome: str) -> str:
    """What the hub did with (part of) a lot."""
    return _translate(OUTCOME_LABELS[outcome]) if outcome in OUTCOME_LABELS else outcome


class LotModel(RecordTableModel[Lot]):
    """The lots board: code (its middle part is the day in), farmer, produce, net, state.

    A lot still at the station past its best-before is red: it cannot be shipped and
    waits for the keeper to record it spoiled or returned.
    """

    CONTEXT = _CONTEXT
    HEADERS = (
        QT_TRANSLATE_NOOP("ConsignmentModels", "Lot code"),
        QT_TRANSLATE_NOOP("ConsignmentModels", "Farmer"),
        QT_TRANSLATE_NOOP("ConsignmentModels", "Product"),
        QT_TRANSLATE_NOOP("ConsignmentModels", "Crates"),
        QT_TRANSLATE_NOOP("ConsignmentModels", "Net"),
        QT_TRANSLATE_NOOP("ConsignmentModels", "Best before"),
        QT_TRANSLATE_NOOP("ConsignmentModels", "Status"),
    )
    NUMERIC = frozenset({3, 4})
    PRODUCT_COLUMN = 2

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock

    def lot(self, row: int) -> Lot:
        """The lot shown in `row`."""
        return self.record(row)

    def expired(self, lot: Lot) -> bool:
        """Still at the station and past its best-before date."""
        return lot.status is LotStatus.RECEIVED and lot.is_expired(self._clock.today())

    def cells(self, lot: Lot) -> tuple[str, ...]:
        """Code, farmer, product and grade, crates, net kg, best-before, state."""
        state = status_label(lot.status)
        if self.expired(lot):
            state = _translate(QT_TRANSLATE_NOOP("ConsignmentModels", "Expired! F7"))
        return (
            lot.lot_code,
            lot.farmer_name,
            f"{lot.product} {grade_label(lot.grade)}",
            str(lot.crates),
            format_weight_g(lot.net_g),
            lot.best_before,
            state,
        )

    def decoration(self, lot: Lot, column: int, role: int) -> Any:
        """Expired lots in the same warm red as overdue parcels."""
        if not self.expired(lot):
            return None
        return QBrush(
            OVERDUE_BACKGROUND if role == Qt.ItemDataRole.BackgroundRole else OVERDUE_TEXT
        )


class ShipmentLotModel(LotModel):
    """Lots waiting at the station, with a tick on those chosen for the shipment."""

    HEADERS = (QT_TRANSLATE_NOOP("ConsignmentModels", "Ship"), *LotModel.HEADERS[:-1])
    NUMERIC = frozenset({4, 5})
    PRODUCT_COLUMN = 3

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(clock, parent)
        self._chosen: set[str] = set()

    def set_records(self, records: Iterable[Lot]) -> None:
        """Show a fresh list; nothing chosen."""
        self._chosen = set()
        super().set_records(records)

    @property
    def chosen(self) -> list[Lot]:
        """The lots ticked, in the order shown."""
        return [lot for lot in self._records if lot.id in self._chosen]

    def toggle(self, row: int) -> None:
        """Tick or untick the lot in `row`."""
        if not 0 <= row < len(self._records):
            return
        self._chosen ^= {self.lot(row).id}
        self.dataChanged.emit(self.index(row, 0), self.index(row, 0))

    def choose_all_fresh(self) -> int:
        """Tick every lot not past its best-before (and only those); returns the count."""
        self._chosen = {lot.id for lot in self._records if not self.expired(lot)}
        if self._records:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._records) - 1, 0))
        return len(self._chosen)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """As the board, with the tick centred in its column."""
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignCenter.value)
        return super().data(index, role)

    def cells(self, lot: Lot) -> tuple[str, ...]:
        """A tick, then the board's columns but the state (all are at the station)."""
        tick = CHECK_MARK if lot.id in self._chosen else ""
        board = super().cells(lot)
        return (tick, *board[:-1])


@dataclass(frozen=True)
class FarmerOwed:
    """A farmer the station owes money from the hub's settlements."""

    villager_id: str
    name: str
    phone: str
    settlements: int
    owed_fen: int


class FarmerBalanceModel(RecordTableModel[FarmerOwed]):
    """Farmers owed money, most owed first: name, mobile (masked), settlements, amount."""

    CONTEXT = _CONTEXT
    HEADERS = (
        QT_TRANSLATE_NOOP("ConsignmentModels", "Farmer"),
        QT_TRANSLATE_NOOP("ConsignmentModels", "Mobile"),
        QT_TRANSLATE_NOOP("ConsignmentModels", "Settlements unpaid"),
        QT_TRANSLATE_NOOP("ConsignmentModels", "Owed to the farmer"),
    )
    NUMERIC = frozenset({2, 3})

    def cells(self, farmer: FarmerOwed) -> tuple[str, ...]:
        """Name, masked mobile, count, amount."""
        return (
            farmer.name,
            mask_phone(farmer.phone),
            str(farmer.settlements),
            format_fen(farmer.owed_fen),
        )


@dataclass(frozen=True)
class SettlementRow:
    """A settlement not yet paid out, with the lot it is for."""

    settlement: Settlement
    lot: Lot


class SettlementModel(RecordTableModel[SettlementRow]):
    """One farmer's unpaid settlements: what sold, for how much, what is deducted, what is due."""

    CONTEXT = _CONTEXT
    HEADERS = (
        QT_TRANSLATE_NOOP("ConsignmentModels", "Lot code"),
        QT_TRANSLATE_NOOP("ConsignmentModels", "Product"),
        QT_TRANSLATE_NOOP("ConsignmentModels", "Outcome"),
        QT_TRANSLATE_NOOP("ConsignmentModels", "Sold"),
        QT_TRANSLATE_NOOP("ConsignmentModels", "Sale"),
        QT_TRANSLATE_NOOP("ConsignmentModels", "Hub fees"),
        QT_TRANSLATE_NOOP("ConsignmentModels", "Commission"),
        QT_TRANSLATE_NOOP("ConsignmentModels", "Due"),
    )
    NUMERIC = frozenset({3, 4, 5, 6, 7})

    def cells(self, row: SettlementRow) -> tuple[str, ...]:
        """Lot, product and grade, outcome, sold kg, sale, fees, commission, due."""
        settlement = row.settlement
        return (
            row.lot.lot_code,
            f"{row.lot.product} {grade_label(row.lot.grade)}",
            outcome_label(settlement.outcome),
            format_weight_g(settlement.sold_g),
            format_fen(settlement.sale_fen),
            format_fen(settlement.hub_fees_fen),
            format_fen(settlement.commission_fen),
            format_fen(settlement.due_to_farmer_fen),
        )


def trace_detail_text(step: TraceStep) -> str:
    """What a step recorded, in words: who brought what, manifest, money, reason."""
    detail = step.detail
    method = str(detail.get("method", ""))
    known = (
        ("farmer", QT_TRANSLATE_NOOP("ConsignmentModels", "brought by {0}"), str),
        ("net_g", QT_TRANSLATE_NOOP("ConsignmentModels", "net {0}"), format_weight_g),
        ("harvest_date", QT_TRANSLATE_NOOP("ConsignmentModels", "harvested {0}"), str),
        ("manifest_no", QT_TRANSLATE_NOOP("ConsignmentModels", "manifest {0}"), str),
        ("sold_g", QT_TRANSLATE_NOOP("ConsignmentModels", "sold {0}"), format_weight_g),
        ("sale_fen", QT_TRANSLATE_NOOP("ConsignmentModels", "for {0}"), format_fen),
        ("hub_fees_fen", QT_TRANSLATE_NOOP("ConsignmentModels", "hub fees {0}"), format_fen),
        ("commission_fen", QT_TRANSLATE_NOOP("ConsignmentModels", "commission {0}"), format_fen),
        (
            "due_to_farmer_fen",
            QT_TRANSLATE_NOOP("ConsignmentModels", "due to the farmer {0}"),
            format_fen,
        ),
        ("amount_fen", QT_TRANSLATE_NOOP("ConsignmentModels", "paid {0}"), format_fen),
        ("reason", QT_TRANSLATE_NOOP("ConsignmentModels", "reason: {0}"), str),
    )
    parts = [
        _translate(text).format(shown(detail[key])) for key, text, shown in known if detail.get(key)
    ]
    if detail.get("product"):
        parts.insert(1, f"{detail['product']} {grade_label(str(detail.get('grade', '')))}")
    if method in {m.value for m in PaymentMethod}:
        parts.append(method_label(PaymentMethod(method)))
    return "，".join(parts)  # as the agency order history reads


class TraceModel(RecordTableModel[TraceStep]):
    """A lot's life from its code, oldest first: when, what, who, details."""

    CONTEXT = _CONTEXT
    HEADERS = (
        QT_TRANSLATE_NOOP("ConsignmentModels", "Time"),
        QT_TRANSLATE_NOOP("ConsignmentModels", "Step"),
        QT_TRANSLATE_NOOP("ConsignmentModels", "By"),
        QT_TRANSLATE_NOOP("ConsignmentModels", "Details"),
    )
    DETAILS_COLUMN = 3

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock

    def cells(self, step: TraceStep) -> tuple[str, ...]:
        """Local time, the step's name, the operator (or the hub), the details."""
        # Core names the hub's own steps in Chinese; the operator's name is a name.
        who = (
            _translate(QT_TRANSLATE_NOOP("ConsignmentModels", "County hub"))
            if step.who == "县级中心"
            else step.who
        )
        return (
            f"{self._clock.local(parse_iso(step.at)):%Y-%m-%d %H:%M}",
            status_label(step.status) if step.status else step.what,
            who,
            trace_detail_text(step),
        )
