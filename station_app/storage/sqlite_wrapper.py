"""The one way the station wraps a SQLite connection in sqlite-utils' `Database`."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database


def wrap_connection(conn: sqlite3.Connection) -> Database:
    """`Database(conn)` without sqlite-utils plugins.

    A plugin is any installed package that declares the `sqlite_utils` entry point; its
    `prepare_connection` hook would run on the station's money database (registering SQL
    functions of its own). Finding plugins also reads the metadata of every installed
    distribution, a tenth of the counter's cold start.
    """
    return Database(conn, execute_plugins=False)
