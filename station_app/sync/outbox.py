"""The outbox: events the hub must learn about, written in the same transaction as the change."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from station_app.core.ids import uuid7


@dataclass(frozen=True)
class OutboxEvent:
    """One queued event; `event_id` is the hub's idempotency key."""

    seq: int
    event_id: str
    kind: str
    payload: dict[str, Any]
    created_at: str
    sent_at: str | None


def enqueue_event(db: Database, kind: str, payload: dict[str, Any], created_at: str) -> int:
    """Append an event and return its local sequence number.

    Must run inside the caller's transaction so the event commits with the change.
    """
    if not db.conn.in_transaction:
        raise RuntimeError("enqueue_event must run inside the business action's transaction")
    cursor = db.execute(
        "INSERT INTO outbox(event_id, kind, payload, created_at) VALUES (?, ?, ?, ?)",
        [uuid7(), kind, json.dumps(payload, ensure_ascii=False, sort_keys=True), created_at],
    )
    return int(cursor.lastrowid or 0)


def pending_count(db: Database) -> int:
    """How many events still wait for the hub."""
    return int(db.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0])


def pending_events(db: Database, limit: int = 100) -> list[OutboxEvent]:
    """Unsent events in sequence order."""
    rows = db.execute(
        "SELECT seq, event_id, kind, payload, created_at, sent_at FROM outbox "
        "WHERE sent_at IS NULL ORDER BY seq LIMIT ?",
        [limit],
    ).fetchall()
    return [OutboxEvent(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5]) for r in rows]
