"""The Qt table model of the cart: one row per `CartLine`, money formatted by core."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QCoreApplication

from station_app.core.cart import CartLine
from station_app.core.money import WeightUnit, format_fen, format_weight, price_per_jin_fen
from station_app.ui.common.record_table_model import RecordTableModel
from station_app.ui.common.translation import QT_TRANSLATE_NOOP


class CartColumn(IntEnum):
    """The cart table's columns, in display order."""

    ITEM = 0
    QUANTITY = 1
    UNIT_PRICE = 2
    DISCOUNT = 3
    AMOUNT = 4


_HEADERS = (
    QT_TRANSLATE_NOOP("CartModel", "Item"),
    QT_TRANSLATE_NOOP("CartModel", "Qty / Weight"),
    QT_TRANSLATE_NOOP("CartModel", "Unit price"),
    QT_TRANSLATE_NOOP("CartModel", "Discount"),
    QT_TRANSLATE_NOOP("CartModel", "Amount"),
)


def format_weight_g(weight_g: int) -> str:
    """`1250` -> `1.250 kg`: scales and villagers read weights in kilograms."""
    return QCoreApplication.translate("CartModel", "{0} kg").format(
        format_weight(weight_g, suffix=False)
    )


def format_weight_kg_jin(weight_g: int) -> str:
    """`1000` -> `1.000 kg (2 jin)`: what a typed weight came to, in both units people use."""
    return QCoreApplication.translate("CartModel", "{0} kg ({1} jin)").format(
        format_weight(weight_g, suffix=False), format_weight(weight_g, WeightUnit.JIN, suffix=False)
    )


def format_unit_price(line: CartLine) -> str:
    """Price per unit; weighed lines show per kg and per 斤, as customers compare."""
    if not line.is_weighed:
        return format_fen(line.unit_price_fen)
    return QCoreApplication.translate("CartModel", "{0}/kg ({1}/jin)").format(
        format_fen(line.unit_price_fen), format_fen(price_per_jin_fen(line.unit_price_fen))
    )


class CartModel(RecordTableModel[CartLine]):
    """Read-only rows of the cart being rung up; the controller replaces them after each change."""

    CONTEXT = "CartModel"
    HEADERS = _HEADERS
    NUMERIC = frozenset(CartColumn) - {CartColumn.ITEM}
    ROW_NUMBERS = True

    def set_lines(self, lines: list[CartLine] | tuple[CartLine, ...]) -> None:
        """Show these lines (a snapshot: the model never changes the cart)."""
        self.set_records(lines)

    def line(self, row: int) -> CartLine:
        """The line shown in `row`."""
        return self.record(row)

    def cells(self, line: CartLine) -> tuple[str, ...]:
        """Item, quantity or weight, unit price, discount (blank when none), amount."""
        quantity = (
            format_weight_g(line.weight_g)
            if line.weight_g is not None
            else f"{line.quantity} {line.unit}"
        )
        discount = format_fen(-line.discount_fen) if line.discount_fen else ""
        return (line.name, quantity, format_unit_price(line), discount, format_fen(line.total_fen))

    def tooltip(self, line: CartLine, column: int) -> str | None:
        """The line's barcode or PLU, if it has one."""
        return line.code or None
