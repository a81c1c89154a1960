"""What the station knows of its link without asking the hub: queue, rejects, last run.

Apart from `sync_job` so that the counter app's start (status bar, sync page) reads it
without importing the sync itself and its HTTP stack.
"""

from __future__ import annotations

from dataclasses import dataclass

from station_app.core.settings import load_settings
from station_app.storage.sqlite_wrapper import Database
from station_app.sync.outbox import pending_count, rejected_count


@dataclass(frozen=True)
class SyncStatus:
    """The station's sync state as `sync --status` and the status bar show it."""

    linked: bool
    station_id: str
    hub_url: str
    queued: int
    rejected: int
    cursor: int
    last_attempt_at: str | None
    last_success_at: str | None
    last_error: str | None


def sync_status(db: Database) -> SyncStatus:
    """Queue length, rejected events, last success and last error, without touching the hub."""
    settings = load_settings(db)
    linked = (
        bool(settings.hub_url)
        and db.execute("SELECT 1 FROM hub_credentials WHERE id = 1").fetchone() is not None
    )
    cursor, attempt, success, error = db.execute(
        "SELECT cursor, last_attempt_at, last_success_at, last_error FROM sync_state WHERE id = 1"
    ).fetchone()
    return SyncStatus(
        linked,
        settings.station_id,
        settings.hub_url,
        pending_count(db),
        rejected_count(db),
        cursor,
        attempt,
        success,
        error,
    )
