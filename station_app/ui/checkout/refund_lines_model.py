"""The Qt table model of a receipt's lines in the refund dialog, with the quantity to return."""

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

from station_app.core.money import format_fen
from station_app.core.refunds import RefundableLine
from station_app.ui.checkout.cart_model import format_weight_g

_Index = QModelIndex | QPersistentModelIndex
_NUMERIC = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class RefundColumn(IntEnum):
    """The refund table's columns."""

    ITEM = 0
    SOLD = 1
    LEFT = 2
    RETURN = 3
    AMOUNT_LEFT = 4


def _header(column: RefundColumn) -> str:
    titles = {
        RefundColumn.ITEM: QCoreApplication.translate("RefundLinesModel", "Item"),
        RefundColumn.SOLD: QCoreApplication.translate("RefundLinesModel", "Sold"),
        RefundColumn.LEFT: QCoreApplication.translate("RefundLinesModel", "Returnable"),
        RefundColumn.RETURN: QCoreApplication.translate("RefundLinesModel", "Return now"),
        RefundColumn.AMOUNT_LEFT: QCoreApplication.translate(
            "RefundLinesModel", "Refundable amount"
        ),
    }
    return titles[column]


class RefundLinesModel(QAbstractTableModel):
    """Rows are the receipt's lines; only the "return now" quantity can be edited.

    Weighed lines go back whole (quantity 1), as core refunds them.
    """

    def __init__(self, lines: list[RefundableLine], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines = tuple(lines)
        self._chosen = [0] * len(self._lines)

    def chosen_quantities(self) -> dict[str, int]:
        """Sale line id -> quantity to return, for lines with a quantity chosen."""
        return {row.line.id: qty for row, qty in zip(self._lines, self._chosen, strict=True) if qty}

    def choose_all(self) -> None:
        """Return everything still returnable."""
        self._chosen = [row.quantity_left for row in self._lines]
        self._changed_column(RefundColumn.RETURN)

    def chosen_amount_fen(self) -> int:
        """What will be refunded: each line's share as core computes it when storing."""
        return sum(
            row.share_fen(qty)
            for row, qty in zip(self._lines, self._chosen, strict=True)
            if qty and row.quantity_left
        )

    def _changed_column(self, column: int) -> None:
        if self._lines:
            self.dataChanged.emit(self.index(0, column), self.index(len(self._lines) - 1, column))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of receipt lines."""
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of columns."""
        return 0 if parent.isValid() else len(RefundColumn)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Only a returnable line's "return now" cell is editable."""
        flags = super().flags(index)
        if (
            index.isValid()
            and index.column() == RefundColumn.RETURN
            and self._lines[index.row()].quantity_left > 0
        ):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text; the edit role of "return now" is the quantity as an int."""
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        row = self._lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.EditRole and column == RefundColumn.RETURN:
            return self._chosen[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and column != RefundColumn.ITEM:
            return int(_NUMERIC.value)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == RefundColumn.ITEM:
            return row.line.name
        if column == RefundColumn.SOLD:
            if row.line.weight_g is not None:
                return format_weight_g(row.line.weight_g)
            return f"{row.line.quantity} {row.line.unit}"
        if column == RefundColumn.LEFT:
            return str(row.quantity_left)
        if column == RefundColumn.RETURN:
            return str(self._chosen[index.row()])
        return format_fen(row.amount_left_fen)

    def setData(  # noqa: N802 - Qt API
        self,
        index: _Index,
        value: Any,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        """Set the quantity to return; refuses anything outside 0..returnable."""
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or index.column() != RefundColumn.RETURN
        ):
            return False
        try:
            quantity = int(value)
        except (TypeError, ValueError):
            return False
        if not 0 <= quantity <= self._lines[index.row()].quantity_left:
            return False
        self._chosen[index.row()] = quantity
        self.dataChanged.emit(index, index)
        return True

    def headerData(  # noqa: N802 - Qt API
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        """Column titles, and line numbers down the side."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _header(RefundColumn(section)) if 0 <= section < len(RefundColumn) else None
        return str(section + 1)
