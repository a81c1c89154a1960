"""The Qt list model of parked carts (挂单) offered for resuming."""

from __future__ import annotations

from PySide6.QtCore import QObject

from station_app.core.clock import Clock, parse_iso
from station_app.core.holds import HeldCart
from station_app.ui.common.record_table_model import RecordListModel


class HeldCartModel(RecordListModel[HeldCart]):
    """Held carts, oldest first, each shown with the local time it was parked."""

    def __init__(self, held: list[HeldCart], clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(held, parent)
        self._clock = clock

    def held_cart(self, row: int) -> HeldCart:
        """The held cart in `row`."""
        return self.record(row)

    def text(self, held: HeldCart) -> str:
        """`14:05   可口可乐 等3项 ¥12.00`."""
        local = self._clock.local(parse_iso(held.held_at))
        return f"{local:%H:%M}    {held.label}"
