"""Per-station running totals behind `python -m county_hub stats`, kept as events are stored.

Three tables (schema migration 8), added to in the transaction that stores the events
(`DayTotals` in `daily_totals.py` carries a `StationTotals` through it), so `stats`
sums a few rows instead of reading every payload:

- `station_kind_counts`: events stored per station and kind;
- `station_sections`: the `credit`, `agency`, `parcels` and `consignment` figures per
  station over all days, one column per figure, named `<section>_<key>`;
- `station_day_shifts`: closed shifts per station and the station-local day the shift
  opened (`shifts_<key>` columns). A shift carries no offset of its own: it takes the
  offset of its station's latest sale stored before it, else UTC+8, as `stats` always
  did. A shift whose `opened_at` is not a time is on day '' (counted over all days,
  never on a date), again as before.

The per-event rules (`add_village_event`, `add_shift`) are the ones `county_hub/stats.py`
applies when it recounts from payloads, so both answers follow one definition.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from county_hub.protocol import parse_time
from county_hub.storage.database import HubDatabase
from county_hub.storage.running_sums import add_to_rows
from village_protocol.events import (
    AGENCY_CREATED,
    AGENCY_STATUS_CHANGED,
    CREDIT_ENTRY,
    LOT_RECEIVED,
    PARCEL_ARRIVED,
    PARCEL_HANDED_OVER,
    PAYOUT_MADE,
    SALE_COMPLETED,
    SHIFT_CLOSED,
    SHIPMENT_SENT,
)

# The keys of each village section, all zero until an event adds to them; stable like
# the rest of `stats --json`. The tables' columns are `<section>_<key>`.
SECTION_KEYS: dict[str, tuple[str, ...]] = {
    "credit": ("entries", "balance_fen"),
    "agency": ("orders", "collected_fen", "spent_fen", "platform_refund_fen", "paid_back_fen"),
    "parcels": ("arrived", "handed_over"),
    "consignment": ("lots", "net_g", "shipments", "payouts", "payouts_fen"),
}
# The `shifts` object: closed shifts, how many counted short (< 0) and over (> 0), and
# the sums of over/short, expected and counted cash, each shift's figures as it closed.
SHIFT_KEYS = (
    "closed",
    "short",
    "over",
    "over_short_fen",
    "expected_cash_fen",
    "counted_cash_fen",
)
VILLAGE_KINDS = (
    CREDIT_ENTRY,
    AGENCY_CREATED,
    AGENCY_STATUS_CHANGED,
    PARCEL_ARRIVED,
    PARCEL_HANDED_OVER,
    LOT_RECEIVED,
    SHIPMENT_SENT,
    PAYOUT_MADE,
)
SECTION_COLUMNS = tuple(f"{s}_{k}" for s, keys in SECTION_KEYS.items() for k in keys)
SHIFT_COLUMNS = tuple(f"shifts_{k}" for k in SHIFT_KEYS)
# The station's default offset (China Standard Time) when the hub knows no sale of it.
DEFAULT_TZ_OFFSET_MIN = 480
# The day of a shift whose opening time does not parse: in the all-days sum only.
UNDATED = ""
_BACKFILL_PAGE = 500
# What `agency.status_changed` money entries add to; `collected` entries restate the
# step's `collected_fen` and are not added again.
_AGENCY_MONEY = {
    "spent": "spent_fen",
    "platform_refund": "platform_refund_fen",
    "paid_back": "paid_back_fen",
}

Sections = dict[str, dict[str, int]]


def json_int(payload: dict[str, Any], name: str) -> int:
    """The integer at `name` of a stored payload, else 0 (the daily totals use it too)."""
    value = payload.get(name, 0)
    # `type`, not isinstance: JSON's integers are ints, and `true` (a bool) is not one.
    return value if type(value) is int else 0


def _entries(payload: dict[str, Any], name: str) -> list[dict[str, Any]]:
    value = payload.get(name)
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def zero_sections() -> Sections:
    """Every village section with all its figures at zero."""
    return {section: dict.fromkeys(keys, 0) for section, keys in SECTION_KEYS.items()}


def zero_shifts() -> dict[str, int]:
    """The `shifts` object with no shift closed."""
    return dict.fromkeys(SHIFT_KEYS, 0)


def add_village_event(sections: Sections, kind: str, payload: dict[str, Any]) -> None:
    """Add one stored event to the village sections (other kinds change nothing).

    Agency money collected from villagers is counted once: `agency.created` lists what
    was taken with the order in `collected`; each `agency.status_changed` says what its
    step took in `collected_fen`. At pickup the same step also lists that money by method
    as `money` entries of kind `collected`; those restate `collected_fen` and are not
    added again. The other `money` kinds are summed into their own figures.
    """
    credit, agency = sections["credit"], sections["agency"]
    parcels, consignment = sections["parcels"], sections["consignment"]
    if kind == CREDIT_ENTRY:
        credit["entries"] += 1
        credit["balance_fen"] += json_int(payload, "amount_fen")
    elif kind == AGENCY_CREATED:
        agency["orders"] += 1
        agency["collected_fen"] += sum(
            json_int(t, "amount_fen") for t in _entries(payload, "collected")
        )
    elif kind == AGENCY_STATUS_CHANGED:
        agency["collected_fen"] += json_int(payload, "collected_fen")
        for money in _entries(payload, "money"):
            figure = _AGENCY_MONEY.get(str(money.get("kind")))
            if figure is not None:
                agency[figure] += json_int(money, "amount_fen")
    elif kind == PARCEL_ARRIVED:
        parcels["arrived"] += 1
    elif kind == PARCEL_HANDED_OVER:
        parcels["handed_over"] += 1
    elif kind == LOT_RECEIVED:
        consignment["lots"] += 1
        consignment["net_g"] += json_int(payload, "net_g")
    elif kind == SHIPMENT_SENT:
        consignment["shipments"] += 1
    elif kind == PAYOUT_MADE:
        consignment["payouts"] += 1
        consignment["payouts_fen"] += json_int(payload, "amount_fen")


def add_shift(shifts: dict[str, int], payload: dict[str, Any]) -> None:
    """Add one `shift.closed` payload's figures to a `shifts` object."""
    over_short = json_int(payload, "over_short_fen")
    shifts["closed"] += 1
    shifts["short"] += int(over_short < 0)
    shifts["over"] += int(over_short > 0)
    shifts["over_short_fen"] += over_short
    shifts["expected_cash_fen"] += json_int(payload, "expected_cash_fen")
    shifts["counted_cash_fen"] += json_int(payload, "counted_cash_fen")


