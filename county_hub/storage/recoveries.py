"""Recoveries: a station that downloaded its own events to rebuild a lost counter PC.

The rebuilt PC cannot have the old audit chain (its rows never leave the station), so it
starts a new one. The hub keeps each recovery here and lets exactly one new chain start
replace that terminal's confirmed head; the replaced head stays in the row, for county
staff (`python -m county_hub anchors`).
"""

from __future__ import annotations

from dataclasses import dataclass

from county_hub.storage.anchors import AnchorHead
from county_hub.storage.database import HubDatabase

_COLUMNS = (
    "id, station_id, terminal_id, events, up_to_seq, old_seq, old_hash, recovered_at, "
    "used_at, new_seq, new_hash"
)


@dataclass(frozen=True)
class Recovery:
    """One recovery; `used_at` is null until the new chain's first anchor was accepted."""

    id: int
    station_id: str
    terminal_id: str
    events: int
    up_to_seq: int
    old_seq: int | None
    old_hash: str | None
    recovered_at: str
    used_at: str | None
    new_seq: int | None
    new_hash: str | None


class _Lost(Exception):
    """The head or the recovery moved under us: roll back, nothing was written."""


def _recovery(row: tuple[object, ...]) -> Recovery:
    return Recovery(*row)  # type: ignore[arg-type]


class RecoveryStore:
    """The `recoveries` table, and the one chain restart each recovery allows."""

    def __init__(self, db: HubDatabase) -> None:
        self._db = db

    def record(
        self,
        station_id: str,
        terminal_id: str,
        events: int,
        up_to_seq: int,
        old_head: AnchorHead | None,
        now: str,
    ) -> Recovery:
        """Keep a recovery; an earlier unused one of the terminal is replaced by it."""
        with self._db.write() as conn:
            self._db.run(
                conn,
                "DELETE FROM recoveries WHERE station_id = ? AND terminal_id = ? "
                "AND used_at IS NULL",
                [station_id, terminal_id],
            )
            self._db.run(
                conn,
                "INSERT INTO recoveries(station_id, terminal_id, events, up_to_seq, old_seq, "
                "old_hash, recovered_at) VALUES (?,?,?,?,?,?,?)",
                [
                    station_id,
                    terminal_id,
                    events,
                    up_to_seq,
                    old_head.seq if old_head else None,
                    old_head.hash if old_head else None,
                    now,
                ],
            )
            row = self._db.run(
                conn,
                f"SELECT {_COLUMNS} FROM recoveries WHERE station_id = ? AND terminal_id = ? "
                "AND used_at IS NULL",
                [station_id, terminal_id],
            ).fetchone()
        return _recovery(tuple(row))

    def pending(self, station_id: str, terminal_id: str) -> Recovery | None:
        """The terminal's recovery whose new chain start is still allowed, if any."""
        with self._db.read() as conn:
            row = self._db.run(
                conn,
                f"SELECT {_COLUMNS} FROM recoveries WHERE station_id = ? AND terminal_id = ? "
                "AND used_at IS NULL",
                [station_id, terminal_id],
            ).fetchone()
        return _recovery(tuple(row)) if row else None

    def all(self, station_id: str | None = None) -> list[Recovery]:
        """Every recovery, oldest first."""
        where, params = ("WHERE station_id = ?", [station_id]) if station_id else ("", [])
        with self._db.read() as conn:
            rows = self._db.run(
                conn, f"SELECT {_COLUMNS} FROM recoveries {where} ORDER BY id", params
            ).fetchall()
        return [_recovery(tuple(r)) for r in rows]

    def restart_chain(
        self, recovery: Recovery, expected: AnchorHead | None, new: AnchorHead
    ) -> bool:
        """Replace the terminal's head `expected` by the new chain's `new`, using `recovery`.

        One transaction: the head moves (to any seq: the new chain is shorter), the new
        head is logged in `anchors`, and the recovery is marked used. False, with nothing
        written, when the head or the recovery changed meanwhile.
        """
        try:
            with self._db.write() as conn:
                if expected is None:
                    moved = self._db.run(
                        conn,
                        "INSERT INTO anchor_heads(station_id, terminal_id, seq, hash, "
                        "confirmed_at) VALUES (?,?,?,?,?) "
                        "ON CONFLICT (station_id, terminal_id) DO NOTHING",
                        [new.station_id, new.terminal_id, new.seq, new.hash, new.confirmed_at],
                    ).rowcount
                else:
                    moved = self._db.run(
                        conn,
                        "UPDATE anchor_heads SET seq = ?, hash = ?, confirmed_at = ? "
                        "WHERE station_id = ? AND terminal_id = ? AND seq = ? AND hash = ?",
                        [
                            new.seq,
                            new.hash,
                            new.confirmed_at,
                            new.station_id,
                            new.terminal_id,
                            expected.seq,
                            expected.hash,
                        ],
                    ).rowcount
                if moved != 1:
                    raise _Lost
                used = self._db.run(
                    conn,
                    "UPDATE recoveries SET used_at = ?, new_seq = ?, new_hash = ? "
                    "WHERE id = ? AND used_at IS NULL",
                    [new.confirmed_at, new.seq, new.hash, recovery.id],
                ).rowcount
                if used != 1:
                    raise _Lost
                self._db.run(
                    conn,
                    "INSERT INTO anchors(station_id, terminal_id, seq, hash, confirmed_at) "
                    "VALUES (?,?,?,?,?)",
                    [new.station_id, new.terminal_id, new.seq, new.hash, new.confirmed_at],
                )
        except _Lost:
            return False
        return True
