"""Qt models of the 库存 page: stock on hand, a delivery's lines, a stocktake's counts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from station_app.core.money import format_fen, format_weight
from station_app.core.stock import CountItem, ReceiveLine, StockRow
from station_app.ui.common.record_table_model import RecordTableModel
from station_app.ui.common.translation import QT_TRANSLATE_NOOP
from station_app.ui.pickup.parcel_models import OVERDUE_BACKGROUND, OVERDUE_TEXT

_CONTEXT = "StockModels"
# Expiring soon: a warm yellow, so the red of the expired still stands out beside it.
SOON_BACKGROUND = QColor("#fff3c4")
SOON_TEXT = QColor("#7a5200")
NO_VALUE = "—"


def _translate(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def format_quantity(quantity: int, is_weighed: bool) -> str:
    """Units as a number; grams of weighed goods as kilograms (`12500` -> `12.500`)."""
    return format_weight(quantity, suffix=False) if is_weighed else str(quantity)


def unit_label(unit: str, is_weighed: bool) -> str:
    """The unit stock is counted in: the product's own, or kg for weighed goods."""
    return "kg" if is_weighed else unit


def _cost(fen: int | None) -> str:
    return NO_VALUE if fen is None else format_fen(fen)


def _brush(background: QColor, text: QColor, role: int) -> QBrush:
    return QBrush(background if role == Qt.ItemDataRole.BackgroundRole else text)


class StockModel(RecordTableModel[StockRow]):
    """Every product's stock: negative shown as negative, expired batches red, soon yellow.

    A row is red while a batch on the shelf is past its expiry, yellow while one expires
    within the station's warning days; a product below its reorder level shows its
    stock in red.
    """

    CONTEXT = _CONTEXT
    HEADERS = (
        QT_TRANSLATE_NOOP("StockModels", "Barcode"),
        QT_TRANSLATE_NOOP("StockModels", "Product"),
        QT_TRANSLATE_NOOP("StockModels", "Stock"),
        QT_TRANSLATE_NOOP("StockModels", "Unit"),
        QT_TRANSLATE_NOOP("StockModels", "Reorder at"),
        QT_TRANSLATE_NOOP("StockModels", "Avg cost"),
        QT_TRANSLATE_NOOP("StockModels", "Value at cost"),
        QT_TRANSLATE_NOOP("StockModels", "Nearest expiry"),
    )
    NUMERIC = frozenset({2, 4, 5, 6})
    PRODUCT_COLUMN = 1
    STOCK_COLUMN = 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._today = date.min
        self._soon = date.min

    def set_days(self, today: date, soon: date) -> None:
        """The day the colours are judged by, and the last day that counts as soon."""
        self._today, self._soon = today, soon

    def row_of(self, product_id: str) -> int:
        """The row listing a product, or -1."""
        return next((n for n, row in enumerate(self._records) if row.product_id == product_id), -1)

    def expired(self, row: StockRow) -> bool:
        """A batch on the shelf is past its expiry date."""
        return row.nearest_expiry is not None and row.nearest_expiry < self._today.isoformat()

    def expiring(self, row: StockRow) -> bool:
        """A batch on the shelf expires within the warning days (or has expired)."""
        return row.expires_by(self._soon)

    def cells(self, row: StockRow) -> tuple[str, ...]:
        """Barcode, name, stock, unit, reorder level, average cost, value, nearest expiry."""
        expiry = row.nearest_expiry or ""
        if self.expired(row):
            expiry = _translate(QT_TRANSLATE_NOOP("StockModels", "{0} expired")).format(expiry)
        return (
            row.barcode or "",
            row.name,
            format_quantity(row.stock, row.is_weighed),
            unit_label(row.unit, row.is_weighed),
            format_quantity(row.reorder_level, row.is_weighed) if row.reorder_level else "",
            _cost(row.cost_fen),
            format_fen(row.value_cost_fen) if row.cost_fen is not None else NO_VALUE,
            expiry,
        )

    def decoration(self, row: StockRow, column: int, role: int) -> Any:
        """Expired rows red, expiring rows yellow; low stock red in its own cell."""
        if self.expired(row):
            return _brush(OVERDUE_BACKGROUND, OVERDUE_TEXT, role)
        if self.expiring(row):
            return _brush(SOON_BACKGROUND, SOON_TEXT, role)
        if column == self.STOCK_COLUMN and row.is_low and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(OVERDUE_TEXT)
        return None

    def tooltip(self, row: StockRow, column: int) -> str | None:
        """Why a row is coloured."""
        if self.expired(row):
            return _translate(
                QT_TRANSLATE_NOOP("StockModels", "Expired goods: write them off (F4)")
            )
        if self.expiring(row):
            return _translate(QT_TRANSLATE_NOOP("StockModels", "Expires soon"))
        if row.is_low:
            return _translate(QT_TRANSLATE_NOOP("StockModels", "At or below the reorder level"))
        return None


