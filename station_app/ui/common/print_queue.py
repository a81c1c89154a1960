"""The counter's printer: stores jobs, sends them off the UI thread, says how it went.

All printer input and output runs on one worker thread of its own (one job at a
time, in order), through `run_in_background`; the UI thread only writes the job
row (milliseconds) and shows outcomes. A failure is shown in the status bar and
the job waits in the printing menu's list of unprinted receipts for the keeper to
retry it; the status line says which keys lead there from the screen shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from station_app.core.clock import Clock
from station_app.core.operators import Operator
from station_app.core.settings import StationSettings, load_settings
from station_app.printing.errors import PrinterError
from station_app.printing.print_jobs import (
    JobKind,
    JobOutcome,
    deliver_job,
    enqueue_job,
    failed_count,
    render_for,
    send_bytes,
)
from station_app.printing.printer_settings import PrinterConfig
from station_app.printing.printer_status import PrinterStatus
from station_app.storage.sqlite_wrapper import Database
from station_app.ui.common.background import run_in_background
from station_app.ui.common.key_map import Page, printing_menu_path
from station_app.ui.common.messages import Tone

if TYPE_CHECKING:
    from station_app.printing.raster_render import RasterFont
    from station_app.printing.receipt_layout import Layout


def database_file(db: Database) -> Path:
    """The file behind `db`, for worker threads that open their own connection."""
    return Path(db.execute("PRAGMA database_list").fetchone()[2])


class PrintQueue(QObject):
    """Prints layouts on the configured printer, never blocking the counter.

    Signals:
        job_finished(object): a JobOutcome, after each attempt.
        status_changed(str, object): a line for the status bar and its Tone.
    """

    job_finished = Signal(object)
    status_changed = Signal(str, object)

    def __init__(self, db: Database, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._db_path = database_file(db)
        self._clock = clock
        # One thread: jobs reach the printer one after another, in the order given.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._in_flight: set[int] = set()
        # The status bar is on every screen, but F7 opens the printing menu only on the
        # checkout: texts naming keys are rebuilt for the screen shown (`set_place`).
        self._place: Page | None = None
        self._last: tuple[Callable[[], str], Tone] | None = None

    # -- what the screens ask ----------------------------------------------------------------
    @property
    def settings(self) -> StationSettings:
        """The settings as stored now (the printer may have been reconfigured)."""
        return load_settings(self._db)

    @property
    def config(self) -> PrinterConfig:
        """The printer as configured now."""
        return PrinterConfig.from_settings(self.settings)

    @property
    def language(self) -> str:
        """The UI language, for core messages."""
        return self.settings.language

    def preview_look(self) -> tuple[Any, RasterFont]:
        """(mode, font) that make an on-screen preview look like this printer's paper."""
        # The renderers (Pillow, barcodes, QR codes) load at the first preview or print,
        # not at start.
        from station_app.printing.raster_render import preview_font

        config = self.config
        return (config.mode if config.configured else None), preview_font(config.font)

    def print_layout(
        self, kind: JobKind, ref: str, layout: Layout, *, open_drawer: bool = False
    ) -> int | None:
        """Store a job for `layout` and send it; None (nothing stored) without a printer."""
        if not self.config.configured:
            return None
        job_id = enqueue_job(
            self._db, kind, ref, layout, self._clock.stamp(), open_drawer=open_drawer
        )
        self._send(job_id, ref)
        return job_id

    def retry(self, job_id: int, ref: str = "") -> None:
        """Send a stored job again (the keeper chose to)."""
        self._send(job_id, ref)

    def reprint(self, number: str, operator: Operator) -> int:
        """Queue a 重印 copy of a past receipt (audited) and send it.

        Raises:
            PrinterSetupError: no printer.
            NotFound: no such receipt.
        """
        from station_app.printing.reprints import reprint_receipt  # rare: loaded on use

        self.config.check()
        job_id, receipt = reprint_receipt(
            self._db, number, self.settings, operator.id, self._clock.stamp()
        )
        self._send(job_id, receipt.number)
        return job_id

    def open_drawer(self, owner: Operator, reason: str = "") -> None:
        """Open the cash drawer by hand (audited first: the owner asked for it).

        Raises:
            PrinterSetupError: no printer, so no drawer port.
        """
        from station_app.printing.escpos_render import drawer_pulse
        from station_app.printing.reprints import record_drawer_opening

        config = self.config
        config.check()
        record_drawer_opening(self._db, owner.id, self._clock.stamp(), reason)

        self._run(
            lambda: send_bytes(config, drawer_pulse()),
            lambda _status: self._say(self.tr("Printer: cash drawer opened."), Tone.SUCCESS),
            lambda error: self._say(
                self.tr("Printer: drawer not opened: {0}").format(error.text(self.language)),
                Tone.ERROR,
            ),
        )

    def test_print(
        self,
        config: PrinterConfig,
        columns: int,
        on_done: Callable[[PrinterStatus | PrinterError], None],
    ) -> None:
        """Print the test page on `config`, `columns` wide (settings not saved yet).

        `on_done` gets the printer's status, or the error; nothing is stored.
        """
        from station_app.printing.test_page import printer_test_page

        settings = replace(self.settings, receipt_columns=columns)
        layout = printer_test_page(
            settings, config.mode, f"{self._clock.local():%Y-%m-%d %H:%M:%S}", config.where()
        )
        self._run(lambda: send_bytes(config, render_for(config, layout)), on_done, on_done)

    def set_place(self, page: Page | None) -> None:
        """The screen now shown (None: sign-in); the status line is said again for it."""
        self._place = page
        if self._last is not None:
            text, tone = self._last
            self.status_changed.emit(text(), tone)

    def _retry_path(self) -> str:
        return self.tr("{0} printing menu → retry").format(printing_menu_path(self._place))

    def idle_status(self) -> None:
        """Say how the printer stands when nothing is printing: unfinished jobs, if any."""
        if not self.config.configured:
            self._say(self.tr("Printer: not set up"), Tone.INFO)
            return
        failed = failed_count(self._db)
        if failed:
            self._say(
                lambda: self.tr("Printer: %n receipt(s) not printed — {0}", "", failed).format(
                    self._retry_path()
                ),
                Tone.ERROR,
            )
        else:
            self._say(self.tr("Printer: ready ({0})").format(self.config.where()), Tone.INFO)

    # -- sending -------------------------------------------------------------------------------
    def _send(self, job_id: int, ref: str) -> None:
        if job_id in self._in_flight:
            return  # a second Enter on the same job must not print it twice
        self._in_flight.add(job_id)
        self._say(self.tr("Printer: printing {0}…").format(ref), Tone.INFO)
        path, clock = self._db_path, self._clock

        def failed(error: PrinterError) -> None:
            self._in_flight.discard(job_id)
            self._say(error.text(self.language), Tone.ERROR)

        self._run(lambda: deliver_job(path, job_id, clock), self._delivered, failed)

    def _run(
        self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[Any], None]
    ) -> None:
        def failed(error: Exception) -> None:
            if not isinstance(error, PrinterError):
                error = PrinterError(f"打印出错：{error}", f"Printing failed: {error}")
            on_error(error)

        run_in_background(fn, on_done, failed, self._pool)

    @Slot(object)
    def _delivered(self, outcome: JobOutcome) -> None:
        job = outcome.job
        self._in_flight.discard(job.id)
        if outcome.error is not None:
            error = outcome.error.text(self.language)
            self._say(
                lambda: self.tr("Printer: {0} not printed: {1} — {2}").format(
                    job.ref, error, self._retry_path()
                ),
                Tone.ERROR,
            )
        else:
            status = outcome.status.text(self.language) if outcome.status else ""
            failed = failed_count(self._db)
            printed = self.tr("Printer: printed {0} ({1})").format(job.ref, status)
            if failed:
                self._say(
                    lambda: (
                        printed
                        + self.tr("; %n not printed — {0}", "", failed).format(self._retry_path())
                    ),
                    Tone.ERROR,
                )
            else:
                self._say(printed, Tone.SUCCESS)
        self.job_finished.emit(outcome)

    def _say(self, text: str | Callable[[], str], tone: Tone) -> None:
        """Emit the status line; a callable text is built again when the screen changes."""
        build = text if callable(text) else (lambda: text)
        self._last = (build, tone)
        self.status_changed.emit(build(), tone)
