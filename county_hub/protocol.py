"""The hub's side of the event envelope: checking one uploaded event before it is stored.

What each event kind's payload must mean, the change kinds, the money bounds, the
carriers and every numeric limit of the protocol come from the shared `village_protocol`
package, which the station imports too; `docs/sync-protocol.md` describes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from village_protocol.events import EVENT_KINDS, EventRefused, check_payload, text_fault
from village_protocol.limits import MAX_KIND, MAX_SEQ, MAX_STATION_ID

STATION_ID = re.compile(rf"[A-Za-z0-9-]{{1,{MAX_STATION_ID}}}")


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


def check_event(raw: dict[str, Any], *, plain: bool = False) -> Event:
    """Validate one uploaded event whose `event_id` is already known to be a string.

    `plain`: the event comes from a body in which no text or number can fail
    `check_tree` (see `upload.read_upload`), so that walk over its payload is skipped;
    every other check still runs.

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
    check = EVENT_KINDS.get(kind) if plain else None
    if check is not None:
        check(payload)
    else:
        check_payload(kind, payload)  # also the message for an unknown kind
    return Event(event_id, seq, kind, created_at, payload)
