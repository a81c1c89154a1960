"""The wire format of protocol version 1 (docs/sync-protocol.md): bodies and strict parsing.

The limits are the shared package's (`village_protocol.limits`). Parsing is strict on
purpose: a response that is not exactly what the document promises raises
`HubBadResponse`, and the caller then changes nothing locally.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from station_app.sync.errors import HubBadResponse
from station_app.sync.outbox import OutboxEvent
from village_protocol.limits import (
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_DECOMPRESSED_BYTES,
    PROTOCOL_VERSION,
)
from village_protocol.upload_status import UploadStatus

# A response bigger than this is not a hub answering protocol v1 (500 changes of a few
# kilobytes each stay far below it); reading stops there instead of filling memory.
MAX_RESPONSE_BYTES = 32 * 1024 * 1024

RESULT_ACCEPTED = "accepted"
RESULT_DUPLICATE = "duplicate"
RESULT_REJECTED = "rejected"
_RESULTS = (RESULT_ACCEPTED, RESULT_DUPLICATE, RESULT_REJECTED)


@dataclass(frozen=True)
class EncodedBatch:
    """An upload body: the gzip bytes as sent, and the JSON size before compression."""

    body: bytes
    raw_size: int

    @property
    def fits(self) -> bool:
        """Within both body limits of the protocol."""
        return len(self.body) <= MAX_UPLOAD_BYTES and self.raw_size <= MAX_UPLOAD_DECOMPRESSED_BYTES


@dataclass(frozen=True)
class EventResult:
    """The hub's answer for one uploaded event."""

    event_id: str
    status: str  # accepted | duplicate | rejected
    reason: str | None = None


@dataclass(frozen=True)
class Change:
    """One entry of the station's change feed."""

    cursor: int
    kind: str
    created_at: str
    data: dict[str, Any]


@dataclass(frozen=True)
class ChangePage:
    """One page of the change feed, already checked against the request."""

    changes: tuple[Change, ...]
    next_cursor: int
    has_more: bool


@dataclass(frozen=True)
class HubPing:
    """The unsigned health answer: the hub's clock and protocol version."""

    time: str
    version: int


def encode_batch(
    station_id: str, events: Sequence[OutboxEvent], status: UploadStatus | None = None
) -> EncodedBatch:
    """The gzip JSON body of `POST /v1/events` for `events` (in the given order).

    `status` (app version, queue length, last error) rides along when given; older
    hubs ignore it.
    """
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    # Each event's payload goes in as the outbox stored it (JSON text that core wrote
    # with json.dumps and a trigger keeps unchanged): encoding 200 parsed payloads again
    # for every batch was a third of the station's upload time.
    events_json = ",".join(
        f'{{"event_id":{encode(e.event_id)},"seq":{int(e.seq)},"kind":{encode(e.kind)},'
        f'"created_at":{encode(e.created_at)},'
        f'"payload":{e.payload_json if e.payload_json is not None else encode(e.payload)}}}'
        for e in events
    )
    text = f'{{"station_id":{encode(station_id)},"events":[{events_json}]'
    if status is not None:
        text += f',"status":{encode(status.as_json())}'
    raw = (text + "}").encode("utf-8")
    # mtime=0: the same batch gives the same bytes, which keeps retries easy to compare.
    return EncodedBatch(gzip.compress(raw, compresslevel=6, mtime=0), len(raw))


def _is_int(value: object) -> bool:
    # JSON true/false are ints to Python; a cursor must be a real integer.
    return isinstance(value, int) and not isinstance(value, bool)


def _require(condition: bool, what: str) -> None:
    if not condition:
        raise HubBadResponse(f"unexpected hub response: {what}")


def parse_json(body: bytes) -> Any:
    """Decode a response body as UTF-8 JSON, or raise HubBadResponse."""
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise HubBadResponse(f"hub response is not JSON: {error}") from None


def parse_upload_results(document: Any, events: Sequence[OutboxEvent]) -> list[EventResult]:
    """Check `{"results": [...]}`: one result per event, same order, known statuses."""
    _require(isinstance(document, dict), "upload answer is not an object")
    results = document.get("results")
    _require(isinstance(results, list), "no results list")
    _require(len(results) == len(events), f"{len(results)} results for {len(events)} events")
    parsed = []
    for event, result in zip(events, results, strict=True):
        _require(isinstance(result, dict), "a result is not an object")
        _require(
            result.get("event_id") == event.event_id,
            f"result for {result.get('event_id')!r} where {event.event_id} was expected",
        )
        status = result.get("status")
        _require(status in _RESULTS, f"unknown result status {status!r}")
        reason = result.get("reason")
        if status == RESULT_REJECTED:
            _require(isinstance(reason, str), "a rejection without a reason")
        parsed.append(
            EventResult(event.event_id, str(status), reason if isinstance(reason, str) else None)
        )
    return parsed


def parse_change_page(document: Any, after: int, limit: int) -> ChangePage:
    """Check a change page against the request that asked for it.

    Cursors above `after` and increasing, at most `limit` changes, `next_cursor` the
    last one (or `after` when empty), and a page to follow only after a non-empty one.
    """
    _require(isinstance(document, dict), "change page is not an object")
    changes = document.get("changes")
    next_cursor = document.get("next_cursor")
    has_more = document.get("has_more")
    _require(isinstance(changes, list), "no changes list")
    _require(_is_int(next_cursor), "next_cursor is not an integer")
    _require(isinstance(has_more, bool), "has_more is not true/false")
    _require(len(changes) <= limit, f"{len(changes)} changes for limit {limit}")
    parsed: list[Change] = []
    previous = after
    for entry in changes:
        _require(isinstance(entry, dict), "a change is not an object")
        cursor, kind = entry.get("cursor"), entry.get("kind")
        created_at, data = entry.get("created_at"), entry.get("data")
        _require(
            _is_int(cursor) and cursor > previous, f"cursor {cursor!r} does not follow {previous}"
        )
        _require(isinstance(kind, str) and bool(kind), "a change without a kind")
        _require(isinstance(created_at, str), "a change without created_at")
        _require(isinstance(data, dict), "a change without data")
        parsed.append(Change(cursor, kind, created_at, data))
        previous = cursor
    _require(next_cursor == previous, f"next_cursor {next_cursor} is not {previous}")
    # More to come after an empty page would have the station ask the same page forever.
    _require(not (has_more and not parsed), "has_more with an empty page")
    return ChangePage(tuple(parsed), previous, has_more)


def parse_ping(document: Any) -> HubPing:
    """Check `{"ok": true, "time": ..., "version": 1}`."""
    _require(isinstance(document, dict) and document.get("ok") is True, "ping not ok")
    time, version = document.get("time"), document.get("version")
    _require(isinstance(time, str), "ping without time")
    _require(version == PROTOCOL_VERSION, f"hub speaks protocol version {version!r}")
    return HubPing(str(time), PROTOCOL_VERSION)


def parse_error(document: Any) -> tuple[str | None, str]:
    """`(code, message)` from an error body; `(None, "")` when it has not that shape."""
    if isinstance(document, dict) and isinstance(document.get("error"), dict):
        error = document["error"]
        code = error.get("code")
        message = error.get("message")
        return (
            code if isinstance(code, str) else None,
            message if isinstance(message, str) else "",
        )
    return None, ""
