"""Migration 0003: sync state with the county hub (issue: sync)."""

from __future__ import annotations

from station_app.storage.migration_support import run_statements
from station_app.storage.sqlite_wrapper import Database

NAME = "0003_sync"


def migrate(db: Database) -> None:
    """Delivery state of outbox events, the change-feed cursor, sync history, hub notices."""
    run_statements(
        db,
        [
            # Outbox rows are not money records: their delivery state may change, their
            # content may not. `sent_at` (from 0001) keeps meaning "delivered at".
            """ALTER TABLE outbox ADD COLUMN status TEXT NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'delivered', 'rejected'))""",
            "ALTER TABLE outbox ADD COLUMN hub_result TEXT",  # accepted | duplicate
            "ALTER TABLE outbox ADD COLUMN rejected_reason TEXT",
            "ALTER TABLE outbox ADD COLUMN rejected_at TEXT",
            "ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
            "UPDATE outbox SET status = 'delivered' WHERE sent_at IS NOT NULL",
            "CREATE INDEX outbox_queued ON outbox(seq) WHERE status = 'queued'",
            "CREATE INDEX outbox_rejected ON outbox(seq) WHERE status = 'rejected'",
            """CREATE TRIGGER outbox_content_fixed
                BEFORE UPDATE OF seq, event_id, kind, payload, created_at ON outbox
                BEGIN SELECT RAISE(ABORT, 'outbox events cannot be edited'); END""",
            # An event the hub has stored must never be forgotten or sent as new again.
            """CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
                BEGIN SELECT RAISE(ABORT, 'outbox events cannot be deleted'); END""",
            # One row: where the change feed stands and how the last sync went.
            """CREATE TABLE sync_state (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                cursor INTEGER NOT NULL DEFAULT 0 CHECK (cursor >= 0),
                cursor_station_id TEXT,  -- the feed is per station: whose cursor this is
                last_attempt_at TEXT,
                last_success_at TEXT,
                last_error TEXT
            )""",
            "INSERT INTO sync_state(id) VALUES (1)",
            # The hub secret lives apart from the settings so that listing or auditing
            # settings can never show it.
            """CREATE TABLE hub_credentials (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                secret TEXT NOT NULL,
                provisioned_at TEXT NOT NULL
            )""",
            """CREATE TABLE sync_runs (
                id INTEGER PRIMARY KEY,
                started_at TEXT NOT NULL,
                finished_at TEXT,
                trigger TEXT NOT NULL,
                result TEXT,
                sent INTEGER NOT NULL DEFAULT 0,
                accepted INTEGER NOT NULL DEFAULT 0,
                duplicate INTEGER NOT NULL DEFAULT 0,
                rejected INTEGER NOT NULL DEFAULT 0,
                changes_applied INTEGER NOT NULL DEFAULT 0,
                changes_skipped INTEGER NOT NULL DEFAULT 0,
                error TEXT
            )""",
            # Changes the station could not apply (unknown kind, refused by the catalog
            # rules): the cursor moved past them, so they are kept here for the keeper.
            """CREATE TABLE hub_change_skips (
                cursor INTEGER PRIMARY KEY,
                kind TEXT NOT NULL,
                reason TEXT NOT NULL,
                data TEXT NOT NULL,
                skipped_at TEXT NOT NULL
            )""",
            """CREATE TABLE hub_notices (
                cursor INTEGER PRIMARY KEY,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                created_at TEXT NOT NULL,
                received_at TEXT NOT NULL,
                read_at TEXT
            )""",
        ],
    )
