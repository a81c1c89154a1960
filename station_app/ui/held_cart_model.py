"""The Qt list model of parked carts (挂单) offered for resuming."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from station_app.core.clock import Clock, parse_iso
from station_app.core.holds import HeldCart

_Index = QModelIndex | QPersistentModelIndex


class HeldCartModel(QAbstractListModel):
    """Held carts, oldest first, each shown with the local time it was parked."""

    def __init__(self, held: list[HeldCart], clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._held = tuple(held)
        self._clock = clock

    def held_cart(self, row: int) -> HeldCart:
        """The held cart in `row`."""
        return self._held[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of held carts."""
        return 0 if parent.isValid() else len(self._held)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """`14:05   可口可乐 等3项 ¥12.00`."""
        if not index.isValid() or not 0 <= index.row() < len(self._held):
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        held = self._held[index.row()]
        local = self._clock.local(parse_iso(held.held_at))
        return f"{local:%H:%M}    {held.label}"
