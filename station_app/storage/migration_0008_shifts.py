"""Migration 0008: shifts of a terminal, the cash drawer's pay-ins and pay-outs, its count."""

from __future__ import annotations

from station_app.storage.migration_support import run_statements
from station_app.storage.sqlite_wrapper import Database

NAME = "0008_shifts"


def migrate(db: Database) -> None:
    """`shifts` (opened with a float), `drawer_moves` (pay-in / pay-out), `shift_closes`."""
    run_statements(
        db,
        [
            # A shift row is never updated: its close is a row of its own, so the money
            # figures stay append-only and an open shift is one with no close row.
            """CREATE TABLE shifts (
                id TEXT PRIMARY KEY,
                terminal_id TEXT NOT NULL,
                opened_at TEXT NOT NULL,
                local_date TEXT NOT NULL,
                opened_by TEXT NOT NULL REFERENCES operators(id),
                float_fen INTEGER NOT NULL CHECK (float_fen >= 0)
            )""",
            "CREATE INDEX shifts_terminal ON shifts(terminal_id, opened_at)",
            "CREATE INDEX shifts_day ON shifts(local_date)",
            """CREATE TABLE shift_closes (
                shift_id TEXT PRIMARY KEY REFERENCES shifts(id),
                closed_at TEXT NOT NULL,
                closed_by TEXT NOT NULL REFERENCES operators(id),
                expected_cash_fen INTEGER NOT NULL,
                counted_cash_fen INTEGER NOT NULL CHECK (counted_cash_fen >= 0),
                over_short_fen INTEGER NOT NULL,
                denominations TEXT NOT NULL DEFAULT '{}',
                note TEXT NOT NULL DEFAULT '',
                CHECK (over_short_fen = counted_cash_fen - expected_cash_fen)
            )""",
            """CREATE TABLE drawer_moves (
                id TEXT PRIMARY KEY,
                shift_id TEXT NOT NULL REFERENCES shifts(id),
                kind TEXT NOT NULL CHECK (kind IN ('pay_in', 'pay_out')),
                amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
                reason TEXT NOT NULL CHECK (reason != ''),
                at TEXT NOT NULL,
                operator_id TEXT NOT NULL REFERENCES operators(id)
            )""",
            "CREATE INDEX drawer_moves_shift ON drawer_moves(shift_id)",
        ],
    )