def shift_day(payload: dict[str, Any], tz_offset_min: int) -> str:
    """The station-local date (YYYY-MM-DD) the shift opened, or `UNDATED`."""
    opened = payload.get("opened_at")
    moment = parse_time(opened) if isinstance(opened, str) else None
    if moment is None:
        return UNDATED
    return (moment + timedelta(minutes=tz_offset_min)).date().isoformat()


@dataclass
class StationTotals:
    """One batch's (or a backfill's) additions to the three tables, summed before writing."""

    kinds: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    sections: dict[str, Sections] = field(default_factory=lambda: defaultdict(zero_sections))
    shifts: dict[tuple[str, str], dict[str, int]] = field(
        default_factory=lambda: defaultdict(zero_shifts)
    )

    def add_event(
        self, station_id: str, kind: str, payload: dict[str, Any], tz_offset_min: int
    ) -> None:
        """Count one stored event; `tz_offset_min`: its station's clock as of this event."""
        self.kinds[station_id, kind] += 1
        if kind == SHIFT_CLOSED:
            add_shift(self.shifts[station_id, shift_day(payload, tz_offset_min)], payload)
        elif kind in VILLAGE_KINDS:
            add_village_event(self.sections[station_id], kind, payload)

    def write(self, db: HubDatabase, conn: Any) -> None:
        """Add these totals to the tables (upserts; both engines), inside `conn`'s write."""
        add_to_rows(
            db,
            conn,
            "station_kind_counts",
            ("station_id", "kind"),
            ("events",),
            [(station_id, kind, count) for (station_id, kind), count in self.kinds.items()],
        )
        add_to_rows(
            db,
            conn,
            "station_sections",
            ("station_id",),
            SECTION_COLUMNS,
            [
                (station_id, *(sections[s][k] for s, keys in SECTION_KEYS.items() for k in keys))
                for station_id, sections in self.sections.items()
            ],
        )
        add_to_rows(
            db,
            conn,
            "station_day_shifts",
            ("station_id", "day"),
            SHIFT_COLUMNS,
            [
                (station_id, day, *(shifts[k] for k in SHIFT_KEYS))
                for (station_id, day), shifts in self.shifts.items()
            ],
        )


