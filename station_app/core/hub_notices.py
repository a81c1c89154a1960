"""The county hub's notices as the keeper reads them: newest first, unread counted.

`hub_changes` stores them as the change feed brings them; this module only reads and
marks them, so the main window can show its unread count without loading the appliers.
"""

from __future__ import annotations

from dataclasses import dataclass

from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction


@dataclass(frozen=True)
class HubNotice:
    """A notice from the county hub, shown on the sync page."""

    cursor: int
    title: str
    body: str
    created_at: str
    read_at: str | None


def recent_notices(db: Database, limit: int = 50) -> list[HubNotice]:
    """The newest hub notices first."""
    rows = db.execute(
        "SELECT cursor, title, body, created_at, read_at FROM hub_notices "
        "ORDER BY cursor DESC LIMIT ?",
        [limit],
    ).fetchall()
    return [HubNotice(*row) for row in rows]


def unread_notice_count(db: Database) -> int:
    """How many hub notices the keeper has not seen on the sync page yet."""
    return int(db.execute("SELECT count(*) FROM hub_notices WHERE read_at IS NULL").fetchone()[0])


def mark_notices_read(db: Database, at: str) -> int:
    """Mark every unread notice read; returns how many were unread."""
    with write_transaction(db):
        return db.execute("UPDATE hub_notices SET read_at = ? WHERE read_at IS NULL", [at]).rowcount
