"""Turning an upload body into per-event results: gunzip, parse, validate, store once."""

from __future__ import annotations

import json
import math
import zlib
from typing import Any

from county_hub.errors import auth_refused, malformed, too_large
from county_hub.json_text import load_plain
from county_hub.models import EventResult
from county_hub.protocol import Event, check_event
from county_hub.storage import HubStore
from county_hub.storage.events import LOT_CODE_TAKEN
from village_protocol.events import EventRefused, printable
from village_protocol.limits import (
    MAX_EVENT_ID,
    MAX_EVENTS_PER_BATCH,
    MAX_UPLOAD_DECOMPRESSED_BYTES,
)
from village_protocol.upload_status import UploadStatus, read_upload_status

_CHUNK = 64 * 1024
# The reason starts with its code, `conflict`, so a station or a person can tell it apart.
CONFLICT_REASON = (
    "conflict: the hub already holds another event with this event_id "
    "(different kind, created_at or payload); the first one is kept"
)


def lot_code_taken_reason(event: Event) -> str:
    """Why a second lot with a code the station already used is not stored."""
    return (
        f"duplicate lot code: the hub already holds lot {event.payload.get('lot_code')} "
        "of this station (another lot.received); the first lot keeps the code. Each "
        "counter PC needs its own terminal id"
    )


def gunzip(body: bytes, limit: int = MAX_UPLOAD_DECOMPRESSED_BYTES) -> bytes:
    """Decompress a gzip body without ever holding more than `limit` bytes of output.

    Raises:
        HubRefusal: 400 `malformed` for bad or truncated gzip, 413 `too_large` when the
            output would pass `limit` (a zip bomb stops there).
    """
    out = bytearray()
    data = body
    if not data:
        raise malformed("the body is empty; expected gzip")
    # Concatenated gzip members are legal gzip; each gets its own decompressor.
    while data:
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            while data and not inflater.eof:
                out += inflater.decompress(data, limit + 1 - len(out))
                if len(out) > limit:
                    raise too_large(f"the body is over {limit} bytes once decompressed")
                data = inflater.unconsumed_tail
            while not inflater.eof and len(out) <= limit:
                # Input is used up but output may still be buffered inside zlib.
                more = inflater.decompress(b"", _CHUNK)
                if not more:
                    break
                out += more
        except zlib.error:
            raise malformed("the body is not valid gzip") from None
        if len(out) > limit:
            raise too_large(f"the body is over {limit} bytes once decompressed")
        if not inflater.eof:
            raise malformed("the gzip body is truncated")
        data = inflater.unused_data
    return bytes(out)


# Every byte to "x" but the digits, which become "0": a run of 19 zeros in the image is
# a number (or digits in a string) that may not fit in 64 bits.
_DIGIT_IMAGE = bytes(ord("0") if chr(i).isdigit() and i < 128 else ord("x") for i in range(256))
_LONG_DIGITS = b"0" * len(str(2**63))


def parse_batch(raw: bytes, station_id: str) -> list[dict[str, Any]]:
    """The events of an upload body (already gunzipped); see `parse_upload`."""
    return read_upload(raw, station_id)[0]


def parse_upload(raw: bytes, station_id: str) -> tuple[list[dict[str, Any]], UploadStatus | None]:
    """The events of an upload body (gunzipped) and its `status`; see `read_upload`."""
    events, status, _ = read_upload(raw, station_id)
    return events, status


