"""Small helpers shared by tests."""

from __future__ import annotations

from sqlite_utils import Database

from station_app.storage import open_database


def reopen(db: Database) -> Database:
    """Close a database and open its file again, as after a restart."""
    path = db.execute("PRAGMA database_list").fetchone()[2]
    db.close()
    return open_database(path)


def count(db: Database, table: str) -> int:
    """Rows in a table."""
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
