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


def stored_definitions(db: Database, table: str, types: tuple[str, ...]) -> list[str]:
    """The CREATE statements of `table` (of the given types), as the file holds them.

    A migration that makes a table again makes its triggers and indexes from these, so
    they come back as every earlier migration left them.
    """
    return [
        row[0]
        for row in db.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? "
            f"AND type IN ({', '.join('?' * len(types))}) AND sql IS NOT NULL "
            "ORDER BY type = 'table' DESC, rowid",
            [table, *types],
        )
    ]
