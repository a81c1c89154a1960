"""What version 1 of the sync protocol fixes for the hub: limits and the event envelope.

The meaning of each event kind's payload, the money bounds and the carriers come from
the shared `village_protocol` package (the station uses the same). Everything here
mirrors a table in `docs/sync-protocol.md`; change both together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from village_protocol.carriers import CARRIERS
from village_protocol.events import (
    AGENCY_MONEY_KINDS,
    EVENT_KINDS,
    EventRefused,
    check_payload,
    printable,
    text_fault,
)
from village_protocol.money import PAYMENT_METHODS

__all__ = ["AGENCY_MONEY_KINDS", "CARRIERS", "EVENT_KINDS", "PAYMENT_METHODS", "EventRefused",
           "check_event", "printable"]

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
# A request body must arrive within this many seconds of the request's start, so stalled
# uploads cannot hold connections (and file descriptors) open: 2 MiB at 2 Mbit/s is 8 s.
BODY_TIMEOUT_S = 10.0

STATION_ID = re.compile(r"[A-Za-z0-9-]{1,32}")

CHANGE_KINDS = ("product.upsert", "product.retire", "price.change", "notice",
                "parcel.arrived", "lot.settled")

# A `lot.settled` change: `sold` and `rejected` close the lot, `partial` leaves it open.
SETTLEMENT_OUTCOMES = ("sold", "partial", "rejected")
# The station refuses a settlement amount (fen or grams) above this: ¥1,000,000.
MAX_SETTLEMENT_AMOUNT = 100_000_000
MAX_SETTLEMENT_REASON = 100


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




def _envelope_text(raw: dict[str, Any], name: str) -> str | None:
    """The envelope field `name` if it is a string fit to store (no NUL, valid UTF-8)."""
    value = raw.get(name)
    if not isinstance(value, str):
        return None
    fault = text_fault(value)
    if fault:
        raise EventRefused(f"{name} holds {fault}")
    return value


def check_event(raw: dict[str, Any]) -> Event:
    """Validate one uploaded event whose `event_id` is already known to be a string.

    Raises:
        EventRefused: the event's envelope or payload breaks the protocol; the message
            says why, for the keeper.
    """
    event_id = _envelope_text(raw, "event_id")
    assert event_id is not None, "parse_batch checked the event_id"
    seq = raw.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq <= MAX_SEQ:
        raise EventRefused("seq must be a non-negative integer")
    kind = _envelope_text(raw, "kind")
    if not kind or len(kind) > MAX_KIND:
        raise EventRefused("kind must be a non-empty string")
    created_at = _envelope_text(raw, "created_at")
    if created_at is None or parse_time(created_at) is None:
        raise EventRefused("created_at must be a UTC ISO-8601 time")
    payload = raw.get("payload")
    if not isinstance(payload, dict):
        raise EventRefused("payload must be an object")
    check_payload(kind, payload)
    return Event(event_id, seq, kind, created_at, payload)
