"""Opening the station database with the settings every connection must have."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from station_app.storage.migrations import MIGRATIONS, unknown_migrations

BUSY_TIMEOUT_MS = 5000


class DatabaseTooNew(RuntimeError):
    """The file was written by a newer version of the app; we refuse to touch it."""


def connect(path: Path | str) -> Database:
    """Open a connection with WAL, full fsync, foreign keys and a busy timeout. No migrations."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    db = Database(conn)
    # WAL lets the UI read while the sync worker writes; FULL because a power cut at
    # the counter must never lose a sale the keeper was told had completed.
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return db


def open_database(path: Path | str, *, migrate: bool = True) -> Database:
    """Open the database and bring its schema up to date.

    Raises:
        DatabaseTooNew: the file records migrations this version does not know.
    """
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = connect(path)
    newer = unknown_migrations(db)
    if newer:
        db.close()
        raise DatabaseTooNew(
            f"数据库 {path} 来自更新版本的软件（未知迁移：{', '.join(newer)}），"
            "请升级本软件后再打开 / database is from a newer app version; upgrade first"
        )
    if migrate:
        MIGRATIONS.apply(db)
    return db
