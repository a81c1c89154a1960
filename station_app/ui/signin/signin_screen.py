"""The sign-in screen: a PIN field with the focus; Enter signs in.

After too many wrong PINs the field takes no input and the message line counts
down the wait (core keeps the wait in the database, so a restart shows it too).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRegularExpression, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget
from sqlite_utils import Database

from station_app.core.clock import Clock
from station_app.core.errors import StationError
from station_app.core.operators import SignInLocked, pin_lockout, sign_in
from station_app.ui.common.messages import Tone, show_message

MAX_PIN_DIGITS = 8


class SignInView(QWidget):
    """Layout only: the station's name, the PIN field and a message line."""

    def __init__(self, station_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signInView")
        outer = QVBoxLayout(self)
        outer.addStretch(2)

        self.station_label = QLabel(station_name, self)
        self.station_label.setObjectName("stationTitle")
        self.station_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.station_label)

        self.prompt_label = QLabel(self.tr("Enter your PIN and press Enter"), self)
        self.prompt_label.setObjectName("signInPrompt")
        self.prompt_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.prompt_label)

        self.pin_input = QLineEdit(self)
        self.pin_input.setObjectName("pinInput")
        self.pin_input.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_input.setMaxLength(MAX_PIN_DIGITS)
        self.pin_input.setValidator(
            QRegularExpressionValidator(
                QRegularExpression(f"[0-9]{{0,{MAX_PIN_DIGITS}}}"), self.pin_input
            )
        )
        self.pin_input.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin_input.setFixedWidth(360)
        outer.addWidget(self.pin_input, 0, Qt.AlignmentFlag.AlignHCenter)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("signInMessage")
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setWordWrap(True)
        outer.addWidget(self.message_label)
        outer.addStretch(3)
        self.setFocusProxy(self.pin_input)


class SignInController(QObject):
    """Checks the PIN against core and reports who signed in.

    Signals:
        signed_in(object): the Operator whose PIN was entered.
        lock_ended(): a wait after wrong PINs is over; the field takes a PIN again.
    """

    signed_in = Signal(object)
    lock_ended = Signal()

    TICK_MS = 1000

    def __init__(
        self,
        view: SignInView,
        db: Database,
        clock: Clock,
        language: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self._db = db
        self._clock = clock
        self._language = language
        self._timer = QTimer(self)
        self._timer.setInterval(self.TICK_MS)
        self._timer.timeout.connect(self._tick)
        view.pin_input.returnPressed.connect(self.submit)
        self._show_lockout()

    @property
    def locked(self) -> bool:
        """True while the field refuses PINs."""
        return self._timer.isActive()

    def reset(self) -> None:
        """Empty the screen for the next person and give the PIN field the focus."""
        self.view.pin_input.clear()
        show_message(self.view.message_label, "")
        self.view.pin_input.setFocus()
        self._show_lockout()

    @Slot()
    def submit(self) -> None:
        """Sign in with the typed PIN; a wrong PIN is said plainly and the field cleared."""
        if self.locked:
            self.view.pin_input.clear()
            return
        pin = self.view.pin_input.text()
        try:
            operator = sign_in(self._db, pin, self._clock)
        except SignInLocked as locked:
            self.view.pin_input.clear()
            self._lock(locked.text(self._language))
            return
        except StationError as error:
            self.view.pin_input.clear()
            show_message(self.view.message_label, error.text(self._language), Tone.ERROR)
            return
        self.view.pin_input.clear()
        show_message(self.view.message_label, "")
        self.signed_in.emit(operator)

    def _show_lockout(self) -> None:
        wait_s = pin_lockout(self._db, self._clock).wait_left_s
        if wait_s:
            self._lock(self._wait_text(wait_s))

    def _wait_text(self, wait_s: int) -> str:
        return self.tr("Too many wrong PINs. Wait {0} s, then enter your PIN again.").format(wait_s)

    def _lock(self, text: str) -> None:
        # Read-only rather than disabled: the field keeps the focus, so keys typed
        # meanwhile land here and are refused instead of reaching another widget.
        self.view.pin_input.setReadOnly(True)
        show_message(self.view.message_label, text, Tone.ERROR)
        self._timer.start()

    @Slot()
    def _tick(self) -> None:
        wait_s = pin_lockout(self._db, self._clock).wait_left_s
        if wait_s:
            # Only the number changes: no beep every second.
            self.view.message_label.setText(self._wait_text(wait_s))
            return
        self._timer.stop()
        self.view.pin_input.setReadOnly(False)
        self.view.pin_input.clear()
        show_message(self.view.message_label, self.tr("You may enter your PIN again."), Tone.INFO)
        self.view.pin_input.setFocus()
        self.lock_ended.emit()
