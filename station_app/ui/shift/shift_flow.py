"""The shift menu's steps (F11): sign out, hand over, close the day, pay in and out, X report."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, Signal

from station_app.core import shifts
from station_app.core.clock import Clock, parse_iso
from station_app.core.errors import InputRefused, StationError
from station_app.core.money import format_fen, parse_yuan
from station_app.core.operators import Operator, sign_in
from station_app.core.settings import StationSettings
from station_app.core.shifts import MAX_REASON, ShiftFigures, close_shift, current_shift
from station_app.printing.print_jobs import JobKind
from station_app.storage.backups import BackupInfo, make_backup
from station_app.storage.sqlite_wrapper import Database
from station_app.ui.common.background import run_in_background
from station_app.ui.common.dialog_host import DialogHost
from station_app.ui.common.form_dialog import FieldKind, FormDialog, FormField
from station_app.ui.common.key_map import Page, ShiftAction, no_printer_text
from station_app.ui.common.messages import Tone, storage_errors_refused
from station_app.ui.common.owner_approval import run_with_owner_approval
from station_app.ui.common.print_queue import PrintQueue, database_file
from station_app.ui.shift.count_dialog import CashCount, CountDialog
from station_app.ui.shift.shift_menu_dialog import ShiftMenuDialog
from station_app.ui.shift.shift_report_dialog import ShiftReportDialog


class ShiftFlow(QObject):
    """Opens the shift menu for one signed-in operator and carries out the chosen entry.

    Signals:
        said(str, object): a line for the checkout's message area and its Tone.
        signed_out(): sign out, the shift stays open.
        handed_over(object, str): the successor Operator (their shift is open) and a
            notice for their checkout, once the closed shift's report is put away.
        day_closed(): the shift is closed and its Z report put away: back to sign-in.
        records_changed(): a shift was closed (its `shift.closed` waits for the hub).
    """

    said = Signal(str, object)
    signed_out = Signal()
    handed_over = Signal(object, str)
    day_closed = Signal()
    records_changed = Signal()

    def __init__(
        self,
        host: DialogHost,
        db: Database,
        settings: StationSettings,
        clock: Clock,
        operator: Operator,
        queue: PrintQueue | None = None,
    ) -> None:
        super().__init__(host)
        self._host = host
        self._db = db
        self._settings = settings
        self._clock = clock
        self._operator = operator
        self._queue = queue

    @property
    def _language(self) -> str:
        return self._settings.language

    def _minute(self, stamp: str) -> str:
        return f"{self._clock.local(parse_iso(stamp)):%H:%M}"

    def start(self) -> ShiftMenuDialog:
        """Show the menu, headed by whose shift is open."""
        figures = current_shift(self._db, self._settings, self._clock)
        if figures is None:
            heading = self.tr("No shift is open on this terminal.")
        else:
            heading = self.tr("Shift of {0}, opened {1} with a float of {2}.").format(
                figures.opened_by, self._minute(figures.opened_at), format_fen(figures.float_fen)
            )
        menu = ShiftMenuDialog(heading, self._host.parent_widget)
        menu.action_chosen.connect(lambda action: self._chosen(menu, action))
        return self._host.open(menu)

    def _chosen(self, menu: ShiftMenuDialog, action: ShiftAction) -> None:
        if (
            action is not ShiftAction.SIGN_OUT
            and current_shift(self._db, self._settings, self._clock) is None
        ):
            # Closed elsewhere meanwhile (the command line): a new sign-in opens one.
            menu.show_error(self.tr("No shift is open: sign out, and the next sign-in opens one."))
            return
        menu.accept()
        steps: dict[ShiftAction, Callable[[], object]] = {
            ShiftAction.SIGN_OUT: self.signed_out.emit,
            ShiftAction.HAND_OVER: self.hand_over,
            ShiftAction.CLOSE: self.close_day,
            ShiftAction.PAY_IN: lambda: self.drawer_move(pay_in=True),
            ShiftAction.PAY_OUT: lambda: self.drawer_move(pay_in=False),
            ShiftAction.X_REPORT: self.x_report,
        }
        steps[action]()

    # -- pay-in and pay-out ----------------------------------------------------------------
    def drawer_move(self, *, pay_in: bool) -> FormDialog:
        """Cash into or out of the drawer with a reason; the owner's PIN over the limit."""
        title = (
            self.tr("Pay in (cash into the drawer)")
            if pay_in
            else self.tr("Pay out (cash from the drawer)")
        )
        limit = format_fen(self._settings.drawer_move_owner_limit_fen)
        dialog = FormDialog(
            title,
            [
                FormField("amount", self.tr("Amount (yuan)"), FieldKind.AMOUNT),
                FormField(
                    "reason",
                    self.tr("Reason"),
                    max_length=MAX_REASON,
                    placeholder=self.tr("change from the bank, paying the delivery man…"),
                ),
            ],
            self._host.parent_widget,
            intro=self.tr("Over {0} the owner's PIN is asked.").format(limit),
        )
        dialog.setObjectName("payInDialog" if pay_in else "payOutDialog")

        def submitted(values: dict[str, str]) -> None:
            try:
                fen = parse_yuan(values["amount"], field=self.tr("Amount"))
            except StationError as error:
                dialog.show_error(error.text(self._language), "amount")
                return
            move = shifts.pay_in if pay_in else shifts.pay_out

            def store(approver: Operator | None) -> None:
                with storage_errors_refused():
                    move(
                        self._db,
                        fen,
                        values["reason"],
                        self._operator,
                        self._settings,
                        self._clock,
                        approver=approver,
                    )

            def done() -> None:
                dialog.accept()
                text = self.tr("Paid in {0}: {1}.") if pay_in else self.tr("Paid out {0}: {1}.")
                self.said.emit(text.format(format_fen(fen), values["reason"].strip()), Tone.SUCCESS)

            run_with_owner_approval(
                dialog,
                self._db,
                self._language,
                store,
                done,
                lambda error: dialog.show_error(
                    error.text(self._language), "reason" if error.field == "reason" else "amount"
                ),
            )

        dialog.submitted.connect(submitted)
        return self._host.open(dialog)

    # -- counting: close and hand-over -----------------------------------------------------
    def close_day(self) -> CountDialog:
        """日结: count the drawer, close the shift, show and print the Z report, back up."""
        dialog = CountDialog(
            self.tr("Close the day: count the cash"),
            self.tr(
                "Count the cash in the drawer. What it should hold is shown once the count "
                "is stored."
            ),
            self._language,
            self._host.parent_widget,
        )

        def close(count: CashCount, approver: Operator | None) -> ShiftFigures:
            return close_shift(
                self._db,
                self._operator,
                self._settings,
                self._clock,
                counted_fen=count.counted_fen,
                denominations=count.denominations,
                note=count.note,
                approver=approver,
            )

        def closed(figures: ShiftFigures) -> None:
            self.records_changed.emit()
            report = self._report(figures, final=True)
            self._back_up(report)
            report.finished.connect(lambda _result: self.day_closed.emit())

        self._count(dialog, close, closed)
        return self._host.open(dialog)

    def hand_over(self) -> CountDialog:
        """交班: count the drawer; the next clerk's PIN opens their shift on that cash."""
        dialog = CountDialog(
            self.tr("Hand over: count the cash"),
            self.tr(
                "Count the cash with the next clerk watching; it becomes their float. They "
                "type their PIN on the last line."
            ),
            self._language,
            self._host.parent_widget,
            successor=True,
        )
        successors: list[tuple[Operator, ShiftFigures]] = []

        def hand(count: CashCount, approver: Operator | None) -> ShiftFigures:
            if not count.successor_pin:
                raise InputRefused(
                    "请接班的店员在最后一行输入 PIN",
                    "The next clerk types their PIN on the last line",
                    field="pin",
                )
            try:
                successor = sign_in(self._db, count.successor_pin, self._clock)
            except StationError as wrong:
                raise InputRefused(wrong.zh, wrong.en, code=wrong.code, field="pin") from wrong
            closed, opened = shifts.hand_over(
                self._db,
                self._operator,
                successor,
                self._settings,
                self._clock,
                counted_fen=count.counted_fen,
                denominations=count.denominations,
                note=count.note,
                approver=approver,
            )
            successors.append((successor, opened))
            return closed

        def handed(figures: ShiftFigures) -> None:
            self.records_changed.emit()
            successor, opened = successors[-1]
            notice = self.tr("{0} took over the shift from {1} with a float of {2}.").format(
                successor.name, self._operator.name, format_fen(opened.float_fen)
            )
            report = self._report(figures, final=True)
            report.finished.connect(lambda _result: self.handed_over.emit(successor, notice))

        self._count(dialog, hand, handed)
        return self._host.open(dialog)

    def _count(
        self,
        dialog: CountDialog,
        store: Callable[[CashCount, Operator | None], ShiftFigures],
        then: Callable[[ShiftFigures], None],
    ) -> None:
        """Store a count through `store`; the owner's PIN when core asks for it; then `then`."""

        def counted(count: CashCount) -> None:
            results: list[ShiftFigures] = []

            def action(approver: Operator | None) -> None:
                with storage_errors_refused():
                    results.append(store(count, approver))

            def done() -> None:
                dialog.accept()
                then(results[-1])

            run_with_owner_approval(
                dialog,
                self._db,
                self._language,
                action,
                done,
                lambda error: dialog.show_error(error.text(self._language), error.field),
            )

        dialog.counted.connect(counted)

    # -- reports ---------------------------------------------------------------------------
    def x_report(self) -> ShiftReportDialog | None:
        """The open shift's figures so far; F7 in the report prints them."""
        figures = current_shift(self._db, self._settings, self._clock)
        if figures is None:
            return None
        return self._report(figures, final=False)

    def _report(self, figures: ShiftFigures, *, final: bool) -> ShiftReportDialog:
        # The papers' code (agency and parcel slips with it) loads with the first report.
        from station_app.printing.slips import shift_report_layout

        settings = self._queue.settings if self._queue is not None else self._settings
        layout = shift_report_layout(figures, settings, final=final, printed_at=self._clock.stamp())
        mode, font = self._queue.preview_look() if self._queue is not None else (None, None)
        title = self.tr("Z report (shift closed)") if final else self.tr("X report (shift so far)")
        dialog = ShiftReportDialog(
            title, figures, layout, self._host.parent_widget, mode=mode, font=font
        )
        when = self._clock.local(parse_iso(figures.closed_at or self._clock.stamp()))
        ref = f"{'Z' if final else 'X'} {figures.terminal_id} {when:%m-%d %H:%M}"

        def send() -> None:
            if self._queue is None or self._queue.print_layout(JobKind.SLIP, ref, layout) is None:
                dialog.show_status(no_printer_text(Page.CHECKOUT), Tone.ERROR)
            else:
                dialog.show_status(self.tr("Sent to the printer."), Tone.SUCCESS)

        dialog.print_requested.connect(send)
        self._host.open(dialog)
        if final:
            send()  # the Z report prints at once; F7 prints another copy
        return dialog

    def _back_up(self, report: ShiftReportDialog) -> None:
        """The day's backup after the close, off the UI thread; a failure is only a warning.

        Retention keeps a day's newest daily backup, so this copy replaces the morning's.
        """
        path = database_file(self._db)
        clock, second = self._clock, self._settings.backup_dir or None
        language = self._language

        def work() -> BackupInfo:
            # On the worker thread: the updater's HTTP stack is not needed before this.
            from station_app.sync.update_check import install_after_close

            info = make_backup(path, path.parent, clock, reason="daily", second_dir=second)
            # Between shifts is when a downloaded update may be installed (it starts at
            # the next opening); after the backup, so the copy predates any migration.
            install_after_close(path.parent)
            return info

        def say(text: str, tone: Tone) -> None:
            if shiboken6.isValid(report) and report.isVisible():
                # After what printing said, which the keeper must still see.
                printed = report.message_label.text()
                failed = tone is Tone.ERROR or report.message_label.property("tone") == "error"
                report.show_status(f"{printed} {text}".strip(), Tone.ERROR if failed else tone)

        def made(info: BackupInfo) -> None:
            warnings = "; ".join(warning.text(language) for warning in info.warnings)
            text = self.tr("Backup made ({0}).").format(Path(info.path).name)
            say(
                text + (" " + warnings if warnings else ""),
                Tone.ERROR if warnings else Tone.SUCCESS,
            )

        def failed(error: Exception) -> None:
            reason = str(error) if isinstance(error, (sqlite3.Error, OSError)) else repr(error)
            say(
                self.tr(
                    "The day is closed, but the backup was not made: {0}. Back up from the "
                    "people page (owner) when you can."
                ).format(reason),
                Tone.ERROR,
            )

        run_in_background(work, made, failed)
