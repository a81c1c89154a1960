"""The printing menu's steps (F7): reprint, retry unprinted jobs, drawer, printer settings."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from station_app.core.clock import Clock
from station_app.core.errors import StationError
from station_app.core.operators import Operator
from station_app.core.sales import recent_sales
from station_app.printing.errors import PrinterError
from station_app.printing.print_jobs import JobKind, JobOutcome, PrintJob, unfinished_jobs
from station_app.printing.printer_settings import candidate_config, save_printer_settings
from station_app.printing.printer_status import PrinterStatus
from station_app.printing.test_page import printer_test_page
from station_app.storage.sqlite_wrapper import Database
from station_app.ui.checkout.refund_flow import RECEIPT_PATTERN
from station_app.ui.common.dialog_host import DialogHost
from station_app.ui.common.messages import Tone
from station_app.ui.common.owner_approval import request_owner_approval
from station_app.ui.common.print_queue import PrintQueue
from station_app.ui.common.prompt_dialog import PromptDialog
from station_app.ui.printing.print_jobs_dialog import PrintJobsDialog
from station_app.ui.printing.print_menu_dialog import PrintMenuDialog
from station_app.ui.printing.printer_settings_dialog import PrinterSettingsDialog


class PrintingFlow(QObject):
    """Opens the printing menu and carries out the chosen entry.

    Signals:
        said(str, object): a line for the checkout's message area and its Tone.
    """

    said = Signal(str, object)

    def __init__(
        self, host: DialogHost, db: Database, queue: PrintQueue, clock: Clock, operator: Operator
    ) -> None:
        super().__init__(host)
        self._host = host
        self._db = db
        self._queue = queue
        self._clock = clock
        self._operator = operator
        self.jobs_dialog: PrintJobsDialog | None = None
        queue.job_finished.connect(self._job_finished)

    @property
    def _language(self) -> str:
        return self._queue.language

    def start(self) -> PrintMenuDialog:
        """Show the menu."""
        count = len(unfinished_jobs(self._db))
        entries = [
            ("reprint", self.tr("Reprint a receipt (marked REPRINT)")),
            ("jobs", self.tr("Receipts not printed ({0})").format(count)),
            ("drawer", self.tr("Open the cash drawer (owner)")),
            ("settings", self.tr("Printer settings (owner)")),
            ("test", self.tr("Print the test page")),
        ]
        menu = PrintMenuDialog(entries, self._host.parent_widget)
        menu.action_chosen.connect(lambda key: self._chosen(menu, key))
        return self._host.open(menu)

    def _chosen(self, menu: PrintMenuDialog, key: str) -> None:
        if key in ("reprint", "test") and not self._queue.config.configured:
            menu.show_error(self.tr("No printer is set up: choose Printer settings first."))
            return
        menu.accept()
        {
            "reprint": self.reprint,
            "jobs": self.show_jobs,
            "drawer": self.open_drawer,
            "settings": self.printer_settings,
            "test": self.test_page,
        }[key]()

    # -- entries -------------------------------------------------------------------------------
    def reprint(self) -> PromptDialog:
        """Ask for a receipt (or refund) number, prefilled with the latest sale's."""
        latest = recent_sales(self._db, 1)
        dialog = PromptDialog(
            self.tr("Reprint"),
            self.tr("Receipt or refund number, or scan the receipt's QR code:"),
            self._host.parent_widget,
            text=latest[0][0] if latest else "",
            pattern=RECEIPT_PATTERN,
            max_length=48,
        )
        dialog.setObjectName("reprintDialog")

        def submitted(text: str) -> None:
            try:
                self._queue.reprint(text, self._operator)
            except StationError as error:
                dialog.show_error(error.text(self._language))
                return
            dialog.accept()
            self.said.emit(self.tr("Reprint sent to the printer."), Tone.SUCCESS)

        dialog.submitted.connect(submitted)
        return self._host.open(dialog)

    def show_jobs(self) -> PrintJobsDialog:
        """List the unprinted jobs; Enter sends the highlighted one again."""
        dialog = PrintJobsDialog(
            unfinished_jobs(self._db), self._clock, self._language, self._host.parent_widget
        )

        def retry(job: PrintJob) -> None:
            dialog.show_message(self.tr("Printing {0}…").format(job.ref), Tone.INFO)
            self._queue.retry(job.id, job.ref)

        dialog.retry_requested.connect(retry)
        dialog.finished.connect(lambda _result: setattr(self, "jobs_dialog", None))
        self.jobs_dialog = dialog
        return self._host.open(dialog)

    def open_drawer(self) -> None:
        """Open the drawer: the owner directly, a clerk with the owner's PIN."""

        def kick(owner: Operator) -> None:
            reason = "" if owner is self._operator else f"for {self._operator.name}"
            self._queue.open_drawer(owner, reason)

        if self._operator.is_owner:
            try:
                kick(self._operator)
            except StationError as error:
                self.said.emit(error.text(self._language), Tone.ERROR)
            return
        # Hosted, so the scan field gets the keys back when the PIN dialog closes.
        self._host.open(
            request_owner_approval(
                self._host.parent_widget,
                self._db,
                self._language,
                self.tr("Opening the cash drawer needs the owner."),
                kick,
            )
        )

    def printer_settings(self) -> None:
        """Open the printer settings; only the owner may change them."""
        if self._operator.is_owner:
            self._open_settings(self._operator)
            return
        approved: list[Operator] = []
        # The settings open once the PIN dialog has closed (`then`), so they get the focus.
        self._host.open(
            request_owner_approval(
                self._host.parent_widget,
                self._db,
                self._language,
                self.tr("Printer settings need the owner."),
                approved.append,
                lambda: self._open_settings(approved[-1]),
            )
        )

    def test_page(self) -> None:
        """Print the test page on the saved printer, as a job (retryable)."""
        settings = self._queue.settings
        config = self._queue.config
        layout = printer_test_page(
            settings, config.mode, f"{self._clock.local():%Y-%m-%d %H:%M:%S}", config.where()
        )
        self._queue.print_layout(JobKind.TEST_PAGE, self.tr("test page"), layout)

    # -- settings ------------------------------------------------------------------------------
    def _open_settings(self, owner: Operator) -> None:
        dialog = PrinterSettingsDialog(self._queue.settings, self._host.parent_widget)

        def test(texts: dict[str, str]) -> None:
            try:
                config = candidate_config(self._queue.settings, texts)
            except StationError as error:
                dialog.show_result(error.text(self._language), Tone.ERROR)
                return

            def done(outcome: PrinterStatus | PrinterError) -> None:
                if isinstance(outcome, PrinterError):
                    dialog.show_result(
                        self.tr(
                            "Test print failed: {0}. Check that the printer is switched on and has "
                            "paper, and its cable or network port; then F5 to try again, or "
                            "correct the connection above."
                        ).format(outcome.text(self._language).rstrip("。.")),
                        Tone.ERROR,
                    )
                else:
                    dialog.show_result(
                        self.tr("Test page sent ({0}). Check the paper.").format(
                            outcome.text(self._language)
                        ),
                        Tone.SUCCESS,
                    )

            self._queue.test_print(config, int(texts["receipt_columns"]), done)

        def save(texts: dict[str, str]) -> None:
            try:
                if texts["printer_kind"] != "none":
                    candidate_config(self._queue.settings, texts)
                save_printer_settings(self._db, texts, owner.id, self._clock.stamp())
            except StationError as error:
                dialog.show_result(error.text(self._language), Tone.ERROR)
                return
            dialog.accept()
            self.said.emit(self.tr("Printer settings saved."), Tone.SUCCESS)
            self._queue.idle_status()

        dialog.test_requested.connect(test)
        dialog.save_requested.connect(save)
        self._host.open(dialog)

    def _job_finished(self, outcome: JobOutcome) -> None:
        if self.jobs_dialog is None:
            return
        self.jobs_dialog.set_jobs(unfinished_jobs(self._db))
        if outcome.printed:
            self.jobs_dialog.show_message(
                self.tr("{0} printed.").format(outcome.job.ref), Tone.SUCCESS
            )
        else:
            self.jobs_dialog.show_message(
                outcome.error.text(self._language) if outcome.error else "", Tone.ERROR
            )
