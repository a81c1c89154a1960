"""Per-station daily figures and health, kept current in the transaction that stores events.

The county console sums these rows (`figures.py`) instead of reading payloads. The money
figures follow `county_hub/stats.py` (and so the station's `report --date`): a sale
counts on its station-local day (`created_at` + its `tz_offset_min`, else UTC+8), a
refund on its own offset's day, else the offset of its station's latest sale stored
before it. Events received and rejected count on the county's day of arrival.

The same `DayTotals` carries the batch's `StationTotals` (`station_totals.py`: events
per kind, the village sections, shifts per day) into the transaction, so every table
`stats` reads is written where the events are.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from county_hub.protocol import parse_time
from county_hub.storage.database import HubDatabase
from county_hub.storage.reported_days import record_reported_days
from county_hub.storage.running_sums import add_to_rows
from county_hub.storage.station_totals import StationTotals, json_int
from village_protocol.events import REFUND_COMPLETED, SALE_COMPLETED
from village_protocol.money import PAYMENT_METHODS
from village_protocol.upload_status import UploadStatus

# China keeps one time zone; the county's "today" and a station's default offset.
COUNTY_TZ_OFFSET_MIN = 480
MONEY_COLUMNS = (
    "sales_count",
    "gross_fen",
    "discount_fen",
    "rounding_fen",
    "sales_fen",
    "refund_count",
    "refunds_fen",
    "net_fen",
)
DAY_COLUMNS = ("events_received", "events_rejected", *MONEY_COLUMNS)
_MONEY_KINDS = (SALE_COMPLETED, REFUND_COMPLETED)
_BACKFILL_PAGE = 500


def county_day(moment_iso: str) -> str:
    """The county's date (UTC+8) of a UTC ISO time, as YYYY-MM-DD."""
    moment = parse_time(moment_iso) or datetime.fromtimestamp(0, UTC)
    return (moment + timedelta(minutes=COUNTY_TZ_OFFSET_MIN)).date().isoformat()


def _local_day(payload: dict[str, Any], fallback: str, tz_offset_min: int) -> str:
    created = payload.get("created_at")
    moment = parse_time(created) if isinstance(created, str) else None
    moment = moment or parse_time(fallback) or datetime.fromtimestamp(0, UTC)
    return (moment + timedelta(minutes=tz_offset_min)).date().isoformat()


