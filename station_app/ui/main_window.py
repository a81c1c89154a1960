"""The main window: sign-in, then the checkout, with the station's status bar."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QWidget
from sqlite_utils import Database

from station_app.core.clock import Clock
from station_app.core.operators import Operator
from station_app.core.settings import StationSettings
from station_app.sync.outbox import pending_count
from station_app.ui.checkout_controller import CheckoutController
from station_app.ui.checkout_view import CheckoutView
from station_app.ui.signin_screen import SignInController, SignInView

CLOCK_TICK_MS = 1_000
SYNC_COUNT_TICK_MS = 30_000


class MainWindow(QMainWindow):
    """Holds the screens and the status bar; builds a checkout for each sign-in.

    A new checkout per operator means the operator is fixed for the screen's life and
    nothing of one clerk's cart or dialogs survives their signing out.
    """

    def __init__(self, db: Database, settings: StationSettings, clock: Clock,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Village station counter — {0}").format(
            settings.station_name))
        self.setMinimumSize(1000, 700)
        self._db = db
        self._settings = settings
        self._clock = clock

        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.signin_view = SignInView(settings.station_name)
        self.signin = SignInController(self.signin_view, db, clock, settings.language, self)
        self.signin.signed_in.connect(self.open_checkout)
        self.stack.addWidget(self.signin_view)
        self.checkout: CheckoutController | None = None
        self.checkout_view: CheckoutView | None = None

        self.operator_label = QLabel(self)
        self.operator_label.setObjectName("operatorStatus")
        self.sync_label = QLabel(self)
        self.sync_label.setObjectName("syncStatus")
        # Real printing comes with its own issue; until then say so honestly.
        self.printer_label = QLabel(self.tr("Printer: not set up"), self)
        self.printer_label.setObjectName("printerStatus")
        self.clock_label = QLabel(self)
        self.clock_label.setObjectName("clockStatus")
        status = self.statusBar()
        for label in (self.operator_label, self.sync_label, self.printer_label,
                      self.clock_label):
            status.addPermanentWidget(label)

        self._clock_timer = QTimer(self)
        self._clock_timer.timeout.connect(self._show_time)
        self._clock_timer.start(CLOCK_TICK_MS)
        # The sync worker (a later issue) empties the queue in the background.
        self._sync_timer = QTimer(self)
        self._sync_timer.timeout.connect(self.refresh_sync_count)
        self._sync_timer.start(SYNC_COUNT_TICK_MS)
        self._show_time()
        self.refresh_sync_count()
        self._show_operator(None)
        self.signin.reset()

    @Slot()
    def _show_time(self) -> None:
        self.clock_label.setText(f"{self._clock.local():%Y-%m-%d %H:%M}")

    @Slot()
    def refresh_sync_count(self) -> None:
        """Show how many events wait for the county hub."""
        self.sync_label.setText(self.tr("To sync: {0}").format(pending_count(self._db)))

    def _show_operator(self, operator: Operator | None) -> None:
        self.operator_label.setText(
            self.tr("Operator: {0}").format(operator.name) if operator
            else self.tr("Not signed in"))

    @Slot(object)
    def open_checkout(self, operator: Operator) -> None:
        """Show a fresh checkout for `operator`."""
        self.close_checkout()
        view = CheckoutView()
        controller = CheckoutController(view, self._db, self._settings, self._clock,
                                        operator, self)
        controller.sale_completed.connect(self.refresh_sync_count)
        controller.refund_completed.connect(self.refresh_sync_count)
        controller.signed_out.connect(self.sign_out)
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        self.checkout, self.checkout_view = controller, view
        self._show_operator(operator)
        view.scan_input.setFocus()

    def close_checkout(self) -> None:
        """Drop the current checkout screen, if any."""
        if self.checkout_view is not None:
            self.stack.removeWidget(self.checkout_view)
            self.checkout_view.deleteLater()
        if self.checkout is not None:
            self.checkout.deleteLater()
        self.checkout, self.checkout_view = None, None

    @Slot()
    def sign_out(self) -> None:
        """Back to the sign-in screen."""
        self.close_checkout()
        self.stack.setCurrentWidget(self.signin_view)
        self._show_operator(None)
        self.signin.reset()
