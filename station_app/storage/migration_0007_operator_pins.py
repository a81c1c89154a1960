"""Migration 0007: an operator whose PIN must be set before they can sign in."""

from __future__ import annotations

from station_app.storage.migration_support import run_statements
from station_app.storage.sqlite_wrapper import Database

NAME = "0007_operator_pins"


def migrate(db: Database) -> None:
    """`operators.pin_must_change`: 1 for an operator rebuilt from the hub (no PIN yet)."""
    run_statements(
        db,
        [
            # PIN hashes never leave the station, so an operator recovered from the hub
            # has an empty pin_hash and this flag; only set_first_pin / reset_pin clear it.
            "ALTER TABLE operators ADD COLUMN pin_must_change INTEGER NOT NULL DEFAULT 0 "
            "CHECK (pin_must_change IN (0, 1))",
        ],
    )
