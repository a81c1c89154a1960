"""The PostgreSQL engine, for a county or province with many stations and hub workers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.pq import TransactionStatus

CONNECT_TIMEOUT_S = 10
# Any constant works; it only has to be the same in every hub process.
SCHEMA_LOCK_KEY = 4_772_001


class PostgresEngine:
    """Connections to one PostgreSQL database; `?` placeholders become `%s`."""

    name = "postgresql"
    serial_pk = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"

    def __init__(self, url: str) -> None:
        self.url = url

    def connect(self) -> psycopg.Connection[Any]:
        """Open a connection in autocommit mode; writes use `transaction`."""
        return psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)

    def sql(self, text: str) -> str:
        """Translate the layer's `?` placeholders to psycopg's `%s`."""
        # A literal % would be read as a placeholder by psycopg; the layer never writes one.
        assert "%" not in text, text
        return text.replace("?", "%s")

    @contextmanager
    def transaction(self, conn: psycopg.Connection[Any]) -> Iterator[None]:
        """A transaction that commits on success and rolls back on any error."""
        with conn.transaction():
            yield

    def json_text(self, column: str, key: str) -> str:
        """SQL for the text at `key` of the JSON object in `column` (stored as text)."""
        return f"({column}::jsonb ->> '{key}')"

    def stream(
        self, conn: psycopg.Connection[Any], sql: str, params: list[Any], batch: int
    ) -> Iterator[Any]:
        """The rows of a query through a server-side cursor, `batch` rows per round trip.

        A plain cursor would make the server send, and libpq hold, the whole result at
        once: every payload of every station for the hub's statistics.
        """
        # A server-side cursor lives in a transaction; this one only reads.
        with conn.transaction(), conn.cursor(name="hub_stream") as cursor:
            cursor.itersize = batch
            cursor.execute(sql, params)
            yield from cursor

    def lock_feed(self, conn: psycopg.Connection[Any]) -> None:
        """Serialise writers of the change feed until commit.

        Identity values are taken at insert but become visible at commit; without the lock
        cursor 11 could commit before cursor 10, a station could page past 10 and never
        see it. Readers (ACCESS SHARE) are not blocked by EXCLUSIVE mode.
        """
        conn.execute("LOCK TABLE changes IN EXCLUSIVE MODE")

    def lock_schema(self, conn: psycopg.Connection[Any]) -> None:
        """Let one hub process migrate at a time when several start together."""
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [SCHEMA_LOCK_KEY])

    def reusable(self, conn: psycopg.Connection[Any]) -> bool:
        """Whether a connection is open and idle, so it can go back to the pool."""
        return not conn.closed and conn.info.transaction_status == TransactionStatus.IDLE

    def describe(self) -> str:
        """Where the data lives, for log lines: host and database, never the password."""
        try:
            info = psycopg.conninfo.conninfo_to_dict(self.url)
        except psycopg.Error:
            return "postgresql database (unreadable URL)"
        return (
            f"postgresql database {info.get('dbname', '?')} on "
            f"{info.get('host', 'localhost')}:{info.get('port', 5432)}"
        )
