"""What went wrong with the station database, in words the keeper can act on.

Every edge (the command line, the GUI, the sync job) turns a storage error into
one of these instead of a traceback. Storage knows nothing of core, so these
carry their own Chinese and English text, shaped like core's `StationError`.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path


class StorageFailure(RuntimeError):
    """The station database could not be read or written; says what to do next."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en

    def text(self, language: str = "zh_CN") -> str:
        """The message in `language` ("zh_CN" or "en")."""
        return self.en if language.startswith("en") else self.zh


class DatabaseUnusable(StorageFailure):
    """The file is refused as it is (missing, empty, foreign, damaged); nothing was written."""


class DatabaseTooNew(DatabaseUnusable):
    """The file was written by a newer version of the app; we refuse to touch it."""


def missing(path: Path) -> DatabaseUnusable:
    """No file at `path` and this command may not create one."""
    return DatabaseUnusable(
        f"找不到站点数据库 {path}，请先运行 `main.py init`",
        f"no station database at {path}; run `main.py init` first",
    )


def empty(path: Path) -> DatabaseUnusable:
    """A 0-byte file: refused rather than silently made into an empty station."""
    return DatabaseUnusable(
        f"{path} 是空文件（0 字节），不是站点数据库；请从备份恢复，或删除它后运行 `main.py init`",
        f"{path} is empty (0 bytes), not a station database; restore it from a backup, "
        "or delete it and run `main.py init`",
    )


def not_sqlite(path: Path) -> DatabaseUnusable:
    """Bytes that are not an SQLite database at all."""
    return DatabaseUnusable(
        f"{path} 不是站点数据库（不是 SQLite 文件）；请从备份恢复，或把它移走后运行 `main.py init`",
        f"{path} is not a station database (not an SQLite file); restore it from a backup, "
        "or move it away and run `main.py init`",
    )


def damaged(path: Path | None, detail_zh: str, detail_en: str) -> DatabaseUnusable:
    """An SQLite file that is truncated or malformed."""
    where = path or "站点数据库"
    return DatabaseUnusable(
        f"{where} 已损坏（{detail_zh}）；请从备份恢复",
        f"{path or 'the station database'} is damaged ({detail_en}); restore it from a backup",
    )


def foreign(path: Path) -> DatabaseUnusable:
    """A healthy SQLite file that belongs to some other program."""
    return DatabaseUnusable(
        f"{path} 是其他程序的 SQLite 数据库，不是站点数据库；请用 --data-dir 指向站点的数据文件夹",
        f"{path} is another program's SQLite database, not a station database; "
        "point --data-dir at the station's data folder",
    )


def read_only(path: Path | None) -> StorageFailure:
    """The folder or the file cannot be written by this user."""
    where = path.parent if path else None
    return StorageFailure(
        f"无法写入 {where or '数据文件夹'}（只读或没有权限），本次操作未保存；"
        "请给当前用户该文件夹和 station.db 的写权限，或用 --data-dir 换一个文件夹",
        f"cannot write to {where or 'the data folder'} (read-only or no permission): "
        "nothing was saved; give this user write access to the folder and station.db, "
        "or use --data-dir",
    )


def disk_full() -> StorageFailure:
    """No room left on the disk (or over a size limit)."""
    return StorageFailure(
        "磁盘已满，本次操作未保存；请清理磁盘空间后重试",
        "the disk is full: nothing was saved; free some disk space and try again",
    )


def busy() -> StorageFailure:
    """Another connection held the write lock past the busy timeout."""
    return StorageFailure(
        "站点数据库正被其他程序占用，本次操作未保存；请稍后重试",
        "the station database is busy (another program is writing): "
        "nothing was saved; try again in a moment",
    )


def disk_error(path: Path | None) -> StorageFailure:
    """The operating system failed to read or write the file."""
    where = path or "站点数据库"
    return StorageFailure(
        f"读写 {where} 时磁盘出错，本次操作未保存；请检查磁盘，反复出现请从备份恢复",
        f"disk error reading or writing {path or 'the station database'}: nothing was "
        "saved; check the disk, and restore from a backup if it happens again",
    )


_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS}


def describe(error: BaseException, path: Path | None = None) -> StorageFailure | None:
    """The keeper's wording of a storage error, or None when `error` is not one.

    `path` is the database file, when the caller knows it.
    """
    if isinstance(error, StorageFailure):
        return error
    if isinstance(error, sqlite3.Error):
        return _describe_sqlite(error, path)
    if isinstance(error, OSError):
        if error.errno in _FULL_ERRNOS:
            return disk_full()
        if error.errno in _DENIED_ERRNOS:
            return read_only(Path(error.filename) if error.filename else path)
    return None


def _describe_sqlite(error: sqlite3.Error, path: Path | None) -> StorageFailure:
    name = getattr(error, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_FULL"):
        return disk_full()
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")):
        return read_only(path)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return busy()
    if name.startswith("SQLITE_NOTADB"):
        return not_sqlite(path) if path else damaged(None, "不是数据库文件", "not a database")
    if name.startswith("SQLITE_CORRUPT"):
        return damaged(path, "数据损坏", "malformed")
    if name.startswith("SQLITE_IOERR"):
        return disk_error(path)
    return StorageFailure(
        f"数据库拒绝了这次操作（{error}），未保存；请记下操作步骤并联系技术支持",
        f"the database refused this action ({error}): nothing was saved; note what you "
        "did and contact support",
    )
