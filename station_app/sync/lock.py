"""One sync at a time per station: an OS-level lock on `DIR/sync.lock`.

The GUI's background sync and the nightly job are separate processes; an OS lock
(storage.os_lock) is released by the OS when its holder dies, even by SIGKILL or a power
cut, so a crash never leaves the station locked.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from station_app.storage.os_lock import LockHeld, OsLock
from station_app.storage.station_lock import SYNC_LOCK_FILE
from station_app.sync.errors import SyncBusy

LOCK_FILE = SYNC_LOCK_FILE  # the name a restore also takes (storage.station_lock)


class SyncLock:
    """`with SyncLock(folder, wait_s=…):` holds the station's sync lock or raises SyncBusy.

    The holder's pid is written into the file so the loser can say who holds it.
    """

    def __init__(self, folder: Path, wait_s: float = 0.0) -> None:
        self.path = folder / LOCK_FILE
        self._lock = OsLock(self.path, wait_s)

    def acquire(self) -> None:
        """Take the lock, polling up to `wait_s` seconds.

        Raises:
            SyncBusy: another process (or another SyncLock here) still holds it.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire()
        except LockHeld as held:
            raise SyncBusy(
                f"another sync is running (lock {self.path} held by "
                f"pid {held.holder_pid or '?'}); try again later"
            ) from None

    def release(self) -> None:
        """Let the next sync in."""
        self._lock.release()

    def holder_pid(self) -> int | None:
        """The pid written by the current holder, if readable."""
        return self._lock.holder_pid()

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
