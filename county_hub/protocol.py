"""What version 1 of the sync protocol fixes: limits, event kinds and their required fields.

Everything here mirrors a table in `docs/sync-protocol.md`; change both together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

MAX_EVENTS_PER_BATCH = 200
MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_DECOMPRESSED_BYTES = 16 * 1024 * 1024
MIN_PAGE = 1
MAX_PAGE = 500
DEFAULT_PAGE = 200
CLOCK_WINDOW_S = 300
# Twice the clock window: a nonce must outlive every timestamp that could still carry it.
NONCE_KEEP_S = 2 * CLOCK_WINDOW_S
MAX_EVENT_ID = 64
MAX_KIND = 64
# Postgres BIGINT; a larger seq would fail in the database instead of being refused cleanly.
MAX_SEQ = 2**63 - 1

STATION_ID = re.compile(r"[A-Za-z0-9-]{1,32}")

# Payment methods the station's report always lists, even at zero, so both sides print
# the same keys; any other method seen in events is added to the totals as it comes.
PAYMENT_METHODS = ("cash", "wechat", "alipay", "unionpay", "account")

CHANGE_KINDS = ("product.upsert", "product.retire", "price.change", "notice",
                "parcel.arrived", "lot.settled")

# Money kinds of an agency order's `money` entries. `collected` only restates the order's
# `collected_fen` by method (at pickup); the others are what the keeper spent on the
# platform, what the platform refunded and what went back to the villager.
AGENCY_MONEY_KINDS = ("collected", "spent", "platform_refund", "paid_back")

# Carrier names a `parcel.arrived` change may carry: the station's list, so a parcel
# the hub announces is never refused for its carrier.
CARRIERS = ("顺丰", "京东", "圆通", "中通", "申通", "韵达", "极兔", "邮政EMS", "德邦", "其他")
# A `lot.settled` change: `sold` and `rejected` close the lot, `partial` leaves it open.
SETTLEMENT_OUTCOMES = ("sold", "partial", "rejected")
# The station refuses a settlement amount (fen or grams) above this: ¥1,000,000.
MAX_SETTLEMENT_AMOUNT = 100_000_000
MAX_SETTLEMENT_REASON = 100


class EventRefused(ValueError):
    """One uploaded event is not acceptable; the message is the reason sent back."""


@dataclass(frozen=True)
class Event:
    """An uploaded event that passed validation and may be stored."""

    event_id: str
    seq: int
    kind: str
    created_at: str
    payload: dict[str, Any]


def parse_time(text: str) -> datetime | None:
    """An aware datetime from ISO-8601 text such as `2026-11-26T08:00:00.000Z`, else None."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    # A time without an offset would be read in the hub's zone: refuse it instead.
    return moment if moment.tzinfo is not None else None


def is_station_id(text: str) -> bool:
    """Whether `text` is a well-formed station id (letters, digits and `-`, at most 32)."""
    return STATION_ID.fullmatch(text) is not None


def _text(payload: dict[str, Any], name: str, where: str = "") -> None:
    value = payload.get(name)
    if name not in payload:
        raise EventRefused(f"missing payload field '{where}{name}'")
    if not isinstance(value, str) or not value:
        raise EventRefused(f"payload field '{where}{name}' must be a non-empty string")


def _fen(payload: dict[str, Any], name: str, where: str = "", *, signed: bool = True,
         unit: str = "fen") -> int:
    value = payload.get(name)
    if name not in payload:
        raise EventRefused(f"missing payload field '{where}{name}'")
    # bool is an int in Python, but `true` is not an amount.
    if not isinstance(value, int) or isinstance(value, bool):
        raise EventRefused(f"payload field '{where}{name}' must be an integer ({unit})")
    if not signed and value < 0:
        raise EventRefused(f"payload field '{where}{name}' must not be negative")
    return value


def _grams(payload: dict[str, Any], name: str, where: str = "") -> int:
    return _fen(payload, name, where, signed=False, unit="grams")


def _list(payload: dict[str, Any], name: str) -> list[Any]:
    value = payload.get(name)
    if name not in payload:
        raise EventRefused(f"missing payload field '{name}'")
    if not isinstance(value, list):
        raise EventRefused(f"payload field '{name}' must be a list")
    return value


def _objects(payload: dict[str, Any], name: str,
             check: Callable[[dict[str, Any], str], None]) -> list[dict[str, Any]]:
    """A list field whose entries are objects, each checked with its `name[i].` prefix."""
    entries = _list(payload, name)
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise EventRefused(f"payload field '{name}[{i}]' must be an object")
        check(entry, f"{name}[{i}].")
    return entries


def _texts(*names: str) -> Callable[[dict[str, Any]], None]:
    """A check that each of `names` is a non-empty string."""
    def check(payload: dict[str, Any]) -> None:
        for name in names:
            _text(payload, name)
    return check


