"""Helpers the migration modules build their statements with.

Kept apart from `migrations` (the registry, which imports every migration module) so
that a migration module never imports the registry that imports it.
"""

from __future__ import annotations

from station_app.storage.sqlite_wrapper import Database


def run_statements(db: Database, statements: list[str]) -> None:
    """Run DDL statements inside the migration's transaction.

    executescript() would COMMIT that transaction half-way, so they run one by one.
    """
    for statement in statements:
        db.execute(statement)


def append_only_triggers(tables: tuple[str, ...]) -> list[str]:
    """Triggers that refuse UPDATE and DELETE on each of `tables`."""
    return [
        statement
        for table in tables
        for statement in (
            f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
                BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END""",
            f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
                BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END""",
        )
    ]
