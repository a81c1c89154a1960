"""Request and response shapes of the HTTP API, for `/openapi.json` and the responses.

Uploads are validated by `protocol.check_event` (the payload's meaning by the shared
`village_protocol`), which answers per event; these models
describe the wire format for readers of the OpenAPI document.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from village_protocol.changes import CHANGE_KINDS
from village_protocol.limits import MAX_EVENT_ID, MAX_EVENTS_PER_BATCH, MAX_SEQ


class Ping(BaseModel):
    """The unsigned liveness answer."""

    ok: Literal[True] = True
    time: str = Field(description="the hub's clock, UTC ISO-8601")
    version: int = Field(description="protocol version")


class UploadEvent(BaseModel):
    """One outbox event as the station sends it."""

    event_id: str = Field(
        min_length=1, max_length=MAX_EVENT_ID, description="UUIDv7; the idempotency key per station"
    )
    seq: int = Field(ge=0, le=MAX_SEQ, description="the station's local sequence number")
    kind: str = Field(
        description="one of the protocol's event kinds; another kind is "
        "rejected for that event only"
    )
    created_at: str = Field(description="UTC ISO-8601")
    payload: dict[str, Any]


class UploadBatch(BaseModel):
    """The JSON inside the gzip body of `POST /v1/events`."""

    station_id: str = Field(
        pattern=r"^[A-Za-z0-9-]{1,32}$", description="must equal the X-Station-Id header"
    )
    events: list[UploadEvent] = Field(
        max_length=MAX_EVENTS_PER_BATCH, description="in increasing seq"
    )


class EventResult(BaseModel):
    """What became of one uploaded event."""

    event_id: str
    status: Literal["accepted", "duplicate", "rejected"]
    reason: str | None = Field(
        default=None,
        description="only for rejected events; "
        "`conflict: …` when the event id is already stored with "
        "another kind, created_at or payload",
    )


class UploadResults(BaseModel):
    """One result per uploaded event, in the request's order."""

    results: list[EventResult]


class ChangeOut(BaseModel):
    """One entry of the station's change feed."""

    cursor: int
    kind: str = Field(
        description=", ".join(f"`{kind}`" for kind in CHANGE_KINDS)
        + "; unknown kinds are skipped by the station"
    )
    created_at: str
    data: dict[str, Any]


class ChangesPage(BaseModel):
    """A page of the change feed."""

    changes: list[ChangeOut]
    next_cursor: int = Field(description="the last cursor in the page, or `after` if empty")
    has_more: bool


class ErrorDetail(BaseModel):
    """Machine code and human message of a refusal."""

    code: str = Field(
        description="unknown_station, bad_signature, stale_timestamp, "
        "replayed_nonce, station_mismatch, malformed, timeout, "
        "too_large, not_found, internal"
    )
    message: str


class ErrorBody(BaseModel):
    """The body of every non-2xx response."""

    error: ErrorDetail
