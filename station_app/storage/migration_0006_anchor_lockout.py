"""Migration 0006: the audit chain's anchor at the hub, and the sign-in lockout."""

from __future__ import annotations

from station_app.storage.migration_support import run_statements
from station_app.storage.sqlite_wrapper import Database

NAME = "0006_anchor_lockout"


def migrate(db: Database) -> None:
    """The last audit row the hub confirmed; the wrong-PIN streak and its wait."""
    run_statements(
        db,
        [
            # One row: the chain head the hub last confirmed for this terminal. It only
            # moves forward; `verify-audit` checks that the chain still reaches it.
            """CREATE TABLE audit_anchor (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                station_id TEXT NOT NULL,
                terminal_id TEXT NOT NULL,
                seq INTEGER NOT NULL CHECK (seq >= 1),
                hash TEXT NOT NULL,
                confirmed_at TEXT NOT NULL  -- the hub's clock
            )""",
            # One row: wrong PINs in a row and the wait they earned. In the database so
            # that restarting the app does not end a lockout.
            """CREATE TABLE signin_lockout (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
                locked_at TEXT,
                wait_s INTEGER NOT NULL DEFAULT 0 CHECK (wait_s >= 0)
            )""",
            "INSERT INTO signin_lockout(id) VALUES (1)",
        ],
    )
