"""Migration 0002: print jobs (issue: ESC/POS printing)."""

from __future__ import annotations

from station_app.storage.migration_support import run_statements
from station_app.storage.sqlite_wrapper import Database

NAME = "0002_printing"


def migrate(db: Database) -> None:
    """The print queue: every paper the app prints, with its status and last error.

    A job keeps the layout (JSON), not only bytes, so a retry renders it again for the
    printer configured by then; `payload` holds the bytes of the last attempt. Jobs
    are not money records: their status is updated in place.
    """
    run_statements(
        db,
        [
            """CREATE TABLE print_jobs (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL,
                ref TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'printing', 'done', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                last_error TEXT,
                last_error_en TEXT,
                open_drawer INTEGER NOT NULL DEFAULT 0 CHECK (open_drawer IN (0, 1)),
                layout_json TEXT NOT NULL,
                payload BLOB
            )""",
            "CREATE INDEX print_jobs_unfinished ON print_jobs(id) WHERE status != 'done'",
        ],
    )
