"""The set-up wizard's logic: check each step as it is left, store everything at the end.

Nothing is written until the last step: a keeper who quits half-way starts the wizard
again next time on a station that still has no operators.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QComboBox, QLineEdit

from station_app.core.clock import Clock
from station_app.core.errors import StationError
from station_app.core.operators import check_pin_strength
from station_app.core.settings import load_settings, parse_setting, settings_as_text
from station_app.core.station_setup import set_up_station
from station_app.printing.errors import PrinterError
from station_app.printing.printer_settings import (
    PRINTER_SETTINGS,
    candidate_config,
    save_printer_settings,
)
from station_app.printing.printer_status import PrinterStatus
from station_app.storage.sqlite_wrapper import Database
from station_app.sync.link import parse_secret, provision_link
from station_app.ui.common.messages import Tone
from station_app.ui.common.print_queue import PrintQueue
from station_app.ui.setup.setup_view import SKIPPABLE, STEPS, SetupView, Step
from village_protocol.provisioning import read_provisioning_code

# The one field of the wizard's printer step, by connection, in the settings' terms.
_WHERE_SETTING = {
    "usb": "printer_usb_id",
    "serial": "printer_serial_port",
    "network": "printer_host",
    "windows": "printer_windows_name",
    "file": "printer_file",
}

# Where `set_up_station`'s refusals belong, by the field it names.
_REFUSED_AT: dict[str, tuple[Step, str]] = {
    "station_name": (Step.STATION, "station_name"),
    "station_phone": (Step.STATION, "station_phone"),
    "pin": (Step.OWNER, "pin"),
    "clerk_name": (Step.CLERK, "name"),
    "clerk_pin": (Step.CLERK, "pin"),
    "receipt_footer": (Step.FOOTER, "receipt_footer"),
}


@dataclass
class SetupAnswers:
    """What the steps gathered, checked; stored by `SetupController.finish`."""

    station_name: str = ""
    station_phone: str = ""
    owner_name: str = ""
    owner_pin: str = ""
    clerk_name: str | None = None
    clerk_pin: str | None = None
    hub: dict[str, str] | None = None  # station_id, hub_url, secret
    printer: dict[str, str] | None = None  # printer settings as text
    receipt_footer: str | None = None
    done: set[Step] = field(default_factory=set)


class SetupController(QObject):
    """Walks the keeper through `SetupView`'s steps and sets the station up.

    Signals:
        finished(): the station has its owner; the counter can open on sign-in.
    """

    finished = Signal()

    def __init__(
        self, view: SetupView, db: Database, clock: Clock, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.view = view
        self._db = db
        self._clock = clock
        self._settings = load_settings(db)
        self._language = self._settings.language
        self.answers = SetupAnswers()
        self._print_queue = PrintQueue(db, clock, self)
        self._step = Step.STATION
        footer = view.pages[Step.FOOTER].inputs["receipt_footer"]
        assert isinstance(footer, QLineEdit)
        footer.setText(self._settings.receipt_footer)
        view.enter_pressed.connect(self.next_step)
        view.back_pressed.connect(self.back)
        view.skip_pressed.connect(self.skip)
        view.test_pressed.connect(self.test_print)
        view.code_entered.connect(self.read_code)
        self._show()

    # -- texts ---------------------------------------------------------------------------------
    def _texts(self, step: Step) -> tuple[str, str]:
        later = {
            Step.CLERK: self.tr(
                "Optional. The owner can add clerks later on the people page (Alt+6)."
            ),
            Step.HUB: self.tr(
                "Optional: the station works without the hub. Paste the provisioning code the "
                "county printed, or its three values. Can be done later with "
                "`main.py init --station-id ID --hub URL --secret S`."
            ),
            Step.PRINTER: self.tr(
                "Optional: sales work without a printer. F5 prints a test page. Can be set up "
                "later in the checkout's printing menu (F7 → printer settings)."
            ),
            Step.FOOTER: self.tr(
                "The line printed at the bottom of every receipt. Can be changed later with "
                "`main.py settings receipt_footer TEXT`."
            ),
        }
        titles = {
            Step.STATION: (
                self.tr("The station"),
                self.tr(
                    "The name is printed on every receipt; the phone may stay empty (later: "
                    "`main.py settings station_phone`)."
                ),
            ),
            Step.OWNER: (
                self.tr("The owner (店主)"),
                self.tr(
                    "The owner signs in with this PIN and approves refunds and discounts. "
                    "Not 0000, 1234, 8888 or other easy PINs. Needed: it cannot be skipped."
                ),
            ),
            Step.CLERK: (self.tr("A clerk (店员)"), later[Step.CLERK]),
            Step.HUB: (self.tr("The county hub"), later[Step.HUB]),
            Step.PRINTER: (self.tr("The receipt printer"), later[Step.PRINTER]),
            Step.FOOTER: (self.tr("The receipt footer"), later[Step.FOOTER]),
        }
        return titles[step]

    def _keys(self, step: Step) -> str:
        parts = [
            self.tr("Enter: finish and go to sign-in")
            if step is STEPS[-1]
            else self.tr("Enter: next field / next step")
        ]
        if step is not STEPS[0]:
            parts.append(self.tr("Esc: back a step"))
        if step in SKIPPABLE:
            parts.append(self.tr("F3: skip, do it later"))
        if step is Step.PRINTER:
            parts.append(self.tr("F5: test print"))
        return "    ".join(parts)

    def _show(self) -> None:
        title, intro = self._texts(self._step)
        self.view.show_step(self._step, title, intro, self._keys(self._step))

    # -- moving --------------------------------------------------------------------------------
    @property
    def step(self) -> Step:
        """The step shown."""
        return self._step

    def _go(self, step: Step) -> None:
        self._step = step
        self._show()

    @Slot()
    def next_step(self) -> None:
        """Check the step shown; on to the next one, or store everything after the last."""
        if not self._check(self._step):
            return
        index = STEPS.index(self._step)
        if index + 1 < len(STEPS):
            self._go(STEPS[index + 1])
        else:
            self.finish()

    @Slot()
    def back(self) -> None:
        """Esc: the step before, its fields as they were typed."""
        index = STEPS.index(self._step)
        if index > 0:
            self._go(STEPS[index - 1])

    @Slot()
    def skip(self) -> None:
        """F3: leave a step for later (not the station's name nor the owner)."""
        if self._step not in SKIPPABLE:
            return
        self._forget(self._step)
        index = STEPS.index(self._step)
        if index + 1 < len(STEPS):
            self._go(STEPS[index + 1])
        else:
            self.finish()

    def _forget(self, step: Step) -> None:
        if step is Step.CLERK:
            self.answers.clerk_name = self.answers.clerk_pin = None
        elif step is Step.HUB:
            self.answers.hub = None
        elif step is Step.PRINTER:
            self.answers.printer = None
        elif step is Step.FOOTER:
            self.answers.receipt_footer = None

    # -- checking ------------------------------------------------------------------------------
    def _text(self, step: Step, key: str) -> str:
        widget = self.view.pages[step].inputs[key]
        if isinstance(widget, QComboBox):
            return str(widget.currentData())
        return widget.text().strip()

    def _refuse(self, step: Step, key: str, error: StationError | str) -> bool:
        text = error if isinstance(error, str) else error.text(self._language)
        self.view.refuse(step, key, text)
        return False

    def _check_pins(self, step: Step) -> str | None:
        """The step's PIN if it is strong and typed the same twice; else None (refused)."""
        pin, again = self._text(step, "pin"), self._text(step, "pin_again")
        inputs = self.view.pages[step].inputs
        try:
            check_pin_strength(pin)
        except StationError as error:
            # Both typed anew: a refused PIN is never kept in a field.
            for key in ("pin", "pin_again"):
                widget = inputs[key]
                assert isinstance(widget, QLineEdit)
                widget.clear()
            self._refuse(step, "pin", error)
            return None
        if pin != again:
            widget = inputs["pin_again"]
            assert isinstance(widget, QLineEdit)
            widget.clear()
            self._refuse(
                step,
                "pin_again",
                self.tr("The two PINs differ: type the same PIN again."),
            )
            return None
        return pin

    def _check(self, step: Step) -> bool:
        answers = self.answers
        if step is Step.STATION:
            name = self._text(step, "station_name")
            if not name:
                return self._refuse(
                    step, "station_name", self.tr("Type the station's name (it is on receipts).")
                )
            answers.station_name, answers.station_phone = name, self._text(step, "station_phone")
        elif step is Step.OWNER:
            name = self._text(step, "name")
            if not name:
                return self._refuse(step, "name", self.tr("Type the owner's name."))
            pin = self._check_pins(step)
            if pin is None:
                return False
            answers.owner_name, answers.owner_pin = name, pin
        elif step is Step.CLERK:
            name = self._text(step, "name")
            if not name:
                self._forget(step)
                return True
            pin = self._check_pins(step)
            if pin is None:
                return False
            # A PIN says who signs in, so two people can never share one.
            if pin == answers.owner_pin or name == answers.owner_name:
                return self._refuse(
                    step,
                    "pin" if pin == answers.owner_pin else "name",
                    self.tr("The clerk needs a name and a PIN of their own, not the owner's."),
                )
            answers.clerk_name, answers.clerk_pin = name, pin
        elif step is Step.HUB:
            return self._check_hub()
        elif step is Step.PRINTER:
            return self._check_printer()
        else:
            answers.receipt_footer = self._text(step, "receipt_footer") or None
        return True

    def _check_hub(self) -> bool:
        step = Step.HUB
        values = {key: self._text(step, key) for key in ("station_id", "hub_url", "secret")}
        if not any(values.values()):
            self._forget(step)
            return True
        for key in values:
            if not values[key]:
                return self._refuse(
                    step, key, self.tr("Fill in all three, or F3 to link the hub later.")
                )
        try:
            parse_setting("station_id", values["station_id"])
        except StationError as error:
            return self._refuse(step, "station_id", error)
        try:
            parse_setting("hub_url", values["hub_url"])
        except StationError as error:
            return self._refuse(step, "hub_url", error)
        try:
            values["secret"] = parse_secret(values["secret"])
        except StationError as error:
            return self._refuse(step, "secret", error)
        self.answers.hub = values
        return True

    @Slot(str)
    def read_code(self, text: str) -> None:
        """A pasted or scanned provisioning code fills station id, hub URL and secret."""
        step = Step.HUB
        try:
            code = read_provisioning_code(text)
        except ValueError as error:
            zh, en = getattr(error, "zh", str(error)), getattr(error, "en", str(error))
            self._refuse(step, "code", en if self._language.startswith("en") else zh)
            return
        inputs = self.view.pages[step].inputs
        for key, value in (
            ("station_id", code.station_id),
            ("hub_url", code.hub_url),
            ("secret", code.secret),
        ):
            widget = inputs[key]
            assert isinstance(widget, QLineEdit)
            widget.setText(value)
        self.view.say(
            step, self.tr("Code read: station {0}.").format(code.station_id), Tone.SUCCESS
        )
        inputs["secret"].setFocus()

    def _printer_texts(self) -> dict[str, str]:
        step = Step.PRINTER
        current = settings_as_text(self._settings)
        texts = {name: current[name] for name in PRINTER_SETTINGS}
        kind = self._text(step, "printer_kind")
        texts["printer_kind"] = kind
        texts["receipt_columns"] = self._text(step, "receipt_columns")
        where = self._text(step, "where")
        if kind == "network" and ":" in where:
            where, texts["printer_port"] = where.rsplit(":", 1)
        if kind in _WHERE_SETTING:
            texts[_WHERE_SETTING[kind]] = where
        return texts

    def _check_printer(self) -> bool:
        texts = self._printer_texts()
        if texts["printer_kind"] == "none":
            self._forget(Step.PRINTER)
            return True
        try:
            candidate_config(self._settings, texts)
        except StationError as error:
            return self._refuse(Step.PRINTER, "where", error)
        self.answers.printer = texts
        return True

    @Slot()
    def test_print(self) -> None:
        """F5 on the printer step: the test page on the printer as typed, nothing saved."""
        if self._step is not Step.PRINTER:
            return
        texts = self._printer_texts()
        try:
            config = candidate_config(self._settings, texts)
        except StationError as error:
            self._refuse(Step.PRINTER, "where", error)
            return
        self.view.say(Step.PRINTER, self.tr("Printing the test page…"), Tone.INFO)

        def done(outcome: PrinterStatus | PrinterError) -> None:
            if isinstance(outcome, PrinterError):
                self.view.say(
                    Step.PRINTER,
                    self.tr(
                        "Test print failed: {0}. Check the printer is on and has paper, and its "
                        "cable; then F5 again, or correct the port, or F3 to set it up later."
                    ).format(outcome.text(self._language).rstrip("。.")),
                    Tone.ERROR,
                )
            else:
                self.view.say(
                    Step.PRINTER,
                    self.tr("Test page sent ({0}). Check the paper.").format(
                        outcome.text(self._language)
                    ),
                    Tone.SUCCESS,
                )

        self._print_queue.test_print(config, int(texts["receipt_columns"]), done)

    # -- storing -------------------------------------------------------------------------------
    def finish(self) -> None:
        """Store the station, its people, then the hub link and the printer; then `finished`.

        Every value was checked on its step, so what follows the operators cannot be
        refused for its form; a storage error still reaches the app's error box.
        """
        answers = self.answers
        try:
            owner = set_up_station(
                self._db,
                self._clock,
                station_name=answers.station_name,
                station_phone=answers.station_phone,
                owner_name=answers.owner_name,
                owner_pin=answers.owner_pin,
                clerk_name=answers.clerk_name,
                clerk_pin=answers.clerk_pin,
                receipt_footer=answers.receipt_footer,
            )
        except StationError as error:
            # Core has the last word on a PIN, a name or a setting: the step it came from
            # shows why, so the keeper corrects it there.
            step, key = _REFUSED_AT.get(error.field or "", (Step.OWNER, "name"))
            self._go(step)
            self._refuse(step, key, error)
            return
        at = self._clock.stamp()
        if answers.hub is not None:
            provision_link(self._db, ca_bundle=None, at=at, **answers.hub)
        if answers.printer is not None:
            save_printer_settings(self._db, answers.printer, owner.id, at)
        self.finished.emit()
