"""The hub's database: one engine (SQLite or PostgreSQL) behind a small connection pool.

Every store module (stations, nonces, events, lots, the change feed, settlements,
parcels, anchors) writes its SQL once, with `?` placeholders, and runs it through
this layer, so the same code serves both engines.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

MAX_IDLE_CONNECTIONS = 8


class Engine(Protocol):
    """What the layer needs from an engine (see `sqlite.py` and `postgres.py`)."""

    name: str
    serial_pk: str

    def connect(self) -> Any:
        """Open a DB-API connection."""

    def sql(self, text: str) -> str:
        """Translate `?` placeholders to the driver's style."""

    def transaction(self, conn: Any) -> Any:
        """A context manager around one write transaction."""

    def json_text(self, column: str, key: str) -> str:
        """SQL for the text at `key` of the JSON object in `column`."""

    def stream(self, conn: Any, sql: str, params: list[Any], batch: int) -> Iterator[Any]:
        """The rows of a query, fetched `batch` at a time, never all at once."""

    def lock_feed(self, conn: Any) -> None:
        """Serialise change-feed writers until commit."""

    def lock_schema(self, conn: Any) -> None:
        """Serialise migrations across hub processes."""

    def reusable(self, conn: Any) -> bool:
        """Whether a connection may go back to the pool."""

    def describe(self) -> str:
        """Where the data lives, without credentials."""


class StoreError(Exception):
    """A request the store refuses (unknown station, duplicate id, newer schema...)."""


class HubDatabase:
    """Pooled connections to one database.

    Thread-safe: each call borrows a connection, so uvicorn's worker threads never share
    one at the same time.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._idle: list[Any] = []
        self._lock = threading.Lock()

    @contextmanager
    def read(self) -> Iterator[Any]:
        """A connection for reading (autocommit), back to the pool afterwards."""
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self.engine.connect()
        try:
            yield conn
        finally:
            # A connection left broken or mid-transaction by an error is not reused.
            keep = self.engine.reusable(conn)
            with self._lock:
                if keep and len(self._idle) < MAX_IDLE_CONNECTIONS:
                    self._idle.append(conn)
                    conn = None
            if conn is not None:
                conn.close()

    @contextmanager
    def write(self) -> Iterator[Any]:
        """A connection inside one write transaction: committed on success, else rolled back."""
        with self.read() as conn, self.engine.transaction(conn):
            yield conn

    def write_one(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> int:
        """One statement as a transaction of its own; the rows it changed.

        The connections autocommit, so a lone statement commits by itself: as atomic and
        durable as inside `write`, without the round trips of BEGIN and COMMIT (every
        upload records its nonce so).
        """
        with self.read() as conn:
            return int(self.run(conn, sql, params).rowcount)

    def run(self, conn: Any, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> Any:
        """Execute `sql` (with `?` placeholders) on `conn`; returns the driver's cursor."""
        return conn.execute(self.engine.sql(sql), list(params))

    def stream(self, conn: Any, sql: str, params: list[Any], batch: int) -> Iterator[Any]:
        """The rows of a query, `batch` at a time (a server-side cursor on PostgreSQL)."""
        return self.engine.stream(conn, self.engine.sql(sql), params, batch)

    def close(self) -> None:
        """Close the pooled connections."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
