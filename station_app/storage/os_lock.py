"""An OS-level lock on one file, released by the OS when its holder dies.

flock on Linux and macOS, a lock on byte 0 (LockFileEx, through msvcrt) on Windows. The
OS drops it with the process, even after SIGKILL or a power cut, so a crash never leaves
a station locked. The holder writes its pid after byte 0 (the byte Windows keeps
unreadable while locked) so the one refused can say who holds it.

Our own rather than the `filelock` package: these few lines are all the station needs, and
importing that package cost 15 ms of every cold start (docs/performance.md).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from types import TracebackType

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


POLL_S = 0.1


class LockHeld(Exception):
    """Someone else held the lock for the whole wait."""

    def __init__(self, path: Path, holder_pid: int | None) -> None:
        super().__init__(f"{path} is held by pid {holder_pid or '?'}")
        self.path = path
        self.holder_pid = holder_pid


class OsLock:
    """`with OsLock(path, wait_s=…):` holds the lock on `path`, or raises LockHeld.

    One object is one holder, whichever thread releases it; a second object on the same
    file, in this process or another, is refused while the first holds it. The file stays
    after release, as the next holder's pid's home.
    """

    def __init__(self, path: Path, wait_s: float = 0.0, poll_s: float = POLL_S) -> None:
        self.path = Path(path)
        self.wait_s = wait_s
        self.poll_s = poll_s
        self._fd: int | None = None

    @property
    def is_locked(self) -> bool:
        """Whether this object holds the lock now."""
        return self._fd is not None

    def acquire(self) -> OsLock:
        """Take the lock, trying every `poll_s` for up to `wait_s` seconds.

        Raises:
            LockHeld: another holder kept it all that time.
            OSError: the file cannot be opened (a missing or read-only folder).
        """
        if self._fd is not None:
            return self
        deadline = time.monotonic() + self.wait_s
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            if _try_lock(fd):
                break
            os.close(fd)
            if time.monotonic() >= deadline:
                raise LockHeld(self.path, read_holder_pid(self.path))
            time.sleep(self.poll_s)
        try:
            _write_pid(fd)
        except OSError:
            _unlock(fd)
            os.close(fd)
            raise
        self._fd = fd
        return self

    def release(self) -> None:
        """Let the next holder in; nothing when not held."""
        fd, self._fd = self._fd, None
        if fd is not None:
            try:
                _unlock(fd)
            finally:
                os.close(fd)

    def holder_pid(self) -> int | None:
        """The pid the current holder wrote, if readable."""
        return read_holder_pid(self.path)

    def __enter__(self) -> OsLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _write_pid(fd: int) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, f" {os.getpid()}\n".encode("ascii"))


def read_holder_pid(path: Path) -> int | None:
    """The pid the current holder of `path` wrote into it, if readable."""
    try:
        with open(path, "rb") as handle:
            handle.seek(1)  # past the byte Windows keeps locked
            text = handle.read(32).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None
