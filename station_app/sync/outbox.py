"""The outbox's delivery side: which events wait for the hub, and what the hub answered.

Business actions write their events in core (station_app/core/outbox.py), inside their
own transaction; this module only reads them and records delivery. Each event is
`queued` until the hub answers for it: `accepted` or `duplicate` make it `delivered`
(for good), `rejected` keeps it aside with the hub's reason until the keeper asks to
send it again. The content of an event never changes (a trigger enforces it),
only its delivery state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Any

from station_app.core.audit import record_audit
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction

MAX_REASON_CHARS = 500


class DeliveryStatus(Enum):
    """Where an outbox event stands with the hub."""

    QUEUED = "queued"
    DELIVERED = "delivered"
    REJECTED = "rejected"


@dataclass(frozen=True, eq=False)
class OutboxEvent:
    """One queued event; `event_id` is the hub's idempotency key.

    Built in memory it holds its payload (`given_payload`); read from the outbox it holds
    the stored text (`payload_json`) and parses it when `payload` is first asked for. The
    upload sends the stored text as it is: parsing every payload of every batch was a
    sixth of the station's upload time.
    """

    seq: int
    event_id: str
    kind: str
    given_payload: dict[str, Any] | None
    created_at: str
    sent_at: str | None
    status: DeliveryStatus = DeliveryStatus.QUEUED
    rejected_reason: str | None = None
    rejected_at: str | None = None
    payload_json: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.given_payload is None and self.payload_json is None:
            raise ValueError("an outbox event needs its payload or its stored text")

    @cached_property
    def payload(self) -> dict[str, Any]:
        """The event's data."""
        if self.given_payload is not None:
            return self.given_payload
        parsed: dict[str, Any] = json.loads(self.payload_json or "")
        return parsed

    def _key(self) -> tuple[Any, ...]:
        return (
            self.seq,
            self.event_id,
            self.kind,
            self.payload,
            self.created_at,
            self.sent_at,
            self.status,
            self.rejected_reason,
            self.rejected_at,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OutboxEvent):
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # its payload is a dict


_COLUMNS = "seq, event_id, kind, payload, created_at, sent_at, status, rejected_reason, rejected_at"


def _event(row: tuple[Any, ...]) -> OutboxEvent:
    return OutboxEvent(
        row[0],
        row[1],
        row[2],
        None,
        row[4],
        row[5],
        DeliveryStatus(row[6]),
        row[7],
        row[8],
        row[3],
    )


def pending_count(db: Database) -> int:
    """How many events wait to be sent: queued ones. Rejected events are counted apart."""
    return int(db.execute("SELECT count(*) FROM outbox WHERE status = 'queued'").fetchone()[0])


def newest_seq(db: Database) -> int:
    """The seq of the newest event (0 if none): every event made after it has a higher one."""
    return int(db.execute("SELECT coalesce(max(seq), 0) FROM outbox").fetchone()[0])


def made_after(db: Database, seq: int) -> int:
    """How many events were made after event `seq`: a range of the newest rows, not a scan."""
    return int(db.execute("SELECT count(*) FROM outbox WHERE seq > ?", [seq]).fetchone()[0])


def rejected_count(db: Database) -> int:
    """How many events the hub refused and the keeper has not sent again yet."""
    return int(db.execute("SELECT count(*) FROM outbox WHERE status = 'rejected'").fetchone()[0])


def pending_events(db: Database, limit: int = 100, after_seq: int = 0) -> list[OutboxEvent]:
    """Queued events with `seq > after_seq`, in sequence order, at most `limit`."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM outbox WHERE status = 'queued' AND seq > ? ORDER BY seq LIMIT ?",
        [after_seq, limit],
    ).fetchall()
    return [_event(r) for r in rows]


def rejected_events(db: Database) -> list[OutboxEvent]:
    """Events the hub refused, oldest first, with the hub's reason."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM outbox WHERE status = 'rejected' ORDER BY seq"
    ).fetchall()
    return [_event(r) for r in rows]


def mark_delivered(db: Database, seq: int, hub_result: str, at: str) -> None:
    """Record that the hub stored event `seq` (`accepted`, or `duplicate` from an earlier try).

    Call inside the batch's transaction. Delivery is final: a delivered event is never
    sent again, and a later answer cannot undo it.
    """
    mark_delivered_many(db, [(hub_result, seq)], at)


def mark_delivered_many(db: Database, results: list[tuple[str, int]], at: str) -> None:
    """`mark_delivered` for each (hub_result, seq) of a batch, in one statement."""
    db.conn.executemany(
        "UPDATE outbox SET status = 'delivered', hub_result = ?, sent_at = coalesce(sent_at, ?), "
        "rejected_reason = NULL, rejected_at = NULL, attempts = attempts + 1 "
        "WHERE seq = ? AND status != 'delivered'",
        [(hub_result, at, seq) for hub_result, seq in results],
    )


def mark_rejected(db: Database, seq: int, reason: str, at: str) -> None:
    """Set event `seq` aside with the hub's `reason`; call inside the batch's transaction."""
    db.execute(
        "UPDATE outbox SET status = 'rejected', rejected_reason = ?, rejected_at = ?, "
        "attempts = attempts + 1 WHERE seq = ? AND status = 'queued'",
        [reason[:MAX_REASON_CHARS], at, seq],
    )


def requeue_rejected(db: Database, at: str, operator_id: str | None = None) -> int:
    """Queue every rejected event again (the keeper's "retry"); returns how many.

    Used after the hub was upgraded to know a new event kind. One transaction with
    its audit row.
    """
    with write_transaction(db):
        seqs = [r[0] for r in db.execute("SELECT seq FROM outbox WHERE status = 'rejected'")]
        if not seqs:
            return 0
        db.execute("UPDATE outbox SET status = 'queued' WHERE status = 'rejected'")
        record_audit(
            db,
            at=at,
            operator_id=operator_id,
            action="outbox.requeued",
            detail={"count": len(seqs), "first_seq": seqs[0], "last_seq": seqs[-1]},
        )
    return len(seqs)
