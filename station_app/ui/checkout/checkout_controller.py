"""The checkout's logic: scan, search, cart changes and payment, by calling core."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QDialog

from station_app.core.cart import Cart, CartLine, WeightRequired
from station_app.core.catalog import (
    MAX_BARCODE,
    NewProduct,
    Product,
    ScanHit,
    add_product,
    find_by_code,
    list_categories,
    search_products,
)
from station_app.core.clock import Clock
from station_app.core.errors import NotFound, StationError
from station_app.core.holds import HeldCart, hold_cart, list_held, resume_held
from station_app.core.money import (
    Rounding,
    format_fen,
    format_weight,
    parse_quantity,
    parse_weight_g,
    price_per_jin_fen,
)
from station_app.core.operators import Operator
from station_app.core.payments import PaymentMethod, Tender, opens_drawer
from station_app.core.sales import SaleRecord, SaleResult, complete_sale
from station_app.core.settings import StationSettings
from station_app.core.voided_lines import record_voided_line
from station_app.printing.print_jobs import JobKind
from station_app.storage.sqlite_wrapper import Database
from station_app.ui.checkout.cart_model import CartModel, format_weight_kg_jin
from station_app.ui.checkout.checkout_view import CheckoutView
from station_app.ui.checkout.discount_dialog import DiscountDialog, DiscountScope
from station_app.ui.checkout.held_carts_dialog import HeldCartsDialog
from station_app.ui.checkout.open_item_dialog import OpenItemDialog
from station_app.ui.checkout.payment_dialog import PaymentDialog
from station_app.ui.checkout.product_dialog import ProductDialog
from station_app.ui.checkout.product_list_model import ProductListModel
from station_app.ui.checkout.weight_dialog import WeightDialog
from station_app.ui.common.dialog_host import DialogHost
from station_app.ui.common.key_map import ACTION_BY_KEY, CHECKOUT_KEYS, CheckoutAction
from station_app.ui.common.messages import Tone, show_message, storage_errors_refused
from station_app.ui.common.owner_approval import run_with_owner_approval
from station_app.ui.common.print_queue import PrintQueue
from station_app.ui.common.prompt_dialog import PromptDialog
from station_app.ui.shift.shift_flow import ShiftFlow

# What a sale does not need (refunds, accounts, the printing menu, the receipt's layout)
# loads the first time it is used: a third less to load between the PIN and the scan.
if TYPE_CHECKING:
    from station_app.core.refunds import RefundResult
    from station_app.ui.checkout.refund_flow import RefundFlow
    from station_app.ui.common.villager_flow import VillagerFlow
    from station_app.ui.printing.printing_flow import PrintingFlow

ROUNDING_CYCLE = (Rounding.NONE, Rounding.JIAO, Rounding.YUAN)
# No input mask on quantities and weights: a mask drops what it does not expect ("-", "斤")
# and the rest reads as another number. Core reads the whole text and says what is wrong.
QUANTITY_MAX_CHARS = 16
PREVIEW_SCROLL_PX = 48  # about two printed lines of the receipt preview per arrow press


def _looks_like_code(text: str) -> bool:
    """A barcode or PLU rather than a name: ASCII letters and digits, with a digit in it.

    Pinyin initials (kkkl) and Chinese are names; a name search that finds nothing must
    not be called an unknown barcode.
    """
    return (
        text.isascii()
        and text.isalnum()
        and any(char.isdigit() for char in text)
        and len(text) <= MAX_BARCODE
    )


def _caption(action: CheckoutAction) -> str:
    """The keycap of `action`, as the key map names it."""
    return next(binding.caption for binding in CHECKOUT_KEYS if binding.action is action)


class CheckoutController(QObject):
    """Connects the checkout view to core for one signed-in operator.

    Signals:
        sale_completed(object): a SaleResult, after the sale is stored.
        refund_completed(object): a RefundResult, after the refund is stored.
        signed_out(): the operator signed out in the shift menu (the shift stays open).
    """

    sale_completed = Signal(object)
    refund_completed = Signal(object)
    signed_out = Signal()

    def __init__(
        self,
        view: CheckoutView,
        db: Database,
        settings: StationSettings,
        clock: Clock,
        operator: Operator,
        parent: QObject | None = None,
        print_queue: PrintQueue | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.operator = operator
        self._db = db
        self._settings = settings
        self._clock = clock
        self.cart = Cart(settings.clerk_discount_limit_fen)
        # The last sale's receipt stays on screen between customers; its change shows
        # until the next customer's first line.
        self.last_sale: SaleRecord | None = None
        self._change_fen: int | None = None
        self._search_said = False
        self.dialogs = DialogHost(view, view.scan_input)
        self.print_queue = print_queue
        self.shifts = ShiftFlow(self.dialogs, db, settings, clock, operator, print_queue)
        self.shifts.said.connect(self._say)
        self.shifts.signed_out.connect(self.signed_out)

        self.cart_model = CartModel(self)
        view.cart_table.setModel(self.cart_model)
        view.size_columns()
        self.pick_model = ProductListModel(self)
        view.pick_list.setModel(self.pick_model)

        view.scan_input.returnPressed.connect(self.enter_code)
        view.scan_input.textChanged.connect(self._search)
        view.scan_input.key_pressed.connect(self._key_pressed)
        view.pick_list.clicked.connect(self._pick_clicked)
        self._handlers: dict[CheckoutAction, Callable[[], None]] = {
            CheckoutAction.PAY: self.pay,
            CheckoutAction.HOLD: self.hold,
            CheckoutAction.RESUME: self.resume,
            CheckoutAction.QUANTITY: self.change_quantity,
            CheckoutAction.WEIGHT: self.change_weight,
            CheckoutAction.DISCOUNT: self.discount,
            CheckoutAction.VOID_LINE: self.void_line,
            CheckoutAction.REFUND: self.refund,
            CheckoutAction.OPEN_ITEM: self.open_item,
            CheckoutAction.ROUNDING: self.cycle_rounding,
            CheckoutAction.PRINTING: self.open_printing,
            CheckoutAction.SHIFT_MENU: self.shift_menu,
        }
        self._refresh()
        self._say(self.tr("Ready. Scan a barcode, or type a name or its pinyin initials."))
        view.scan_input.setFocus()

    # -- the flows a sale does not need, built on first use -----------------------------------
    @cached_property
    def refunds(self) -> RefundFlow:
        """F8's refund from a past receipt."""
        from station_app.ui.checkout.refund_flow import RefundFlow

        flow = RefundFlow(self.dialogs, self._db, self._settings, self._clock, self.operator)
        flow.refund_completed.connect(self._refund_done)
        return flow

    @cached_property
    def printing(self) -> PrintingFlow | None:
        """F7's printing menu; None without a print queue."""
        if self.print_queue is None:
            return None
        from station_app.ui.printing.printing_flow import PrintingFlow

        flow = PrintingFlow(self.dialogs, self._db, self.print_queue, self._clock, self.operator)
        flow.said.connect(self._say)
        return flow

    @cached_property
    def villagers(self) -> VillagerFlow:
        """Picking a villager's account (F6 赊账 at the payment)."""
        from station_app.ui.common.villager_flow import VillagerFlow

        return VillagerFlow(self.dialogs, self._db, self._language, self._clock, self.operator)

    # -- helpers ----------------------------------------------------------------------------
    @property
    def _language(self) -> str:
        return self._settings.language

    def _say(self, text: str, tone: Tone = Tone.INFO) -> None:
        show_message(self.view.message_label, text, tone)
        self._search_said = False

    def _clear_message(self) -> None:
        """The message line speaks of the last step; a new step or a changed cart ends it."""
        if self.view.message_label.text():
            self._say("")

    def _refuse(self, error: StationError) -> None:
        self._say(error.text(self._language), Tone.ERROR)

    @property
    def selected_row(self) -> int:
        """The highlighted cart row, or -1 when none."""
        index = self.view.cart_table.selectionModel().currentIndex()
        return index.row() if index.isValid() else -1

    def _select(self, row: int) -> None:
        rows = self.cart_model.rowCount()
        if rows == 0:
            return
        row = min(max(row, 0), rows - 1)
        index = self.cart_model.index(row, 0)
        self.view.cart_table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.cart_table.scrollTo(index)

    def _refresh(self, select: CartLine | int | None = None) -> None:
        """Show the cart as it now is; the message about the cart as it was goes."""
        previous = self.selected_row
        self.cart_model.set_lines(self.cart.lines)
        if isinstance(select, CartLine):
            keys = [line.key for line in self.cart.lines]
            previous = keys.index(select.key) if select.key in keys else previous
        elif isinstance(select, int):
            previous = select
        self._select(previous)
        totals = self.cart.totals()
        self.view.count_label.setText(str(totals.item_count))
        self.view.subtotal_label.setText(format_fen(totals.gross_fen))
        self.view.discount_label.setText(format_fen(-totals.discount_fen))
        self.view.rounding_label.setText(format_fen(-totals.rounding_fen))
        self.view.total_label.setText(format_fen(totals.total_fen))
        self.view.show_discount_column(totals.line_discount_fen > 0)
        self._show_cart_or_last_sale()
        self._clear_message()

    def _show_cart_or_last_sale(self) -> None:
        if not self.cart.is_empty:
            self._change_fen = None  # the next customer's sale has begun
        sale = self.last_sale
        if not self.cart.is_empty or sale is None:
            self.view.show_cart()
            return
        heading = self.tr(
            "Last receipt {0}: {1}, paid {2}. The next scan starts a new sale."
        ).format(sale.receipt_no, format_fen(sale.total_fen), format_fen(sale.paid_fen))
        change = None if self._change_fen is None else format_fen(self._change_fen)
        self.view.show_last_sale(heading, change)

    def _current_line(self) -> tuple[int, CartLine] | None:
        if self.cart.is_empty:
            self._say(self.tr("The cart is empty: scan something first."), Tone.ERROR)
            return None
        row = self.selected_row
        if row < 0 or row >= len(self.cart.lines):
            self._say(self.tr("Select a line first (Up/Down)."), Tone.ERROR)
            return None
        return row, self.cart.lines[row]

    def _added(self, line: CartLine) -> None:
        self._refresh(line)
        amount = (
            f"{line.quantity} {line.unit}"
            if line.weight_g is None
            else format_weight_kg_jin(line.weight_g)
        )
        self._say(
            self.tr("Added {0} × {1}, {2}").format(line.name, amount, format_fen(line.total_fen)),
            Tone.SUCCESS,
        )

    # -- scanning and searching -------------------------------------------------------------
    @Slot()
    def enter_code(self) -> None:
        """Enter in the scan field: an exact code wins, else the highlighted search result."""
        text = self.view.scan_input.text().strip()
        if not text:
            return
        try:
            hit = find_by_code(self._db, text, self._settings.scale_prefixes)
        except NotFound as error:
            picked = self._picked_product()
            if picked is None:
                self._unknown_code(text, error)
                return
            hit = ScanHit(picked)
        self.view.scan_input.clear()
        self._add(hit)

    def _picked_product(self) -> Product | None:
        if not self.view.pick_list.isVisible():
            return None
        index = self.view.pick_list.currentIndex()
        return self.pick_model.product(index.row()) if index.isValid() else None

    def _add(self, hit: ScanHit) -> None:
        try:
            line = self.cart.add_scan(hit)
        except WeightRequired as needed:
            self._ask_weight(needed.product)
            return
        except StationError as error:
            self._refuse(error)
            return
        self._added(line)

    def _unknown_code(self, text: str, error: NotFound) -> None:
        self.view.scan_input.selectAll()
        if not _looks_like_code(text):
            self._say(self._no_name_match(text), Tone.ERROR)
            return
        what = error.text(self._language)
        by_amount = _caption(CheckoutAction.OPEN_ITEM)
        if self.operator.is_owner:
            self._say(
                self.tr(
                    "{0}. Type its name and price to add it to the catalog; or Esc, "
                    "then {1} sells it as a no-barcode item by amount."
                ).format(what, by_amount),
                Tone.ERROR,
            )
            self._offer_new_product(text)
        else:
            self._say(
                self.tr(
                    "{0}. To sell it now, press {1} (no-barcode item) and type its "
                    "price; ask the owner to add it to the catalog."
                ).format(what, by_amount),
                Tone.ERROR,
            )

    def _no_name_match(self, text: str) -> str:
        return self.tr(
            'No product name matches "{0}". Type part of the name or its pinyin '
            "initials (kkkl for 可口可乐); {1} sells an item without a barcode by "
            "amount."
        ).format(text, _caption(CheckoutAction.OPEN_ITEM))

    @Slot(str)
    def _search(self, text: str) -> None:
        text = text.strip()
        # Scanners type digits; only text with letters (or Chinese) is a name search.
        if not text or text.isdigit():
            self.view.pick_list.hide()
            if self._search_said:  # the search it spoke of is gone
                self._say("")
            return
        products = search_products(self._db, text)
        self.pick_model.set_products(products)
        if not products:
            self.view.pick_list.hide()
            self._say(self._no_name_match(text), Tone.ERROR)
        else:
            self.view.pick_list.setCurrentIndex(self.pick_model.index(0))
            self.view.place_pick_list(len(products))
            self._say(self.tr("Up/Down to choose, Enter to add, Esc to close the list."))
        self._search_said = True

    @Slot()
    def _pick_clicked(self) -> None:
        picked = self._picked_product()
        if picked is not None:
            self.view.scan_input.clear()
            self._add(ScanHit(picked))
        self.view.scan_input.setFocus()

    @Slot(int)
    def _key_pressed(self, key: int) -> None:
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self._move(key)
        elif key == Qt.Key.Key_Escape:
            self._escape()
        elif key == Qt.Key.Key_Delete and self.view.scan_input.text():
            self.view.scan_input.del_()
        elif key in ACTION_BY_KEY and self.dialogs.current is None:
            handler = self._handlers.get(ACTION_BY_KEY[key])
            if handler is not None:
                self._clear_message()  # a new step: what was said of the last one is stale
                handler()

    def _move(self, key: int) -> None:
        page = 5
        step = {
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_PageUp: -page,
            Qt.Key.Key_PageDown: page,
        }[Qt.Key(key)]
        if self.view.pick_list.isVisible():
            row = self.view.pick_list.currentIndex().row() + step
            row = min(max(row, 0), self.pick_model.rowCount() - 1)
            self.view.pick_list.setCurrentIndex(self.pick_model.index(row))
        elif self.view.showing_last_sale:
            # No lines to choose between customers: the arrows scroll the last receipt.
            bar = self.view.receipt_preview.scroll_area.verticalScrollBar()
            bar.setValue(bar.value() + step * PREVIEW_SCROLL_PX)
        else:
            self._select(max(self.selected_row, 0) + step if self.selected_row >= 0 else 0)

    def _escape(self) -> None:
        if self.view.pick_list.isVisible():
            self.view.pick_list.hide()
            self._say("")
        else:
            self.view.scan_input.clear()

    # -- dialogs ----------------------------------------------------------------------------
    def _prompt(
        self,
        name: str,
        title: str,
        prompt: str,
        handle: Callable[[str], None],
        *,
        text: str = "",
        hint: str = "",
        max_length: int = 32,
    ) -> PromptDialog:
        """Open a one-field dialog; `handle` raising StationError keeps it open with the text."""
        dialog = PromptDialog(title, prompt, self.view, text=text, hint=hint, max_length=max_length)
        dialog.setObjectName(name)
        return self._submit_to(dialog, handle)

    def _submit_to(self, dialog: PromptDialog, handle: Callable[[str], None]) -> PromptDialog:
        def submitted(value: str) -> None:
            try:
                handle(value)
            except StationError as error:
                dialog.show_error(error.text(self._language))
                return
            dialog.accept()

        dialog.submitted.connect(submitted)
        return self.dialogs.open(dialog)

    def _weigh(
        self, name: str, price_per_kg_fen: int, handle: Callable[[str], None], text: str = ""
    ) -> None:
        """The weight dialog for every weight typed at the checkout (PLU, F5)."""
        hint = self.tr(
            "Price {0}/kg ({1}/jin). Type kilograms like 1.25, grams like 750g, or 2斤, 1.5斤, 3两."
        ).format(format_fen(price_per_kg_fen), format_fen(price_per_jin_fen(price_per_kg_fen)))
        self._submit_to(
            WeightDialog(
                self.tr("Weight"),
                self.tr("Weight of {0}:").format(name),
                price_per_kg_fen,
                self.view,
                text=text,
                hint=hint,
                language=self._language,
            ),
            handle,
        )

    def _ask_weight(self, product: Product) -> None:
        def add(text: str) -> None:
            self._added(self.cart.add_weighed(product, parse_weight_g(text)))

        self._say(self.tr("{0} is sold by weight: enter the weight.").format(product.name))
        self._weigh(product.name, product.price_fen, add)

    def _offer_new_product(self, barcode: str) -> None:
        dialog = ProductDialog(barcode, list_categories(self._db), self._language, self.view)

        def entered(item: NewProduct) -> None:
            try:
                product = add_product(self._db, item, self.operator.id, self._clock)
            except StationError as error:
                dialog.show_error(error.text(self._language))
                return
            dialog.accept()
            self.view.scan_input.clear()
            self._add(ScanHit(product))

        dialog.product_entered.connect(entered)
        self.dialogs.open(dialog)

    # -- function keys ----------------------------------------------------------------------
    @Slot()
    def change_quantity(self) -> None:
        """F4: new quantity for the selected line (weighed lines ask the weight)."""
        current = self._current_line()
        if current is None:
            return
        row, line = current
        if line.is_weighed:
            self.change_weight()
            return

        def apply(text: str) -> None:
            quantity = parse_quantity(text)
            self._refresh(self.cart.set_quantity(row, quantity))
            self._say(
                self.tr("Quantity of {0} is now {1}.").format(line.name, quantity), Tone.SUCCESS
            )

        self._prompt(
            "quantityDialog",
            self.tr("Quantity"),
            self.tr("New quantity of {0}:").format(line.name),
            apply,
            text=str(line.quantity),
            max_length=QUANTITY_MAX_CHARS,
            hint=self.tr("1 to 9,999"),
        )

    @Slot()
    def change_weight(self) -> None:
        """F5: new weight for the selected weighed line."""
        current = self._current_line()
        if current is None:
            return
        row, line = current
        if line.weight_g is None:
            self._say(
                self.tr("{0} is not sold by weight; use F4 for the quantity.").format(line.name),
                Tone.ERROR,
            )
            return

        def apply(text: str) -> None:
            weight_g = parse_weight_g(text)
            self._refresh(self.cart.set_weight(row, weight_g))
            self._say(
                self.tr("Weight of {0} is now {1}.").format(
                    line.name, format_weight_kg_jin(weight_g)
                ),
                Tone.SUCCESS,
            )

        self._weigh(
            line.name, line.unit_price_fen, apply, text=format_weight(line.weight_g, suffix=False)
        )

    @Slot()
    def void_line(self) -> None:
        """Del: remove the selected line."""
        current = self._current_line()
        if current is None:
            return
        row, line = current
        # Recorded first: a void the X and Z reports cannot count does not happen, and a
        # storage failure leaves the cart as it was, with the reason on the message line.
        try:
            with storage_errors_refused():
                record_voided_line(
                    self._db, line, self.operator, self._settings.terminal_id, self._clock
                )
        except StationError as error:
            self._refuse(error)
            return
        self.cart.void_line(row)
        self._refresh(row)
        self._say(self.tr("Removed {0}.").format(line.name), Tone.SUCCESS)

    @Slot()
    def discount(self) -> None:
        """F6: take an amount off the selected line or the whole sale."""
        if self.cart.is_empty:
            self._say(self.tr("The cart is empty."), Tone.ERROR)
            return
        row = self.selected_row
        line = self.cart.lines[row] if 0 <= row < len(self.cart.lines) else None
        dialog = DiscountDialog(
            self._language,
            line.name if line else None,
            line.discount_fen if line else 0,
            self.cart.sale_discount_fen,
            self.view,
        )

        def entered(scope: DiscountScope, fen: int) -> None:
            def grant(approver: Operator | None) -> None:
                if scope is DiscountScope.LINE:
                    self.cart.discount_line(row, fen, self.operator, approver)
                else:
                    self.cart.discount_sale(fen, self.operator, approver)

            run_with_owner_approval(
                dialog,
                self._db,
                self._language,
                grant,
                dialog.accept,
                lambda error: dialog.show_error(error.text(self._language)),
            )

        dialog.discount_entered.connect(entered)
        dialog.finished.connect(self._discount_closed)
        self.dialogs.open(dialog)

    @Slot(int)
    def _discount_closed(self, result: int) -> None:
        self._refresh()
        if result == int(QDialog.DialogCode.Accepted.value):
            totals = self.cart.totals()
            self._say(
                self.tr("Discounts now {0}; total due {1}.").format(
                    format_fen(totals.discount_fen), format_fen(totals.total_fen)
                ),
                Tone.SUCCESS,
            )

    @Slot()
    def cycle_rounding(self) -> None:
        """F10: 抹零 cycles none → drop the fen → drop the jiao."""
        following = ROUNDING_CYCLE[
            (ROUNDING_CYCLE.index(self.cart.rounding) + 1) % len(ROUNDING_CYCLE)
        ]
        self.cart.set_rounding(following)
        self._refresh()
        names = {
            Rounding.NONE: self.tr("No rounding."),
            Rounding.JIAO: self.tr("Rounding: fen dropped (to the jiao)."),
            Rounding.YUAN: self.tr("Rounding: jiao and fen dropped (to the yuan)."),
        }
        self._say(names[following], Tone.SUCCESS)

    @Slot()
    def open_item(self) -> None:
        """F9: a 无码商品 — an amount against a category."""
        dialog = OpenItemDialog(list_categories(self._db), self._language, self.view)

        def entered(category: str, fen: int) -> None:
            try:
                line = self.cart.add_open_item(category, fen)
            except StationError as error:
                dialog.show_error(error.text(self._language))
                return
            dialog.accept()
            self._added(line)

        dialog.item_entered.connect(entered)
        self.dialogs.open(dialog)

    @Slot()
    def hold(self) -> None:
        """F2: park this cart (挂单) and start an empty one."""
        try:
            held = hold_cart(self._db, self.cart, self.operator, self._clock)
        except StationError as error:
            self._refuse(error)
            return
        self.cart = Cart(self._settings.clerk_discount_limit_fen)
        self._refresh()
        self._say(self.tr("Held: {0}. F3 resumes it.").format(held.label), Tone.SUCCESS)

    @Slot()
    def resume(self) -> None:
        """F3: take a parked cart back (only onto an empty cart, so nothing mixes)."""
        if not self.cart.is_empty:
            self._say(self.tr("Finish or hold (F2) this sale before resuming another."), Tone.ERROR)
            return
        held = list_held(self._db)
        if not held:
            self._say(self.tr("No held sales."), Tone.ERROR)
            return
        dialog = HeldCartsDialog(held, self._clock, self.view)

        def chosen(item: HeldCart) -> None:
            try:
                self.cart = resume_held(self._db, item.id)
            except StationError as error:
                dialog.show_error(error.text(self._language))
                return
            dialog.accept()
            self._refresh(0)
            self._say(self.tr("Resumed: {0}").format(item.label), Tone.SUCCESS)

        dialog.held_cart_chosen.connect(chosen)
        self.dialogs.open(dialog)

    @Slot()
    def refund(self) -> None:
        """F8: refund from a past receipt."""
        self.refunds.start()

    @Slot()
    def open_printing(self) -> None:
        """F7: reprint, unprinted receipts, cash drawer, printer settings, test page."""
        if self.printing is None:
            self._say(self.tr("Printing is not available here."), Tone.ERROR)
            return
        self.printing.start()

    @Slot()
    def shift_menu(self) -> None:
        """F11: the shift menu (sign out, hand over, close, pay in/out, X report).

        Refused while a sale is open: its lines belong to nobody's count yet.
        """
        if not self.cart.is_empty:
            self._say(
                self.tr("Finish or hold (F2) this sale before the shift menu (sign out, close)."),
                Tone.ERROR,
            )
            return
        self.shifts.start()

    def announce(self, text: str) -> None:
        """Say `text` on the message line (the shift and stock notice after sign-in)."""
        self._say(text)

    # -- payment ----------------------------------------------------------------------------
    @Slot()
    def pay(self) -> None:
        """F12: open the payment dialog for the total due."""
        self.view.pick_list.hide()
        if self.cart.is_empty:
            self._say(self.tr("The cart is empty: scan something first."), Tone.ERROR)
            return
        dialog = PaymentDialog(self.cart.totals().total_fen, self._language, self.view)
        dialog.tenders_confirmed.connect(lambda tenders: self._complete(dialog, tenders))
        # F6 赊账: the keeper picks whose account, over the payment dialog.
        dialog.account_wanted.connect(
            lambda: self.villagers.pick(
                self.tr("On whose account?"),
                lambda row: dialog.use_account(row.villager, row.balance_fen),
                over=dialog,
            )
        )
        self.dialogs.open(dialog)

    def _complete(self, dialog: PaymentDialog, tenders: list[Tender]) -> None:
        results: list[SaleResult] = []

        def store(approver: Operator | None) -> None:
            # A full disk or a locked file is shown like a refusal: the cart stays.
            with storage_errors_refused():
                results.append(
                    complete_sale(
                        self._db,
                        self.cart,
                        tenders,
                        self.operator,
                        self._settings,
                        self._clock,
                        credit_approver=approver,
                    )
                )

        # Over the villager's credit limit, the owner's PIN lets it through.
        run_with_owner_approval(
            dialog,
            self._db,
            self._language,
            store,
            lambda: self._sale_stored(dialog, results[0]),
            lambda error: dialog.show_error(error.text(self._language)),
        )

    def _sale_stored(self, dialog: PaymentDialog, result: SaleResult) -> None:
        dialog.accept()
        self.cart = Cart(self._settings.clerk_discount_limit_fen)
        self.view.scan_input.clear()  # a half-typed search must not carry over to the next customer
        sale = result.sale
        cash = any(p.method is PaymentMethod.CASH for p in sale.payments)
        # No dialog after a sale: the next customer's scan must land in the scan field.
        # The receipt takes the cart's place and the change the total's, until that scan.
        self.last_sale = sale
        self._change_fen = sale.change_fen if cash else None
        self._print_sale_receipt(sale, opens_drawer(p.method for p in sale.payments))
        self._refresh()
        self._say(
            self.tr("Sale {0} done: {1}, change {2}.").format(
                sale.receipt_no, format_fen(sale.total_fen), format_fen(sale.change_fen)
            ),
            Tone.SUCCESS,
        )
        self.sale_completed.emit(result)

    def _print_sale_receipt(self, sale: SaleRecord, open_drawer: bool) -> None:
        # The sale is stored and final here; what happens at the printer cannot change it.
        from station_app.printing.receipt_layout import sale_receipt

        queue = self.print_queue
        if queue is None:
            self.view.set_last_receipt(sale_receipt(sale, self._settings))
            return
        layout = sale_receipt(sale, queue.settings)  # the paper width may have been changed
        mode, font = queue.preview_look()
        self.view.set_last_receipt(layout, mode, font)
        queue.print_layout(JobKind.SALE, sale.receipt_no, layout, open_drawer=open_drawer)

    @Slot(object)
    def _refund_done(self, result: RefundResult) -> None:
        self._say(
            self.tr("Refund {0} done: {1}.").format(result.refund_no, format_fen(result.total_fen)),
            Tone.SUCCESS,
        )
        if self.print_queue is not None:
            from station_app.printing.refund_receipt import load_refund_paper, refund_receipt

            settings = self.print_queue.settings
            layout = refund_receipt(load_refund_paper(self._db, result.refund_no), settings)
            # Cash goes back out of the drawer, so it opens as for a cash sale.
            self.print_queue.print_layout(
                JobKind.REFUND, result.refund_no, layout, open_drawer=opens_drawer([result.method])
            )
        self.refund_completed.emit(result)
