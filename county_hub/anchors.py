"""Audit-chain anchors: the hub keeps each terminal's confirmed chain head, forward only.

A station's audit log is hash-chained, but a chain alone cannot show that its tail was
deleted, or that a row was edited and every later hash recomputed. So at each sync the
station sends its chain head (sequence number and hash) together with the hash its
chain has now at the row the hub confirmed last. The hub confirms the new head only if
that row still has the hash it confirmed: then the new head extends the very chain the
hub already vouched for. Anything else is refused and recorded, for county staff.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from county_hub.errors import HubRefusal, auth_refused, malformed
from county_hub.storage import AnchorHead, AnchorRefusal, HubStore
from village_protocol.limits import MAX_SEQ

MAX_ANCHOR_BODY_BYTES = 4096
TERMINAL_ID = re.compile(r"[A-Za-z0-9-]{1,8}")
HASH = re.compile(r"[0-9a-f]{64}")
_RACE_TRIES = 3
log = logging.getLogger("county_hub")


class AnchorOut(BaseModel):
    """A confirmed chain head."""

    seq: int = Field(description="the audit row's sequence number")
    hash: str = Field(description="that row's hash, 64 lowercase hex")
    confirmed_at: str = Field(description="when the hub confirmed it, UTC ISO-8601")


class AnchorAnswer(BaseModel):
    """The hub's confirmed head for one terminal of the calling station (null: none)."""

    terminal_id: str
    anchor: AnchorOut | None


class PriorIn(BaseModel):
    """The station's row at the hub's last confirmed seq, as the station has it now."""

    seq: int = Field(ge=1, le=MAX_SEQ)
    hash: str | None = Field(description="null when the station no longer has that row")


class AnchorIn(BaseModel):
    """The body of `POST /v1/anchor`."""

    station_id: str = Field(
        pattern=r"^[A-Za-z0-9-]{1,32}$", description="must equal the X-Station-Id header"
    )
    terminal_id: str = Field(
        pattern=r"^[A-Za-z0-9-]{1,8}$", description="the counter PC: each keeps its own chain"
    )
    seq: int = Field(ge=1, le=MAX_SEQ, description="the chain head's sequence number")
    hash: str = Field(pattern=r"^[0-9a-f]{64}$", description="the chain head's hash")
    prior: PriorIn | None = Field(
        description="the row at the hub's confirmed seq (from GET /v1/anchor); null when "
        "the hub has none"
    )


class AnchorRefused(HubRefusal):
    """409 `anchor_refused`: the anchor would move the chain backwards or off its track."""

    def __init__(self, message: str) -> None:
        super().__init__(409, "anchor_refused", message)


@dataclass(frozen=True)
class AnchorRequest:
    """A checked `POST /v1/anchor` body."""

    terminal_id: str
    seq: int
    hash: str
    prior_seq: int | None
    prior_hash: str | None


