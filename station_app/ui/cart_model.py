"""The Qt table model of the cart: one row per `CartLine`, money formatted by core."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from station_app.core.cart import CartLine
from station_app.core.money import GRAMS_PER_KG, format_fen, price_per_jin_fen

_Index = QModelIndex | QPersistentModelIndex
_NUMERIC = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_TEXT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class CartColumn(IntEnum):
    """The cart table's columns, in display order."""

    ITEM = 0
    QUANTITY = 1
    UNIT_PRICE = 2
    DISCOUNT = 3
    AMOUNT = 4


def _header(column: CartColumn) -> str:
    titles = {
        CartColumn.ITEM: QCoreApplication.translate("CartModel", "Item"),
        CartColumn.QUANTITY: QCoreApplication.translate("CartModel", "Qty / Weight"),
        CartColumn.UNIT_PRICE: QCoreApplication.translate("CartModel", "Unit price"),
        CartColumn.DISCOUNT: QCoreApplication.translate("CartModel", "Discount"),
        CartColumn.AMOUNT: QCoreApplication.translate("CartModel", "Amount"),
    }
    return titles[column]


def format_weight_g(weight_g: int) -> str:
    """`1250` -> `1.250 kg`: scales and villagers read weights in kilograms."""
    kilos, grams = divmod(weight_g, GRAMS_PER_KG)
    return QCoreApplication.translate("CartModel", "{0} kg").format(f"{kilos}.{grams:03d}")


def format_unit_price(line: CartLine) -> str:
    """Price per unit; weighed lines show per kg and per 斤, as customers compare."""
    if not line.is_weighed:
        return format_fen(line.unit_price_fen)
    return QCoreApplication.translate("CartModel", "{0}/kg ({1}/jin)").format(
        format_fen(line.unit_price_fen), format_fen(price_per_jin_fen(line.unit_price_fen)))


def _cell(line: CartLine, column: int) -> str:
    if column == CartColumn.ITEM:
        return line.name
    if column == CartColumn.QUANTITY:
        if line.weight_g is not None:
            return format_weight_g(line.weight_g)
        return f"{line.quantity} {line.unit}"
    if column == CartColumn.UNIT_PRICE:
        return format_unit_price(line)
    if column == CartColumn.DISCOUNT:
        return format_fen(-line.discount_fen) if line.discount_fen else ""
    return format_fen(line.total_fen)


class CartModel(QAbstractTableModel):
    """Read-only rows of the cart being rung up; the controller replaces them after each change."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: tuple[CartLine, ...] = ()

    def set_lines(self, lines: list[CartLine] | tuple[CartLine, ...]) -> None:
        """Show these lines (a snapshot: the model never changes the cart)."""
        self.beginResetModel()
        self._lines = tuple(lines)
        self.endResetModel()

    def line(self, row: int) -> CartLine:
        """The line shown in `row`."""
        return self._lines[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of lines (a table has no children)."""
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of columns."""
        return 0 if parent.isValid() else len(CartColumn)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Formatted text, alignment and tooltips of a cell."""
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(line, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            aligned = _TEXT if index.column() == CartColumn.ITEM else _NUMERIC
            return int(aligned.value)
        if role == Qt.ItemDataRole.ToolTipRole and line.code:
            return line.code
        return None

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        """Column titles across the top, line numbers down the side."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _header(CartColumn(section)) if 0 <= section < len(CartColumn) else None
        return str(section + 1)
