"""Figures measured in the real GUI, offscreen: scan and search as the keeper types."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlite_utils import Database

from bench.dataset import Dataset
from bench.timing import Figure, summarise
from station_app.core.catalog import get_product
from station_app.core.clock import Clock
from station_app.core.operators import sign_in
from station_app.core.search_terms import pinyin_of
from station_app.core.settings import load_settings
from station_app.core.shifts import open_shift, open_shift_id
from station_app.storage import open_database
from station_app.ui.app import open_counter

ROOT = Path(__file__).resolve().parent.parent


def _ensure_open_shift(db: Database) -> None:
    """Open a shift if none is: with none, signing in asks for the float first.

    The timed sign-ins (here and in the cold start) then go straight to the checkout,
    as a keeper's second sign-in of the day does.
    """
    settings = load_settings(db)
    if open_shift_id(db, settings.terminal_id) is None:
        clock = Clock(settings.tz_offset_min)
        open_shift(db, 20_000, sign_in(db, "1234", clock), settings, clock)


def figures(
    ds: Dataset, samples: int, rng: random.Random, work: Path, options: argparse.Namespace
) -> list[Figure]:
    """Scan and search in the GUI, then cold start and memory in a new process."""
    app = QApplication.instance() or QApplication([])
    db = open_database(ds.path)
    _ensure_open_shift(db)
    window = open_counter(app, db)  # type: ignore[arg-type]
    window.resize(1366, 768)
    window.show()
    QTest.keyClicks(window.signin_view.pin_input, "1234")
    QTest.keyClick(window.signin_view.pin_input, Qt.Key.Key_Return)
    app.processEvents()
    # The sign-in's stock notice is counted on a worker thread: let it finish, so the
    # GUI figures below time the scans and searches alone.
    QThreadPool.globalInstance().waitForDone()
    app.processEvents()
    view = window.checkout_view
    assert view is not None, "sign-in failed"
    scan = view.scan_input
    counted = [code for code in ds.barcodes[:5000]]
    state = {"n": 0}

    def scan_once() -> None:
        if state["n"] % 20 == 0:
            window.checkout.cart.lines.clear()  # a new customer, without timing a sale
        scan.setText(counted[rng.randrange(len(counted))])
        state["n"] += 1
        start = time.perf_counter_ns()
        QTest.keyClick(scan, Qt.Key.Key_Return)
        view.cart_table.viewport().repaint()
        state["last"] = (time.perf_counter_ns() - start) / 1e6

    gui_scan = _timed(scan_once, state, max(100, samples // 2))
    ids = [r[0] for r in db.execute("SELECT id FROM products ORDER BY random() LIMIT 300")]
    queries = []
    for product_id in ids:
        full, initials = pinyin_of(get_product(db, product_id).name)
        queries.append(rng.choice((initials[:3], full[:5])))

    def search_once() -> None:
        query = queries[rng.randrange(len(queries))]
        scan.setText(query[:-1])
        app.processEvents()
        start = time.perf_counter_ns()
        QTest.keyClick(scan, query[-1])
        view.pick_list.viewport().repaint()
        state["last"] = (time.perf_counter_ns() - start) / 1e6

    gui_search = _timed(search_once, state, max(100, samples // 2))
    scan.clear()
    window.close()
    db.close()
    starts, peak_mb = cold_starts(ds.path, options.cold_starts)
    bare_starts, bare_peak_mb = cold_starts(ds.path, options.cold_starts, BARE_START)
    sign_in_ms = _sign_in_ms(ds.path)
    return [
        summarise("scan → row painted (GUI, offscreen)", gui_scan, target=30.0),
        summarise("search keystroke → pick list painted (GUI)", gui_search, target=50.0),
        summarise(
            "cold start to checkout ready (new process)",
            starts,
            target=400.0,
            target_kind="median",
            baseline=statistics.median(bare_starts),
            note=(
                "baseline: a bare PySide6 start on the same file (QApplication, one "
                "product read, a window with a focused line edit; "
                f"{bare_peak_mb:.0f} MB); core sign_in, whose PIN check is a scrypt slow on "
                "purpose (the last operator to sign in first, alone), takes "
                f"{sign_in_ms:.0f} ms of the start"
            ),
        ),
        Figure(
            "peak memory at checkout ready",
            peak_mb,
            peak_mb,
            len(starts),
            unit="MB",
            target=150.0,
            target_kind="median",
        ),
    ]


def _timed(action: object, state: dict, count: int) -> list[float]:  # type: ignore[type-arg]
    durations = []
    for n in range(count + 10):
        action()  # type: ignore[operator]
        if n >= 10:  # warm-up
            durations.append(state["last"])
    return durations


# The counter's own start, to the scan field focused after the clerk's sign-in.
# The keys are sent as QKeyEvents rather than with QtTest, which the app never loads and
# which would add its import (about 10 ms) to the counter's start but not to the baseline.
COUNTER_START = """
import os, resource, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from station_app.storage import open_database
from station_app.ui.app import open_counter
def press(widget, key, text):
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))
app = QApplication([])
window = open_counter(app, open_database(sys.argv[1]))
window.show()
for digit in "1234":
    press(window.signin_view.pin_input, Qt.Key(ord(digit)), digit)
