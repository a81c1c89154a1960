"""No sqlite-utils plugin installed on the machine runs on the station's database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from sqlite_utils import Database, hookimpl
from sqlite_utils.plugins import pm

from station_app.storage import open_database


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
