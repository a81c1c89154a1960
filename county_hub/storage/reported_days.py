"""Each station's own per-day totals (upload `status.days`) and the reconciliation beside them.

A station reports, with a batch, its sales count and net of the local days the batch's
sales and refunds fall on, counting only what it had sent up to that batch. They are
kept in the batch's own transaction, so once stored the hub's `station_days` figures of
that day must equal them; a difference is an event the hub never got or refused. The
latest report of a day replaces the earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from county_hub.storage.database import HubDatabase
from village_protocol.upload_status import StationDay


def record_reported_days(
    db: HubDatabase, conn: Any, station_id: str, days: tuple[StationDay, ...], at: str
) -> None:
    """Keep the station's totals of `days`, inside the upload's write transaction."""
    for day in days:
        db.run(
            conn,
            "INSERT INTO station_reported_days(station_id, day, sales_count, net_fen, "
            "reported_at) VALUES (?,?,?,?,?) ON CONFLICT (station_id, day) DO UPDATE SET "
            "sales_count = excluded.sales_count, net_fen = excluded.net_fen, "
            "reported_at = excluded.reported_at",
            [station_id, day.date, day.sales_count, day.net_fen, at],
        )


@dataclass(frozen=True)
class ReconciledDay:
    """One station and day: the hub's figures and the station's own (None: not reported)."""

    station_id: str
    station_name: str
    day: str
    hub_sales_count: int
    hub_net_fen: int
    station_sales_count: int | None
    station_net_fen: int | None
    reported_at: str | None

    @property
    def reported(self) -> bool:
        """Whether the station sent its own totals for this day."""
        return self.station_sales_count is not None

    @property
    def mismatch(self) -> bool:
        """The station reported this day and its figures differ from the hub's."""
        return self.reported and (
            self.station_sales_count != self.hub_sales_count
            or self.station_net_fen != self.hub_net_fen
        )


# A (station, day) is listed when the hub has sales or refunds that day or the station
# reported it; MISMATCH keeps only reported days that differ.
_KEYS = (
    "SELECT station_id, day FROM station_days WHERE day >= ? AND day <= ? "
    "AND (sales_count <> 0 OR refund_count <> 0) "
    "UNION SELECT station_id, day FROM station_reported_days WHERE day >= ? AND day <= ?"
)
_MISMATCH = (
    "r.station_id IS NOT NULL AND (coalesce(d.sales_count, 0) <> r.sales_count "
    "OR coalesce(d.net_fen, 0) <> r.net_fen)"
)
_FROM = (
    f"FROM ({_KEYS}) k JOIN stations s ON s.id = k.station_id "
    "LEFT JOIN station_days d ON d.station_id = k.station_id AND d.day = k.day "
    "LEFT JOIN station_reported_days r ON r.station_id = k.station_id AND r.day = k.day"
)


class Reconciliation:
    """Reading the hub's and the stations' figures side by side, a page at a time."""

    def __init__(self, db: HubDatabase) -> None:
        self._db = db

    def _where(
        self, first: str, last: str, station_id: str | None, only_mismatch: bool
    ) -> tuple[str, list[Any]]:
        clauses, params = [], [first, last, first, last]
        if station_id:
            clauses.append("k.station_id = ?")
            params.append(station_id)
        if only_mismatch:
            clauses.append(_MISMATCH)
        return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params

    def days(
        self,
        first: str,
        last: str,
        *,
        station_id: str | None = None,
        only_mismatch: bool = False,
        limit: int = 50,
        offset: int = 0,
    ) -> list[ReconciledDay]:
        """Station-days from `first` to `last`, newest day first, then by station."""
        where, params = self._where(first, last, station_id, only_mismatch)
        with self._db.read() as conn:
            rows = self._db.run(
                conn,
                "SELECT k.station_id, s.name, k.day, coalesce(d.sales_count, 0), "
                "coalesce(d.net_fen, 0), r.sales_count, r.net_fen, r.reported_at "
                f"{_FROM} {where} ORDER BY k.day DESC, k.station_id LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        return [
            ReconciledDay(
                r[0],
                r[1],
                r[2],
                int(r[3]),
                int(r[4]),
                None if r[5] is None else int(r[5]),
                None if r[6] is None else int(r[6]),
                r[7],
            )
            for r in rows
        ]

    def counts(self, first: str, last: str, station_id: str | None = None) -> tuple[int, int]:
        """(station-days listed, of which mismatched) from `first` to `last`."""
        where, params = self._where(first, last, station_id, False)
        with self._db.read() as conn:
            row = self._db.run(
                conn,
                f"SELECT count(*), coalesce(sum(CASE WHEN {_MISMATCH} THEN 1 ELSE 0 END), 0) "
                f"{_FROM} {where}",
                params,
            ).fetchone()
        return int(row[0]), int(row[1])
