"""Migration 0018: the sign-in state remembers who signed in last (issue 17)."""

from __future__ import annotations

from station_app.storage.migration_support import run_statements
from station_app.storage.sqlite_wrapper import Database

NAME = "0018_last_signed_in"


def migrate(db: Database) -> None:
    """`signin_lockout.last_operator_id`: the operator of the last successful sign-in.

    A typed PIN is hashed against that operator's first, alone (`core.operators`): at
    most counters the same keeper signs in day after day, and one hash instead of every
    operator's leaves the PC's other core to build the checkout. NULL until a sign-in.
    """
    run_statements(
        db,
        ["ALTER TABLE signin_lockout ADD COLUMN last_operator_id TEXT REFERENCES operators(id)"],
    )
