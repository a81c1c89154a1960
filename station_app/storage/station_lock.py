"""OS-level locks on files in the station's data folder.

`station.lock` is held by the counter app for its whole run; `sync.lock` by whichever
sync runs (the GUI's background one or the nightly job, see station_app/sync/lock.py).
A restore takes both, without waiting: it must never replace the file under a running
counter or a sync. Both are OS locks (storage.os_lock), which the OS releases when their
holder dies, so a crash never leaves the station locked.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from station_app.storage.failures import StorageFailure
from station_app.storage.os_lock import LockHeld, OsLock

STATION_LOCK_FILE = "station.lock"
SYNC_LOCK_FILE = "sync.lock"


class StationBusy(StorageFailure):
    """Another process (the counter app, a sync, a restore) holds one of the station's locks."""


class StationHold:
    """The counter app's hold on its station: `with hold_station(DIR):` for the whole run.

    While held, `restore_backup` refuses (unless given this very hold), and a second
    counter app on the same folder cannot start.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / STATION_LOCK_FILE
        self._lock = OsLock(self.path)

    def acquire(self) -> StationHold:
        """Take the station lock without waiting.

        Raises:
            StationBusy: another process holds it.
        """
        self.data_dir.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire()
        except LockHeld as held:
            pid = held.holder_pid or "?"
            raise StationBusy(
                f"站点 {self.data_dir} 正被另一个程序使用（进程 {pid}）；请先关闭它再试",
                f"station {self.data_dir} is in use by another program (pid {pid}); "
                "close it and try again",
            ) from None
        return self

    @property
    def held(self) -> bool:
        """Whether this object holds the lock now."""
        return self._lock.is_locked

    def release(self) -> None:
        """Let a restore (or another counter app) in."""
        if self._lock.is_locked:
            self._lock.release()

    def __enter__(self) -> StationHold:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def hold_station(data_dir: Path) -> StationHold:
    """A not-yet-taken hold on the station in `data_dir`; use it as a context manager."""
    return StationHold(data_dir)
