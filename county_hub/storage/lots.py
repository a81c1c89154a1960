"""Consigned lots as the hub knows them, one row per (station, lot code), kept current.

A row is written in the transaction that stores the station's event or the hub's
settlement that moves it: `lot.received` claims the code (the first lot keeps it),
`shipment.sent` ships every lot it lists, `lot.spoiled` / `lot.returned` write it off,
and each settlement adds its figures. The states are the station's own words.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from county_hub.storage.database import HubDatabase
from village_protocol.events import LOT_RECEIVED, LOT_RETURNED, LOT_SPOILED, SHIPMENT_SENT

# A code the hub heard of from a shipment or a write-off, but whose lot.received it has
# not stored (yet): a station sends a refused intake again once the hub accepts it.
UNRECEIVED = "unreceived"
RECEIVED = "received"
SHIPPED = "shipped"
PARTIALLY_SETTLED = "partially_settled"
SETTLED = "settled"
REJECTED = "rejected"
WRITTEN_OFF = ("spoiled", "returned")
# A settlement's outcome and the state it leaves the lot in, as on the station.
STATE_AFTER = {"sold": SETTLED, "partial": PARTIALLY_SETTLED, "rejected": REJECTED}
CLOSING_OUTCOMES = ("sold", "rejected")
LOT_EVENT_KINDS = (LOT_RECEIVED, SHIPMENT_SENT, LOT_SPOILED, LOT_RETURNED)
_BACKFILL_PAGE = 500
_COLUMNS = (
    "station_id, lot_code, lot_id, state, net_g, shipped_at, settlements, settled_g, "
    "sale_fen, hub_fees_fen, commission_fen, due_to_farmer_fen, closed_by"
)


@dataclass(frozen=True)
class Lot:
    """One lot of a station: its state, weight and what the hub settled of it."""

    station_id: str
    lot_code: str
    lot_id: str | None  # None while `unreceived`
    state: str
    net_g: int
    shipped_at: str | None
    settlements: int
    settled_g: int
    sale_fen: int
    hub_fees_fen: int
    commission_fen: int
    due_to_farmer_fen: int
    closed_by: str | None  # the settlement (sold or rejected) that closed the lot

    @property
    def left_g(self) -> int:
        """Grams not settled yet."""
        return self.net_g - self.settled_g


def _lot(row: Any) -> Lot:
    return Lot(
        row[0],
        row[1],
        row[2],
        row[3],
        int(row[4] or 0),
        row[5],
        int(row[6]),
        int(row[7]),
        int(row[8]),
        int(row[9]),
        int(row[10]),
        int(row[11]),
        row[12],
    )


def read_lot(db: HubDatabase, conn: Any, station_id: str, lot_code: str) -> Lot | None:
    """The lot with this code, read on `conn` (inside the caller's transaction, if any)."""
    row = db.run(
        conn,
        f"SELECT {_COLUMNS} FROM lots WHERE station_id = ? AND lot_code = ?",
        [station_id, lot_code],
    ).fetchone()
    return _lot(row) if row else None


def claim_lot_code(
    db: HubDatabase, conn: Any, station_id: str, event_id: str, payload: dict[str, Any]
) -> bool:
    """Give a new `lot.received` its code; False if another lot of the station holds it.

    ON CONFLICT waits for a concurrent claim of the same code to commit, so of two
    uploads at once exactly one lot gets the code.
    """
    net_g = payload.get("net_g")
    lot_id = payload.get("lot_id")
    db.run(
        conn,
        "INSERT INTO lots(station_id, lot_code, received_event_id, lot_id, net_g, state) "
        "VALUES (?,?,?,?,?,?) ON CONFLICT (station_id, lot_code) DO UPDATE SET "
        "received_event_id = excluded.received_event_id, lot_id = excluded.lot_id, "
        "net_g = excluded.net_g, state = CASE WHEN lots.written_off IS NOT NULL "
        f"THEN lots.written_off WHEN lots.shipped_at IS NOT NULL THEN '{SHIPPED}' "
        f"ELSE '{RECEIVED}' END WHERE lots.received_event_id IS NULL",
        [
            station_id,
            payload["lot_code"],
            event_id,
            lot_id if isinstance(lot_id, str) else None,
            net_g if isinstance(net_g, int) and not isinstance(net_g, bool) else None,
            RECEIVED,
        ],
    )
    holder = db.run(
        conn,
        "SELECT received_event_id FROM lots WHERE station_id = ? AND lot_code = ?",
        [station_id, payload["lot_code"]],
    ).fetchone()
    return bool(holder[0] == event_id)


def record_lot_event(
    db: HubDatabase, conn: Any, station_id: str, kind: str, created_at: str, payload: dict[str, Any]
) -> None:
    """Move the lots a newly stored `shipment.sent`, `lot.spoiled` or `lot.returned` names.

    The first shipment and the first write-off of a code count; a code not received yet
    gets a row that its `lot.received` completes.
    """
    if kind == SHIPMENT_SENT:
        shipped_at = payload.get("shipped_at")
        if not isinstance(shipped_at, str):
            shipped_at = created_at
        codes = {
            entry["lot_code"]
            for entry in payload.get("lots", [])
            if isinstance(entry, dict) and isinstance(entry.get("lot_code"), str)
        }
        for code in sorted(codes):
            db.run(
                conn,
                "INSERT INTO lots(station_id, lot_code, shipped_at, state) VALUES (?,?,?,?) "
                "ON CONFLICT (station_id, lot_code) DO UPDATE SET "
                "shipped_at = coalesce(lots.shipped_at, excluded.shipped_at), "
                f"state = CASE WHEN lots.state = '{RECEIVED}' THEN '{SHIPPED}' "
                "ELSE lots.state END",
                [station_id, code, shipped_at, UNRECEIVED],
            )
    elif kind in (LOT_SPOILED, LOT_RETURNED) and isinstance(payload.get("lot_code"), str):
        db.run(
            conn,
            "INSERT INTO lots(station_id, lot_code, written_off, state) VALUES (?,?,?,?) "
            "ON CONFLICT (station_id, lot_code) DO UPDATE SET "
            "written_off = coalesce(lots.written_off, excluded.written_off), "
            f"state = CASE WHEN lots.state = '{UNRECEIVED}' OR lots.written_off IS NOT NULL "
            "THEN lots.state ELSE excluded.written_off END",
            [station_id, payload["lot_code"], kind.removeprefix("lot."), UNRECEIVED],
        )


def add_settlement_to_lot(
    db: HubDatabase,
    conn: Any,
    station_id: str,
    lot_code: str,
    settlement_id: str,
    outcome: str,
    figures: tuple[int, ...],
) -> None:
    """Add a settlement's (sold_g, sale_fen, hub_fees_fen, commission_fen, due_to_farmer_fen).

    A written-off lot keeps its state: the station's write-off is the last word.
    """
    db.run(
        conn,
        "UPDATE lots SET settlements = settlements + 1, settled_g = settled_g + ?, "
        "sale_fen = sale_fen + ?, hub_fees_fen = hub_fees_fen + ?, "
        "commission_fen = commission_fen + ?, due_to_farmer_fen = due_to_farmer_fen + ?, "
        "closed_by = coalesce(closed_by, ?), "
        "state = CASE WHEN written_off IS NULL THEN ? ELSE state END "
        "WHERE station_id = ? AND lot_code = ?",
        [
            *figures,
            settlement_id if outcome in CLOSING_OUTCOMES else None,
            STATE_AFTER[outcome],
            station_id,
            lot_code,
        ],
    )


class LotStore:
    """Reading the `lots` table (it is written with the events and settlements)."""

    def __init__(self, db: HubDatabase) -> None:
        self._db = db

    def get(self, station_id: str, lot_code: str) -> Lot | None:
        """The lot with this code at this station, if the hub heard of it."""
        with self._db.read() as conn:
            return read_lot(self._db, conn, station_id, lot_code)


def backfill_lots(db: HubDatabase, conn: Any) -> None:
    """Rebuild every lot from the stored events, then the stored settlements, in order.

    The earliest `lot.received` of a code holds it, as the `lot_codes` table had it.
    """
    marks = ",".join("?" * len(LOT_EVENT_KINDS))
    after = 0
    while rows := db.run(
        conn,
        "SELECT id, station_id, event_id, kind, created_at, payload "
        f"FROM events WHERE id > ? AND kind IN ({marks}) "
        "ORDER BY id LIMIT ?",
        [after, *LOT_EVENT_KINDS, _BACKFILL_PAGE],
    ).fetchall():
        for _, station_id, event_id, kind, created_at, text in rows:
            payload = json.loads(text)
            if not isinstance(payload, dict):
                continue
            if kind == LOT_RECEIVED:
                if isinstance(payload.get("lot_code"), str):
                    claim_lot_code(db, conn, station_id, event_id, payload)
            else:
                record_lot_event(db, conn, station_id, kind, created_at, payload)
        after = int(rows[-1][0])
    for row in db.run(
        conn,
        "SELECT station_id, lot_code, id, outcome, sold_g, sale_fen, "
        "hub_fees_fen, commission_fen, due_to_farmer_fen "
        "FROM lot_settlements ORDER BY cursor",
    ).fetchall():
        add_settlement_to_lot(
            db, conn, row[0], row[1], row[2], row[3], tuple(int(value) for value in row[4:9])
        )
