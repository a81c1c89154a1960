"""Building a period's report off the UI thread, with progress; a newer request wins.

`build_period_report` over years of sales takes seconds; the counter must keep taking
scans meanwhile. Each request runs on the worker's own thread (one at a time) with a
connection of its own, through `run_in_background`. Core calls `progress` after each
section; there the worker reports how far it is, or, when a newer request came (the
keeper pressed another period) or the page is going away, stops the old build, so the
thread is soon free for the one the keeper wants.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from station_app.core.clock import Clock
from station_app.core.period_report import PeriodReport, Progress, build_period_report
from station_app.storage.database import connect
from station_app.storage.sqlite_wrapper import Database
from station_app.ui.common.background import run_in_background

Builder = Callable[[Database, date, date, Clock, Progress | None], PeriodReport]


class ReportSuperseded(Exception):
    """A build stopped because a newer request (or closing the page) made it pointless."""


class ReportWorker(QObject):
    """Builds reports in the background for the report page; never touches a widget.

    Signals:
        progressed(int, int): sections done and sections in all, of the latest request.
        built(object): the PeriodReport of the latest request.
        failed(object): the exception the latest request ended with.
    """

    progressed = Signal(int, int)
    built = Signal(object)
    failed = Signal(object)
    # Emitted on the worker thread; delivered (queued) on the UI thread, where this lives.
    _section_done = Signal(int, int, int)

    def __init__(
        self,
        db_path: Path,
        clock: Clock,
        parent: QObject | None = None,
        *,
        build: Builder = build_period_report,
    ) -> None:
        super().__init__(parent)
        self._db_path = db_path
        self._clock = clock
        self._build = build
        self._latest = 0
        self._running: set[int] = set()
        # One build at a time: two long reports at once would take both cores from the till.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._section_done.connect(self._relay_progress)
        closing = threading.Event()
        self._closing = closing
        # Before the pool (a child) is destroyed and waits for its thread, stop the build.
        self.destroyed.connect(lambda _object=None: closing.set())

    @property
    def busy(self) -> bool:
        """Whether the latest request is still being built."""
        return self._latest in self._running

    def request(self, first: date, last: date) -> int:
        """Build the report of `first`..`last`; returns the request's number.

        An older request still running stops at its next section and reports nothing.
        """
        self._latest += 1
        number = self._latest
        self._running.add(number)
        path, clock, build, closing = self._db_path, self._clock, self._build, self._closing

        def progress(done: int, total: int) -> None:
            if closing.is_set() or number != self._latest:
                raise ReportSuperseded
            self._section_done.emit(number, done, total)

        def work() -> PeriodReport:
            if closing.is_set() or number != self._latest:
                raise ReportSuperseded
            db = connect(path)
            try:
                return build(db, first, last, clock, progress)
            finally:
                db.close()

        run_in_background(
            work,
            lambda report: self._finished(number, report, None),
            lambda error: self._finished(number, None, error),
            self._pool,
        )
        return number

    def stop(self) -> None:
        """Stop whatever is being built (the page is going away)."""
        self._closing.set()

    @Slot(int, int, int)
    def _relay_progress(self, number: int, done: int, total: int) -> None:
        if number == self._latest:
            self.progressed.emit(done, total)

    def _finished(self, number: int, report: Any, error: Exception | None) -> None:
        if not shiboken6.isValid(self):
            return  # the page was closed while this was being built
        self._running.discard(number)
        if number != self._latest or isinstance(error, ReportSuperseded):
            return
        if error is not None:
            self.failed.emit(error)
        else:
            self.built.emit(report)
