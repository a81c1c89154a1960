"""What the county console shows, read in SQL: sums over `station_days`, station health.

Nothing here loads event payloads into Python for a figure: money comes from the daily
tables kept by `daily_totals.py`; the few lists of one station's recent events (shifts,
parcels) pick single JSON fields in SQL, a bounded page at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from county_hub.storage.database import HubDatabase
from village_protocol.changes import NOTICE
from village_protocol.events import PARCEL_ARRIVED, PARCEL_HANDED_OVER, SHIFT_CLOSED

# `?sort=` keys of the stations list and their SQL; `-key` sorts descending.
STATION_SORTS: dict[str, str] = {
    "id": "s.id",
    "name": "s.name",
    "active": "s.active",
    "version": "h.app_version",
    "queue": "h.queue_length",
    "last_sync": "h.last_sync_at",
    "today": "coalesce(d.events_received, 0)",
    "rejected": "coalesce(h.rejected_total, 0)",
    "anchor": "a.confirmed_at",
}


@dataclass(frozen=True)
class StationHealth:
    """One line of the stations list."""

    id: str
    name: str
    active: bool
    app_version: str | None
    queue_length: int | None
    last_error: str | None
    last_sync_at: str | None
    last_upload_at: str | None
    events_today: int
    rejected_today: int
    rejected_total: int
    anchor_at: str | None

    @property
    def heard_at(self) -> str | None:
        """The last time the station's sync reached the hub (upload or feed read)."""
        times = [t for t in (self.last_sync_at, self.last_upload_at) if t]
        return max(times) if times else None


@dataclass(frozen=True)
class DayFigures:
    """One day's sales figures (of one station, or all)."""

    day: str
    sales_count: int
    sales_fen: int
    refund_count: int
    refunds_fen: int
    net_fen: int


@dataclass(frozen=True)
class StationSales:
    """A station's sales today and this month (the dashboard's table)."""

    id: str
    name: str
    today_fen: int
    today_count: int
    month_fen: int
    month_net_fen: int


def _int(value: Any) -> int:
    return int(value) if value is not None else 0