@dataclass(frozen=True)
class DraftLine:
    """A delivery line typed but not yet stored, with what the screen shows of its product."""

    line: ReceiveLine
    name: str
    unit: str
    is_weighed: bool
    price_fen: int

    @property
    def at_or_below_cost(self) -> bool:
        """The product sells for no more than this delivery cost."""
        return self.price_fen <= self.line.cost_fen

    @property
    def total_fen(self) -> int:
        """What the line cost: quantity times cost (per kg of grams, rounded half up)."""
        if self.is_weighed:
            return (self.line.quantity * self.line.cost_fen + 500) // 1000
        return self.line.quantity * self.line.cost_fen


class ReceiveLineModel(RecordTableModel[DraftLine]):
    """A delivery's lines as typed; a line whose sale price is not above its cost is red."""

    CONTEXT = _CONTEXT
    HEADERS = (
        QT_TRANSLATE_NOOP("StockModels", "Product"),
        QT_TRANSLATE_NOOP("StockModels", "Quantity"),
        QT_TRANSLATE_NOOP("StockModels", "Unit"),
        QT_TRANSLATE_NOOP("StockModels", "Cost"),
        QT_TRANSLATE_NOOP("StockModels", "Line total"),
        QT_TRANSLATE_NOOP("StockModels", "Sale price"),
        QT_TRANSLATE_NOOP("StockModels", "Expiry"),
    )
    NUMERIC = frozenset({1, 3, 4, 5})
    ROW_NUMBERS = True
    PRODUCT_COLUMN = 0

    @property
    def lines(self) -> list[DraftLine]:
        """Every line, in the order typed."""
        return list(self._records)

    def cells(self, draft: DraftLine) -> tuple[str, ...]:
        """Name, quantity, unit, cost, line total, sale price, expiry."""
        expiry = draft.line.expiry_date()
        price = format_fen(draft.price_fen)
        if draft.at_or_below_cost:
            price = _translate(QT_TRANSLATE_NOOP("StockModels", "{0} ≤ cost!")).format(price)
        return (
            draft.name,
            format_quantity(draft.line.quantity, draft.is_weighed),
            unit_label(draft.unit, draft.is_weighed),
            format_fen(draft.line.cost_fen),
            format_fen(draft.total_fen),
            price,
            expiry.isoformat() if expiry else "",
        )

    def decoration(self, draft: DraftLine, column: int, role: int) -> Any:
        """Sold at or below cost: red, so the keeper sees it before storing."""
        return _brush(OVERDUE_BACKGROUND, OVERDUE_TEXT, role) if draft.at_or_below_cost else None


@dataclass(frozen=True)
class CountRow:
    """A product of the stocktake and what was counted of it (None: not counted yet)."""

    item: CountItem
    counted: int | None = None


class CountModel(RecordTableModel[CountRow]):
    """A stocktake sheet: expected, counted, the difference and its value at cost."""

    CONTEXT = _CONTEXT
    HEADERS = (
        QT_TRANSLATE_NOOP("StockModels", "Barcode"),
        QT_TRANSLATE_NOOP("StockModels", "Product"),
        QT_TRANSLATE_NOOP("StockModels", "Unit"),
        QT_TRANSLATE_NOOP("StockModels", "Expected"),
        QT_TRANSLATE_NOOP("StockModels", "Counted"),
        QT_TRANSLATE_NOOP("StockModels", "Difference"),
        QT_TRANSLATE_NOOP("StockModels", "Value"),
    )
    NUMERIC = frozenset({3, 4, 5, 6})
    PRODUCT_COLUMN = 1

    def row_of(self, product_id: str) -> int:
        """The row of a product on the sheet, or -1."""
        return next(
            (n for n, row in enumerate(self._records) if row.item.product_id == product_id), -1
        )

    def set_count(self, row: int, counted: int) -> None:
        """Record the count of the product in `row`, repainting that row only."""
        records = list(self._records)
        records[row] = replace(records[row], counted=counted)
        self._records = tuple(records)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    @property
    def counts(self) -> dict[str, int]:
        """What was counted, by product id (products not counted are left out)."""
        return {r.item.product_id: r.counted for r in self._records if r.counted is not None}

    @property
    def counted_rows(self) -> list[CountRow]:
        """The rows counted so far."""
        return [r for r in self._records if r.counted is not None]

    def cells(self, row: CountRow) -> tuple[str, ...]:
        """Barcode, name, unit, expected; counted, difference and value once counted."""
        item = row.item
        shown = (
            item.barcode or "",
            item.name,
            unit_label(item.unit, item.is_weighed),
            format_quantity(item.expected, item.is_weighed),
        )
        if row.counted is None:
            return (*shown, NO_VALUE, "", "")
        delta = item.difference(row.counted)
        sign = "+" if delta > 0 else ""
        return (
            *shown,
            format_quantity(row.counted, item.is_weighed),
            sign + format_quantity(delta, item.is_weighed),
            # No delivery has given it a cost yet: its difference has no value to show.
            NO_VALUE
            if item.cost_fen is None
            else format_fen(item.difference_value_fen(row.counted)),
        )

    def decoration(self, row: CountRow, column: int, role: int) -> Any:
        """A counted row that differs from what was expected is yellow."""
        if row.counted is None or row.counted == row.item.expected:
            return None
        return _brush(SOON_BACKGROUND, SOON_TEXT, role)
