"""Small helpers shared by tests."""

from __future__ import annotations

import os

import pytest
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


def postgres_server(default: str = "postgresql://postgres@127.0.0.1:5432/postgres") -> str:
    """A reachable PostgreSQL server, as the hub tests find one: skipped when there is none,
    failed instead when $HUB_REQUIRE_POSTGRES is set (as in CI)."""
    psycopg = pytest.importorskip("psycopg")
    server = os.environ.get("HUB_TEST_POSTGRES_URL") or default
    try:
        psycopg.connect(server, connect_timeout=3).close()
    except psycopg.Error as error:
        if os.environ.get("HUB_REQUIRE_POSTGRES"):
            pytest.fail(f"no PostgreSQL at {server}: {error}")
        pytest.skip(f"no PostgreSQL at {server}")
    return server
