"""The people page's logic: add, disable, reset PINs, change one's own; back up, restore.

Core checks every change (the owner's right, weak PINs, the last owner); this page
shows its refusal on the field concerned and keeps the dialog open to correct it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QLineEdit, QTableView

from station_app.core.clock import Clock
from station_app.core.errors import StationError
from station_app.core.operators import (
    Operator,
    OperatorInfo,
    Role,
    add_operator,
    change_own_pin,
    disable_operator,
    list_operators,
    reset_pin,
)
from station_app.core.settings import StationSettings
from station_app.storage.backups import BackupInfo, last_backup_at, list_backups, make_backup
from station_app.storage.sqlite_wrapper import Database
from station_app.ui.common.form_dialog import FieldKind, FormDialog, FormField
from station_app.ui.common.key_map import PEOPLE_KEYS, PageAction
from station_app.ui.common.messages import Tone
from station_app.ui.common.owner_approval import request_owner_approval
from station_app.ui.common.page_controller import PageController, refused_field
from station_app.ui.common.page_frame import current_row, select_row
from station_app.ui.common.print_queue import PrintQueue, database_file
from station_app.ui.people.people_page import PeopleModel, PeoplePage

PIN_PATTERN = "[0-9]{0,8}"


class PeopleController(PageController):
    """Connects the people page to core for the signed-in owner.

    Signals:
        records_changed(): an operator was added or changed (the hub hears of it).
        restore_requested(object): the owner confirmed restoring this backup (a Path). The
            app performs it: it replaces the database this page has open.
    """

    records_changed = Signal()
    restore_requested = Signal(object)

    def __init__(
        self,
        view: PeoplePage,
        db: Database,
        settings: StationSettings,
        clock: Clock,
        operator: Operator,
        print_queue: PrintQueue,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(view, db, settings, clock, operator, print_queue, PEOPLE_KEYS, parent)
        self.view: PeoplePage = view
        self.model = PeopleModel(self)
        view.people_table.setModel(self.model)
        view.size_columns()
        self.handlers.update(
            {
                PageAction.ADD_CLERK: lambda: self.add(Role.CLERK),
                PageAction.ADD_OWNER: lambda: self.add(Role.OWNER),
                PageAction.DISABLE: self.disable,
                PageAction.RESET_PIN: self.reset,
                PageAction.CHANGE_PIN: self.change_mine,
                PageAction.BACK_UP: self.back_up,
                PageAction.RESTORE: self.choose_restore,
            }
        )

    @property
    def table(self) -> QTableView:
        """The people listed."""
        return self.view.people_table

    @Slot()
    def enter(self) -> None:
        """Enter does nothing here: each change has its own key."""

    @Slot()
    def activate(self) -> None:
        """The page is shown: list afresh, say the last backup's age."""
        self.refresh()
        self.view.main_input.setFocus()

    def refresh(self) -> None:
        """The operators, the highlighted row kept, and the backup line."""
        row = max(current_row(self.table), 0)
        self.model.set_records(list_operators(self._db))
        select_row(self.table, row)
        self.view.backup_label.setText(self._backup_text())

    def _data_dir(self) -> Path:
        return database_file(self._db).parent

    def _backup_text(self) -> str:
        taken = last_backup_at(self._data_dir())
        if taken is None:
            return self.tr("No backup yet: F7 makes one now.")
        age = self._clock.local().replace(tzinfo=None) - taken.replace(tzinfo=None)
        hours = max(int(age.total_seconds() // 3600), 0)
        when = f"{taken:%Y-%m-%d %H:%M}"
        if hours < 1:
            return self.tr("Last backup: {0} (less than an hour ago).").format(when)
        if hours < 48:
            return self.tr("Last backup: {0} ({1} h ago).").format(when, hours)
        return self.tr(
            "Last backup: {0} (%n day(s) ago): F7 makes one now.", "", hours // 24
        ).format(when)

    def _chosen(self) -> OperatorInfo | None:
        row = current_row(self.table)
        if row < 0:
            self._say(self.tr("Choose a person with ↑↓ first."), Tone.ERROR)
            return None
        return self.model.record(row)

    # -- dialogs -------------------------------------------------------------------------------
    def _form(
        self,
        title: str,
        fields: list[FormField],
        act: Callable[[dict[str, str]], str],
        field_of: dict[str, str],
        pins: tuple[str, ...] = (),
    ) -> FormDialog:
        """A form whose Enter runs `act`; its refusal stays on the form, its success here."""
        dialog = FormDialog(title, fields, self.view)
        dialog.setObjectName("peopleDialog")
        for key in pins:
            widget = dialog.inputs[key]
            assert isinstance(widget, QLineEdit)
            widget.setEchoMode(QLineEdit.EchoMode.Password)

        def submitted(values: dict[str, str]) -> None:
            if "pin_again" in values and values["pin_again"] != values["pin"]:
                dialog.show_error(
                    self.tr("The two PINs differ: type the same PIN again."), "pin_again"
                )
                return
            try:
                said = act(values)
            except StationError as error:
                dialog.show_error(
                    error.text(self._language), refused_field(error, field_of, fields[0].key)
                )
                return
            dialog.accept()
            self.refresh()
            self.records_changed.emit()
            self._say(said, Tone.SUCCESS)

        dialog.submitted.connect(submitted)
        return self.dialogs.open(dialog)

    def _pin_fields(self, label: str) -> list[FormField]:
        return [
            FormField("pin", label, max_length=8, pattern=PIN_PATTERN),
            FormField(
                "pin_again", self.tr("The same PIN again"), max_length=8, pattern=PIN_PATTERN
            ),
        ]

    def add(self, role: Role) -> FormDialog:
        """F2 a clerk, F3 an owner: name and PIN typed twice."""

        def act(values: dict[str, str]) -> str:
            added = add_operator(
                self._db, values["name"], role, values["pin"], self._clock, by=self.operator
            )
            return self.tr("{0} added; they sign in with their PIN.").format(added.name)

        title = self.tr("Add a clerk") if role is Role.CLERK else self.tr("Add an owner")
        return self._form(
            title,
            [FormField("name", self.tr("Name"), max_length=20), *self._pin_fields(self.tr("PIN"))],
            act,
            {"name": "name", "pin": "pin"},
            ("pin", "pin_again"),
        )

    def disable(self) -> FormDialog | None:
        """F4: the highlighted person can no longer sign in (the last owner stays)."""
        person = self._chosen()
        if person is None:
            return None

        def act(_values: dict[str, str]) -> str:
            disable_operator(self._db, person.name, self._clock, by=self.operator)
            return self.tr("{0} disabled: their PIN no longer signs in.").format(person.name)

        dialog = FormDialog(
            self.tr("Disable {0}?").format(person.name),
            [],
            self.view,
            intro=self.tr(
                "{0} will no longer be able to sign in. Enter: disable, Esc: keep."
            ).format(person.name),
        )
        dialog.setObjectName("peopleDialog")

        def submitted(_values: dict[str, str]) -> None:
            try:
                said = act({})
            except StationError as error:
                dialog.show_error(error.text(self._language))
                return
            dialog.accept()
            self.refresh()
            self.records_changed.emit()
            self._say(said, Tone.SUCCESS)

        dialog.submitted.connect(submitted)
        return self.dialogs.open(dialog)

    def reset(self) -> FormDialog | None:
        """F5: give the highlighted person a new PIN (they forgot theirs)."""
        person = self._chosen()
        if person is None:
            return None

        def act(values: dict[str, str]) -> str:
            reset_pin(self._db, person.name, values["pin"], self._clock, by=self.operator)
            return self.tr("New PIN set for {0}.").format(person.name)

        return self._form(
            self.tr("New PIN for {0}").format(person.name),
            self._pin_fields(self.tr("New PIN")),
            act,
            {"pin": "pin"},
            ("pin", "pin_again"),
        )

    def change_mine(self) -> FormDialog:
        """F6: the owner's own PIN, the old one first."""

        def act(values: dict[str, str]) -> str:
            change_own_pin(self._db, self.operator, values["old_pin"], values["pin"], self._clock)
            return self.tr("Your PIN is changed; sign in with the new one from now on.")

        return self._form(
            self.tr("Change my PIN"),
            [
                FormField("old_pin", self.tr("Current PIN"), max_length=8, pattern=PIN_PATTERN),
                *self._pin_fields(self.tr("New PIN")),
            ],
            act,
            {"old_pin": "old_pin", "new_pin": "pin", "pin": "pin"},
            ("old_pin", "pin", "pin_again"),
        )

    # -- backups -------------------------------------------------------------------------------
    def back_up(self) -> None:
        """F7: a consistent copy now, into the data folder's backups."""
        path = database_file(self._db)
        info = make_backup(path, path.parent, self._clock, reason="manual")
        self.view.backup_label.setText(self._backup_text())
        said = self.tr("Backup made: {0}").format(info.path)
        for warning in info.warnings:
            said += "\n" + (warning.en if self._language.startswith("en") else warning.zh)
        self._say(said, Tone.ERROR if info.warnings else Tone.SUCCESS)

    def _backup_choice(self, info: BackupInfo) -> str:
        size = f"{info.size / 1_048_576:.1f} MB"
        state = self.tr("damaged") if info.intact is False else self.tr("intact")
        reasons = {
            "daily": self.tr("daily"),
            "manual": self.tr("made by hand"),
            "pre-migration": self.tr("before an update"),
        }
        reason = reasons.get(info.reason, info.reason)
        return f"{info.taken_at:%Y-%m-%d %H:%M} · {reason} · {size} · {state}"

    def choose_restore(self) -> FormDialog:
        """F8: choose a backup (↑↓, the newest intact one first) or type a path; then the PIN.

        Nothing is restored here: the app closes this window and its database first.
        """
        backups = list(reversed(list_backups(self._data_dir())))
        newest_intact = next((b for b in backups if b.intact), None)
        if newest_intact is not None:  # the one to offer first
            backups.remove(newest_intact)
            backups.insert(0, newest_intact)
        choices = tuple((self._backup_choice(b), str(b.path)) for b in backups)
        fields = [
            FormField("path", self.tr("Or the backup file's path"), max_length=400),
        ]
        if choices:
            fields.insert(
                0, FormField("backup", self.tr("Backup"), kind=FieldKind.CHOICE, choices=choices)
            )
        dialog = FormDialog(
            self.tr("Restore a backup"),
            fields,
            self.view,
            intro=self.tr(
                "Restoring replaces today's data with the backup's: everything recorded since "
                "that backup is gone from the counter (the replaced database is kept beside "
                "it). ↑↓ choose a backup, Enter: restore (the owner's PIN), Esc: keep."
            )
            if choices
            else self.tr(
                "No backup in {0} yet: type the path of a backup file, or Esc and F7 to make one."
            ).format(self._data_dir() / "backups"),
        )
        dialog.setObjectName("restoreDialog")

        def submitted(values: dict[str, str]) -> None:
            typed = values.get("path", "").strip()
            chosen = typed or values.get("backup") or ""
            if not chosen:
                dialog.show_error(self.tr("Type the path of a backup file."), "path")
                return
            file = Path(chosen)
            if not file.is_file():
                dialog.show_error(
                    self.tr("There is no file {0}: check the path.").format(file), "path"
                )
                return
            dialog.accept()
            request_owner_approval(
                self.view,
                self._db,
                self._language,
                self.tr("Restore {0}? Today's data since that backup will be replaced.").format(
                    file.name
                ),
                lambda _owner: None,
                then=lambda: self.restore_requested.emit(file),
                clock=self._clock,
            )

        dialog.submitted.connect(submitted)
        return self.dialogs.open(dialog)