@dataclass
class DayTotals:
    """Figures of one batch (or a backfill), summed per (station, day) before writing."""

    money: dict[tuple[str, str], dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: dict.fromkeys(MONEY_COLUMNS, 0))
    )
    payments: dict[tuple[str, str, str], int] = field(default_factory=lambda: defaultdict(int))
    received: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    rejected: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    tz_of_station: dict[str, int] = field(default_factory=dict)
    uploads: dict[str, Upload] = field(default_factory=dict)
    station: StationTotals = field(default_factory=StationTotals)

    def add_event(
        self,
        station_id: str,
        kind: str,
        created_at: str,
        payload: dict[str, Any],
        known_tz: int | None = None,
    ) -> None:
        """Count an event just stored: its money (`add_money`) and its `StationTotals`.

        `known_tz`: the station's offset as of its latest sale stored before this batch.
        """
        # `is None`, not `or`: a station on UTC+0 has a known offset of 0.
        tz = COUNTY_TZ_OFFSET_MIN if known_tz is None else known_tz
        self.add_money(station_id, kind, created_at, payload, tz)
        self.station.add_event(station_id, kind, payload, self.tz_of_station.get(station_id, tz))

    def add_money(
        self,
        station_id: str,
        kind: str,
        created_at: str,
        payload: dict[str, Any],
        known_tz: int = COUNTY_TZ_OFFSET_MIN,
    ) -> None:
        """Count a sale or refund in the daily money tables (other kinds change nothing)."""
        if kind == SALE_COMPLETED:
            tz = (
                json_int(payload, "tz_offset_min")
                if "tz_offset_min" in payload
                else COUNTY_TZ_OFFSET_MIN
            )
            self.tz_of_station[station_id] = tz
            key = _local_day(payload, created_at, tz)
            day = self.money[station_id, key]
            day["sales_count"] += 1
            day["gross_fen"] += json_int(payload, "subtotal_fen")
            day["discount_fen"] += json_int(payload, "discount_fen")
            day["rounding_fen"] += json_int(payload, "rounding_fen")
            day["sales_fen"] += json_int(payload, "total_fen")
            day["net_fen"] += json_int(payload, "total_fen")
            for payment in payload.get("payments") or []:
                if isinstance(payment, dict):
                    method = str(payment.get("method"))
                    self.payments[station_id, key, method] += json_int(payment, "amount_fen")
        elif kind == REFUND_COMPLETED:
            if "tz_offset_min" in payload:
                tz = json_int(payload, "tz_offset_min")
            else:
                tz = self.tz_of_station.get(station_id, known_tz)
            key = _local_day(payload, created_at, tz)
            amount = json_int(payload, "total_fen")
            day = self.money[station_id, key]
            day["refund_count"] += 1
            day["refunds_fen"] += amount
            day["net_fen"] -= amount
            self.payments[station_id, key, str(payload.get("method"))] -= amount

    def write(self, db: HubDatabase, conn: Any) -> None:
        """Add these figures to the tables (upserts; both engines), `station`'s too.

        One statement per table: the days, the payment methods, and the stations'
        health (their upload and the offset of their latest sale).
        """
        days: dict[tuple[str, str], dict[str, int]] = defaultdict(
            lambda: dict.fromkeys(DAY_COLUMNS, 0)
        )
        for key, count in self.received.items():
            days[key]["events_received"] += count
        for key, count in self.rejected.items():
            days[key]["events_rejected"] += count
        for key, figures in self.money.items():
            day = days[key]
            for column, amount in figures.items():
                day[column] += amount
        add_to_rows(
            db,
            conn,
            "station_days",
            ("station_id", "day"),
            DAY_COLUMNS,
            [(*key, *(day[c] for c in DAY_COLUMNS)) for key, day in days.items()],
        )
        add_to_rows(
            db,
            conn,
            "station_day_payments",
            ("station_id", "day", "method"),
            ("amount_fen",),
            [(*key, amount) for key, amount in self.payments.items()],
        )
        for station_id in sorted(self.tz_of_station.keys() | self.uploads.keys()):
            upload = self.uploads.get(station_id)
            # Null leaves a column as it was: no sale here, or no upload (a backfill).
            db.run(
                conn,
                "INSERT INTO station_health(station_id, last_upload_at, rejected_total, "
                "tz_offset_min) VALUES (?, ?, ?, ?) ON CONFLICT (station_id) DO UPDATE SET "
                "last_upload_at = coalesce(excluded.last_upload_at, "
                "station_health.last_upload_at), "
                "rejected_total = station_health.rejected_total + excluded.rejected_total, "
                "tz_offset_min = coalesce(excluded.tz_offset_min, station_health.tz_offset_min)",
                [
                    station_id,
                    upload.received_at if upload else None,
                    upload.rejected if upload else 0,
                    self.tz_of_station.get(station_id),
                ],
            )
        self.station.write(db, conn)


@dataclass(frozen=True)
class Upload:
    """One upload's arrival, for its station's health row."""

    received_at: str
    rejected: int


def _ensure_health(db: HubDatabase, conn: Any, station_id: str) -> None:
    db.run(
        conn,
        "INSERT INTO station_health(station_id) VALUES (?) ON CONFLICT (station_id) DO NOTHING",
        [station_id],
    )


def known_tz(db: HubDatabase, conn: Any, station_id: str) -> int | None:
    """The offset of the station's latest stored sale, if the hub has seen one."""
    row = db.run(
        conn, "SELECT tz_offset_min FROM station_health WHERE station_id = ?", [station_id]
    ).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def record_upload(
    db: HubDatabase,
    conn: Any,
    station_id: str,
    received_at: str,
    totals: DayTotals,
    rejected: int,
    status: UploadStatus | None,
) -> None:
    """Add one upload's figures, rejections and status to the tables, inside `conn`'s write.

    The status's `days` (the station's own totals) go to `station_reported_days`.
    """
    if rejected:
        totals.rejected[station_id, county_day(received_at)] += rejected
    totals.uploads[station_id] = Upload(received_at, rejected)
    totals.write(db, conn)
    if status is not None:
        db.run(
            conn,
            "UPDATE station_health SET app_version = ?, queue_length = ?, last_error = ?, "
            "status_at = ? WHERE station_id = ?",
            [status.app_version, status.queue_length, status.last_error, received_at, station_id],
        )
        if status.days:
            record_reported_days(db, conn, station_id, status.days, received_at)