def read_upload(
    raw: bytes, station_id: str
) -> tuple[list[dict[str, Any]], UploadStatus | None, bool]:
    """The events of an upload body (gunzipped), its `status`, and whether it is plain.

    Each event has an `event_id`.
    The optional `status` keeps only its good fields; it never refuses the batch.
    Plain: no text or number in the body can fail `check_tree` (see `check_event`), so
    validation may skip walking each payload. NUL and lone surrogates reach a string
    only through a backslash-u escape (JSON allows no raw control character), a number past
    64 bits needs 19 digits, and a non-finite one is seen here as it is parsed.

    Raises:
        HubRefusal: 400 `malformed` (bad JSON or shape), 413 `too_large` (over
            200 events), 401 `station_mismatch` (body and header name different stations).
    """
    non_finite: list[str] = []

    def number(text: str) -> float:
        value = float(text)
        if not math.isfinite(value):
            non_finite.append(text)
        return value

    def constant(name: str) -> float:
        # `Infinity` and `NaN` are not JSON; read them as floats so the one event that
        # holds them is rejected (never stored) instead of the whole batch.
        non_finite.append(name)
        return float(name)

    # Checked on the bytes first: only a body free of both may take the fast parser.
    # (A lone backslash is found by memchr; the pair is a slower search.)
    escapes_or_long_digits = (b"\\" in raw and b"\\u" in raw) or _LONG_DIGITS in raw.translate(
        _DIGIT_IMAGE
    )
    batch = None if escapes_or_long_digits else load_plain(raw)
    if batch is None:
        try:
            batch = json.loads(raw.decode("utf-8"), parse_constant=constant, parse_float=number)
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise malformed("the body is not UTF-8 JSON") from None
    if not isinstance(batch, dict) or not isinstance(batch.get("events"), list):
        raise malformed("expected an object with station_id and an events list")
    if not isinstance(batch.get("station_id"), str):
        raise malformed("station_id must be a string")
    if batch["station_id"] != station_id:
        raise auth_refused("station_mismatch", "station_id in the body is not X-Station-Id")
    events = batch["events"]
    if len(events) > MAX_EVENTS_PER_BATCH:
        raise too_large(f"{len(events)} events in one batch; at most {MAX_EVENTS_PER_BATCH}")
    for i, event in enumerate(events):
        # Without an id the hub cannot even say which event it refuses.
        event_id = event.get("event_id") if isinstance(event, dict) else None
        if not isinstance(event_id, str) or not 0 < len(event_id) <= MAX_EVENT_ID:
            raise malformed(f"events[{i}] has no event_id string of 1-{MAX_EVENT_ID} characters")
    plain = not non_finite and not escapes_or_long_digits
    return events, read_upload_status(batch.get("status")), plain


def store_batch(
    store: HubStore,
    station_id: str,
    events: list[dict[str, Any]],
    received_at: str,
    status: UploadStatus | None = None,
    *,
    plain: bool = False,
) -> list[EventResult]:
    """Validate each event and store the good ones once; one result per event, in order.

    An event id the hub already holds with another kind, time or payload (from an earlier
    upload or earlier in this batch) is rejected as a conflict; the first one stays.
    `plain`: the body is plain (see `read_upload`).
    """
    checked: list[Event | str] = []
    for raw in events:
        try:
            checked.append(check_event(raw, plain=plain))
        except EventRefused as refusal:
            checked.append(str(refusal))
    valid = [item for item in checked if isinstance(item, Event)]
    refused = len(checked) - len(valid)
    stored = iter(
        store.store_events(station_id, valid, received_at, refused=refused, status=status)
    )
    results: list[EventResult] = []
    for raw, item in zip(events, checked, strict=True):
        # A malformed id is answered in a form that can be sent back as UTF-8.
        event_id = printable(raw["event_id"])
        if isinstance(item, str):
            results.append(EventResult(event_id=event_id, status="rejected", reason=item))
            continue
        outcome = next(stored)
        if outcome == "conflict":
            results.append(
                EventResult(event_id=event_id, status="rejected", reason=CONFLICT_REASON)
            )
        elif outcome == LOT_CODE_TAKEN:
            results.append(
                EventResult(
                    event_id=event_id, status="rejected", reason=lot_code_taken_reason(item)
                )
            )
        else:
            results.append(
                EventResult(
                    event_id=event_id, status="accepted" if outcome == "accepted" else "duplicate"
                )
            )
    return results
