"""Qt models of the report page's tables: top products, credit ageing, the period's shifts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from station_app.core.clock import parse_iso
from station_app.core.credit_ageing import VillagerAgeing
from station_app.core.money import format_fen, format_weight
from station_app.core.period_report import ShiftLine
from station_app.core.sales_breakdown import ProductFigures
from station_app.ui.common.record_table_model import RecordTableModel
from station_app.ui.common.translation import QT_TRANSLATE_NOOP

_CONTEXT = "ReportModels"
SHORT_TEXT = QColor("#b3140b")  # a drawer short of cash, as the Z report's bold line
NO_VALUE = "—"


def _translate(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def sold_text(product: ProductFigures) -> str:
    """What was sold: units of counted goods, kilograms of weighed ones."""
    return format_weight(product.weight_g) if product.is_weighed else str(product.quantity)


Ranked = tuple[int, ProductFigures]


def ranked(products: Sequence[ProductFigures]) -> list[Ranked]:
    """A top list with each product's place, from 1."""
    return list(enumerate(products, start=1))


class ProductModel(RecordTableModel[Ranked]):
    """One of the top-20 lists (records from `ranked`): rank, product, sold, amount.

    Refunds per product are in the export: on screen, two lists side by side at 1024 px
    need the width for the names.
    """

    CONTEXT = _CONTEXT
    HEADERS = (
        QT_TRANSLATE_NOOP("ReportModels", "No."),
        QT_TRANSLATE_NOOP("ReportModels", "Product"),
        QT_TRANSLATE_NOOP("ReportModels", "Sold"),
        QT_TRANSLATE_NOOP("ReportModels", "Amount"),
    )
    NUMERIC = frozenset({0, 2, 3})
    PRODUCT_COLUMN = 1

    def cells(self, record: Ranked) -> tuple[str, ...]:
        """Rank, name, units or kg sold, amount."""
        rank, product = record
        return (str(rank), product.name, sold_text(product), format_fen(product.amount_fen))


class AgeingModel(RecordTableModel[VillagerAgeing]):
    """Each villager who owes: the total and how old the unpaid credit is."""

    CONTEXT = _CONTEXT
    HEADERS = (
        QT_TRANSLATE_NOOP("ReportModels", "Villager"),
        QT_TRANSLATE_NOOP("ReportModels", "Owed"),
        QT_TRANSLATE_NOOP("ReportModels", "0–30 days"),
        QT_TRANSLATE_NOOP("ReportModels", "31–60 days"),
        QT_TRANSLATE_NOOP("ReportModels", "61–90 days"),
        QT_TRANSLATE_NOOP("ReportModels", "Over 90 days"),
        QT_TRANSLATE_NOOP("ReportModels", "Oldest unpaid"),
    )
    NUMERIC = frozenset({1, 2, 3, 4, 5})
    NAME_COLUMN = 0

    def cells(self, record: VillagerAgeing) -> tuple[str, ...]:
        """Name, owed, the four buckets (empty when nothing), the oldest unpaid day."""
        buckets = (
            record.days_0_30_fen,
            record.days_31_60_fen,
            record.days_61_90_fen,
            record.days_over_90_fen,
        )
        return (
            record.name,
            format_fen(record.owed_fen),
            *(format_fen(fen) if fen else "" for fen in buckets),
            record.oldest_unpaid,
        )

    def decoration(self, record: VillagerAgeing, column: int, role: int) -> Any:
        """Credit over 90 days old in red: the one to chase first."""
        if column == 5 and record.days_over_90_fen and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(SHORT_TEXT)
        return None


class ShiftModel(RecordTableModel[ShiftLine]):
    """The period's shifts: who opened and closed them, the drawer, over/short."""

    CONTEXT = _CONTEXT
    HEADERS = (
        QT_TRANSLATE_NOOP("ReportModels", "Till"),
        QT_TRANSLATE_NOOP("ReportModels", "Opened"),
        QT_TRANSLATE_NOOP("ReportModels", "Closed"),
        QT_TRANSLATE_NOOP("ReportModels", "Float"),
        QT_TRANSLATE_NOOP("ReportModels", "Expected"),
        QT_TRANSLATE_NOOP("ReportModels", "Counted"),
        QT_TRANSLATE_NOOP("ReportModels", "Over/short"),
    )
    NUMERIC = frozenset({3, 4, 5, 6})
    OPENED_COLUMN = 1

    def __init__(self, tz_offset_min: int = 480) -> None:
        """Times shown at the station's offset."""
        super().__init__()
        self.tz_offset_min = tz_offset_min

    def _local(self, stamp: str | None) -> str:
        if stamp is None:
            return ""
        moment = parse_iso(stamp) + timedelta(minutes=self.tz_offset_min)
        return f"{moment:%m-%d %H:%M}"

    def cells(self, record: ShiftLine) -> tuple[str, ...]:
        """Till, opened (time, by), closed (time, by, or "open"), float, cash, over/short."""
        closed = (
            f"{self._local(record.closed_at)} {record.closed_by or ''}".rstrip()
            if record.closed_at
            else _translate(QT_TRANSLATE_NOOP("ReportModels", "still open"))
        )
        return (
            record.terminal_id,
            f"{self._local(record.opened_at)} {record.opened_by}",
            closed,
            format_fen(record.float_fen),
            format_fen(record.expected_cash_fen),
            NO_VALUE if record.counted_cash_fen is None else format_fen(record.counted_cash_fen),
            NO_VALUE if record.over_short_fen is None else format_fen(record.over_short_fen),
        )

    def decoration(self, record: ShiftLine, column: int, role: int) -> Any:
        """A short drawer in red."""
        if (
            column == 6
            and (record.over_short_fen or 0) < 0
            and role == Qt.ItemDataRole.ForegroundRole
        ):
            return QBrush(SHORT_TEXT)
        return None
