"""Small helpers shared by tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from station_app.storage import open_database

ROOT = Path(__file__).resolve().parents[1]


def run_python(
    script: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`script` in a new interpreter at the repository root, without a display.

    For what one process keeps for its whole life (the modules a start loaded, a
    frozen collector) and a test process cannot give back.
    """
    base = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=base | (env or {}),
        capture_output=True,
        text=True,
        timeout=120,
    )


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
