"""Adding to running sums: many keyed rows in one upsert statement, on both engines.

An upload's figures touch a few rows of each totals table; a statement per row was half
of the statements an upload ran, each a round trip to PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from county_hub.storage.database import HubDatabase

# Parameters per statement stay far below both engines' limits (SQLite 32,766,
# PostgreSQL 65,535) even for a backfill's thousands of rows.
_MAX_PARAMETERS = 5_000


def add_to_rows(
    db: HubDatabase,
    conn: Any,
    table: str,
    key: Sequence[str],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Add each row's `columns` values to the stored row with its `key`, made at zero.

    A row is its key values, then one number per column. Keys must be distinct (one
    statement may not update a row twice on PostgreSQL). Inside `conn`'s write.
    """
    if not rows:
        return
    width = len(key) + len(columns)
    marks = "(" + ", ".join("?" * width) + ")"
    sets = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in columns)
    head = f"INSERT INTO {table}({', '.join([*key, *columns])}) VALUES "
    tail = f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET {sets}"
    per_statement = max(1, _MAX_PARAMETERS // width)
    for start in range(0, len(rows), per_statement):
        part = rows[start : start + per_statement]
        db.run(
            conn,
            head + ", ".join([marks] * len(part)) + tail,
            [value for row in part for value in row],
        )
