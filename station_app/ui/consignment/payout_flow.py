"""Paying farmers what the hub's settlements say is due: one settlement, or all of a farmer's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from station_app.core.clock import Clock
from station_app.core.consignment import (
    Settlement,
    due_to_farmer_fen,
    get_lot,
    pay_out,
    unpaid_settlements,
)
from station_app.core.errors import StationError
from station_app.core.money import format_fen
from station_app.core.operators import Operator
from station_app.core.payments import PaymentMethod, opens_drawer
from station_app.printing.consignment_papers import payout_slip
from station_app.printing.print_jobs import JobKind
from station_app.printing.receipt_layout import Layout
from station_app.storage.sqlite_wrapper import Database
from station_app.ui.checkout.payment_dialog import method_label
from station_app.ui.common.dialog_host import DialogHost
from station_app.ui.common.form_dialog import FieldKind, FormDialog, FormField
from station_app.ui.common.key_map import Page, no_printer_text
from station_app.ui.common.messages import Tone
from station_app.ui.common.nested_dialog import open_nested
from station_app.ui.common.print_queue import PrintQueue
from station_app.ui.common.villager_flow import VillagerFlow
from station_app.ui.consignment.consignment_models import SettlementRow
from station_app.ui.consignment.payout_dialog import PayoutDialog

PAYOUT_METHODS = (
    PaymentMethod.CASH,
    PaymentMethod.WECHAT,
    PaymentMethod.ALIPAY,
    PaymentMethod.UNIONPAY,
)
REFERENCE_MAX_CHARS = 64


def sentences(*parts: str) -> str:
    """Messages put together: Chinese sentences run on, English ones take a space."""
    text = ""
    for part in filter(None, parts):
        text += (" " if text and text[-1].isascii() else "") + part
    return text


@dataclass(frozen=True)
class PayoutDone:
    """What one payout step stored and printed, for the page to show."""

    villager_id: str
    settlements: tuple[Settlement, ...]
    slip: Layout
    caption: str
    text: str


class PayoutFlow(QObject):
    """Opens a farmer's unpaid settlements and pays them out for the signed-in operator.

    Each settlement is its own payout (core pays a settlement once); paying several
    prints one slip with every lot paid.

    Signals:
        paid_out(object): a PayoutDone, after the payouts are stored and the slip queued.
    """

    paid_out = Signal(object)

    def __init__(
        self,
        host: DialogHost,
        db: Database,
        language: str,
        clock: Clock,
        operator: Operator,
        print_queue: PrintQueue,
        villagers: VillagerFlow,
    ) -> None:
        super().__init__(host)
        self._host = host
        self._db = db
        self._language = language
        self._clock = clock
        self._operator = operator
        self._print_queue = print_queue
        self._villagers = villagers

    def rows(self, villager_id: str) -> list[SettlementRow]:
        """The farmer's settlements not yet paid out, each with its lot."""
        return [
            SettlementRow(s, get_lot(self._db, s.lot_id))
            for s in unpaid_settlements(self._db, villager_id)
        ]

    def open(self, villager_id: str) -> PayoutDialog:
        """The farmer's unpaid settlements; Enter pays one, F2 all."""
        farmer = self._villagers.row(villager_id).villager
        dialog = PayoutDialog(self._host.parent_widget)
        dialog.show_settlements(farmer.name, self.rows(villager_id))
        dialog.pay_wanted.connect(lambda rows: self.ask_method(dialog, villager_id, rows))
        return self._host.open(dialog)

    def ask_method(
        self, dialog: PayoutDialog, villager_id: str, rows: list[SettlementRow]
    ) -> FormDialog:
        """How the money goes (cash or a transfer and its reference); Enter pays."""
        farmer = self._villagers.row(villager_id).villager
        total = due_to_farmer_fen(row.settlement for row in rows)
        form = FormDialog(
            self.tr("Pay out"),
            [
                FormField(
                    "method",
                    self.tr("Paid by"),
                    FieldKind.CHOICE,
                    choices=tuple((method_label(method), method) for method in PAYOUT_METHODS),
                ),
                FormField(
                    "reference",
                    self.tr("Transfer reference"),
                    max_length=REFERENCE_MAX_CHARS,
                    placeholder=self.tr("the transfer's number; empty for cash"),
                ),
            ],
            dialog,
            intro=self.tr("Pay {0} to {1} for {2}.").format(
                format_fen(total), farmer.name, "、".join(row.lot.lot_code for row in rows)
            ),
            keys=self.tr(
                "Up/Down: method    Tab: reference    Enter: pay and print the slip    Esc: cancel"
            ),
        )
        form.setObjectName("payOutForm")

        def submitted(values: dict[str, Any]) -> None:
            method = PaymentMethod(values["method"])
            paid: list[tuple[SettlementRow, Settlement]] = []
            refused: list[str] = []
            for row in rows:  # each settlement is its own payout, recorded on its own
                try:
                    paid.append(
                        (
                            row,
                            pay_out(
                                self._db,
                                row.settlement.id,
                                method,
                                values["reference"],
                                self._operator,
                                self._clock,
                            ),
                        )
                    )
                except StationError as error:
                    refused.append(f"{row.lot.lot_code}: {error.text(self._language)}")
            dialog.show_settlements(farmer.name, self.rows(villager_id))
            if not paid:
                form.show_error("\n".join(refused), "method")
                return
            form.accept()
            self._paid(dialog, villager_id, paid, method, values["reference"], refused)

        form.submitted.connect(submitted)
        return open_nested(form)

    def _paid(
        self,
        dialog: PayoutDialog,
        villager_id: str,
        paid: list[tuple[SettlementRow, Settlement]],
        method: PaymentMethod,
        reference: str,
        refused: list[str],
    ) -> None:
        farmer = self._villagers.row(villager_id).villager
        amount = due_to_farmer_fen(settlement for _row, settlement in paid)
        slip = payout_slip(
            farmer,
            [(row.lot, settlement) for row, settlement in paid],
            method,
            reference,
            self._operator,
            self._print_queue.settings,
        )
        ref = paid[0][0].lot.lot_code if len(paid) == 1 else f"{farmer.name} ×{len(paid)}"
        # Cash leaves the drawer, so it opens as for a cash refund.
        printed = (
            self._print_queue.print_layout(
                JobKind.SLIP, ref, slip, open_drawer=opens_drawer([method])
            )
            is not None
        )
        text = sentences(
            self.tr("Paid {0} to {1} ({2}).").format(
                format_fen(amount), farmer.name, method_label(method)
            ),
            self.tr("The payout slip is printing.")
            if printed
            else no_printer_text(Page.CONSIGNMENT),
        )
        if refused:
            dialog.say(
                sentences(text, self.tr("Not paid: {0}").format("; ".join(refused))), Tone.ERROR
            )
        else:
            dialog.say(text)
        self.paid_out.emit(
            PayoutDone(
                villager_id,
                tuple(settlement for _row, settlement in paid),
                slip,
                self.tr("Payout slip of {0}").format(farmer.name),
                text,
            )
        )
