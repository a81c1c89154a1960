"""Opening the station database with the settings every connection must have."""

from __future__ import annotations

import os
import sqlite3
import struct
import sys
from pathlib import Path

from station_app.storage import failures
from station_app.storage.backups import make_backup
from station_app.storage.failures import DatabaseTooNew, DatabaseUnusable
from station_app.storage.migrations import (
    MIGRATION_SET,
    MIGRATIONS_TABLE,
    apply_migrations,
    pending_migrations,
    unknown_migrations,
)
from station_app.storage.sqlite_wrapper import Database, wrap_connection
from station_app.storage.transaction import write_transaction

BUSY_TIMEOUT_MS = 5000
SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 100

__all__ = [
    "BUSY_TIMEOUT_MS",
    "DatabaseTooNew",
    "DatabaseUnusable",
    "check_station_file",
    "connect",
    "open_database",
]


def connect(path: Path | str) -> Database:
    """Open a connection with WAL, full fsync, foreign keys and a busy timeout. No migrations."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    db = wrap_connection(conn)
    # WAL lets the UI read while the sync worker writes; FULL because a power cut at
    # the counter must never lose a sale the keeper was told had completed.
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return db


def open_database(path: Path | str, *, migrate: bool = True, create: bool = True) -> Database:
    """Open the station database and bring its schema up to date.

    Before migrating a file that already existed, a `pre-migration` backup of it is made
    in `DIR/backups/` (storage.backups); if that fails, nothing is migrated.

    Only a missing file is created (and only with `create`). An existing file is first
    checked read-only (`check_station_file`), so a file that is not a station database
    is refused with its bytes untouched.

    Raises:
        DatabaseUnusable: missing (without `create`), empty, not SQLite, damaged, or
            another program's database.
        DatabaseTooNew: the file records migrations this version does not know.
        sqlite3.Error, OSError: the folder is read-only, the disk is full… — see
            `failures.describe` for the keeper's wording.
    """
    path = Path(path)
    existed = path.exists()
    if not existed:
        if not create:
            raise failures.missing(path)
        _create(path)
    check_station_file(path)
    db = connect(path)
    try:
        newer = unknown_migrations(db)
        if newer:
            raise DatabaseTooNew(
                f"数据库 {path} 来自更新版本的软件（未知迁移：{', '.join(newer)}），"
                "请升级本软件后再打开",
                f"database {path} is from a newer app version (unknown migrations: "
                f"{', '.join(newer)}); upgrade this app first",
            )
        if migrate and pending_migrations(db):
            # Under the write lock the pending list cannot go stale: a GUI and a sync
            # starting together on an old file do not both run the same migration.
            with write_transaction(db):
                if existed and pending_migrations(db):
                    # Taken under the write lock, so it is the very file the migration
                    # is about to change: the way back if the new version misbehaves.
                    make_backup(path, path.parent, reason="pre-migration")
                apply_migrations(db)
    except BaseException:
        db.close()
        raise
    return db


def _create(path: Path) -> None:
    """Build a new, fully migrated station under a temporary name, then put it in place.

    So a crash or power cut while creating never leaves a half-made `station.db`
    behind, which the next start would have to refuse as not a station database.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.creating")
    for leftover in (temp, *(temp.with_name(temp.name + end) for end in ("-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
    db = connect(temp)
    try:
        with write_transaction(db):
            apply_migrations(db)
    finally:
        db.close()  # the last connection: the WAL is folded into the file and removed
    try:
        # Neither call replaces a file that appeared meanwhile (another `init`, say):
        # that one is kept and this one dropped.
        if sys.platform == "win32":
            os.rename(temp, path)
        else:
            _link_or_rename(temp, path)
    except FileExistsError:
        pass
    finally:
        temp.unlink(missing_ok=True)


def _link_or_rename(temp: Path, path: Path) -> None:
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links (FAT on a USB stick): a rename, which only
        # a creation in the same instant could race.
        if path.exists():
            raise FileExistsError(path) from None
        os.rename(temp, path)


def check_station_file(path: Path) -> None:
    """Refuse a file that is not a usable station database, without writing anything.

    Checks, in order: not empty, an SQLite header, not shorter than its header says
    (a truncated copy), and a schema that is the station's.

    Raises:
        DatabaseUnusable: saying which of these failed and what to do.
    """
    wal = path.with_name(path.name + "-wal")
    # Pages committed but not yet checkpointed live in the -wal file; a crash right
    # after creation can leave an empty main file whose content is all there.
    live_wal = wal.exists() and wal.stat().st_size > 0
    size = path.stat().st_size
    if size == 0 and not live_wal:
        raise failures.empty(path)
    with path.open("rb") as handle:
        header = handle.read(HEADER_BYTES)
    if size and (len(header) < HEADER_BYTES or not header.startswith(SQLITE_MAGIC)):
        raise failures.not_sqlite(path)
    if size and not live_wal:
        _check_length(path, header, size)
    # A -wal file, even an empty one, may mean another connection is writing right now.
    _check_schema(path, wal.exists())


def _check_length(path: Path, header: bytes, size: int) -> None:
    (raw_page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise failures.damaged(path, "文件头无效", "invalid header")
    change_counter, pages = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    # The header's page count is only authoritative when written by the same change.
    expected = pages * page_size if valid_for == change_counter else size
    if size % page_size or size < expected:
        raise failures.damaged(
            path,
            f"被截断：只有 {size} 字节，应为 {expected} 字节",
            f"truncated: {size} of {expected} bytes",
        )


def _check_schema(path: Path, has_wal: bool) -> None:
    # immutable=1 reads without creating -wal/-shm files, safe while no connection has
    # the file open in WAL mode; otherwise the reader must see the WAL, which exists.
    uri = f"{path.resolve().as_uri()}?mode=ro{'' if has_wal else '&immutable=1'}"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as error:
        raise _refusal(error, path) from None
    try:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if MIGRATIONS_TABLE not in tables:
            raise failures.foreign(path)
        sets = {
            row[0] for row in conn.execute(f"SELECT DISTINCT migration_set FROM {MIGRATIONS_TABLE}")
        }
        # No row at all: our own creation stopped before the first migration committed.
        if sets and MIGRATION_SET not in sets:
            raise failures.foreign(path)
    except sqlite3.Error as error:
        raise _refusal(error, path) from None
    finally:
        conn.close()


def _refusal(error: sqlite3.Error, path: Path) -> Exception:
    name = getattr(error, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_NOTADB"):
        return failures.not_sqlite(path)
    if name.startswith("SQLITE_CORRUPT"):
        return failures.damaged(path, "数据损坏", "malformed")
    return error