press(window.signin_view.pin_input, Qt.Key.Key_Return, "\\r")
app.processEvents()
assert QApplication.focusWidget() is window.checkout_view.scan_input
"""

# The least a counter on this stack does before the keeper can type: Python, Qt's
# widgets, the SQLite file opened and read, a window shown with a focused input.
BARE_START = """
import os, resource, sqlite3, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow
app = QApplication([])
db = sqlite3.connect(sys.argv[1])
name = db.execute("SELECT name FROM products LIMIT 1").fetchone()[0]
window = QMainWindow()
field = QLineEdit(name)
window.setCentralWidget(field)
window.show()
field.setFocus()
app.processEvents()
"""

# VmHWM is the process's own peak. Linux carries ru_maxrss over from the process that
# spawned it (here the bench, holding the whole dataset), so it reported the bench's size.
READY_LINE = """
try:
    with open("/proc/self/status") as status:
        peak_kib = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("READY", peak_kib, flush=True)
"""


def _sign_in_ms(db_path: Path, runs: int = 5) -> float:
    """Median milliseconds of core `sign_in` (the PIN checked against every operator)."""
    db = open_database(db_path)
    clock = Clock()
    durations = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        sign_in(db, "1234", clock)
        durations.append((time.perf_counter_ns() - start) / 1e6)
    db.close()
    return statistics.median(durations)


def cold_starts(db_path: Path, runs: int, script: str | None = None) -> tuple[list[float], float]:
    """Milliseconds from process start to a focused input, and peak RSS in MB.

    `script` defaults to the counter's own start (COUNTER_START); BARE_START is its
    baseline. Each is timed to its READY line.
    """
    durations, peaks = [], []
    # The installed app ships compiled bytecode; a machine that sets
    # PYTHONDONTWRITEBYTECODE would otherwise compile every module at every start. The
    # first, untimed run writes the bytecode.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for run in range(runs + 1):
        start = time.perf_counter_ns()
        with subprocess.Popen(
            [sys.executable, "-c", (script or COUNTER_START) + READY_LINE, str(db_path)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as child:
            assert child.stdout is not None
            # Timed to the READY line, not to the process's end: what the sign-in starts
            # in the background (the stock notice) may still run while the keeper scans.
            line = child.stdout.readline()
            durations.append((time.perf_counter_ns() - start) / 1e6)
            _, errors = child.communicate(timeout=120)
        if child.returncode != 0 or not line.startswith("READY"):
            raise RuntimeError(f"cold start failed: {errors[-2000:]}")
        if run == 0:
            durations.pop()
            continue
        peaks.append(int(line.split()[1]) / 1024)
    return durations, sorted(peaks)[len(peaks) // 2]
