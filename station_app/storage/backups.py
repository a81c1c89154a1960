"""Backups of the station database and restoring one.

A backup is a consistent copy made with SQLite's online backup API (a snapshot even
while sales are being written), written under a hidden temporary name and renamed
into place, so a copy interrupted half-way never looks like a complete one. Backups
live in `DIR/backups/` as `station-YYYYMMDD-HHMM-REASON.db` (station-local time) and,
when a second folder is configured (the `backup_dir` setting, e.g. a USB stick), are
copied there as well; a missing or unwritable second folder is a warning, never a
failure.

This module imports nothing from `core` (the layers): the audit chain check a restore
needs is passed in by the caller (`core.audit.verify_audit`).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from station_app.storage.failures import DatabaseUnusable, StorageFailure
from station_app.storage.migrations import MIGRATION_NAMES, applied_names
from station_app.storage.os_lock import LockHeld, OsLock
from station_app.storage.sqlite_wrapper import Database, wrap_connection
from station_app.storage.station_lock import (
    STATION_LOCK_FILE,
    SYNC_LOCK_FILE,
    StationBusy,
    StationHold,
    hold_station,
)

BACKUP_FOLDER = "backups"
DATABASE_FILE = "station.db"  # as station_app.paths names it (storage may not import paths)
KEEP_DAILY = 14  # days (the newest backup of each of the 14 latest days with one)
KEEP_MONTHLY = 12  # months (the newest backup of each month before those days)
KEEP_PRE_MIGRATION = 5
REASONS = ("daily", "manual", "pre-migration")
_NAME = re.compile(
    r"^station-(?P<day>\d{8})-(?P<time>\d{4})-(?P<reason>[a-z-]+?)(?:-(?P<n>\d+))?\.db$"
)


class LocalClock(Protocol):
    """What backups need of `core.clock.Clock`: the station's local time."""

    def local(self) -> datetime:
        """Now, station-local, naive."""
        ...


class AuditVerdictLike(Protocol):
    """What a restore needs of `core.audit.AuditVerdict`."""

    @property
    def ok(self) -> bool:
        """Whether the chain is intact."""
        ...

    @property
    def reason(self) -> str:
        """What is wrong (or "ok")."""
        ...


AuditCheck = Callable[[Database], AuditVerdictLike]


@dataclass(frozen=True)
class BackupWarning:
    """Something the keeper should fix, though the backup itself was made."""

    zh: str
    en: str

    def text(self, language: str = "zh_CN") -> str:
        """The warning in `language` ("zh_CN" or "en")."""
        return self.en if language.startswith("en") else self.zh


