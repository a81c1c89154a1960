import os
import signal
import subprocess
import sys
import time

import pytest

from station_app.sync.errors import SyncBusy
from station_app.sync.lock import SyncLock

HOLD = """
import sys, time
from pathlib import Path
from station_app.sync.lock import SyncLock
lock = SyncLock(Path(sys.argv[1]))
lock.acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_only_one_holder_at_a_time(tmp_path):
    with SyncLock(tmp_path), pytest.raises(SyncBusy, match=str(os.getpid())):
        SyncLock(tmp_path).acquire()
    with SyncLock(tmp_path):  # released on leaving the block
        pass


def test_the_loser_waits_for_the_holder_within_its_patience(tmp_path):
    first = SyncLock(tmp_path)
    first.acquire()
    started = time.monotonic()
    from threading import Timer

    Timer(0.3, first.release).start()
    with SyncLock(tmp_path, wait_s=5):
        assert 0.2 < time.monotonic() - started < 3


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(SyncBusy, match=f"pid {holder.pid}"):
            SyncLock(tmp_path).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        holder.stdout.close()
    with SyncLock(tmp_path, wait_s=2):
        pass
