"""The sign-in screen: a PIN field with the focus; Enter signs in.

After too many wrong PINs the field takes no input and the message line counts
down the wait (core keeps the wait in the database, so a restart shows it too).

An operator rebuilt from the hub has no PIN (PIN hashes never leave the station): while
any such operator exists, a second part of the screen lets them choose their name and
set a new PIN, typed twice; it has the focus when nobody could sign in by PIN.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRegularExpression, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from station_app.core.clock import Clock
from station_app.core.errors import StationError
from station_app.core.operators import (
    SignInLocked,
    list_operators,
    operators_awaiting_pin,
    pin_lockout,
    set_first_pin,
    sign_in,
)
from station_app.storage.sqlite_wrapper import Database
from station_app.ui.common.messages import Tone, message_line, show_message

MAX_PIN_DIGITS = 8


def _pin_field(parent: QWidget, name: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(MAX_PIN_DIGITS)
    field.setValidator(
        QRegularExpressionValidator(QRegularExpression(f"[0-9]{{0,{MAX_PIN_DIGITS}}}"), field)
    )
    field.setAlignment(Qt.AlignmentFlag.AlignCenter)
    field.setFixedWidth(360)
    return field


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

        self.pin_input = _pin_field(self, "pinInput")
        outer.addWidget(self.pin_input, 0, Qt.AlignmentFlag.AlignHCenter)

        self.message_label = message_line(self, "signInMessage")
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.message_label)

        self.first_pin_box = QWidget(self)
        self.first_pin_box.setObjectName("firstPinBox")
        box = QVBoxLayout(self.first_pin_box)
        self.first_pin_prompt = QLabel(
            self.tr(
                "First sign-in on this PC: choose your name, type a new PIN, press Enter, "
                "type it again and press Enter"
            ),
            self.first_pin_box,
        )
        self.first_pin_prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.first_pin_prompt.setWordWrap(True)
        box.addWidget(self.first_pin_prompt)
        self.name_choice = QComboBox(self.first_pin_box)
        self.name_choice.setObjectName("firstPinName")
        self.name_choice.setFixedWidth(360)
        box.addWidget(self.name_choice, 0, Qt.AlignmentFlag.AlignHCenter)
        self.new_pin_input = _pin_field(self.first_pin_box, "newPinInput")
        self.new_pin_input.setPlaceholderText(self.tr("New PIN"))
        box.addWidget(self.new_pin_input, 0, Qt.AlignmentFlag.AlignHCenter)
        self.again_pin_input = _pin_field(self.first_pin_box, "againPinInput")
        self.again_pin_input.setPlaceholderText(self.tr("The new PIN again"))
        box.addWidget(self.again_pin_input, 0, Qt.AlignmentFlag.AlignHCenter)
        self.first_pin_box.hide()
        outer.addWidget(self.first_pin_box)
        outer.addStretch(3)
        self.setFocusProxy(self.pin_input)


class SignInController(QObject):
    """Checks the PIN against core and reports who signed in.

    `prepare` (the main window's: it builds the checkout screen ahead) runs while the
    PIN is hashed, so that work is not added to the keeper's wait.

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
        *,
        prepare: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self._prepare = prepare
        self._db = db
        self._clock = clock
        self._language = language
        self._timer = QTimer(self)
        self._timer.setInterval(self.TICK_MS)
        self._timer.timeout.connect(self._tick)
        view.pin_input.returnPressed.connect(self.submit)
        view.new_pin_input.returnPressed.connect(view.again_pin_input.setFocus)
        view.again_pin_input.returnPressed.connect(self.submit_first_pin)
        self._show_lockout()
        self._show_awaiting()

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
        self._show_awaiting()

    def _show_awaiting(self) -> None:
        awaiting = [info.name for info in operators_awaiting_pin(self._db)]
        view = self.view
        view.name_choice.clear()
        view.name_choice.addItems(awaiting)
        view.new_pin_input.clear()
        view.again_pin_input.clear()
        view.first_pin_box.setVisible(bool(awaiting))
        nobody_has_a_pin = bool(awaiting) and not any(
            info.active and not info.pin_must_change for info in list_operators(self._db)
        )
        # Focus moves only when the PIN field could sign nobody in; the proxy makes the
        # main window's "focus the sign-in screen" land on the name too.
        view.setFocusProxy(view.name_choice if nobody_has_a_pin else view.pin_input)
        if nobody_has_a_pin:
            view.name_choice.setFocus()

    @Slot()
    def submit_first_pin(self) -> None:
        """Set the chosen operator's first PIN if both entries match; then sign them in."""
        view = self.view
        name, new, again = (
            view.name_choice.currentText(),
            view.new_pin_input.text(),
            view.again_pin_input.text(),
        )
        if not name:
            return
        if new != again:
            self._first_pin_refused(self.tr("The two PINs differ. Type the new PIN again, twice."))
            return
        try:
            operator = set_first_pin(self._db, name, new, self._clock)
        except StationError as error:
            self._first_pin_refused(error.text(self._language))
            return
        show_message(view.message_label, "")
        self._show_awaiting()
        self.signed_in.emit(operator)

    def _first_pin_refused(self, text: str) -> None:
        self.view.new_pin_input.clear()
        self.view.again_pin_input.clear()
        show_message(self.view.message_label, text, Tone.ERROR)
        self.view.new_pin_input.setFocus()

    @Slot()
    def submit(self) -> None:
        """Sign in with the typed PIN; a wrong PIN is said plainly and the field cleared."""
        if self.locked:
            self.view.pin_input.clear()
            return
        pin = self.view.pin_input.text()
        try:
            operator = sign_in(self._db, pin, self._clock, meanwhile=self._prepare)
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