class ConsoleFigures:
    """The console's queries; each call is one or two SQL statements."""

    def __init__(self, db: HubDatabase) -> None:
        self._db = db

    def health_of(self, station_id: str, today: str) -> StationHealth | None:
        """One station's line of the stations list."""
        rows, _ = self.station_health(today, only=station_id)
        return rows[0] if rows else None

    def station_health(
        self,
        today: str,
        sort: str = "id",
        descending: bool = False,
        limit: int = 50,
        offset: int = 0,
        only: str | None = None,
    ) -> tuple[list[StationHealth], int]:
        """A page of stations with their health, sorted by a `STATION_SORTS` key; and the total."""
        column = STATION_SORTS.get(sort, "s.id")
        direction = "DESC" if descending else "ASC"
        # Unknown values last either way, on both engines (they order NULL differently).
        order = f"({column} IS NULL), {column} {direction}, s.id"
        where, params = ("WHERE s.id = ?", [only]) if only else ("", [])
        with self._db.read() as conn:
            rows = self._db.run(
                conn,
                "SELECT s.id, s.name, s.active, h.app_version, h.queue_length, h.last_error, "
                "h.last_sync_at, h.last_upload_at, coalesce(d.events_received, 0), "
                "coalesce(d.events_rejected, 0), coalesce(h.rejected_total, 0), a.confirmed_at "
                "FROM stations s LEFT JOIN station_health h ON h.station_id = s.id "
                "LEFT JOIN station_days d ON d.station_id = s.id AND d.day = ? "
                "LEFT JOIN (SELECT station_id, max(confirmed_at) AS confirmed_at "
                "FROM anchor_heads GROUP BY station_id) a ON a.station_id = s.id "
                f"{where} ORDER BY {order} LIMIT ? OFFSET ?",
                [today, *params, limit, offset],
            ).fetchall()
            total = self._db.run(conn, "SELECT count(*) FROM stations").fetchone()[0]
        return [
            StationHealth(
                r[0],
                r[1],
                bool(r[2]),
                r[3],
                None if r[4] is None else int(r[4]),
                r[5],
                r[6],
                r[7],
                int(r[8]),
                int(r[9]),
                int(r[10]),
                r[11],
            )
            for r in rows
        ], int(total)

    def silent_stations(
        self, since: str, limit: int = 50
    ) -> tuple[list[tuple[str, str, str | None]], int]:
        """Active stations not heard from since `since`: (id, name, last heard) and how many."""
        where = (
            "FROM stations s LEFT JOIN station_health h ON h.station_id = s.id "
            "WHERE s.active = 1 AND coalesce(h.last_sync_at, '') < ? "
            "AND coalesce(h.last_upload_at, '') < ?"
        )
        with self._db.read() as conn:
            rows = self._db.run(
                conn,
                f"SELECT s.id, s.name, h.last_sync_at, h.last_upload_at {where} "
                "ORDER BY s.id LIMIT ?",
                [since, since, limit],
            ).fetchall()
            count = self._db.run(conn, f"SELECT count(*) {where}", [since, since]).fetchone()[0]
        found = []
        for station_id, name, synced, uploaded in rows:
            times = [t for t in (synced, uploaded) if t]
            found.append((station_id, name, max(times) if times else None))
        return found, int(count)

    def county_days(self, first: str, last: str, station_id: str | None = None) -> list[DayFigures]:
        """Sales figures per day from `first` to `last` (days with figures), all or one station."""
        where, params = "day >= ? AND day <= ?", [first, last]
        if station_id:
            where += " AND station_id = ?"
            params.append(station_id)
        with self._db.read() as conn:
            rows = self._db.run(
                conn,
                "SELECT day, sum(sales_count), sum(sales_fen), sum(refund_count), "
                f"sum(refunds_fen), sum(net_fen) FROM station_days WHERE {where} "
                "GROUP BY day ORDER BY day",
                params,
            ).fetchall()
        return [DayFigures(r[0], *(_int(v) for v in r[1:])) for r in rows]

    def payments_by_day(self, station_id: str, first: str, last: str) -> dict[str, dict[str, int]]:
        """Net takings per payment method, by day: {day: {method: fen}}."""
        with self._db.read() as conn:
            rows = self._db.run(
                conn,
                "SELECT day, method, amount_fen FROM station_day_payments "
                "WHERE station_id = ? AND day >= ? AND day <= ? ORDER BY day, method",
                [station_id, first, last],
            ).fetchall()
        found: dict[str, dict[str, int]] = {}
        for day, method, amount in rows:
            found.setdefault(day, {})[method] = int(amount)
        return found

    def station_sales(
        self, today: str, month_start: str, limit: int = 50, offset: int = 0
    ) -> tuple[list[StationSales], StationSales]:
        """Each station's sales today and this month (best month first), and the county total."""
        sums = (
            "coalesce(sum(CASE WHEN d.day = ? THEN d.sales_fen END), 0), "
            "coalesce(sum(CASE WHEN d.day = ? THEN d.sales_count END), 0), "
            "coalesce(sum(d.sales_fen), 0), coalesce(sum(d.net_fen), 0)"
        )
        with self._db.read() as conn:
            rows = self._db.run(
                conn,
                f"SELECT s.id, s.name, {sums} FROM stations s "
                "LEFT JOIN station_days d ON d.station_id = s.id AND d.day >= ? AND d.day <= ? "
                "GROUP BY s.id, s.name ORDER BY 5 DESC, s.id LIMIT ? OFFSET ?",
                [today, today, month_start, today, limit, offset],
            ).fetchall()
            total = self._db.run(
                conn,
                f"SELECT {sums} FROM station_days d WHERE d.day >= ? AND d.day <= ?",
                [today, today, month_start, today],
            ).fetchone()
        stations = [StationSales(r[0], r[1], *(_int(v) for v in r[2:])) for r in rows]
        return stations, StationSales("", "合计", *(_int(v) for v in total))

    def shifts(self, station_id: str, limit: int = 20) -> list[dict[str, Any]]:
        """The station's latest closed shifts (fields picked in SQL), newest first."""
        fields = (
            "terminal_id",
            "opened_at",
            "closed_at",
            "expected_cash_fen",
            "counted_cash_fen",
            "over_short_fen",
            "net_fen",
        )
        return self._event_fields(station_id, (SHIFT_CLOSED,), fields, limit)

    def parcel_events(self, station_id: str, limit: int = 20) -> list[dict[str, Any]]:
        """The station's latest parcel arrivals and handovers, newest first."""
        return self._event_fields(
            station_id, (PARCEL_ARRIVED, PARCEL_HANDED_OVER), ("tracking_no", "carrier"), limit
        )

    def _event_fields(
        self, station_id: str, kinds: tuple[str, ...], fields: tuple[str, ...], limit: int
    ) -> list[dict[str, Any]]:
        picks = ", ".join(self._db.engine.json_text("payload", f) for f in fields)
        marks = ",".join("?" * len(kinds))
        with self._db.read() as conn:
            rows = self._db.run(
                conn,
                f"SELECT kind, created_at, {picks} FROM events "
                f"WHERE station_id = ? AND kind IN ({marks}) ORDER BY id DESC LIMIT ?",
                [station_id, *kinds, limit],
            ).fetchall()
        return [
            {"kind": r[0], "created_at": r[1], **dict(zip(fields, r[2:], strict=True))}
            for r in rows
        ]

    def lots(self, station_id: str, limit: int = 30) -> list[dict[str, Any]]:
        """The station's lots, newest intake first, with product and grade from the intake."""
        product = self._db.engine.json_text("e.payload", "product")
        grade = self._db.engine.json_text("e.payload", "grade")
        with self._db.read() as conn:
            rows = self._db.run(
                conn,
                f"SELECT l.lot_code, l.state, l.net_g, l.settled_g, l.due_to_farmer_fen, "
                f"l.shipped_at, {product}, {grade}, e.created_at FROM lots l "
                "LEFT JOIN events e ON e.station_id = l.station_id "
                "AND e.event_id = l.received_event_id WHERE l.station_id = ? "
                "ORDER BY e.id DESC, l.lot_code LIMIT ?",
                [station_id, limit],
            ).fetchall()
        names = (
            "lot_code",
            "state",
            "net_g",
            "settled_g",
            "due_to_farmer_fen",
            "shipped_at",
            "product",
            "grade",
            "received_at",
        )
        return [dict(zip(names, row, strict=True)) for row in rows]

    def announced_parcels(self, station_id: str, limit: int = 20) -> list[tuple[str, str]]:
        """(tracking number, when) of parcels the hub announced to the station, newest first."""
        with self._db.read() as conn:
            rows = self._db.run(
                conn,
                "SELECT p.tracking_no, c.created_at FROM announced_parcels p "
                "JOIN changes c ON c.cursor = p.cursor WHERE p.station_id = ? "
                "ORDER BY p.cursor DESC LIMIT ?",
                [station_id, limit],
            ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def notices(self, station_id: str, limit: int = 20) -> list[dict[str, Any]]:
        """Notices posted to this station or to all, newest first."""
        title = self._db.engine.json_text("data", "title")
        with self._db.read() as conn:
            rows = self._db.run(
                conn,
                f"SELECT cursor, created_at, {title}, station_id FROM changes "
                "WHERE kind = ? AND (station_id = ? OR station_id IS NULL) "
                "ORDER BY cursor DESC LIMIT ?",
                [NOTICE, station_id, limit],
            ).fetchall()
        return [
            {"cursor": int(r[0]), "created_at": r[1], "title": r[2], "all": r[3] is None}
            for r in rows
        ]

    def recent_announcements(self, limit: int = 20) -> list[dict[str, Any]]:
        """Parcels announced to any station, newest first, with station and carrier."""
        carrier = self._db.engine.json_text("c.data", "carrier")
        with self._db.read() as conn:
            rows = self._db.run(
                conn,
                f"SELECT p.station_id, s.name, p.tracking_no, {carrier}, c.created_at "
                "FROM announced_parcels p JOIN changes c ON c.cursor = p.cursor "
                "JOIN stations s ON s.id = p.station_id ORDER BY p.cursor DESC LIMIT ?",
                [limit],
            ).fetchall()
        names = ("station_id", "station_name", "tracking_no", "carrier", "created_at")
        return [dict(zip(names, row, strict=True)) for row in rows]

    def recent_notices(self, limit: int = 20) -> list[dict[str, Any]]:
        """Notices posted to any station or all, newest first."""
        title = self._db.engine.json_text("data", "title")
        with self._db.read() as conn:
            rows = self._db.run(
                conn,
                f"SELECT cursor, created_at, {title}, station_id FROM changes "
                "WHERE kind = ? ORDER BY cursor DESC LIMIT ?",
                [NOTICE, limit],
            ).fetchall()
        return [
            {"cursor": int(r[0]), "created_at": r[1], "title": r[2], "station_id": r[3]}
            for r in rows
        ]
