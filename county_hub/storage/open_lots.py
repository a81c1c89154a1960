"""Consigned lots waiting for the hub's settlement: shipped, not (fully) settled yet.

One page is one SQL statement over `lots` (index `lots_open`) joined to each lot's
`lot.received` event by its key, picking single JSON fields; the farmers' names come
from their `villager.added` events in a second statement bounded by the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from county_hub.storage.database import HubDatabase
from county_hub.storage.lots import PARTIALLY_SETTLED, SHIPPED
from village_protocol.events import VILLAGER_ADDED

OPEN_STATES = (SHIPPED, PARTIALLY_SETTLED)


@dataclass(frozen=True)
class OpenLot:
    """One line of the consignment page."""

    station_id: str
    station_name: str
    lot_code: str
    state: str
    product: str | None
    grade: str | None
    farmer: str | None
    net_g: int
    settled_g: int
    received_at: str | None
    shipped_at: str | None

    @property
    def left_g(self) -> int:
        """Grams not settled yet."""
        return self.net_g - self.settled_g


class OpenLots:
    """Reading the lots that wait for a settlement."""

    def __init__(self, db: HubDatabase) -> None:
        self._db = db

    def page(
        self, limit: int = 50, offset: int = 0, station_id: str | None = None
    ) -> tuple[list[OpenLot], int]:
        """Open lots, the longest shipped first, and how many there are in all."""
        json_text = self._db.engine.json_text
        where = f"l.state IN ({','.join('?' * len(OPEN_STATES))})"
        params: list[Any] = list(OPEN_STATES)
        if station_id:
            where += " AND l.station_id = ?"
            params.append(station_id)
        with self._db.read() as conn:
            rows = self._db.run(
                conn,
                "SELECT l.station_id, s.name, l.lot_code, l.state, "
                f"{json_text('e.payload', 'product')}, {json_text('e.payload', 'grade')}, "
                f"{json_text('e.payload', 'villager_id')}, coalesce(l.net_g, 0), l.settled_g, "
                "e.created_at, l.shipped_at FROM lots l JOIN stations s ON s.id = l.station_id "
                "LEFT JOIN events e ON e.station_id = l.station_id "
                f"AND e.event_id = l.received_event_id WHERE {where} "
                "ORDER BY (l.shipped_at IS NULL), l.shipped_at, l.station_id, l.lot_code "
                "LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
            total = self._db.run(
                conn, f"SELECT count(*) FROM lots l WHERE {where}", params
            ).fetchone()[0]
            farmers = self._farmers(conn, {(r[0], r[6]) for r in rows if r[6]})
        lots = [
            OpenLot(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                farmers.get((r[0], r[6])),
                int(r[7]),
                int(r[8]),
                r[9],
                r[10],
            )
            for r in rows
        ]
        return lots, int(total)

    def _farmers(self, conn: Any, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Names of (station, villager id) from the villagers' `villager.added` events."""
        if not wanted:
            return {}
        json_text = self._db.engine.json_text
        stations = sorted({station for station, _ in wanted})
        ids = sorted({villager for _, villager in wanted})
        rows = self._db.run(
            conn,
            f"SELECT station_id, {json_text('payload', 'villager_id')}, "
            f"{json_text('payload', 'name')} FROM events WHERE kind = ? "
            f"AND station_id IN ({','.join('?' * len(stations))}) "
            f"AND {json_text('payload', 'villager_id')} IN ({','.join('?' * len(ids))}) "
            "ORDER BY id",
            [VILLAGER_ADDED, *stations, *ids],
        ).fetchall()
        return {(r[0], r[1]): r[2] for r in rows if (r[0], r[1]) in wanted}
