"""The hub's audit log of county operators: who changed what, and when. Append-only.

`write_action` adds a row inside the caller's write transaction, so a change and its
record commit together; console pages and admin commands use it for every change
they make (accounts, stations, settlements, parcels, catalog, notices).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from county_hub.json_text import dump_json
from county_hub.storage.database import HubDatabase


@dataclass(frozen=True)
class AuditEntry:
    """One recorded operator action."""

    id: int
    at: str
    user_name: str
    action: str
    target: str
    detail: dict[str, Any]


def write_action(
    db: HubDatabase,
    conn: Any,
    at: str,
    user_name: str,
    action: str,
    target: str,
    detail: dict[str, Any],
) -> None:
    """Record `user_name` did `action` (e.g. `station.disabled`) to `target`, in `conn`'s write.

    `detail` is JSON with the figures that matter; never a password, secret or token.
    """
    db.run(
        conn,
        "INSERT INTO console_audit(at, user_name, action, target, detail) VALUES (?,?,?,?,?)",
        [at, user_name, action, target, dump_json(detail)],
    )


@dataclass(frozen=True)
class AuditNote:
    """An operator's change to record with it: who, what (`lot.settled`), to what, figures.

    Store operations that make a change take one (`audit=`) and write it in the change's
    own transaction; None (a test, a migration) records nothing.
    """

    user_name: str
    action: str
    target: str
    detail: dict[str, Any]


def write_note(db: HubDatabase, conn: Any, at: str, note: AuditNote | None) -> None:
    """`write_action` for a note, if there is one."""
    if note is not None:
        write_action(db, conn, at, note.user_name, note.action, note.target, note.detail)


class ConsoleAudit:
    """Reading the `console_audit` table."""

    def __init__(self, db: HubDatabase) -> None:
        self._db = db

    def record(
        self, at: str, user_name: str, action: str, target: str, detail: dict[str, Any]
    ) -> None:
        """Record an action in a transaction of its own (when no other change goes with it)."""
        with self._db.write() as conn:
            write_action(self._db, conn, at, user_name, action, target, detail)

    def recent(self, limit: int, offset: int = 0, target: str | None = None) -> list[AuditEntry]:
        """The newest entries first, optionally only those about `target`."""
        where, params = ("WHERE target = ?", [target]) if target else ("", [])
        with self._db.read() as conn:
            rows = self._db.run(
                conn,
                "SELECT id, at, user_name, action, target, detail FROM console_audit "
                f"{where} ORDER BY id DESC LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        return [AuditEntry(int(r[0]), r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]