def _whole(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_SEQ:
        raise malformed(f"{name} must be a whole number from 1 to {MAX_SEQ}")
    return value


def parse_anchor_request(body: bytes, station_id: str) -> AnchorRequest:
    """The anchor a station sends, checked for shape.

    Raises:
        HubRefusal: 400 `malformed`, or 401 `station_mismatch` when the body names
            another station than the signed header.
    """
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise malformed("the body is not UTF-8 JSON") from None
    if not isinstance(data, dict):
        raise malformed("expected an object with station_id, terminal_id, seq, hash, prior")
    if not isinstance(data.get("station_id"), str):
        raise malformed("station_id must be a string")
    if data["station_id"] != station_id:
        raise auth_refused("station_mismatch", "station_id in the body is not X-Station-Id")
    terminal_id = data.get("terminal_id")
    if not isinstance(terminal_id, str) or not TERMINAL_ID.fullmatch(terminal_id):
        raise malformed("terminal_id must be 1-8 letters, digits or '-'")
    digest = data.get("hash")
    if not isinstance(digest, str) or not HASH.fullmatch(digest):
        raise malformed("hash must be 64 lowercase hex characters")
    prior = data.get("prior")
    if prior is None:
        return AnchorRequest(terminal_id, _whole(data.get("seq"), "seq"), digest, None, None)
    if not isinstance(prior, dict):
        raise malformed("prior must be null or an object with seq and hash")
    prior_hash = prior.get("hash")
    if prior_hash is not None and (
        not isinstance(prior_hash, str) or not HASH.fullmatch(prior_hash)
    ):
        raise malformed("prior.hash must be null or 64 lowercase hex characters")
    return AnchorRequest(
        terminal_id,
        _whole(data.get("seq"), "seq"),
        digest,
        _whole(prior.get("seq"), "prior.seq"),
        prior_hash,
    )


def refusal_reason(head: AnchorHead | None, request: AnchorRequest) -> str | None:
    """Why `request` may not follow `head` (None: it may)."""
    if head is None:
        return None  # nothing confirmed yet, nothing to contradict
    confirmed = f"row {head.seq}, confirmed at {head.confirmed_at}"
    if request.seq < head.seq:
        return (
            f"anchor seq {request.seq} is lower than the last confirmed one ({confirmed}): "
            "the station's audit log lost rows, or runs on an older copy"
        )
    if request.seq == head.seq and request.hash != head.hash:
        return (
            f"a different hash at seq {request.seq} than the one confirmed ({confirmed}): "
            "the station's audit log was changed"
        )
    if request.prior_seq != head.seq:
        return (
            f"the station did not show its row {head.seq}: it must send the hash it has "
            f"at the last confirmed seq ({confirmed})"
        )
    if request.prior_hash is None:
        return f"the station no longer has {confirmed}: its audit log lost rows"
    if request.prior_hash != head.hash:
        return (
            f"the station's {confirmed} no longer has the confirmed hash: its audit log "
            "was changed and re-hashed"
        )
    return None


def confirm_anchor(
    store: HubStore, station_id: str, request: AnchorRequest, now: str
) -> AnchorHead:
    """Confirm the station's new chain head, or refuse and record why.

    Sending the head already confirmed confirms it again (a retried request).

    Raises:
        AnchorRefused: the head would move backwards, change a confirmed hash, or not
            extend the confirmed chain.
    """
    for _ in range(_RACE_TRIES):
        head = store.anchor_head(station_id, request.terminal_id)
        restarted = _restart_recovered_chain(store, station_id, head, request, now)
        if restarted is not None:
            return restarted
        reason = refusal_reason(head, request)
        if reason is not None:
            store.record_anchor_refusal(
                AnchorRefusal(
                    station_id, request.terminal_id, request.seq, request.hash, reason, now
                )
            )
            raise AnchorRefused(reason)
        if head is not None and head.seq == request.seq:
            return head
        new = AnchorHead(station_id, request.terminal_id, request.seq, request.hash, now)
        if store.advance_anchor(head, new):
            return new
    # Another request for the same terminal kept moving the head: judge again next sync.
    reason = "the anchor of this terminal moved during the request; sync again"
    store.record_anchor_refusal(
        AnchorRefusal(station_id, request.terminal_id, request.seq, request.hash, reason, now)
    )
    raise AnchorRefused(reason)


def _restart_recovered_chain(
    store: HubStore, station_id: str, head: AnchorHead | None, request: AnchorRequest, now: str
) -> AnchorHead | None:
    """Accept a recovered PC's first anchor as the terminal's new chain, once.

    A PC rebuilt with `main.py recover` announced itself (`POST /v1/recovery`) and starts
    a new audit chain, so it shows no prior row. Only then, and only once per recovery,
    may the confirmed head move to another chain; the old head stays in the recovery's
    row. None: not such a request (judged as usual), or the head moved meanwhile.
    """
    if request.prior_seq is not None:
        return None
    recovery = store.pending_recovery(station_id, request.terminal_id)
    if recovery is None:
        return None
    new = AnchorHead(station_id, request.terminal_id, request.seq, request.hash, now)
    if not store.restart_chain(recovery, head, new):
        return None
    log.warning(
        "station %s terminal %s: recovered PC started a new audit chain at row %d "
        "(old head %s, recovery of %s)",
        station_id,
        request.terminal_id,
        request.seq,
        f"row {head.seq}" if head else "none",
        recovery.recovered_at,
    )
    return new


def anchor_answer(terminal_id: str, head: AnchorHead | None) -> AnchorAnswer:
    """The response body for one terminal's head."""
    return AnchorAnswer(
        terminal_id=terminal_id,
        anchor=None
        if head is None
        else AnchorOut(seq=head.seq, hash=head.hash, confirmed_at=head.confirmed_at),
    )


def request_schema() -> dict[str, Any]:
    """The JSON schema of `AnchorIn` with its nested models written in place.

    The body is read by hand (its signature is checked first), so FastAPI never sees the
    model; an inline schema needs no entry in the document's components.
    """
    schema = AnchorIn.model_json_schema()
    definitions = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return inline(definitions[ref.removeprefix("#/$defs/")])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    result: dict[str, Any] = inline(schema)
    return result
