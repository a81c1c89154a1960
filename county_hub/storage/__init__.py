"""Storage for the hub: `open_store(url)` picks SQLite or PostgreSQL from a URL."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from county_hub.storage.anchors import AnchorHead, AnchorRefusal
from county_hub.storage.change_feed import ALL_STATIONS, Change
from county_hub.storage.database import StoreError
from county_hub.storage.lots import Lot
from county_hub.storage.settlements import Settlement
from county_hub.storage.stations import Station
from county_hub.storage.store import HubStore

DEFAULT_DB = "sqlite:///hub.db"
DB_ENV = "COUNTY_HUB_DB"

__all__ = [
    "ALL_STATIONS",
    "DB_ENV",
    "DEFAULT_DB",
    "AnchorHead",
    "AnchorRefusal",
    "Change",
    "HubStore",
    "Lot",
    "Settlement",
    "Station",
    "StoreError",
    "default_db_url",
    "open_store",
]


def default_db_url() -> str:
    """`$COUNTY_HUB_DB`, else `hub.db` in the current directory."""
    return os.environ.get(DB_ENV) or DEFAULT_DB


def sqlite_path(url: str) -> Path:
    """The file of a `sqlite:///relative.db` or `sqlite:////absolute.db` URL, or a bare path.

    Raises:
        StoreError: an empty or in-memory path (the hub must persist what it accepts).
    """
    text = url
    if url.startswith("sqlite:"):
        parts = urlsplit(url)
        if parts.netloc:
            raise StoreError(f"a sqlite URL has no host: use sqlite:///PATH, not {url}")
        # As in SQLAlchemy: three slashes then a relative path, four for an absolute one.
        text = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
    if not text or text == ":memory:":
        raise StoreError("the SQLite database needs a file path, e.g. sqlite:///hub.db")
    return Path(text)


def open_store(url: str, migrate: bool = True) -> HubStore:
    """A store over the database at `url`, its schema created or upgraded.

    `postgresql://user@host:port/dbname` (or `postgres://`) uses PostgreSQL; `sqlite:///PATH`
    or a plain file path uses SQLite.

    Raises:
        StoreError: unknown scheme, a newer schema, or the database cannot be reached.
    """
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme in ("postgresql", "postgres"):
        import psycopg

        from county_hub.storage.postgres import PostgresEngine

        store = HubStore(PostgresEngine(url))
        database_errors: tuple[type[Exception], ...] = (psycopg.Error,)
    elif scheme in ("sqlite", ""):
        import sqlite3

        from county_hub.storage.sqlite import SqliteEngine

        store = HubStore(SqliteEngine(sqlite_path(url)))
        database_errors = (sqlite3.Error, OSError)
    else:
        raise StoreError(f"unknown database URL scheme '{scheme}': use sqlite:/// or postgresql://")
    if migrate:
        try:
            store.migrate()
        except database_errors as error:
            store.close()
            # The driver's message names host and database, never the password.
            detail = " ".join(str(error).split())  # drivers' messages span several lines
            raise StoreError(f"cannot open {store.engine.describe()}: {detail}") from None
        except BaseException:
            store.close()
            raise
    return store
