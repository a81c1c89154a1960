"""The station's connection handle: sqlite-utils' transaction contract, and no plugins."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from sqlite_utils import Database, hookimpl
from sqlite_utils.plugins import pm

from station_app.storage import open_database
from station_app.storage.sqlite_wrapper import Database as StationDatabase
from station_app.storage.sqlite_wrapper import wrap_connection
from station_app.storage.transaction import write_transaction


class _Plugin:
    """What a package declaring the `sqlite_utils` entry point could do to a connection."""

    @staticmethod
    @hookimpl
    def prepare_connection(conn: sqlite3.Connection) -> None:
        conn.create_function("plugin_was_here", 0, lambda: 1)


@pytest.fixture
def plugin() -> Iterator[None]:
    pm.register(_Plugin, name="test-plugin")
    yield
    pm.unregister(name="test-plugin")


def test_a_registered_plugin_does_reach_a_plain_database(plugin):
    # The plugin is real: sqlite-utils' default runs it on every connection it wraps.
    assert Database(sqlite3.connect(":memory:")).execute("SELECT plugin_was_here()").fetchone()


def test_the_station_database_does_not_run_plugins(plugin, demo_db_path):
    db = open_database(demo_db_path)
    with pytest.raises(sqlite3.OperationalError, match="no such function"):
        db.execute("SELECT plugin_was_here()")
    db.close()


# The handle keeps sqlite-utils' contract for `execute`, which every caller relies on.


@pytest.fixture
def handle(tmp_path) -> Iterator[StationDatabase]:
    db = wrap_connection(sqlite3.connect(tmp_path / "t.db"))
    db.execute("CREATE TABLE t (n INTEGER NOT NULL UNIQUE)")
    yield db
    db.close()


def _rows_seen_elsewhere(handle: StationDatabase) -> list[int]:
    """What another connection sees: only what is committed."""
    (path,) = [row[2] for row in handle.execute("PRAGMA database_list")]
    other = sqlite3.connect(path)
    try:
        return [row[0] for row in other.execute("SELECT n FROM t ORDER BY n")]
    finally:
        other.close()


def test_a_write_outside_a_transaction_is_committed_at_once(handle):
    handle.execute("INSERT INTO t VALUES (?)", [1])
    assert not handle.conn.in_transaction
    assert _rows_seen_elsewhere(handle) == [1]


def test_a_write_inside_a_transaction_waits_for_its_commit(handle):
    with write_transaction(handle):
        handle.execute("INSERT INTO t VALUES (1)")
        assert _rows_seen_elsewhere(handle) == []
    assert _rows_seen_elsewhere(handle) == [1]


def test_a_failed_write_outside_a_transaction_leaves_none_open(handle):
    handle.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.IntegrityError):
        handle.execute("INSERT INTO t VALUES (1)")
    assert not handle.conn.in_transaction
    # Had the failed statement's transaction stayed open, this write would never commit.
    handle.execute("INSERT INTO t VALUES (2)")
    assert _rows_seen_elsewhere(handle) == [1, 2]


def test_query_gives_rows_as_dicts_and_refuses_a_statement_without_rows(handle):
    handle.execute("INSERT INTO t VALUES (7)")
    assert list(handle.query("SELECT n, n * 2 AS twice FROM t WHERE n = ?", [7])) == [
        {"n": 7, "twice": 14}
    ]
    with pytest.raises(ValueError, match="execute"):
        handle.query("UPDATE t SET n = 8")


def test_a_failed_savepoint_undoes_only_its_own_block(handle):
    with write_transaction(handle):
        handle.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(sqlite3.IntegrityError), handle.atomic():
            handle.execute("INSERT INTO t VALUES (2)")
            handle.execute("INSERT INTO t VALUES (1)")
        handle.execute("INSERT INTO t VALUES (3)")
    assert _rows_seen_elsewhere(handle) == [1, 3]


def test_atomic_outside_a_transaction_commits_its_block_whole_or_not_at_all(handle):
    with handle.atomic():
        handle.execute("INSERT INTO t VALUES (1)")
        handle.execute("INSERT INTO t VALUES (2)")
        assert _rows_seen_elsewhere(handle) == []  # not committed a statement at a time
    assert _rows_seen_elsewhere(handle) == [1, 2]
    with pytest.raises(sqlite3.IntegrityError), handle.atomic():
        handle.execute("INSERT INTO t VALUES (3)")
        handle.execute("INSERT INTO t VALUES (1)")
    assert not handle.conn.in_transaction
    assert _rows_seen_elsewhere(handle) == [1, 2]


def test_comments_before_a_transaction_statement_do_not_hide_it(handle):
    handle.execute("-- the keeper's note\n/* and why */ BEGIN IMMEDIATE")
    assert handle.conn.in_transaction  # not committed behind the caller's back
    handle.execute("INSERT INTO t VALUES (5)")
    assert _rows_seen_elsewhere(handle) == []
    handle.conn.commit()
    assert _rows_seen_elsewhere(handle) == [5]