def _check_sale(payload: dict[str, Any]) -> None:
    _text(payload, "sale_id")
    _text(payload, "receipt_no")
    _fen(payload, "total_fen")
    _list(payload, "lines")
    for i, payment in enumerate(_list(payload, "payments")):
        where = f"payments[{i}]."
        if not isinstance(payment, dict):
            raise EventRefused(f"payload field 'payments[{i}]' must be an object")
        _text(payment, "method", where)
        _fen(payment, "amount_fen", where)


def _check_refund(payload: dict[str, Any]) -> None:
    for name in ("refund_id", "refund_no", "sale_id", "method"):
        _text(payload, name)
    _fen(payload, "total_fen")


def _check_tender(entry: dict[str, Any], where: str) -> None:
    _text(entry, "method", where)
    _fen(entry, "amount_fen", where, signed=False)


def _check_credit_limit(payload: dict[str, Any]) -> None:
    _text(payload, "villager_id")
    _fen(payload, "credit_limit_fen", signed=False)


def _check_credit_entry(payload: dict[str, Any]) -> None:
    _texts("entry_id", "villager_id", "kind")(payload)
    # Signed: charges are positive, repayments and refunds negative.
    _fen(payload, "amount_fen")


def _check_agency_created(payload: dict[str, Any]) -> None:
    _texts("order_id", "order_no", "villager_id")(payload)
    _fen(payload, "total_fen", signed=False)
    _objects(payload, "collected", _check_tender)


def _check_agency_money(entry: dict[str, Any], where: str) -> None:
    _text(entry, "kind", where)
    if entry["kind"] not in AGENCY_MONEY_KINDS:
        raise EventRefused(f"payload field '{where}kind' must be one of "
                           f"{', '.join(AGENCY_MONEY_KINDS)}")
    _check_tender(entry, where)


def _check_agency_status(payload: dict[str, Any]) -> None:
    _texts("order_id", "order_no", "status")(payload)
    collected = _fen(payload, "collected_fen", signed=False)
    money = _objects(payload, "money", _check_agency_money)
    # At pickup the `collected` entries itemise `collected_fen` by method. If they said
    # something else the hub could not tell which to count, so such an event is refused.
    itemised = sum(m["amount_fen"] for m in money if m["kind"] == "collected")
    if itemised and itemised != collected:
        raise EventRefused(f"the 'collected' money entries add up to {itemised}, "
                           f"not collected_fen {collected}")


def _check_lot_received(payload: dict[str, Any]) -> None:
    _texts("lot_id", "lot_code", "villager_id", "product")(payload)
    _grams(payload, "net_g")


def _check_shipped_lot(entry: dict[str, Any], where: str) -> None:
    _text(entry, "lot_id", where)
    _text(entry, "lot_code", where)
    _grams(entry, "net_g", where)


def _check_shipment(payload: dict[str, Any]) -> None:
    _texts("shipment_id", "manifest_no")(payload)
    _objects(payload, "lots", _check_shipped_lot)


def _check_payout(payload: dict[str, Any]) -> None:
    _texts("settlement_id", "lot_code", "villager_id", "method")(payload)
    _fen(payload, "amount_fen", signed=False)


EVENT_KINDS: dict[str, Callable[[dict[str, Any]], None]] = {
    "sale.completed": _check_sale,
    "refund.completed": _check_refund,
    "villager.added": _texts("villager_id", "name"),
    "villager.credit_limit_set": _check_credit_limit,
    "credit.entry": _check_credit_entry,
    "agency.created": _check_agency_created,
    "agency.status_changed": _check_agency_status,
    "parcel.arrived": _texts("parcel_id", "tracking_no"),
    "parcel.handed_over": _texts("parcel_id", "tracking_no"),
    "lot.received": _check_lot_received,
    "shipment.sent": _check_shipment,
    "lot.spoiled": _texts("lot_id", "lot_code", "reason"),
    "lot.returned": _texts("lot_id", "lot_code", "reason"),
    "payout.made": _check_payout,
}


def check_event(raw: dict[str, Any]) -> Event:
    """Validate one uploaded event whose `event_id` is already known to be a string.

    Raises:
        EventRefused: the event's envelope or payload breaks the protocol; the message
            says why, for the keeper.
    """
    seq = raw.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq <= MAX_SEQ:
        raise EventRefused("seq must be a non-negative integer")
    kind = raw.get("kind")
    if not isinstance(kind, str) or not kind or len(kind) > MAX_KIND:
        raise EventRefused("kind must be a non-empty string")
    created_at = raw.get("created_at")
    if not isinstance(created_at, str) or parse_time(created_at) is None:
        raise EventRefused("created_at must be a UTC ISO-8601 time")
    payload = raw.get("payload")
    if not isinstance(payload, dict):
        raise EventRefused("payload must be an object")
    check = EVENT_KINDS.get(kind)
    if check is None:
        raise EventRefused(f"unknown kind '{kind}'")
    check(payload)
    return Event(raw["event_id"], seq, kind, created_at, payload)
