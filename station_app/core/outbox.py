"""The outbox's writing side: each business action appends its event in its own transaction.

An event is part of the change it reports, so it is written by core, inside the action's
`write_transaction`, and commits or rolls back with the rows it describes. What goes into
an event is built by `station_app.core.events` (one builder per kind). Reading queued
events, and recording what the hub answered, is the sync package's (its `outbox` module).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from station_app.core.ids import uuid7
from station_app.storage.sqlite_wrapper import Database


@dataclass(frozen=True)
class NewEvent:
    """An event as a business action built it, before the outbox gives it a sequence number."""

    kind: str
    payload: dict[str, Any]


def enqueue_event(db: Database, event: NewEvent, created_at: str) -> int:
    """Append `event` to the outbox and return its local sequence number.

    Must run inside the caller's transaction so the event commits with the change.
    """
    if not db.conn.in_transaction:
        raise RuntimeError("enqueue_event must run inside the business action's transaction")
    cursor = db.execute(
        "INSERT INTO outbox(event_id, kind, payload, created_at) VALUES (?, ?, ?, ?)",
        [
            uuid7(),
            event.kind,
            json.dumps(event.payload, ensure_ascii=False, sort_keys=True),
            created_at,
        ],
    )
    return int(cursor.lastrowid or 0)
