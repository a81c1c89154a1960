"""The agency page's logic: the board, new orders with payment and slip, each order's steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from station_app.core.agency import (
    AgencyOrder,
    cancel_order,
    collected_tenders,
    create_order,
    find_orders,
    get_order,
    list_orders,
    mark_placed,
    mark_returned,
    mark_shipped,
    next_steps,
    open_balance_totals,
    open_balances,
    order_history,
    platform_cost_fen,
    record_refund,
    request_return,
)
from station_app.core.clock import Clock
from station_app.core.errors import InputRefused, StationError
from station_app.core.money import format_fen, format_plain, parse_yuan
from station_app.core.operators import Operator
from station_app.core.payments import PaymentMethod, Tender, opens_drawer
from station_app.core.settings import StationSettings
from station_app.core.statuses import AgencyStatus
from station_app.printing.print_jobs import JobKind
from station_app.printing.slips import agency_slip
from station_app.storage.sqlite_wrapper import Database
from station_app.ui.agency.agency_detail_dialog import AgencyDetailDialog
from station_app.ui.agency.agency_models import AgencyOrderModel, OpenBalanceModel, status_label
from station_app.ui.agency.agency_order_dialog import AgencyOrderDialog, AgencyOrderDraft
from station_app.ui.agency.agency_page import AgencyPage
from station_app.ui.checkout.payment_dialog import PaymentDialog, method_label
from station_app.ui.common.form_dialog import FieldKind, FormDialog, FormField
from station_app.ui.common.key_map import AGENCY_KEYS, PageAction
from station_app.ui.common.messages import Tone
from station_app.ui.common.nested_dialog import open_nested
from station_app.ui.common.notice_dialog import NoticeDialog
from station_app.ui.common.owner_approval import run_with_owner_approval
from station_app.ui.common.page_controller import BoardController, refused_field
from station_app.ui.common.page_frame import current_row
from station_app.ui.common.print_queue import PrintQueue
from station_app.ui.villagers.villager_models import VillagerRow

# F3/F4 step through these; None is every order.
FILTERS: tuple[AgencyStatus | None, ...] = (
    None,
    AgencyStatus.CREATED,
    AgencyStatus.PLACED,
    AgencyStatus.SHIPPED,
    AgencyStatus.ARRIVED,
    AgencyStatus.PICKED_UP,
    AgencyStatus.RETURN_REQUESTED,
    AgencyStatus.RETURNED,
    AgencyStatus.CANCELLED,
    AgencyStatus.REFUNDING,
    AgencyStatus.REFUNDED,
)
# Arrival and pickup happen on the pickup page, where the parcel is scanned. One refund
# step form records partial and final refunds alike; core says which state follows.
HIDDEN_STEPS = (AgencyStatus.ARRIVED, AgencyStatus.PICKED_UP, AgencyStatus.REFUNDING)
REFUND_METHODS = (
    PaymentMethod.CASH,
    PaymentMethod.WECHAT,
    PaymentMethod.ALIPAY,
    PaymentMethod.UNIONPAY,
    PaymentMethod.ACCOUNT,
)
# The step functions' parameters -> the step forms' fields, for the field a refusal names.
STEP_FIELDS = {
    "platform_order_no": "number",
    "spent_fen": "spent",
    "tracking_no": "tracking",
    "reason": "reason",
    "platform_refund_fen": "platform",
    "paid_back_fen": "paid_back",
}


def _yuan(text: str, field: str) -> int:
    """An amount typed in a step form (empty is 0); a refusal names core's `field`."""
    try:
        return parse_yuan(text or "0")
    except InputRefused as error:
        raise error.concerning(field) from None


