"""Money totals the hub computes from stored events, to reconcile with the station's report.

The figures and their keys match `main.py report --json` on the station: `net_fen` =
sale totals − refunds = the sum of `payments_fen`, where each method's figure is what
sales took that way minus what refunds paid back that way.

The sections `credit`, `agency`, `parcels` and `consignment` sum the villager, agency,
parcel and consignment events over all days, to reconcile with the station's own tables
(see `docs/sync-protocol.md` § Hub statistics). `shifts` sums the closed shifts' cash
drawer counts, all days or (like the money keys) one station-local day: a shift's day
is the day it opened, as the station's `shift-report --date` lists it.

`hub_stats` reads the totals the hub keeps as it stores each upload (`station_days`,
`station_day_payments`, and `station_kind_counts` / `station_sections` /
`station_day_shifts`, see `storage/station_totals.py`): a few rows per station, so one
station's day is a handful of key lookups and all stations need memory for a handful of
numbers. `recount_stats` gives the same figures the slow way, streaming every payload
through `money_totals` and `village_totals`; the tests hold the two equal. One corner
differs, for payloads no station sends: a sale without a `created_at` time in its
payload counts, in the kept totals (as on the console), on the day of its event's
`created_at`; the recount leaves it out of every single day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from county_hub.protocol import parse_time
from county_hub.storage import HubStore
from county_hub.storage.daily_totals import read_money
from county_hub.storage.station_totals import (
    DEFAULT_TZ_OFFSET_MIN,
    SECTION_KEYS,
    SHIFT_KEYS,
    VILLAGE_KINDS,
    add_shift,
    add_village_event,
    read_totals,
    zero_sections,
)
from village_protocol.events import REFUND_COMPLETED, SALE_COMPLETED, SHIFT_CLOSED
from village_protocol.money import PAYMENT_METHODS

# (station id, kind, payload) of a stored event, as the store streams them.
StoredEvent = tuple[str, str, dict[str, Any]]


@dataclass(frozen=True)
class HubStats:
    """Events per kind and money totals for one station (or all), optionally one local day."""

    station: str | None
    date: str | None
    events: dict[str, int]
    sales_count: int = 0
    gross_fen: int = 0
    discount_fen: int = 0
    rounding_fen: int = 0
    refund_count: int = 0
    refunds_fen: int = 0
    net_fen: int = 0
    payments_fen: dict[str, int] = field(default_factory=dict)
    credit: dict[str, int] = field(default_factory=lambda: _zeros("credit"))
    agency: dict[str, int] = field(default_factory=lambda: _zeros("agency"))
    parcels: dict[str, int] = field(default_factory=lambda: _zeros("parcels"))
    consignment: dict[str, int] = field(default_factory=lambda: _zeros("consignment"))
    shifts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SHIFT_KEYS, 0))

    def as_json(self) -> dict[str, object]:
        """The stable JSON shape printed by `python -m county_hub stats --json`."""
        return asdict(self)


def _zeros(section: str) -> dict[str, int]:
    return dict.fromkeys(SECTION_KEYS[section], 0)


def _int(payload: dict[str, Any], name: str) -> int:
    value = payload.get(name, 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _local_date(created_at: object, tz_offset_min: int) -> date | None:
    moment = parse_time(created_at) if isinstance(created_at, str) else None
    if moment is None:
        return None
    return (moment + timedelta(minutes=tz_offset_min)).date()


def money_totals(
    events: Iterable[StoredEvent],
    station: str | None = None,
    day: date | None = None,
    counts: dict[str, int] | None = None,
) -> HubStats:
    """Sum sale, refund and closed-shift payloads, in upload order, into report figures.

    With `day`, only sales and refunds whose station-local date is `day` count, and
    shifts that opened on `day`. A sale's local date uses its `tz_offset_min`; refund and
    shift payloads carry none, so they take the offset of their station's latest sale
    before them (the station's clock setting), else UTC+8. Only one offset per station is
    remembered, never one per sale.
    """
    totals = dict.fromkeys(
        (
            "sales_count",
            "gross_fen",
            "discount_fen",
            "rounding_fen",
            "refund_count",
            "refunds_fen",
            "net_fen",
        ),
        0,
    )
    by_method = dict.fromkeys(PAYMENT_METHODS, 0)
    shifts = dict.fromkeys(SHIFT_KEYS, 0)
    tz_of_station: dict[str, int] = {}
    for station_of_event, kind, payload in events:
        if kind == SALE_COMPLETED:
            tz = (
                _int(payload, "tz_offset_min")
                if "tz_offset_min" in payload
                else DEFAULT_TZ_OFFSET_MIN
            )
            tz_of_station[station_of_event] = tz
            if day is not None and _local_date(payload.get("created_at"), tz) != day:
                continue
            totals["sales_count"] += 1
            totals["gross_fen"] += _int(payload, "subtotal_fen")
            totals["discount_fen"] += _int(payload, "discount_fen")
            totals["rounding_fen"] += _int(payload, "rounding_fen")
            totals["net_fen"] += _int(payload, "total_fen")
            for payment in payload.get("payments", []):
                method = str(payment["method"])
                by_method[method] = by_method.get(method, 0) + _int(payment, "amount_fen")
        elif kind == REFUND_COMPLETED:
            tz = (
                _int(payload, "tz_offset_min")
                if "tz_offset_min" in payload
                else tz_of_station.get(station_of_event, DEFAULT_TZ_OFFSET_MIN)
            )
            if day is not None and _local_date(payload.get("created_at"), tz) != day:
                continue
            amount = _int(payload, "total_fen")
            totals["refund_count"] += 1
            totals["refunds_fen"] += amount
            totals["net_fen"] -= amount
            method = str(payload["method"])
            by_method[method] = by_method.get(method, 0) - amount
        elif kind == SHIFT_CLOSED:
            tz = tz_of_station.get(station_of_event, DEFAULT_TZ_OFFSET_MIN)
            if day is not None and _local_date(payload.get("opened_at"), tz) != day:
                continue
            add_shift(shifts, payload)
    return HubStats(
        station,
        day.isoformat() if day else None,
        dict(counts or {}),
        sales_count=totals["sales_count"],
        gross_fen=totals["gross_fen"],
        discount_fen=totals["discount_fen"],
        rounding_fen=totals["rounding_fen"],
        refund_count=totals["refund_count"],
        refunds_fen=totals["refunds_fen"],
        net_fen=totals["net_fen"],
        payments_fen=by_method,
        shifts=shifts,
    )


def village_totals(events: Iterable[StoredEvent]) -> dict[str, dict[str, int]]:
    """The `credit`, `agency`, `parcels` and `consignment` sections from stored events.

    Each event adds by `station_totals.add_village_event` (the rules are told there).
    """
    sections = zero_sections()
    for _, kind, payload in events:
        add_village_event(sections, kind, payload)
    return sections


def hub_stats(store: HubStore, station_id: str | None = None, day: date | None = None) -> HubStats:
    """Events per kind, money totals, shifts and the village sections of one station or all.

    Event counts and the `credit` / `agency` / `parcels` / `consignment` sections cover
    all days; the sale and refund money totals and `shifts` cover all days, or only `day`.
    Read from the totals kept on upload; the figures equal `recount_stats`'.
    """
    on = day.isoformat() if day else None
    money = read_money(store.database, station_id, on)
    kept = read_totals(store.database, station_id, on)
    figures = money.figures
    return HubStats(
        station_id,
        on,
        kept.events,
        sales_count=figures["sales_count"],
        gross_fen=figures["gross_fen"],
        discount_fen=figures["discount_fen"],
        rounding_fen=figures["rounding_fen"],
        refund_count=figures["refund_count"],
        refunds_fen=figures["refunds_fen"],
        net_fen=figures["net_fen"],
        payments_fen=money.payments,
        credit=kept.sections["credit"],
        agency=kept.sections["agency"],
        parcels=kept.sections["parcels"],
        consignment=kept.sections["consignment"],
        shifts=kept.shifts,
    )


def recount_stats(
    store: HubStore, station_id: str | None = None, day: date | None = None
) -> HubStats:
    """`hub_stats` recounted from every stored payload (slow: a check on the kept totals).

    Shifts stream with the sales (one pass) so that each is dated by its station's clock.
    """
    counts = store.event_counts(station_id)
    money = money_totals(
        store.event_payloads((SALE_COMPLETED, REFUND_COMPLETED, SHIFT_CLOSED), station_id),
        station_id,
        day,
        counts,
    )
    sections = village_totals(store.event_payloads(VILLAGE_KINDS, station_id))
    return replace(
        money,
        credit=sections["credit"],
        agency=sections["agency"],
        parcels=sections["parcels"],
        consignment=sections["consignment"],
    )
