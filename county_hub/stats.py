"""Money totals the hub computes from stored events, to reconcile with the station's report.

The figures and their keys match `main.py report --json` on the station: `net_fen` =
sale totals − refunds = the sum of `payments_fen`, where each method's figure is what
sales took that way minus what refunds paid back that way.

The sections `credit`, `agency`, `parcels` and `consignment` sum the villager, agency,
parcel and consignment events over all days, to reconcile with the station's own tables
(see `docs/sync-protocol.md` § Hub statistics). `shifts` sums the closed shifts' cash
drawer counts, all days or (like the money keys) one station-local day: a shift's day
is the day it opened, as the station's `shift-report --date` lists it.

Events stream from the store one at a time and only running totals are kept, so the
figures of all stations need memory for a handful of numbers, not for every payload.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from county_hub.protocol import parse_time
from county_hub.storage import HubStore
from village_protocol.events import (
    AGENCY_CREATED,
    AGENCY_STATUS_CHANGED,
    CREDIT_ENTRY,
    LOT_RECEIVED,
    PARCEL_ARRIVED,
    PARCEL_HANDED_OVER,
    PAYOUT_MADE,
    REFUND_COMPLETED,
    SALE_COMPLETED,
    SHIFT_CLOSED,
    SHIPMENT_SENT,
)
from village_protocol.money import PAYMENT_METHODS

# (station id, kind, payload) of a stored event, as the store streams them.
StoredEvent = tuple[str, str, dict[str, Any]]

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
# The keys of each section, all zero until an event adds to them; stable like the rest.
SECTION_KEYS = {
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
# The station's default (China Standard Time), for a refund whose sale the hub never saw.
DEFAULT_TZ_OFFSET_MIN = 480


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
            _add_shift(shifts, payload)
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


def _add_shift(shifts: dict[str, int], payload: dict[str, Any]) -> None:
    over_short = _int(payload, "over_short_fen")
    shifts["closed"] += 1
    shifts["short"] += int(over_short < 0)
    shifts["over"] += int(over_short > 0)
    shifts["over_short_fen"] += over_short
    shifts["expected_cash_fen"] += _int(payload, "expected_cash_fen")
    shifts["counted_cash_fen"] += _int(payload, "counted_cash_fen")


def _entries(payload: dict[str, Any], name: str) -> list[dict[str, Any]]:
    value = payload.get(name)
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def village_totals(events: Iterable[StoredEvent]) -> dict[str, dict[str, int]]:
    """The `credit`, `agency`, `parcels` and `consignment` sections from stored events.

    Agency money collected from villagers is counted once: `agency.created` lists what was
    taken with the order in `collected`; each `agency.status_changed` says what its step
    took in `collected_fen`. At pickup the same step also lists that money by method as
    `money` entries of kind `collected`; those restate `collected_fen` and are not added
    again. The other `money` kinds are summed into their own figures.
    """
    credit, agency = _zeros("credit"), _zeros("agency")
    parcels, consignment = _zeros("parcels"), _zeros("consignment")
    money_figures = {
        "spent": "spent_fen",
        "platform_refund": "platform_refund_fen",
        "paid_back": "paid_back_fen",
    }
    for _, kind, payload in events:
        if kind == CREDIT_ENTRY:
            credit["entries"] += 1
            credit["balance_fen"] += _int(payload, "amount_fen")
        elif kind == AGENCY_CREATED:
            agency["orders"] += 1
            agency["collected_fen"] += sum(
                _int(t, "amount_fen") for t in _entries(payload, "collected")
            )
        elif kind == AGENCY_STATUS_CHANGED:
            agency["collected_fen"] += _int(payload, "collected_fen")
            for money in _entries(payload, "money"):
                figure = money_figures.get(str(money.get("kind")))
                if figure is not None:
                    agency[figure] += _int(money, "amount_fen")
        elif kind == PARCEL_ARRIVED:
            parcels["arrived"] += 1
        elif kind == PARCEL_HANDED_OVER:
            parcels["handed_over"] += 1
        elif kind == LOT_RECEIVED:
            consignment["lots"] += 1
            consignment["net_g"] += _int(payload, "net_g")
        elif kind == SHIPMENT_SENT:
            consignment["shipments"] += 1
        elif kind == PAYOUT_MADE:
            consignment["payouts"] += 1
            consignment["payouts_fen"] += _int(payload, "amount_fen")
    return {"credit": credit, "agency": agency, "parcels": parcels, "consignment": consignment}


def hub_stats(store: HubStore, station_id: str | None = None, day: date | None = None) -> HubStats:
    """Events per kind, money totals, shifts and the village sections of one station or all.

    Event counts and the `credit` / `agency` / `parcels` / `consignment` sections cover
    all days; the sale and refund money totals and `shifts` cover all days, or only `day`.
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
