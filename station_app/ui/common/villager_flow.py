"""Villager steps several screens share: pick one, add one, take a repayment, set a limit."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QWidget

from station_app.core.clock import Clock
from station_app.core.credit import LedgerEntry, balance_fen, balances_fen, repay
from station_app.core.errors import StationError
from station_app.core.money import format_fen, format_plain, parse_yuan
from station_app.core.operators import Operator
from station_app.core.payments import PaymentMethod
from station_app.core.villagers import (
    MAX_GROUP,
    MAX_NAME,
    MAX_NOTE,
    Villager,
    add_villager,
    find_villagers,
    get_villager,
    list_villagers,
    set_credit_limit,
)
from station_app.storage.sqlite_wrapper import Database
from station_app.ui.checkout.payment_dialog import method_label
from station_app.ui.common.dialog_host import DialogHost
from station_app.ui.common.form_dialog import FieldKind, FormDialog, FormField
from station_app.ui.common.nested_dialog import open_nested
from station_app.ui.common.owner_approval import run_with_owner_approval
from station_app.ui.common.villager_picker_dialog import VillagerPickerDialog
from station_app.ui.villagers.villager_models import VillagerRow

PHONE_PATTERN = "[0-9 -]{0,13}"
# add_villager's parameters -> the new-villager form's fields.
VILLAGER_FIELDS = {"name": "name", "phone": "phone", "village_group": "group", "note": "note"}
REPAYMENT_METHODS = (
    PaymentMethod.CASH,
    PaymentMethod.WECHAT,
    PaymentMethod.ALIPAY,
    PaymentMethod.UNIONPAY,
)


class VillagerFlow(QObject):
    """Opens the villager dialogs for one screen and its signed-in operator.

    Each step opens over `over` (a dialog already open) or, when None, over the
    screen through its DialogHost, so the focus comes back to the screen's field.
    """

    def __init__(
        self, host: DialogHost, db: Database, language: str, clock: Clock, operator: Operator
    ) -> None:
        super().__init__(host)
        self._host = host
        self._db = db
        self._language = language
        self._clock = clock
        self._operator = operator

    def _open(self, dialog: QDialog, over: QWidget | None) -> None:
        if over is None:
            self._host.open(dialog)
        else:
            open_nested(dialog)

    def rows(self, villagers: list[Villager]) -> list[VillagerRow]:
        """The villagers with what each owes now."""
        owed = balances_fen(self._db, [v.id for v in villagers])
        return [VillagerRow(v, owed[v.id]) for v in villagers]

    def search(self, text: str) -> list[VillagerRow]:
        """Villagers matching `text` (phone tail, name, initials); everyone for no text."""
        found = (
            find_villagers(self._db, text, limit=50) if text.strip() else list_villagers(self._db)
        )
        return self.rows(found)

    def row(self, villager_id: str) -> VillagerRow:
        """One villager as stored now, with the balance."""
        return VillagerRow(get_villager(self._db, villager_id), balance_fen(self._db, villager_id))

    # -- picking and adding ------------------------------------------------------------------
    def pick(
        self, title: str, chosen: Callable[[VillagerRow], object], over: QWidget | None = None
    ) -> VillagerPickerDialog:
        """Let the keeper find a villager; `chosen(row)` runs once one is taken.

        What `chosen` returns (often the next dialog, for tests) is ignored.
        """
        parent = over or self._host.parent_widget
        picker = VillagerPickerDialog(self.search, title, parent)

        def take(row: VillagerRow) -> None:
            picker.accept()
            chosen(row)

        picker.villager_chosen.connect(take)
        picker.new_villager_wanted.connect(lambda text: self.add(take, over=picker, typed=text))
        self._open(picker, over)
        return picker

    def add(
        self, added: Callable[[VillagerRow], None], *, over: QWidget | None = None, typed: str = ""
    ) -> FormDialog:
        """Register a new villager; what was typed in a search becomes the phone or name."""
        digits = typed.replace(" ", "").isdigit()
        dialog = FormDialog(
            self.tr("New villager"),
            [
                FormField(
                    "name", self.tr("Name"), text="" if digits else typed, max_length=MAX_NAME
                ),
                FormField(
                    "phone",
                    self.tr("Mobile (11 digits)"),
                    text=typed if digits else "",
                    pattern=PHONE_PATTERN,
                    max_length=13,
                ),
                FormField(
                    "group",
                    self.tr("Village group"),
                    max_length=MAX_GROUP,
                    placeholder=self.tr("e.g. 三组"),
                ),
                FormField("note", self.tr("Note"), max_length=MAX_NOTE),
            ],
            over or self._host.parent_widget,
        )
        dialog.setObjectName("villagerFormDialog")

        def submitted(values: dict[str, str]) -> None:
            try:
                villager = add_villager(
                    self._db,
                    values["name"],
                    values["phone"],
                    self._operator,
                    self._clock,
                    village_group=values["group"],
                    note=values["note"],
                )
            except StationError as error:
                dialog.show_error(
                    error.text(self._language), VILLAGER_FIELDS.get(error.field or "", "name")
                )
                return
            dialog.accept()
            added(VillagerRow(villager, 0))

        dialog.submitted.connect(submitted)
        self._open(dialog, over)
        return dialog

    # -- the account ---------------------------------------------------------------------------
    def repay(
        self, row: VillagerRow, done: Callable[[LedgerEntry], None], over: QWidget | None = None
    ) -> FormDialog:
        """Take a repayment (还款), prefilled with the whole balance."""
        dialog = FormDialog(
            self.tr("Repayment"),
            [
                FormField(
                    "amount",
                    self.tr("Amount repaid (yuan)"),
                    FieldKind.AMOUNT,
                    text=format_plain(max(row.balance_fen, 0)),
                    max_length=12,
                ),
                FormField(
                    "method",
                    self.tr("Paid by"),
                    FieldKind.CHOICE,
                    choices=tuple((method_label(method), method) for method in REPAYMENT_METHODS),
                ),
            ],
            over or self._host.parent_widget,
            intro=self.tr("{0} owes {1}.").format(row.villager.name, format_fen(row.balance_fen)),
        )
        dialog.setObjectName("repayDialog")

        def submitted(values: dict[str, object]) -> None:
            try:
                amount = parse_yuan(str(values["amount"]), field=self.tr("Amount repaid"))
                entry = repay(
                    self._db,
                    row.villager.id,
                    amount,
                    PaymentMethod(values["method"]),
                    self._operator,
                    self._clock,
                )
            except StationError as error:
                dialog.show_error(error.text(self._language), "amount")
                return
            dialog.accept()
            done(entry)

        dialog.submitted.connect(submitted)
        self._open(dialog, over)
        return dialog

    def set_limit(
        self, row: VillagerRow, done: Callable[[Villager], None], over: QWidget | None = None
    ) -> FormDialog:
        """The owner sets the credit limit; a clerk signed in gets the owner's PIN asked."""
        dialog = FormDialog(
            self.tr("Credit limit"),
            [
                FormField(
                    "limit",
                    self.tr("Credit limit (yuan, 0 = no credit)"),
                    FieldKind.AMOUNT,
                    text=format_plain(row.villager.credit_limit_fen),
                    max_length=12,
                ),
            ],
            over or self._host.parent_widget,
            intro=self.tr("How much may {0} owe? Now owes {1}.").format(
                row.villager.name, format_fen(row.balance_fen)
            ),
        )
        dialog.setObjectName("creditLimitDialog")

        def refused(error: StationError) -> None:
            dialog.show_error(error.text(self._language), "limit")

        def submitted(values: dict[str, str]) -> None:
            try:
                limit_fen = parse_yuan(values["limit"], field=self.tr("Credit limit"))
            except StationError as error:
                refused(error)
                return

            def store(owner: Operator | None) -> None:
                # A clerk's own try is refused by core; the owner's PIN then approves it.
                done(
                    set_credit_limit(
                        self._db, row.villager.id, limit_fen, owner or self._operator, self._clock
                    )
                )

            run_with_owner_approval(dialog, self._db, self._language, store, dialog.accept, refused)

        dialog.submitted.connect(submitted)
        self._open(dialog, over)
        return dialog