@dataclass(frozen=True)
class BackupInfo:
    """One backup file. `intact` is None when not checked (listing without checks)."""

    path: Path
    taken_at: datetime  # station-local, from the name
    reason: str
    size: int
    schema_version: int | None  # migrations recorded in the file; None: unreadable
    intact: bool | None
    warnings: tuple[BackupWarning, ...] = field(default=())
    copies: tuple[Path, ...] = field(default=())  # the copy in the second folder, if made

    def as_json(self) -> dict[str, object]:
        """The stable keys of `backups --json`."""
        return {
            "path": str(self.path),
            "taken_at": self.taken_at.isoformat(timespec="minutes"),
            "size_bytes": self.size,
            "schema_version": self.schema_version,
            "intact": self.intact,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class RestoreResult:
    """What `restore_backup` did."""

    restored_from: Path
    database: Path
    replaced: Path | None  # the database it replaced, kept beside it; None: there was none
    schema_version: int


class BackupRefused(StorageFailure):
    """The backup file cannot be restored; nothing was changed."""


def backup_folder(data_dir: Path) -> Path:
    """Where a station's own backups live."""
    return Path(data_dir) / BACKUP_FOLDER


def _local_now(clock: LocalClock | datetime | None) -> datetime:
    if clock is None:
        return datetime.now()
    if isinstance(clock, datetime):
        return clock.replace(tzinfo=None)
    return clock.local()


def make_backup(
    db_path: Path,
    data_dir: Path,
    clock: LocalClock | datetime | None = None,
    *,
    reason: str = "manual",
    second_dir: Path | str | None = None,
    to: Path | None = None,
    retention: bool = True,
) -> BackupInfo:
    """Copy the station database at `db_path` consistently into `DIR/backups/` (or `to`).

    Then applies the retention rules to `DIR/backups/` (not to `to`), and copies the new
    backup into `second_dir` when given: a problem there becomes a warning on the result.

    Raises:
        sqlite3.Error, OSError: the copy could not be made (disk full, read-only…).
    """
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    folder = Path(to) if to is not None else backup_folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    taken = _local_now(clock).replace(second=0, microsecond=0)
    target = _free_name(folder, taken, reason)
    _copy_database(Path(db_path), target)
    info = _describe(target, check=False)
    warnings: list[BackupWarning] = []
    copies: list[Path] = []
    if second_dir:
        copy, warning = _copy_to_second(target, Path(second_dir))
        if copy is not None:
            copies.append(copy)
        if warning is not None:
            warnings.append(warning)
    if retention and to is None:
        apply_retention(folder)
    return BackupInfo(
        info.path,
        info.taken_at,
        info.reason,
        info.size,
        info.schema_version,
        True,  # just copied from a database that opened; `backups` checks it again
        tuple(warnings),
        tuple(copies),
    )


def daily_backup_if_due(
    db_path: Path,
    data_dir: Path,
    clock: LocalClock | datetime | None = None,
    *,
    second_dir: Path | str | None = None,
) -> BackupInfo | None:
    """Make today's daily backup unless `DIR/backups/` has one from today already.

    The first start of the counter app each day calls this (and the `sync` job does too,
    so a station whose counter stayed open overnight still gets one).
    """
    today = _local_now(clock).date()
    if any(
        b.reason == "daily" and b.taken_at.date() == today for b in _scan(backup_folder(data_dir))
    ):
        return None
    return make_backup(db_path, data_dir, clock, reason="daily", second_dir=second_dir)


def list_backups(data_dir: Path, *, check: bool = True) -> list[BackupInfo]:
    """The backups in `DIR/backups/`, oldest first; with `check`, each integrity-checked."""
    return [_describe(b.path, check=check) for b in _scan(backup_folder(data_dir))]


def last_backup_at(data_dir: Path) -> datetime | None:
    """When the newest backup in `DIR/backups/` was taken (station-local), or None."""
    found = _scan(backup_folder(data_dir))
    return found[-1].taken_at if found else None


def second_folder_problem(second_dir: Path | str | None) -> BackupWarning | None:
    """Why backups cannot be copied into the second folder now (None: fine or not set)."""
    if not second_dir:
        return None
    folder = Path(second_dir)
    if not folder.is_dir():
        return BackupWarning(
            f"第二备份位置 {folder} 不存在（U 盘没插上？）；备份只保存在本机",
            f"second backup folder {folder} is missing (USB stick not plugged in?); "
            "backups are kept on this PC only",
        )
    if not os.access(folder, os.W_OK):
        return BackupWarning(
            f"第二备份位置 {folder} 不能写入；请检查 U 盘是否写保护",
            f"second backup folder {folder} is not writable; check the USB stick's write "
            "protection",
        )
    return None


def restore_backup(
    data_dir: Path,
    file: Path,
    *,
    audit_check: AuditCheck,
    held: StationHold | None = None,
    clock: LocalClock | datetime | None = None,
) -> RestoreResult:
    """Put the backup `file` in place of `DIR/station.db`, keeping the replaced one beside it.

    The file is first copied and the copy checked: a station database, `integrity_check`
    ok, no migration newer than this app, and `audit_check` (pass
    `core.audit.verify_audit`) ok. Then the station lock and the sync lock are taken
    without waiting; the counter app restoring passes its own `held` station lock and
    must have closed its connections. `file` itself is never written.

    Raises:
        BackupRefused: the file fails a check; nothing changed.
        StationBusy: the counter app or a sync holds the station; nothing changed.
    """
    data_dir = Path(data_dir)
    file = Path(file)
    if not file.is_file():
        raise BackupRefused(
            f"备份文件 {file} 不存在；请用 `main.py backups` 查看有哪些备份",
            f"backup file {file} does not exist; `main.py backups` lists them",
        )
    database = data_dir / DATABASE_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    candidate = data_dir / f".{DATABASE_FILE}.{os.getpid()}.restoring"
    _remove_with_sidecars(candidate)
    try:
        shutil.copyfile(file, candidate)
        schema_version = _check_restorable(candidate, file, audit_check)
        with _restore_locks(data_dir, held):
            replaced = _set_aside(database, _local_now(clock)) if database.exists() else None
            _fsync(candidate)
            os.replace(candidate, database)
            _fsync_dir(data_dir)
    finally:
        _remove_with_sidecars(candidate)
    return RestoreResult(file, database, replaced, schema_version)


def apply_retention(folder: Path) -> list[Path]:
    """Delete the backups in `folder` the rules no longer keep; return what was deleted.

    Kept: the newest daily-or-manual backup of each of the latest 14 days that have one,
    and every manual one of those days; before those, the newest of each of the latest
    12 months; and the latest 5 pre-migration backups.
    """
    found = _scan(folder)
    keep = {b.path for b in _kept(found)}
    removed = []
    for backup in found:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


# --- the copy ---------------------------------------------------------------------


def _free_name(folder: Path, taken: datetime, reason: str) -> Path:
    stem = f"station-{taken:%Y%m%d-%H%M}-{reason}"
    target = folder / f"{stem}.db"
    n = 2
    while target.exists():
        target = folder / f"{stem}-{n}.db"
        n += 1
    return target


def _copy_database(source: Path, target: Path) -> None:
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    _remove_with_sidecars(partial)
    try:
        # Reads only; an ordinary connection, as a read-only one cannot join a WAL
        # database whose -wal and -shm are absent (closed cleanly).
        src = sqlite3.connect(source, timeout=5)
        try:
            dst = sqlite3.connect(partial)
            try:
                # One step (pages=-1): one read transaction, so one consistent snapshot,
                # while the counter and the sync keep writing (WAL).
                src.backup(dst)
                # A self-contained file: no -wal beside it when opened later.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        _fsync(partial)
        os.replace(partial, target)
        _fsync_dir(target.parent)
    finally:
        _remove_with_sidecars(partial)


def _copy_to_second(backup: Path, second: Path) -> tuple[Path | None, BackupWarning | None]:
    problem = second_folder_problem(second)
    if problem is not None:
        return None, problem
    target = second / backup.name
    partial = second / f".{backup.name}.partial"
    try:
        shutil.copyfile(backup, partial)
        _fsync(partial)
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        return None, BackupWarning(
            f"备份未能复制到 {second}（{error.strerror or error}）；备份只保存在本机",
            f"could not copy the backup to {second} ({error.strerror or error}); "
            "it is kept on this PC only",
        )
    return target, None


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync there
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_with_sidecars(path: Path) -> None:
    for name in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm", "-journal"))):
        name.unlink(missing_ok=True)


# --- reading backups ----------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    path: Path
    taken_at: datetime
    reason: str
    n: int


def _scan(folder: Path) -> list[_Found]:
    """Backups in `folder` by their names, oldest first (temporary names never match)."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if not match or match["reason"] not in REASONS:
            continue
        try:
            taken = datetime.strptime(match["day"] + match["time"], "%Y%m%d%H%M")
        except ValueError:
            continue
        found.append(_Found(path, taken, match["reason"], int(match["n"] or 1)))
    return sorted(found, key=lambda b: (b.taken_at, b.n, b.path.name))


def _kept(found: Iterable[_Found]) -> list[_Found]:
    regular = [b for b in found if b.reason != "pre-migration"]
    pre = [b for b in found if b.reason == "pre-migration"]
    newest_of_day: dict[date, _Found] = {}
    for backup in regular:  # oldest first: the last one of each day wins
        newest_of_day[backup.taken_at.date()] = backup
    days = sorted(newest_of_day, reverse=True)
    kept = [newest_of_day[d] for d in days[:KEEP_DAILY]]
    # A backup the keeper asked for is not dropped the same day by a later one.
    recent = set(days[:KEEP_DAILY])
    kept += [b for b in regular if b.reason == "manual" and b.taken_at.date() in recent]
    newest_of_month: dict[tuple[int, int], _Found] = {}
    for day in sorted(days[KEEP_DAILY:]):
        newest_of_month[(day.year, day.month)] = newest_of_day[day]
    months = sorted(newest_of_month, reverse=True)
    kept += [newest_of_month[m] for m in months[:KEEP_MONTHLY]]
    return kept + pre[-KEEP_PRE_MIGRATION:]


def _describe(path: Path, *, check: bool) -> BackupInfo:
    match = _NAME.match(path.name)
    assert match is not None
    taken = datetime.strptime(match["day"] + match["time"], "%Y%m%d%H%M")
    schema, intact = _inspect(path, check=check)
    return BackupInfo(path, taken, match["reason"], path.stat().st_size, schema, intact)


def _read_only(path: Path) -> sqlite3.Connection:
    # immutable: a backup is never written to, not even a -shm beside it.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def _inspect(path: Path, *, check: bool) -> tuple[int | None, bool | None]:
    try:
        conn = _read_only(path)
    except sqlite3.Error:
        return None, False if check else None
    try:
        try:
            schema: int | None = _schema_version(conn)
        except sqlite3.Error:
            schema = None
        if not check:
            return schema, None
        try:
            intact = _integrity_ok(conn)
        except sqlite3.Error:
            intact = False
        return schema, intact and schema is not None
    finally:
        conn.close()


def _applied(conn: sqlite3.Connection) -> list[str]:
    return applied_names(conn)


def _schema_version(conn: sqlite3.Connection) -> int:
    return len(_applied(conn))


def _integrity_ok(conn: sqlite3.Connection) -> bool:
    rows = conn.execute("PRAGMA integrity_check").fetchall()
    return [tuple(r) for r in rows] == [("ok",)]


# --- restoring ----------------------------------------------------------------------


def _check_restorable(candidate: Path, file: Path, audit_check: AuditCheck) -> int:
    from station_app.storage.database import check_station_file

    try:
        check_station_file(candidate)
    except DatabaseUnusable as refused:
        raise BackupRefused(
            f"备份 {file} 不能恢复：{refused.zh}；请换一个备份（`main.py backups`）",
            f"backup {file} cannot be restored: {refused.en}; choose another one "
            "(`main.py backups`)",
        ) from None
    try:
        conn = _read_only(candidate)
        try:
            intact = _integrity_ok(conn)
            applied = _applied(conn)
        finally:
            conn.close()
    except sqlite3.Error as error:
        intact, applied = False, []
        detail = str(error)
    else:
        detail = "integrity_check"
    if not intact:
        raise BackupRefused(
            f"备份 {file} 已损坏（{detail} 未通过），未恢复；请换一个备份（`main.py backups`）",
            f"backup {file} is damaged ({detail} failed); nothing restored; choose another "
            "one (`main.py backups`)",
        )
    newer = [name for name in applied if name not in MIGRATION_NAMES]
    if newer:
        raise BackupRefused(
            f"备份 {file} 来自更新版本的软件（未知迁移：{', '.join(newer)}）；请先升级本软件",
            f"backup {file} is from a newer app version (unknown migrations: "
            f"{', '.join(newer)}); upgrade this app first",
        )
    conn = _read_only(candidate)
    try:
        verdict = audit_check(wrap_connection(conn))
    except sqlite3.Error as error:
        raise BackupRefused(
            f"备份 {file} 的审计记录无法读取（{error}）；请换一个备份",
            f"backup {file}: the audit log cannot be read ({error}); choose another one",
        ) from None
    finally:
        conn.close()
    if not verdict.ok:
        raise BackupRefused(
            f"备份 {file} 的审计链不完整（{verdict.reason}），未恢复；请换一个备份",
            f"backup {file} fails the audit chain check ({verdict.reason}); nothing "
            "restored; choose another one",
        )
    return len(applied)


class _restore_locks:  # noqa: N801 - used as a `with` statement, like a function
    """The station lock (unless `held`) and the sync lock, both without waiting."""

    def __init__(self, data_dir: Path, held: StationHold | None) -> None:
        self.held = held if held is not None and held.held else None
        self.station = OsLock(data_dir / STATION_LOCK_FILE)
        self.sync = OsLock(data_dir / SYNC_LOCK_FILE)

    def __enter__(self) -> None:
        if self.held is None:
            try:
                self.station.acquire()
            except LockHeld as held:
                raise self._busy(held, "收银程序", "the counter app") from None
        try:
            self.sync.acquire()
        except LockHeld as held:
            self._release_station()
            raise self._busy(held, "同步", "a sync") from None

    def __exit__(self, *exc: object) -> None:
        if self.sync.is_locked:
            self.sync.release()
        self._release_station()

    def _release_station(self) -> None:
        if self.station.is_locked:
            self.station.release()

    def _busy(self, held: LockHeld, who_zh: str, who_en: str) -> StationBusy:
        pid = held.holder_pid or "?"
        return StationBusy(
            f"{who_zh}正在使用本站点（进程 {pid}），未恢复；请先关闭收银程序或等同步结束再试",
            f"{who_en} is using this station (pid {pid}); nothing restored; close the "
            "counter app or wait for the sync to finish, then try again",
        )


def _set_aside(database: Path, now: datetime) -> Path:
    """Rename the current database to `station.db.replaced-YYYYMMDD-HHMMSS` (with its WAL)."""
    try:
        # Fold committed pages still in the -wal into the file, so the kept copy is one
        # file; a damaged database (the usual reason to restore) may refuse: then its
        # -wal is kept beside it instead.
        conn = sqlite3.connect(database, timeout=1)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.Error:
        pass
    kept = database.with_name(f"{database.name}.replaced-{now:%Y%m%d-%H%M%S}")
    n = 2
    while kept.exists():
        kept = database.with_name(f"{database.name}.replaced-{now:%Y%m%d-%H%M%S}-{n}")
        n += 1
    os.replace(database, kept)
    for end in ("-wal", "-shm"):
        sidecar = database.with_name(database.name + end)
        if sidecar.exists():
            if end == "-wal" and sidecar.stat().st_size:
                os.replace(sidecar, kept.with_name(kept.name + end))
            else:
                sidecar.unlink(missing_ok=True)
    return kept


__all__ = [
    "BACKUP_FOLDER",
    "AuditCheck",
    "BackupInfo",
    "BackupRefused",
    "BackupWarning",
    "RestoreResult",
    "StationBusy",
    "StationHold",
    "apply_retention",
    "backup_folder",
    "daily_backup_if_due",
    "hold_station",
    "last_backup_at",
    "list_backups",
    "make_backup",
    "restore_backup",
    "second_folder_problem",
]
