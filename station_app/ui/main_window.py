"""The main window: sign-in, then the checkout, with the station's status bar."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QStackedWidget, QWidget

from station_app import __version__
from station_app.core.clock import Clock, parse_iso
from station_app.core.hub_notices import unread_notice_count
from station_app.core.operators import Operator
from station_app.core.settings import StationSettings
from station_app.storage.backups import last_backup_at, second_folder_problem
from station_app.storage.sqlite_wrapper import Database
from station_app.sync.sync_status import sync_status
from station_app.ui.common.key_map import WINDOW_KEYS, Page, WindowAction
from station_app.ui.common.messages import Tone, show_message
from station_app.ui.common.print_queue import PrintQueue
from station_app.ui.common.style_property import set_style_property
from station_app.ui.shift.shift_opening import ShiftOpening
from station_app.ui.signin.signin_screen import SignInController, SignInView
from station_app.update.folders import UpdateFolders
from station_app.update.install import update_notice

# The checkout's modules (most of the app) load while the first PIN is hashed, not
# before the sign-in screen shows: see checkout_parts.
if TYPE_CHECKING:
    from station_app.ui.checkout.checkout_controller import CheckoutController
    from station_app.ui.checkout.checkout_view import CheckoutView
    from station_app.ui.sync.sync_page import SyncPage
    from station_app.ui.sync.sync_worker import SyncWorker
    from station_app.ui.workspace import Workspace

CLOCK_TICK_MS = 1_000
SYNC_COUNT_TICK_MS = 30_000
BACKUP_STALE_DAYS = 2  # an older last backup is shown as a warning
PREPARE_AFTER_MS = 250  # nobody types a PIN and Enter this fast


def checkout_parts() -> tuple[type[CheckoutView], type[CheckoutController], type[Workspace]]:
    """The checkout's view, its controller and the workspace around them, imported.

    Importing them is about a third of the counter's start. The sign-in screen does not
    need them, so they load inside the first PIN's hash (sign_in's `meanwhile`) and,
    while the keeper types, once the sign-in screen is up.
    """
    from station_app.ui.checkout.checkout_controller import CheckoutController
    from station_app.ui.checkout.checkout_view import CheckoutView
    from station_app.ui.workspace import Workspace

    return CheckoutView, CheckoutController, Workspace


class MainWindow(QMainWindow):
    """Holds the screens and the status bar; builds a checkout for each sign-in.

    A new checkout per operator means the operator is fixed for the screen's life and
    nothing of one clerk's cart or dialogs survives their signing out.
    """

    # The owner confirmed restoring this backup file (a Path) on the people page. The app
    # performs it (station_app.ui.app): it closes this window and its database first.
    restore_requested = Signal(object)

    def __init__(
        self,
        db: Database,
        settings: StationSettings,
        clock: Clock,
        parent: QWidget | None = None,
        *,
        sync_worker: SyncWorker | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Village station counter — {0}").format(settings.station_name))
        self.setMinimumSize(1000, 700)
        self._db = db
        self._settings = settings
        self._clock = clock

        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.signin_view = SignInView(settings.station_name)
        self.signin = SignInController(
            self.signin_view, db, clock, settings.language, self, prepare=self.prepare_checkout
        )
        # Between the PIN and the checkout: the open shift goes on, or one opens (float).
        self.shift_opening = ShiftOpening(self.signin_view, db, settings, clock, self)
        self.signin.signed_in.connect(self.shift_opening.start)
        self.shift_opening.ready.connect(self._shift_ready)
        self.shift_opening.stock_notice.connect(self._stock_notice)
        self.shift_opening.cancelled.connect(self.sign_out)
        self.stack.addWidget(self.signin_view)
        self.checkout: CheckoutController | None = None
        self.checkout_view: CheckoutView | None = None
        self.workspace: Workspace | None = None  # the checkout and the other pages (Alt+1…5)
        self._next_workspace: Workspace | None = None  # see prepare_checkout

        self.operator_label = QLabel(self)
        self.operator_label.setObjectName("operatorStatus")
        self.sync_label = QLabel(self)
        self.sync_label.setObjectName("syncStatus")
        self.printer_label = QLabel(self.tr("Printer: not set up"), self)
        self.printer_label.setObjectName("printerStatus")
        self.print_queue = PrintQueue(db, clock, self)
        self.print_queue.status_changed.connect(self._show_printer)
        self.print_queue.idle_status()
        self.clock_label = QLabel(self)
        self.clock_label.setObjectName("clockStatus")
        self.backup_label = QLabel(self)
        self.backup_label.setObjectName("backupStatus")
        # Shown only when there is news: downloaded, installed, or rolled back.
        self.update_label = QLabel(self)
        self.update_label.setObjectName("updateStatus")
        self.update_label.hide()
        self._clock_timer = QTimer(self)
        self._clock_timer.timeout.connect(self._show_time)
        self._clock_timer.start(CLOCK_TICK_MS)
        # The sync worker (None when not linked to a hub) empties the queue in the
        # background; the count also changes by sales, so it is refreshed on a timer too.
        self.sync_worker = sync_worker
        if sync_worker is not None:
            sync_worker.state_changed.connect(self.refresh_sync_count)
        self.sync_page: SyncPage | None = None
        for binding in WINDOW_KEYS:
            shortcut = QShortcut(QKeySequence(binding.sequence), self)
            if binding.action is WindowAction.SYNC:
                shortcut.activated.connect(self.open_sync_page)
        self._sync_timer = QTimer(self)
        self._sync_timer.timeout.connect(self.refresh_sync_count)
        self._sync_timer.timeout.connect(self.refresh_backup_status)
        self._sync_timer.timeout.connect(self.refresh_update_status)
        self._sync_timer.start(SYNC_COUNT_TICK_MS)
        # The labels are filled before the status bar lays them out (which polishes them):
        # an unpolished label takes its colour without being restyled.
        self._show_time()
        self.refresh_sync_count()
        self.refresh_backup_status()
        self.refresh_update_status()
        self._show_operator(None)
        status = self.statusBar()
        for label in (
            self.operator_label,
            self.sync_label,
            self.printer_label,
            self.backup_label,
            self.update_label,
            self.clock_label,
        ):
            status.addPermanentWidget(label)
        self.signin.reset()
        # While the keeper types the PIN; not before the sign-in screen's first paint.
        QTimer.singleShot(PREPARE_AFTER_MS, self, self.prepare_checkout)

    @Slot()
    def prepare_checkout(self) -> None:
        """Build the next sign-in's checkout screen ahead, during a wait; hidden until then.

        Its modules (see checkout_parts), the checkout view and the workspace around it,
        polished and laid out: nearly all of the way from the PIN to the checkout, and
        none of it depends on who signs in. It runs while the keeper types the PIN, and
        at the latest inside the PIN's hash (sign_in's `meanwhile`), on the core the hash
        leaves free. Also PySide's QStyle wrapper, which the first restyle would build
        (some 15 ms of enums). Does nothing when the screen is ready.
        """
        if self._next_workspace is not None:
            return
        checkout_view, _, workspace_class = checkout_parts()
        QApplication.style()
        workspace = workspace_class(
            checkout_view(), self._db, self._settings, self._clock, self.print_queue
        )
        self.stack.addWidget(workspace)
        workspace.ensurePolished()
        workspace.lay_out()
        self._next_workspace = workspace

    @Slot()
    def _show_time(self) -> None:
        self.clock_label.setText(f"{self._clock.local():%Y-%m-%d %H:%M}")

    @Slot()
    def refresh_sync_count(self) -> None:
        """Show the hub link (online/offline), the queued count and the last sync time."""
        status = sync_status(self._db)
        parts = []
        state = self.sync_worker.state if self.sync_worker else None
        if state is not None and state.running:
            parts.append(self.tr("Syncing…"))
        elif state is not None and state.online is not None:
            parts.append(self.tr("Online") if state.online else self.tr("Offline"))
        parts.append(self.tr("To sync: {0}").format(status.queued))
        if status.rejected:
            parts.append(self.tr("Refused: {0}").format(status.rejected))
        notices = unread_notice_count(self._db)
        if notices:
            parts.append(self.tr("New notices: {0} (Ctrl+S)").format(notices))
        if status.last_success_at:
            local = self._clock.local(parse_iso(status.last_success_at))
            shown = (
                f"{local:%H:%M}" if local.date() == self._clock.today() else f"{local:%m-%d %H:%M}"
            )
            parts.append(self.tr("Last sync: {0}").format(shown))
        self.sync_label.setText(" · ".join(parts))

    @Slot()
    def refresh_update_status(self) -> None:
        """Say when a new version is downloaded, installed, or failed and was rolled back."""
        folder = Path(self._db.execute("PRAGMA database_list").fetchone()[2]).parent
        try:
            notice = update_notice(UpdateFolders.of(folder), __version__)
        except (OSError, ValueError):
            notice = None  # an unreadable update state is the updater's to report
        self.update_label.setVisible(notice is not None)
        if notice is not None:
            self.update_label.setText(notice.text(self._settings.language))
            set_style_property(
                self.update_label, "tone", "error" if notice.state == "failed" else ""
            )

    @Slot()
    def refresh_backup_status(self) -> None:
        """Show the last backup's age; a warning when it is old or the second folder is gone."""
        folder = Path(self._db.execute("PRAGMA database_list").fetchone()[2]).parent
        taken = last_backup_at(folder)
        problem = second_folder_problem(self._settings.backup_dir)
        if taken is None:
            text = self.tr("Backup: none yet")
            stale = True
        else:
            age = max(self._clock.local() - taken, timedelta(0))
            stale = age > timedelta(days=BACKUP_STALE_DAYS)
            if age < timedelta(minutes=1):
                text = self.tr("Backup: just now")
            elif age < timedelta(hours=1):
                text = self.tr("Backup: {0} min ago").format(age.seconds // 60)
            elif age < timedelta(days=1):
                text = self.tr("Backup: {0} h ago").format(age.seconds // 3600)
            else:
                text = self.tr("Backup: %n day(s) ago", "", age.days)
        tooltip = ""
        if problem is not None:
            text += " · " + self.tr("second folder unavailable")
            tooltip = problem.text(self._settings.language)
        self.backup_label.setText(text)
        self.backup_label.setToolTip(tooltip)
        # Coloured like an error, but silent: it is re-checked every 30 s.
        set_style_property(self.backup_label, "tone", "error" if stale or problem else "")

    @Slot()
    def open_sync_page(self) -> None:
        """Ctrl+S: sync now and show the sync page (refused records, hub notices)."""
        if self.sync_page is not None:
            return
        returning_to = QApplication.focusWidget()
        from station_app.ui.sync.sync_page import SyncPage  # Ctrl+S is rare: loaded on use

        operator_id = self.checkout.operator.id if self.checkout else None
        page = SyncPage(self._db, self._clock, self.sync_worker, operator_id, self)
        self.sync_page = page

        def closed() -> None:
            self.sync_page = None
            self.refresh_sync_count()
            if returning_to is not None:
                # No window manager may leave no window active after a dialog closes.
                self.activateWindow()
                returning_to.setFocus()

        page.finished.connect(closed)
        page.open()
        if self.sync_worker is not None:
            self.sync_worker.sync_now()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Stop everything that would run later: a running sync, the status bar's ticks.

        The window object may outlive its database (the app is ending, or a test made
        it), so no timer of its screens may fire after this.
        """
        if self.sync_worker is not None:
            self.sync_worker.stop()
        for timer in self.findChildren(QTimer):
            timer.stop()
        super().closeEvent(event)

    @Slot(str, object)
    def _show_printer(self, text: str, tone: Tone) -> None:
        # A printer failure must be noticed (coloured, with a beep), but never interrupts
        # the sale with a dialog. Plain news keeps the status bar's own light text: the
        # message line's "info" colour is dark, made for a light background.
        if tone is Tone.INFO:
            self.printer_label.setText(text)
            set_style_property(self.printer_label, "tone", "")
        else:
            show_message(self.printer_label, text, tone)

    def _show_operator(self, operator: Operator | None) -> None:
        self.operator_label.setText(
            self.tr("Operator: {0}").format(operator.name) if operator else self.tr("Not signed in")
        )

    @Slot(object, str)
    def _shift_ready(self, operator: Operator, notice: str) -> None:
        # No window manager may leave no window active after the float dialog closes.
        self.activateWindow()
        self.open_checkout(operator)
        if self.checkout is not None and notice:
            self.checkout.announce(notice)

    @Slot(str, str)
    def _stock_notice(self, first: str, text: str) -> None:
        # Said only over the sign-in notice: a scan's message since then is the newer news.
        view = self.checkout_view
        if self.checkout is not None and view is not None and view.message_label.text() == first:
            self.checkout.announce(text)

    @Slot(object)
    def open_checkout(self, operator: Operator) -> None:
        """Show a fresh checkout for `operator`."""
        self.close_checkout()
        self.prepare_checkout()  # built ahead as a rule; now if the PIN came too fast
        workspace, self._next_workspace = self._next_workspace, None
        assert workspace is not None
        workspace.serve(operator)
        view = workspace.checkout_view
        _, checkout_controller, _ = checkout_parts()
        controller = checkout_controller(
            view,
            self._db,
            self._settings,
            self._clock,
            operator,
            self,
            print_queue=self.print_queue,
        )
        controller.sale_completed.connect(self.refresh_sync_count)
        if self.sync_worker is not None:
            controller.sale_completed.connect(self.sync_worker.sync_soon)
        controller.refund_completed.connect(self.refresh_sync_count)
        controller.signed_out.connect(self.sign_out)
        controller.shifts.day_closed.connect(self.sign_out)
        controller.shifts.handed_over.connect(self._shift_ready)
        controller.shifts.records_changed.connect(self.refresh_sync_count)
        if self.sync_worker is not None:
            controller.shifts.records_changed.connect(self.sync_worker.sync_soon)
        workspace.records_changed.connect(self.refresh_sync_count)
        if self.sync_worker is not None:
            workspace.records_changed.connect(self.sync_worker.sync_soon)
        workspace.page_shown.connect(self.print_queue.set_place)
        workspace.restore_requested.connect(self.restore_requested)
        self.print_queue.set_place(Page.CHECKOUT)
        self.stack.setCurrentWidget(workspace)
        self.checkout, self.checkout_view, self.workspace = controller, view, workspace
        self._show_operator(operator)
        view.scan_input.setFocus()

    def close_checkout(self) -> None:
        """Drop the current checkout screen and the sign-in's other pages, if any."""
        if self.workspace is not None:
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()  # the checkout view and the pages go with it
        if self.checkout is not None:
            self.checkout.deleteLater()
        self.checkout, self.checkout_view, self.workspace = None, None, None

    @Slot()
    def sign_out(self) -> None:
        """Back to the sign-in screen."""
        self.close_checkout()
        self.stack.setCurrentWidget(self.signin_view)
        self.print_queue.set_place(None)
        self._show_operator(None)
        self.signin.reset()
        QTimer.singleShot(PREPARE_AFTER_MS, self, self.prepare_checkout)  # the next sign-in's
