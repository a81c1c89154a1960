"""One sync at a time per station: an OS-level lock on `DIR/sync.lock`.

The GUI's background sync and the nightly job are separate processes; an OS lock
(`filelock`: flock on Linux and macOS, LockFileEx on byte 0 on Windows) is released
by the OS when its holder dies, even by SIGKILL or a power cut, so a crash never
leaves the station locked.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

from filelock import FileLock, Timeout

from station_app.storage.station_lock import SYNC_LOCK_FILE
from station_app.sync.errors import SyncBusy

LOCK_FILE = SYNC_LOCK_FILE  # the name a restore also takes (storage.station_lock)
POLL_S = 0.1


def _write_pid(fd: int) -> None:
    # Byte 0 is the region Windows locks (unreadable to others while held): a space
    # there, the pid after it, so the loser can still read who holds the lock.
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, f" {os.getpid()}\n".encode("ascii"))


class SyncLock:
    """`with SyncLock(folder, wait_s=…):` holds the station's sync lock or raises SyncBusy.

    The holder's pid is written into the file so the loser can say who holds it.
    """

    def __init__(self, folder: Path, wait_s: float = 0.0) -> None:
        self.path = folder / LOCK_FILE
        self.wait_s = wait_s
        # The file stays after release (as the pid's home); one SyncLock object is one
        # holder, whichever thread releases it.
        self._lock = FileLock(
            self.path,
            timeout=wait_s,
            poll_interval=POLL_S,
            thread_local=False,
            preserve_lock_file=True,
            on_acquired=_write_pid,
        )

    def acquire(self) -> None:
        """Take the lock, polling up to `wait_s` seconds.

        Raises:
            SyncBusy: another process (or another SyncLock here) still holds it.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire()
        except Timeout:
            raise SyncBusy(
                f"another sync is running (lock {self.path} held by "
                f"pid {self.holder_pid() or '?'}); try again later"
            ) from None

    def release(self) -> None:
        """Let the next sync in."""
        if self._lock.is_locked:
            self._lock.release()

    def holder_pid(self) -> int | None:
        """The pid written by the current holder, if readable."""
        try:
            with open(self.path, "rb") as handle:
                handle.seek(1)  # past the byte Windows keeps locked
                text = handle.read(32).decode("ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return int(text) if text.isdigit() else None

    def __enter__(self) -> SyncLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
