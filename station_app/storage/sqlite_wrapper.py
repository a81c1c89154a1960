"""The station's handle on one SQLite connection: `Database`, and the one way to make it.

The app uses four things of sqlite-utils' `Database`: `execute`, `query`, `close` and
`atomic` (as a savepoint), over the connection it holds as `conn`. Importing
sqlite-utils (with click, dateutil and pluggy behind it) took about 60 ms of the
counter's cold start, a sixth of what the start spends beyond a bare PySide6 window. So
the station's connections use this handle, which keeps sqlite-utils' transaction
behaviour for those four, and sqlite-utils itself is loaded only to apply migrations
(`storage.migrations`).

No sqlite-utils plugin runs on the station's connections: a package declaring the
`sqlite_utils` entry point could otherwise register SQL functions of its own on the
money database.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

Parameters = Sequence[Any] | Mapping[str, Any]

# Statements that manage the transaction themselves: `execute` must not commit after them.
_TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"})

# Leading blanks and SQL comments, skipped to find a statement's first keyword.
_LEADING = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.DOTALL)


def _first_keyword(sql: str) -> str:
    rest = sql[_LEADING.match(sql).end() :]  # type: ignore[union-attr]  # always matches
    word = re.match(r"[A-Za-z]+", rest)
    return word.group(0).upper() if word else ""


class Database:
    """One connection to the station's database, as the app's modules take it.

    Outside a transaction a writing statement commits at once; inside one (see
    `storage.transaction.write_transaction`) it is part of it. This is the contract
    sqlite-utils' `Database.execute` keeps, on which every caller was written.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Parameters | None = None) -> sqlite3.Cursor:
        """Run one statement; a write outside a transaction is committed before returning."""
        was_in_transaction = self.conn.in_transaction
        try:
            if parameters is None:
                cursor = self.conn.execute(sql)
            else:
                cursor = self.conn.execute(sql, parameters)
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                # The failed write opened an implicit transaction nothing would end,
                # which would then swallow every later write.
                self.conn.rollback()
            raise
        if (
            not was_in_transaction
            and self.conn.in_transaction
            and cursor.description is None
            and _first_keyword(sql) not in _TRANSACTION_CONTROL
        ):
            self.conn.commit()
        return cursor

    def query(self, sql: str, parameters: Parameters | None = None) -> Iterator[dict[str, Any]]:
        """The rows of a SELECT, each as a dict keyed by column name."""
        cursor = self.execute(sql, parameters)
        if cursor.description is None:
            raise ValueError("query() is for statements that return rows; use execute()")
        names = [column[0] for column in cursor.description]
        return (dict(zip(names, row, strict=True)) for row in cursor)

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """Run a block that is undone alone if it fails.

        Inside an open transaction the block is a savepoint; outside one it is a
        deferred transaction of its own.

        The counter's writes go through `storage.transaction.write_transaction`, which
        takes the write lock up front and comes here for its nested case; the deferred
        form serves tests, tools and the bench, which write with nothing else running.
        """
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.rollback()
                raise
            self.conn.commit()
            return
        name = f"station_{secrets.token_hex(8)}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield self
        except BaseException:
            # A RAISE(ROLLBACK) trigger ends the whole transaction, savepoint included:
            # undoing it again would hide the first error behind "no such savepoint".
            if self.conn.in_transaction:
                self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        self.conn.execute(f"RELEASE SAVEPOINT {name}")

    def close(self) -> None:
        """Close the connection (the last one folds the WAL into the file)."""
        self.conn.close()


def wrap_connection(conn: sqlite3.Connection) -> Database:
    """The station's handle on `conn` (no sqlite-utils import, no plugins)."""
    return Database(conn)