class AgencyController(BoardController):
    """Connects the agency page to core for the signed-in operator.

    Signals:
        order_created(object): the AgencyOrder, after it is stored (its slip is queued).
        records_changed(): an order was created or moved on (the hub must hear).
    """

    order_created = Signal(object)
    records_changed = Signal()
    filters = FILTERS

    def __init__(
        self,
        view: AgencyPage,
        db: Database,
        settings: StationSettings,
        clock: Clock,
        operator: Operator,
        print_queue: PrintQueue,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(
            view,
            db,
            settings,
            clock,
            operator,
            print_queue,
            AGENCY_KEYS,
            view.tables,
            view.order_table,
            view.balance_table,
            parent,
        )
        self.view: AgencyPage = view
        self.order_model = AgencyOrderModel(clock, self)
        self.balance_model = OpenBalanceModel(clock, self)
        view.order_table.setModel(self.order_model)
        view.balance_table.setModel(self.balance_model)
        view.size_columns()
        self.search_text = ""
        self.handlers.update(
            {
                PageAction.NEW_ORDER: self.new_order,
                PageAction.CLEAR: self.clear_search,
            }
        )

    @property
    def _model(self) -> AgencyOrderModel | OpenBalanceModel:
        return self.balance_model if self.showing_balances else self.order_model

    # -- the board ---------------------------------------------------------------------------
    def refresh(self, select_id: str | None = None) -> None:
        """Show the board (filtered or searched) or the balances, keeping the highlight."""
        if self.showing_balances:
            orders = open_balances(self._db)
            totals = open_balance_totals(orders)
            self.view.filter_label.setText(
                self.tr(
                    "Open balances: villagers owe {0}, owed to villagers {1}, platforms owe {2}. "
                    "F5: back to the board"
                ).format(
                    format_fen(totals.due_from_villagers_fen),
                    format_fen(totals.owed_to_villagers_fen),
                    format_fen(totals.platforms_owe_fen),
                )
            )
        elif self.search_text:
            orders = find_orders(self._db, self.search_text)
            self.view.filter_label.setText(
                self.tr('Orders found for "{0}": {1}. Esc: back to the board').format(
                    self.search_text, len(orders)
                )
            )
        else:
            status = self.status_filter
            orders = list_orders(self._db, status)
            shown = status_label(status) if status else self.tr("all orders")
            self.view.filter_label.setText(
                self.tr("Showing: {0} ({1}). F3/F4: other status").format(shown, len(orders))
            )
        self.show_records(self._model, orders, lambda order: order.id, select_id)

    def step_filter(self, step: int) -> None:
        """F3/F4: the next or previous status on the board (a search ends)."""
        self.search_text = ""
        super().step_filter(step)

    def clear_search(self) -> None:
        """Esc: clear the field and go back to the board."""
        self.view.main_input.clear()
        self.search_text = ""
        self.showing_balances = False
        self.refresh()
        self._say("")

    def look_up(self, text: str) -> None:
        """Find the orders `text` names; one found opens."""
        # The slip's QR code reads "STATION-ID|ORDER-NO".
        self.search_text = text.rsplit("|", 1)[-1].strip()
        self.showing_balances = False
        self.refresh()
        count = self.order_model.rowCount()
        if count == 1:
            self.open_selected()
        elif count == 0:
            self._say(
                self.tr('No agency order found for "{0}".').format(self.search_text), Tone.ERROR
            )
        else:
            self._say(self.tr("Up/Down to choose, Enter to open."))

    # -- a new order -------------------------------------------------------------------------
    @Slot()
    def new_order(self) -> None:
        """F2: pick the villager, fill in the order, take the payment, print the slip."""
        self.flow.pick(self.tr("Agency order for which villager?"), self.order_form)

    def order_form(self, villager: VillagerRow) -> AgencyOrderDialog:
        """The order form for `villager`; Enter there goes on to payment."""
        form = AgencyOrderDialog(villager, self._language, self.view)
        form.order_entered.connect(lambda draft: self._take_payment(form, villager, draft))
        return self.dialogs.open(form)

    def _take_payment(
        self, form: AgencyOrderDialog, villager: VillagerRow, draft: AgencyOrderDraft
    ) -> PaymentDialog:
        # Over the form, so Esc in the payment goes back to the figures as typed.
        payment = PaymentDialog(
            draft.total_fen,
            self._language,
            form,
            account=(villager.villager, villager.balance_fen),
            rest_later=True,
        )
        payment.setWindowTitle(self.tr("Payment for the agency order"))
        payment.tenders_confirmed.connect(
            lambda tenders: self._create(form, payment, draft, tenders)
        )
        return open_nested(payment)

    def _create(
        self,
        form: AgencyOrderDialog,
        payment: PaymentDialog,
        draft: AgencyOrderDraft,
        tenders: list[Tender],
    ) -> None:
        created: list[tuple[AgencyOrder, int]] = []

        def store(approver: Operator | None) -> None:
            collected, change = collected_tenders(draft.total_fen, tenders)
            order = create_order(
                self._db,
                draft.villager_id,
                draft.platform,
                draft.item,
                draft.quantity,
                draft.item_price_fen,
                draft.shipping_fen,
                draft.service_fee_fen,
                collected,
                self.operator,
                self._settings,
                self._clock,
                link=draft.link,
                credit_approver=approver,
            )
            created.append((order, change))

        def finish() -> None:
            order, change = created[0]
            payment.accept()
            form.accept()
            self._order_stored(order, change, open_drawer=opens_drawer(t.method for t in tenders))

        run_with_owner_approval(
            payment,
            self._db,
            self._language,
            store,
            finish,
            lambda error: payment.show_error(error.text(self._language)),
        )

    def _order_stored(self, order: AgencyOrder, change_fen: int, *, open_drawer: bool) -> None:
        self.search_text = ""
        self.show_board()
        self.refresh(order.id)

        self._print_slip(order, open_drawer=open_drawer)
        due = order.due_from_villager_fen
        text = self.tr(
            "Order {0} saved.\nPickup code: {1}\nCollected {2}, due at pickup {3}."
        ).format(
            order.order_no, order.pickup_code, format_fen(order.collected_fen), format_fen(due)
        )
        if change_fen:
            text += "\n" + self.tr("Change {0}").format(format_fen(change_fen))
        self._say(text.replace("\n", " "), Tone.SUCCESS)
        notice = NoticeDialog(self.tr("Agency order saved"), text, self.view)
        notice.text_label.setObjectName("pickupCodeNotice")
        self.dialogs.open(notice)
        self.records_changed.emit()
        self.order_created.emit(order)

    def _print_slip(self, order: AgencyOrder, *, open_drawer: bool) -> None:
        # The order is stored and final here; printing only ever queues paper.
        villager = self.flow.row(order.villager_id).villager
        layout = agency_slip(order, villager, self._print_queue.settings)
        self._print_queue.print_layout(
            JobKind.SLIP, order.order_no, layout, open_drawer=open_drawer
        )

    # -- one order ---------------------------------------------------------------------------
    @Slot()
    def open_selected(self) -> None:
        """Enter on the board: the highlighted order's detail."""
        row = current_row(self.table)
        if row < 0 or row >= self._model.rowCount():
            self._say(self.tr("No order here yet. F2 takes a new one."), Tone.ERROR)
            return
        self.open_order(self._model.order(row).id)

    def open_order(self, order_id: str) -> AgencyDetailDialog:
        """The detail of one order, with the steps it may take next."""
        detail = AgencyDetailDialog(self._clock, self.view)
        self._fill(detail, order_id)
        detail.step_chosen.connect(lambda state: self._step(detail, order_id, state))
        detail.finished.connect(lambda _result: self.refresh(order_id))
        return self.dialogs.open(detail)

    def _fill(self, detail: AgencyDetailDialog, order_id: str) -> None:
        order = get_order(self._db, order_id)
        labels = {
            "placed": self.tr("Ordered on the platform"),
            "shipped": self.tr("Shipped"),
            "cancelled": self.tr("Cancel the order"),
            "return_requested": self.tr("The villager wants to return it"),
            "returned": self.tr("Goods sent back to the seller"),
            AgencyStatus.REFUNDED: self.tr("Record the refund"),
        }
        steps = [(state, labels[state]) for state in next_steps(order) if state not in HIDDEN_STEPS]
        hints = {
            "created": self.tr("Order it on the platform, then take step 1."),
            "shipped": self.tr(
                "When the parcel comes, register it on the pickup page "
                "(Alt+3, F2): the order is then marked arrived."
            ),
            "arrived": self.tr(
                "Hand it over on the pickup page (Alt+3) with pickup code {0}."
            ).format(order.pickup_code),
        }
        if AgencyStatus.REFUNDED in dict(steps):
            hints[order.status] = (
                self._owed_text(order)
                + " "
                + self.tr(
                    "Record each refund as the money moves (step 1); the order is done when both "
                    "are settled."
                )
            )
        detail.show_order(
            order, order_history(self._db, order_id), steps, hints.get(order.status, "")
        )

    def _step(self, detail: AgencyDetailDialog, order_id: str, state: str) -> None:
        order = get_order(self._db, order_id)
        db, op, clock = self._db, self.operator, self._clock
        text_field = FieldKind.TEXT
        forms: dict[str, tuple[str, list[FormField], Callable[[dict[str, Any]], object]]] = {
            "placed": (
                self.tr("Ordered on the platform"),
                [
                    FormField("number", self.tr("Platform order no."), text_field, max_length=40),
                    FormField(
                        "spent",
                        self.tr("Amount paid on the platform (yuan)"),
                        FieldKind.AMOUNT,
                        max_length=12,
                        text=format_plain(platform_cost_fen(order)),
                    ),
                ],
                lambda v: mark_placed(
                    db, order_id, v["number"], _yuan(v["spent"], "spent_fen"), op, clock
                ),
            ),
            "shipped": (
                self.tr("Shipped"),
                [
                    FormField("tracking", self.tr("Tracking no."), text_field, max_length=30),
                ],
                lambda v: mark_shipped(db, order_id, v["tracking"], op, clock),
            ),
            "cancelled": (
                self.tr("Cancel the order"),
                [
                    FormField("reason", self.tr("Reason"), text_field, max_length=60),
                ],
                lambda v: cancel_order(db, order_id, v["reason"], op, clock),
            ),
            "return_requested": (
                self.tr("Return requested"),
                [
                    FormField("reason", self.tr("Reason"), text_field, max_length=60),
                ],
                lambda v: request_return(db, order_id, v["reason"], op, clock),
            ),
            "returned": (
                self.tr("Goods sent back to the seller"),
                [],
                lambda _v: mark_returned(db, order_id, op, clock),
            ),
            AgencyStatus.REFUNDED: (
                self.tr("Refund"),
                [
                    FormField(
                        "platform",
                        self.tr("Refunded by the platform now (yuan)"),
                        FieldKind.AMOUNT,
                        max_length=12,
                        text=format_plain(order.refund_position.platform_owes_fen),
                    ),
                    FormField(
                        "paid_back",
                        self.tr("Paid back to the villager now (yuan)"),
                        FieldKind.AMOUNT,
                        max_length=12,
                        text=format_plain(order.refund_position.owed_to_villager_fen),
                    ),
                    FormField(
                        "method",
                        self.tr("Paid back by"),
                        FieldKind.CHOICE,
                        choices=tuple((method_label(method), method) for method in REFUND_METHODS),
                    ),
                ],
                lambda v: record_refund(
                    db,
                    order_id,
                    _yuan(v["platform"], "platform_refund_fen"),
                    _yuan(v["paid_back"], "paid_back_fen"),
                    PaymentMethod(v["method"]),
                    op,
                    clock,
                ),
            ),
        }
        if state not in forms:
            return
        title, fields, action = forms[state]
        intro = self.tr("Order {0}: {1}").format(order.order_no, order.item)
        if state == AgencyStatus.REFUNDED:
            intro += (
                "\n"
                + self._owed_text(order)
                + " "
                + self.tr("Enter what moved this time; the rest can be recorded later.")
            )
        form = FormDialog(
            title,
            fields,
            detail,
            intro=intro,
            keys=self.tr("Tab: next field    Enter: save    Esc: cancel")
            if fields
            else self.tr("Enter: confirm    Esc: cancel"),
        )
        form.setObjectName(f"step_{state}")

        def submitted(values: dict[str, Any]) -> None:
            try:
                action(values)
            except StationError as error:
                form.show_error(
                    error.text(self._language),
                    refused_field(error, STEP_FIELDS, fields[0].key if fields else None),
                )
                return
            form.accept()
            self._fill(detail, order_id)
            now = get_order(self._db, order_id)
            said = self.tr("Order {0} is now: {1}.").format(
                order.order_no, status_label(now.status)
            )
            if now.status == AgencyStatus.REFUNDING:
                said += " " + self._owed_text(now)
            detail.say(said)
            self.records_changed.emit()

        form.submitted.connect(submitted)
        open_nested(form)

    def _owed_text(self, order: AgencyOrder) -> str:
        return self.tr(
            "Still owed: the platform owes the station {0}; the station owes the villager {1}."
        ).format(format_fen(order.platform_owes_fen), format_fen(order.owed_to_villager_fen))
