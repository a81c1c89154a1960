"""Settlements of consigned lots, each stored with its `lot.settled` change and its lot."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from county_hub.storage.change_feed import insert_change
from county_hub.storage.console_audit import AuditNote, write_note
from county_hub.storage.database import HubDatabase
from county_hub.storage.lots import Lot, add_settlement_to_lot, read_lot
from county_hub.storage.stations import StationStore
from village_protocol.changes import LOT_SETTLED

_COLUMNS = (
    "id, lot_code, outcome, sold_g, sale_fen, hub_fees_fen, commission_fen, "
    "due_to_farmer_fen, reason, settled_at"
)


@dataclass(frozen=True)
class Settlement:
    """A settlement of (part of) a lot, as its `lot.settled` change tells the station."""

    settlement_id: str
    lot_code: str
    outcome: str
    sold_g: int
    sale_fen: int
    hub_fees_fen: int
    commission_fen: int
    due_to_farmer_fen: int
    reason: str
    settled_at: str

    def as_change_data(self) -> dict[str, Any]:
        """The `data` of the `lot.settled` change."""
        return asdict(self)


class SettlementStore:
    """The `lot_settlements` table."""

    def __init__(self, db: HubDatabase, stations: StationStore) -> None:
        self._db = db
        self._stations = stations

    def of_lot(self, station_id: str, lot_code: str) -> list[Settlement]:
        """What the hub published for one lot of a station, oldest first."""
        with self._db.read() as conn:
            rows = self._db.run(
                conn,
                f"SELECT {_COLUMNS} FROM lot_settlements WHERE station_id = ? "
                "AND lot_code = ? ORDER BY cursor",
                [station_id, lot_code],
            ).fetchall()
        return [
            Settlement(
                r[0], r[1], r[2], int(r[3]), int(r[4]), int(r[5]), int(r[6]), int(r[7]), r[8], r[9]
            )
            for r in rows
        ]

    def add(
        self,
        station_id: str,
        lot_code: str,
        decide: Callable[[Lot | None], Settlement],
        now: str,
        audit: AuditNote | None = None,
    ) -> tuple[Settlement, int]:
        """Record a lot's next settlement and queue its `lot.settled` change for the station.

        `decide` gets the lot as it stands (None: the hub never heard of it) and returns
        the new settlement, or raises to refuse it. It runs inside the writing
        transaction, under the feed lock, so two settlements of one lot made at the same
        time cannot both pass the same check. Returns the settlement and its change's
        cursor. `audit` is written in the same transaction.

        Raises:
            StoreError: `station_id` names no station.
        """
        self._stations.require(station_id)
        with self._db.write() as conn:
            self._db.engine.lock_feed(conn)
            settlement = decide(read_lot(self._db, conn, station_id, lot_code))
            cursor = insert_change(
                self._db, conn, station_id, LOT_SETTLED, settlement.as_change_data(), now
            )
            self._db.run(
                conn,
                f"INSERT INTO lot_settlements({_COLUMNS}, station_id, cursor) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    settlement.settlement_id,
                    settlement.lot_code,
                    settlement.outcome,
                    settlement.sold_g,
                    settlement.sale_fen,
                    settlement.hub_fees_fen,
                    settlement.commission_fen,
                    settlement.due_to_farmer_fen,
                    settlement.reason,
                    settlement.settled_at,
                    station_id,
                    cursor,
                ],
            )
            add_settlement_to_lot(
                self._db,
                conn,
                station_id,
                settlement.lot_code,
                settlement.settlement_id,
                settlement.outcome,
                (
                    settlement.sold_g,
                    settlement.sale_fen,
                    settlement.hub_fees_fen,
                    settlement.commission_fen,
                    settlement.due_to_farmer_fen,
                ),
            )
            write_note(self._db, conn, now, audit)
        return settlement, cursor
