"""Recovery from the hub: a station downloads every event it sent, to rebuild a lost PC.

`GET /v1/events/mine` pages through the calling station's own stored events in the
station's sequence order (only its own: the station comes from the signature).
`POST /v1/recovery` records that the station rebuilt a terminal from them; that lets
the rebuilt PC's new audit chain replace the terminal's confirmed anchor once
(county_hub/anchors.py), and county staff see it in `python -m county_hub anchors`.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, Field

from county_hub.anchors import TERMINAL_ID
from county_hub.errors import auth_refused, malformed
from county_hub.storage import HubStore

MAX_RECOVERY_BODY_BYTES = 1024


class SentEventOut(BaseModel):
    """One event the station sent, as stored."""

    event_id: str
    seq: int = Field(description="the station's outbox sequence number")
    kind: str
    created_at: str
    payload: dict[str, Any]


class MyEventsPage(BaseModel):
    """A page of the calling station's own events, in its seq order."""

    events: list[SentEventOut]
    next_after: int = Field(description="the last seq on this page (`after` when empty)")
    has_more: bool


class RecoveryOut(BaseModel):
    """What the hub recorded about a station's recovery."""

    terminal_id: str
    events: int = Field(description="events of this station the hub holds")
    up_to_seq: int = Field(description="the highest seq among them")
    recovered_at: str


def my_events_page(store: HubStore, station_id: str, after: int, limit: int) -> MyEventsPage:
    """The next page of the station's events after seq `after`."""
    page, has_more = store.events_of_station(station_id, after, limit)
    return MyEventsPage(
        events=[
            SentEventOut(
                event_id=e.event_id,
                seq=e.seq,
                kind=e.kind,
                created_at=e.created_at,
                payload=e.payload,
            )
            for e in page
        ],
        next_after=page[-1].seq if page else after,
        has_more=has_more,
    )


def parse_recovery_request(body: bytes, station_id: str) -> str:
    """The terminal id of a `POST /v1/recovery` body `{station_id, terminal_id}`.

    Raises:
        HubRefusal: 400 `malformed`, or 401 `station_mismatch`.
    """
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise malformed("the body is not UTF-8 JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("station_id"), str):
        raise malformed("expected an object with station_id and terminal_id")
    if data["station_id"] != station_id:
        raise auth_refused("station_mismatch", "station_id in the body is not X-Station-Id")
    terminal_id = data.get("terminal_id")
    if not isinstance(terminal_id, str) or not TERMINAL_ID.fullmatch(terminal_id):
        raise malformed("terminal_id must be 1-8 letters, digits or '-'")
    return terminal_id


def record_recovery(store: HubStore, station_id: str, terminal_id: str, now: str) -> RecoveryOut:
    """Record the recovery with what the hub holds now and the terminal's current head."""
    events, up_to_seq = store.sent_summary(station_id)
    recovery = store.record_recovery(
        station_id, terminal_id, events, up_to_seq, store.anchor_head(station_id, terminal_id), now
    )
    return RecoveryOut(
        terminal_id=terminal_id,
        events=recovery.events,
        up_to_seq=recovery.up_to_seq,
        recovered_at=recovery.recovered_at,
    )
