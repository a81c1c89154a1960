"""One sync at a time per station: an OS-level lock on `DIR/sync.lock`.

The GUI's background sync and the nightly job are separate processes; an OS lock
(fcntl on Linux and macOS, msvcrt on Windows) is released by the OS when its holder
dies, even by SIGKILL or a power cut, so a crash never leaves the station locked.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import IO

from station_app.sync.errors import SyncBusy

LOCK_FILE = "sync.lock"
POLL_S = 0.1


def _try_lock(handle: IO[bytes]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class SyncLock:
    """`with SyncLock(folder, wait_s=…):` holds the station's sync lock or raises SyncBusy.

    The holder's pid is written into the file so the loser can say who holds it.
    """

    def __init__(self, folder: Path, wait_s: float = 0.0) -> None:
        self.path = folder / LOCK_FILE
        self.wait_s = wait_s
        self._handle: IO[bytes] | None = None

    def acquire(self) -> None:
        """Take the lock, polling up to `wait_s` seconds.

        Raises:
            SyncBusy: another process (or another SyncLock here) still holds it.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # "a+b" creates the file without truncating it: the holder's pid stays readable.
        handle = open(self.path, "a+b")  # noqa: SIM115 - held open for the lock's life
        deadline = time.monotonic() + self.wait_s
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                handle.close()
                raise SyncBusy(f"another sync is running (lock {self.path} held by "
                               f"pid {self.holder_pid() or '?'}); try again later")
            time.sleep(POLL_S)
        handle.seek(0)
        handle.truncate()
        # On Windows the first byte is the locked region; the pid goes after it.
        handle.write(f" {os.getpid()}\n".encode("ascii"))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        """Let the next sync in."""
        if self._handle is not None:
            try:
                _unlock(self._handle)
            finally:
                self._handle.close()
                self._handle = None

    def holder_pid(self) -> int | None:
        """The pid written by the current holder, if readable."""
        try:
            text = self.path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return int(text) if text.isdigit() else None

    def __enter__(self) -> SyncLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