@dataclass(frozen=True)
class TotalsRead:
    """What `stats` reads from the tables for one station (or all), optionally one day."""

    events: dict[str, int]
    sections: Sections
    shifts: dict[str, int]


def read_totals(db: HubDatabase, station_id: str | None, day: str | None) -> TotalsRead:
    """Events per kind and the village sections (all days), and shifts (all days or `day`).

    Sums over `station_kind_counts` (one row per station and kind), `station_sections`
    (one row per station) and `station_day_shifts` (one per station and day with a
    shift): the primary keys answer one station; all stations read every row, which is
    small beside the events.
    """
    where, params = ("WHERE station_id = ?", [station_id]) if station_id else ("", [])
    shift_where = " AND ".join(
        part
        for part, wanted in (("station_id = ?", station_id), ("day = ?", day))
        if wanted is not None
    )
    shift_params = [v for v in (station_id, day) if v is not None]
    sums = ", ".join(f"coalesce(sum({c}), 0)" for c in SECTION_COLUMNS)
    shift_sums = ", ".join(f"coalesce(sum({c}), 0)" for c in SHIFT_COLUMNS)
    with db.read() as conn:
        kinds = db.run(
            conn,
            f"SELECT kind, sum(events) FROM station_kind_counts {where} "
            "GROUP BY kind ORDER BY kind",
            params,
        ).fetchall()
        section_row = db.run(conn, f"SELECT {sums} FROM station_sections {where}", params)
        section_values = [int(v) for v in section_row.fetchone()]
        shift_row = db.run(
            conn,
            f"SELECT {shift_sums} FROM station_day_shifts"
            + (f" WHERE {shift_where}" if shift_where else ""),
            shift_params,
        ).fetchone()
    sections = zero_sections()
    figures = iter(section_values)
    for section, keys in SECTION_KEYS.items():
        for key in keys:
            sections[section][key] = next(figures)
    return TotalsRead(
        events={str(kind): int(count) for kind, count in kinds if int(count)},
        sections=sections,
        shifts=dict(zip(SHIFT_KEYS, (int(v) for v in shift_row), strict=True)),
    )


def backfill_station_totals(db: HubDatabase, conn: Any) -> None:
    """Build the three tables from the events a hub stored before they existed.

    Counts per kind come from one GROUP BY; sections and shifts from the payloads, a
    page at a time in storage order, with the sales (for each shift's station clock).
    """
    totals = StationTotals()
    for station_id, kind, count in db.run(
        conn, "SELECT station_id, kind, count(*) FROM events GROUP BY station_id, kind"
    ).fetchall():
        totals.kinds[station_id, kind] += int(count)
    kinds = (SALE_COMPLETED, SHIFT_CLOSED, *VILLAGE_KINDS)
    marks = ", ".join("?" * len(kinds))
    tz_of_station: dict[str, int] = {}
    after = 0
    while rows := db.run(
        conn,
        f"SELECT id, station_id, kind, payload FROM events WHERE id > ? AND kind IN ({marks}) "
        "ORDER BY id LIMIT ?",
        [after, *kinds, _BACKFILL_PAGE],
    ).fetchall():
        for _, station_id, kind, text in rows:
            payload = json.loads(text)
            if not isinstance(payload, dict):
                continue
            if kind == SALE_COMPLETED:
                tz_of_station[station_id] = (
                    json_int(payload, "tz_offset_min")
                    if "tz_offset_min" in payload
                    else DEFAULT_TZ_OFFSET_MIN
                )
            elif kind == SHIFT_CLOSED:
                tz = tz_of_station.get(station_id, DEFAULT_TZ_OFFSET_MIN)
                add_shift(totals.shifts[station_id, shift_day(payload, tz)], payload)
            else:
                add_village_event(totals.sections[station_id], kind, payload)
        after = int(rows[-1][0])
    totals.write(db, conn)
