"""Reports are built off the UI thread: progress shows, the counter keeps going, newer wins."""

import threading
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTimer

from station_app.core.period_report import build_period_report
from station_app.core.simulation import simulate
from station_app.ui.common.print_queue import PrintQueue, database_file
from station_app.ui.reports.report_controller import ReportController
from station_app.ui.reports.report_page import ReportPage
from station_app.ui.reports.report_worker import ReportSuperseded, ReportWorker

HOLD_AT = 3  # sections done when the build waits for the test


class HeldBuild:
    """The real build, held after a few sections until the test lets it go on."""

    def __init__(self):
        self.release = threading.Event()
        self.held = threading.Event()
        self.stopped: list[tuple] = []

    def __call__(self, db, first, last, clock, progress):
        def step(done, total):
            try:
                progress(done, total)
            except ReportSuperseded:
                self.stopped.append((first, last))
                raise
            if done == HOLD_AT:
                self.held.set()
                assert self.release.wait(20), "the test never let the build go on"

        return build_period_report(db, first, last, clock, step)


@pytest.fixture
def years(demo_db, clock):
    simulate(demo_db, 6, seed=5, start=clock.today() - timedelta(days=6))
    return clock.today() - timedelta(days=3650), clock.today()


def test_a_long_period_shows_progress_while_the_counter_keeps_ticking(
    qtbot, demo_db, settings, clock, clerk, years
):
    held = HeldBuild()
    page = ReportPage()
    qtbot.addWidget(page)
    controller = ReportController(
        page, demo_db, settings, clock, clerk, PrintQueue(demo_db, clock), build=held
    )
    # Not shown: a bare top-level page makes the offscreen platform warn; keys reach it anyway.
    first, last = years
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    qtbot.keyClicks(page.main_input, f"{first}..{last}")
    qtbot.keyClick(page.main_input, Qt.Key.Key_Return)
    assert held.held.wait(20)
    qtbot.waitUntil(lambda: page.progress_bar.value() == HOLD_AT)
    assert not page.progress_bar.isHidden() and page.progress_bar.maximum() == 10
    assert controller.worker.busy
    before = len(ticks)
    qtbot.keyClicks(page.main_input, "x")  # the field still takes keys meanwhile
    qtbot.waitUntil(lambda: len(ticks) >= before + 5)
    assert page.main_input.text().endswith("x")
    with qtbot.waitSignal(controller.report_shown, timeout=20_000) as shown:
        held.release.set()
    assert (shown.args[0].first, shown.args[0].last) == years
    assert page.progress_bar.isHidden()
    timer.stop()


def test_a_newer_request_stops_the_older_build_and_only_its_report_arrives(qtbot, demo_db, clock):
    held = HeldBuild()
    worker = ReportWorker(database_file(demo_db), clock, build=held)
    built = []
    worker.built.connect(built.append)
    today = clock.today()
    worker.request(today - timedelta(days=30), today)
    assert held.held.wait(20)
    worker.request(today, today)
    held.release.set()
    qtbot.waitUntil(lambda: len(built) == 1, timeout=20_000)
    qtbot.waitUntil(lambda: not worker.busy)
    assert [(r.first, r.last) for r in built] == [(today, today)]
    assert held.stopped == [(today - timedelta(days=30), today)]


def test_a_failed_build_arrives_as_a_storage_error_worded_for_the_keeper(
    qtbot, demo_db, clock, tmp_path
):
    from station_app.ui.common.messages import STORAGE_ERRORS, storage_failure

    worker = ReportWorker(tmp_path / "missing" / "station.db", clock)
    with qtbot.waitSignal(worker.failed, timeout=20_000) as failed:
        worker.request(clock.today(), clock.today())
    error = failed.args[0]
    assert isinstance(error, STORAGE_ERRORS)
    words = storage_failure(error).text("zh_CN")
    assert any("\u4e00" <= c <= "\u9fff" for c in words) and "Traceback" not in words
