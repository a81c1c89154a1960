"""Audit-chain anchors: each terminal's confirmed head, every head confirmed, refusals."""

from __future__ import annotations

from dataclasses import dataclass

from county_hub.storage.database import HubDatabase


@dataclass(frozen=True)
class AnchorHead:
    """The audit-chain head the hub last confirmed for one terminal of a station."""

    station_id: str
    terminal_id: str
    seq: int
    hash: str
    confirmed_at: str


@dataclass(frozen=True)
class AnchorRefusal:
    """An anchor the hub refused, and why."""

    station_id: str
    terminal_id: str
    seq: int
    hash: str
    reason: str
    refused_at: str


class AnchorStore:
    """The `anchor_heads`, `anchors` and `anchor_refusals` tables."""

    def __init__(self, db: HubDatabase) -> None:
        self._db = db

    def head(self, station_id: str, terminal_id: str) -> AnchorHead | None:
        """The head last confirmed for this terminal of the station, if any."""
        with self._db.read() as conn:
            row = self._db.run(
                conn,
                "SELECT station_id, terminal_id, seq, hash, confirmed_at "
                "FROM anchor_heads WHERE station_id = ? AND "
                "terminal_id = ?",
                [station_id, terminal_id],
            ).fetchone()
        return AnchorHead(row[0], row[1], int(row[2]), row[3], row[4]) if row else None

    def heads(self, station_id: str | None = None) -> list[AnchorHead]:
        """Every terminal's last confirmed head, by station and terminal."""
        where, params = ("WHERE station_id = ?", [station_id]) if station_id else ("", [])
        with self._db.read() as conn:
            rows = self._db.run(
                conn,
                "SELECT station_id, terminal_id, seq, hash, confirmed_at "
                f"FROM anchor_heads {where} "
                "ORDER BY station_id, terminal_id",
                params,
            ).fetchall()
        return [AnchorHead(r[0], r[1], int(r[2]), r[3], r[4]) for r in rows]

    def advance(self, expected: AnchorHead | None, new: AnchorHead) -> bool:
        """Move a terminal's head from `expected` (None: it has none) to `new`, and log it.

        A compare-and-set: False, with nothing written, when the head is no longer
        `expected` (another request moved it first).
        """
        with self._db.write() as conn:
            if expected is None:
                moved = self._db.run(
                    conn,
                    "INSERT INTO anchor_heads(station_id, terminal_id, seq, hash, confirmed_at) "
                    "VALUES (?,?,?,?,?) ON CONFLICT (station_id, terminal_id) DO NOTHING",
                    [new.station_id, new.terminal_id, new.seq, new.hash, new.confirmed_at],
                ).rowcount
            else:
                moved = self._db.run(
                    conn,
                    "UPDATE anchor_heads SET seq = ?, hash = ?, confirmed_at = ? "
                    "WHERE station_id = ? AND terminal_id = ? AND seq = ? AND hash = ? "
                    "AND seq < ?",
                    [
                        new.seq,
                        new.hash,
                        new.confirmed_at,
                        new.station_id,
                        new.terminal_id,
                        expected.seq,
                        expected.hash,
                        new.seq,
                    ],
                ).rowcount
            if moved != 1:
                return False
            self._db.run(
                conn,
                "INSERT INTO anchors(station_id, terminal_id, seq, hash, "
                "confirmed_at) VALUES (?,?,?,?,?)",
                [new.station_id, new.terminal_id, new.seq, new.hash, new.confirmed_at],
            )
        return True

    def record_refusal(self, refusal: AnchorRefusal) -> None:
        """Keep a refused anchor and its reason for county staff."""
        with self._db.write() as conn:
            self._db.run(
                conn,
                "INSERT INTO anchor_refusals(station_id, terminal_id, seq, "
                "hash, reason, refused_at) VALUES (?,?,?,?,?,?)",
                [
                    refusal.station_id,
                    refusal.terminal_id,
                    refusal.seq,
                    refusal.hash,
                    refusal.reason,
                    refusal.refused_at,
                ],
            )

    def refusals(self, station_id: str | None = None) -> list[AnchorRefusal]:
        """Refused anchors, oldest first."""
        where, params = ("WHERE station_id = ?", [station_id]) if station_id else ("", [])
        with self._db.read() as conn:
            rows = self._db.run(
                conn,
                "SELECT station_id, terminal_id, seq, hash, reason, "
                f"refused_at FROM anchor_refusals {where} ORDER BY id",
                params,
            ).fetchall()
        return [AnchorRefusal(r[0], r[1], int(r[2]), r[3], r[4], r[5]) for r in rows]
