"""The embedded engine: one SQLite file, the default for a single county."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BUSY_TIMEOUT_S = 30


class SqliteEngine:
    """Connections to one SQLite file in WAL mode; SQL uses `?` placeholders as written."""

    name = "sqlite"
    serial_pk = "INTEGER PRIMARY KEY AUTOINCREMENT"  # AUTOINCREMENT: never reuse a cursor

    def __init__(self, path: Path) -> None:
        self.path = path

    def connect(self) -> sqlite3.Connection:
        """Open a connection; the caller's pool hands it to one thread at a time."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        conn.execute("PRAGMA journal_mode = WAL")
        # An accepted event is deleted from the station's queue: it must survive a power cut.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def sql(self, text: str) -> str:
        """SQL as the driver wants it (already `?`)."""
        return text

    @contextmanager
    def transaction(self, conn: sqlite3.Connection) -> Iterator[None]:
        """A write transaction; IMMEDIATE takes the write lock up front, so no upgrade deadlock."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def json_text(self, column: str, key: str) -> str:
        """SQL for the text at `key` of the JSON object in `column`."""
        return f"json_extract({column}, '$.{key}')"

    def stream(
        self, conn: sqlite3.Connection, sql: str, params: list[Any], batch: int
    ) -> Iterator[Any]:
        """The rows of a query, `batch` at a time (SQLite steps through them lazily)."""
        cursor = conn.execute(sql, params)
        while rows := cursor.fetchmany(batch):
            yield from rows

    def lock_feed(self, conn: sqlite3.Connection) -> None:
        """Nothing to do: BEGIN IMMEDIATE already serialises every writer."""

    def lock_schema(self, conn: sqlite3.Connection) -> None:
        """Nothing to do: BEGIN IMMEDIATE already serialises every writer."""

    def reusable(self, conn: sqlite3.Connection) -> bool:
        """Whether a connection can go back to the pool."""
        return not conn.in_transaction

    def describe(self) -> str:
        """Where the data lives, for log lines (no credentials in a file path)."""
        return f"sqlite file {self.path}"
