"""The set-up wizard's screen: one step at a time, each a short form, Enter to go on."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.ui.common.form_parts import clear_when_edited, mark_refused
from station_app.ui.common.messages import Tone, show_message
from station_app.ui.signin.signin_screen import MAX_PIN_DIGITS

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class Step(Enum):
    """The wizard's steps, in order."""

    STATION = "station"
    OWNER = "owner"
    CLERK = "clerk"
    HUB = "hub"
    PRINTER = "printer"
    FOOTER = "footer"


STEPS = tuple(Step)
# The owner is needed to sign in at all and the station's name is on every receipt;
# everything else can be done later by the owner or on the command line.
SKIPPABLE = {Step.CLERK, Step.HUB, Step.PRINTER, Step.FOOTER}


@dataclass
class StepPage:
    """One step's widgets: the fields by key, in the order Enter walks them."""

    widget: QWidget
    inputs: dict[str, QLineEdit | QComboBox]
    message: QLabel


class SetupView(QWidget):
    """Layout only; the controller checks and stores.

    Enter moves to the next field, and from a step's last field to the next step; Esc
    goes back a step; F3 skips a step that can be done later; F5 prints a test page on
    the printer step.

    Signals:
        enter_pressed(): Enter in the last field of the step shown.
        back_pressed(): Esc.
        skip_pressed(): F3.
        test_pressed(): F5.
        code_entered(str): Enter in the provisioning-code field, with what was pasted.
    """

    enter_pressed = Signal()
    back_pressed = Signal()
    skip_pressed = Signal()
    test_pressed = Signal()
    code_entered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupView")
        self.setWindowTitle(self.tr("Set up the station"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 24, 40, 24)
        self.progress_label = QLabel(self)
        self.progress_label.setObjectName("setupProgress")
        outer.addWidget(self.progress_label)
        self.title_label = QLabel(self)
        self.title_label.setObjectName("stationTitle")
        outer.addWidget(self.title_label)
        self.intro_label = QLabel(self)
        self.intro_label.setObjectName("formIntro")
        self.intro_label.setWordWrap(True)
        outer.addWidget(self.intro_label)
        self.stack = QStackedWidget(self)
        outer.addWidget(self.stack, 1)
        self.keys_label = QLabel(self)
        self.keys_label.setObjectName("keysLabel")
        self.keys_label.setWordWrap(True)
        outer.addWidget(self.keys_label)

        self.pages: dict[Step, StepPage] = {
            Step.STATION: self._page(
                [
                    ("station_name", self.tr("Station name"), self._line(40)),
                    ("station_phone", self.tr("Station phone (may stay empty)"), self._line(30)),
                ]
            ),
            Step.OWNER: self._page(
                [
                    ("name", self.tr("Owner's name"), self._line(20)),
                    ("pin", self.tr("PIN (4 to 8 digits)"), self._pin()),
                    ("pin_again", self.tr("The same PIN again"), self._pin()),
                ]
            ),
            Step.CLERK: self._page(
                [
                    ("name", self.tr("Clerk's name (empty: no clerk)"), self._line(20)),
                    ("pin", self.tr("PIN (4 to 8 digits)"), self._pin()),
                    ("pin_again", self.tr("The same PIN again"), self._pin()),
                ]
            ),
            Step.HUB: self._page(
                [
                    (
                        "code",
                        self.tr("Provisioning code (paste or scan; fills the three below)"),
                        self._line(600),
                    ),
                    ("station_id", self.tr("Station id"), self._line(40)),
                    ("hub_url", self.tr("Hub address (URL)"), self._line(200)),
                    ("secret", self.tr("Station secret"), self._line(80)),
                ]
            ),
            Step.PRINTER: self._page(
                [
                    (
                        "printer_kind",
                        self.tr("Connection"),
                        self._combo(
                            [
                                ("none", self.tr("No printer")),
                                ("usb", self.tr("USB")),
                                ("serial", self.tr("Serial port (COM)")),
                                ("network", self.tr("Network (LAN)")),
                                ("windows", self.tr("Windows printer")),
                                ("file", self.tr("Device or file")),
                            ]
                        ),
                    ),
                    (
                        "where",
                        self.tr("Port: USB id, COM port, address, printer name or device"),
                        self._line(200),
                    ),
                    (
                        "receipt_columns",
                        self.tr("Paper"),
                        self._combo(
                            [
                                ("32", self.tr("58 mm (32 columns)")),
                                ("48", self.tr("80 mm (48 columns)")),
                            ]
                        ),
                    ),
                ]
            ),
            Step.FOOTER: self._page(
                [("receipt_footer", self.tr("Receipt footer"), self._line(60))]
            ),
        }
        for step_page in self.pages.values():
            self.stack.addWidget(step_page.widget)

    # -- building ------------------------------------------------------------------------------
    def _line(self, max_length: int) -> QLineEdit:
        line = QLineEdit(self)
        line.setMaxLength(max_length)
        return line

    def _pin(self) -> QLineEdit:
        line = self._line(MAX_PIN_DIGITS)
        line.setEchoMode(QLineEdit.EchoMode.Password)
        line.setValidator(
            QRegularExpressionValidator(QRegularExpression(f"[0-9]{{0,{MAX_PIN_DIGITS}}}"), line)
        )
        return line

    def _combo(self, entries: list[tuple[str, str]]) -> QComboBox:
        box = QComboBox(self)
        for value, label in entries:
            box.addItem(label, value)
        return box

    def _page(self, rows: list[tuple[str, str, QLineEdit | QComboBox]]) -> StepPage:
        widget = QWidget(self)
        form = QFormLayout(widget)
        form.setVerticalSpacing(10)
        inputs: dict[str, QLineEdit | QComboBox] = {}
        for key, label, field in rows:
            field.setParent(widget)
            field.setObjectName(f"setup_{key}")
            field.setMinimumWidth(420)
            inputs[key] = field
            form.addRow(label, field)
        message = QLabel(widget)
        message.setObjectName("setupMessage")
        message.setWordWrap(True)
        form.addRow(message)
        clear_when_edited(message, inputs.values())
        return StepPage(widget, inputs, message)

    # -- showing -------------------------------------------------------------------------------
    def show_step(self, step: Step, title: str, intro: str, keys: str) -> None:
        """Show `step` with its explanation and keys; the focus goes to its first field."""
        index = STEPS.index(step)
        self.progress_label.setText(self.tr("Step {0} of {1}").format(index + 1, len(STEPS)))
        self.title_label.setText(title)
        self.intro_label.setText(intro)
        self.keys_label.setText(keys)
        page = self.pages[step]
        self.stack.setCurrentWidget(page.widget)
        show_message(page.message, "")
        next(iter(page.inputs.values())).setFocus()

    def current_step(self) -> Step:
        """The step shown."""
        widget = self.stack.currentWidget()
        return next(step for step, page in self.pages.items() if page.widget is widget)

    def refuse(self, step: Step, key: str, text: str) -> None:
        """Say why `key`'s value was refused, on its step, and put the focus there."""
        page = self.pages[step]
        field = page.inputs[key]
        mark_refused(field)
        show_message(page.message, text, Tone.ERROR)
        field.setFocus()
        if isinstance(field, QLineEdit):
            field.selectAll()

    def say(self, step: Step, text: str, tone: Tone) -> None:
        """A line under the step's fields (a test print's outcome)."""
        show_message(self.pages[step].message, text, tone)

    # -- keys ----------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """The fields leave Enter, Esc, F3 and F5 to the wizard (QLineEdit ignores them)."""
        key = event.key()
        if key in ENTER_KEYS:
            self._enter()
        elif key == Qt.Key.Key_Escape:
            self.back_pressed.emit()
        elif key == Qt.Key.Key_F3:
            self.skip_pressed.emit()
        elif key == Qt.Key.Key_F5:
            self.test_pressed.emit()
        else:
            super().keyPressEvent(event)

    def _enter(self) -> None:
        fields = list(self.pages[self.current_step()].inputs.values())
        focus = self.focusWidget()
        if isinstance(focus, QLineEdit) and focus.objectName() == "setup_code" and focus.text():
            self.code_entered.emit(focus.text())
            return
        # An empty clerk's name is "no clerk": Enter goes on rather than to the PIN.
        skip_clerk = self.current_step() is Step.CLERK and focus is fields[0]
        if skip_clerk and isinstance(focus, QLineEdit) and not focus.text().strip():
            self.enter_pressed.emit()
            return
        if focus in fields and focus is not fields[-1]:
            fields[fields.index(focus) + 1].setFocus()  # type: ignore[arg-type]
            return
        self.enter_pressed.emit()
