import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from station_app.storage.os_lock import LockHeld, OsLock, read_holder_pid

ROOT = Path(__file__).resolve().parents[2]

HOLD = """
import sys, time
from pathlib import Path
from station_app.storage.os_lock import OsLock
OsLock(Path(sys.argv[1])).acquire()
print("held", flush=True)
time.sleep(60)
"""


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_a_second_holder_in_this_process_is_refused_with_the_holders_pid(tmp_path):
    path = tmp_path / "x.lock"
    with OsLock(path) as first:
        assert first.is_locked
        with pytest.raises(LockHeld) as refused:
            OsLock(path).acquire()
        assert refused.value.holder_pid == os.getpid()
        assert str(os.getpid()) in str(refused.value)
    assert not first.is_locked
    with OsLock(path):  # free again once released
        pass


def test_acquiring_again_or_releasing_twice_changes_nothing(tmp_path):
    lock = OsLock(tmp_path / "x.lock")
    lock.acquire()
    lock.acquire()
    assert lock.is_locked
    lock.release()
    lock.release()
    assert not lock.is_locked
    assert OsLock(tmp_path / "x.lock").acquire().is_locked


def test_the_file_stays_after_release_and_names_the_last_holder(tmp_path):
    path = tmp_path / "x.lock"
    with OsLock(path):
        assert read_holder_pid(path) == os.getpid()
    assert path.exists()
    assert path.read_bytes() == f" {os.getpid()}\n".encode()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts /proc/self/fd")
def test_refused_attempts_leave_no_file_open(tmp_path):
    path = tmp_path / "x.lock"
    with OsLock(path):
        before = _open_fds()
        for _ in range(50):
            with pytest.raises(LockHeld):
                OsLock(path).acquire()
        assert _open_fds() == before
    assert _open_fds() == before - 1


def test_the_loser_polls_until_the_holder_lets_go_within_its_wait(tmp_path):
    path = tmp_path / "x.lock"
    first = OsLock(path).acquire()
    threading.Timer(0.3, first.release).start()
    started = time.monotonic()
    with OsLock(path, wait_s=5, poll_s=0.05):
        assert 0.2 < time.monotonic() - started < 3


def test_a_wait_that_runs_out_is_refused(tmp_path):
    path = tmp_path / "x.lock"
    with OsLock(path):
        started = time.monotonic()
        with pytest.raises(LockHeld):
            OsLock(path, wait_s=0.3, poll_s=0.05).acquire()
        assert time.monotonic() - started >= 0.3


def test_a_missing_folder_is_an_os_error_not_a_held_lock(tmp_path):
    with pytest.raises(FileNotFoundError):
        OsLock(tmp_path / "nowhere" / "x.lock").acquire()


def test_another_process_is_refused_and_a_killed_holder_leaves_no_stale_lock(tmp_path):
    path = tmp_path / "x.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockHeld) as refused:
            OsLock(path).acquire()
        assert refused.value.holder_pid == holder.pid
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        if holder.stdout is not None:
            holder.stdout.close()
    with OsLock(path, wait_s=2):
        assert read_holder_pid(path) == os.getpid()