def record_synced(db: HubDatabase, station_id: str, at: str) -> None:
    """Note that the station read its change feed to the end: a sync finished."""
    with db.write() as conn:
        _ensure_health(db, conn, station_id)
        db.run(
            conn,
            "UPDATE station_health SET last_sync_at = ? WHERE station_id = ?",
            [at, station_id],
        )


def backfill_daily_totals(db: HubDatabase, conn: Any) -> None:
    """Rebuild the daily figures from the events a hub stored before these tables existed.

    Rejections were never stored, so they start at zero.
    """
    totals = DayTotals()
    # Arrivals per hour in SQL (the same text functions on both engines), days in Python.
    for station_id, hour, count in db.run(
        conn,
        "SELECT station_id, substr(received_at, 1, 13), count(*) FROM events "
        "GROUP BY station_id, substr(received_at, 1, 13)",
    ).fetchall():
        moment = datetime.fromisoformat(f"{hour}:00:00+00:00")
        day = (moment + timedelta(minutes=COUNTY_TZ_OFFSET_MIN)).date().isoformat()
        totals.received[station_id, day] += int(count)
    after = 0
    while rows := db.run(
        conn,
        "SELECT id, station_id, kind, created_at, payload FROM events "
        "WHERE id > ? AND kind IN (?, ?) ORDER BY id LIMIT ?",
        [after, *_MONEY_KINDS, _BACKFILL_PAGE],
    ).fetchall():
        for _, station_id, kind, created_at, text in rows:
            payload = json.loads(text)
            if isinstance(payload, dict):
                # Money only: the station totals' tables come later (migration 8's backfill).
                totals.add_money(station_id, kind, created_at, payload)
        after = int(rows[-1][0])
    for station_id in {station for station, _ in totals.received}:
        _ensure_health(db, conn, station_id)
    for station_id, last_upload in db.run(
        conn, "SELECT station_id, max(received_at) FROM events GROUP BY station_id"
    ).fetchall():
        _ensure_health(db, conn, station_id)
        db.run(
            conn,
            "UPDATE station_health SET last_upload_at = ? WHERE station_id = ?",
            [last_upload, station_id],
        )
    totals.write(db, conn)


@dataclass(frozen=True)
class MoneyRead:
    """Sale and refund figures of one station (or all), all days or one local day."""

    figures: dict[str, int]  # MONEY_COLUMNS
    payments: dict[str, int]  # every method of PAYMENT_METHODS, then any other seen


def read_money(db: HubDatabase, station_id: str | None, day: str | None) -> MoneyRead:
    """Sums over `station_days` and `station_day_payments` (what `stats` shows).

    One station and day is a primary-key lookup; all days or all stations sum their
    rows (stations x days with a sale, far fewer than the events).
    """
    conditions = [
        (part, value)
        for part, value in (("station_id = ?", station_id), ("day = ?", day))
        if value is not None
    ]
    where = (" WHERE " + " AND ".join(part for part, _ in conditions)) if conditions else ""
    params = [value for _, value in conditions]
    sums = ", ".join(f"coalesce(sum({c}), 0)" for c in MONEY_COLUMNS)
    with db.read() as conn:
        row = db.run(conn, f"SELECT {sums} FROM station_days{where}", params).fetchone()
        methods = db.run(
            conn,
            f"SELECT method, sum(amount_fen) FROM station_day_payments{where} "
            "GROUP BY method ORDER BY method",
            params,
        ).fetchall()
    payments = dict.fromkeys(PAYMENT_METHODS, 0)
    for method, amount in methods:
        payments[str(method)] = payments.get(str(method), 0) + int(amount)
    return MoneyRead(dict(zip(MONEY_COLUMNS, (int(v) for v in row), strict=True)), payments)


def days_back(today: date, count: int) -> list[str]:
    """The `count` dates ending with `today`, oldest first, as YYYY-MM-DD."""
    return [(today - timedelta(days=back)).isoformat() for back in range(count - 1, -1, -1)]
