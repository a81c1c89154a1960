"""The payment dialog: cash with change, QR or card with a reference, 赊账, split payment."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.core.errors import InputRefused, PaymentIncomplete
from station_app.core.money import format_fen, format_plain, parse_yuan
from station_app.core.payments import (
    MAX_REFERENCE,
    PaymentMethod,
    Tender,
    cash_change_fen,
    settle,
    still_due_fen,
)
from station_app.core.villagers import Villager
from station_app.ui.common.form_parts import accept_amounts_only, dialog_message_label
from station_app.ui.common.messages import Tone, show_message

# F1-F4 pick the method, in the order the keys are printed on the dialog.
METHOD_KEYS = {
    Qt.Key.Key_F1: PaymentMethod.CASH,
    Qt.Key.Key_F2: PaymentMethod.WECHAT,
    Qt.Key.Key_F3: PaymentMethod.ALIPAY,
    Qt.Key.Key_F4: PaymentMethod.UNIONPAY,
}
CLEAR_KEY = Qt.Key.Key_F5
ACCOUNT_KEY = Qt.Key.Key_F6  # 赊账: all or part on a villager's account
REST_LATER_KEY = Qt.Key.Key_F7  # agency orders: take a deposit (or nothing), the rest at pickup


def method_label(method: PaymentMethod) -> str:
    """The payment method as the keeper calls it."""
    names = {
        PaymentMethod.CASH: QCoreApplication.translate("PaymentMethod", "Cash"),
        PaymentMethod.WECHAT: QCoreApplication.translate("PaymentMethod", "WeChat Pay"),
        PaymentMethod.ALIPAY: QCoreApplication.translate("PaymentMethod", "Alipay"),
        PaymentMethod.UNIONPAY: QCoreApplication.translate("PaymentMethod", "UnionPay card"),
        PaymentMethod.ACCOUNT: QCoreApplication.translate("PaymentMethod", "On account"),
    }
    return names[method]


class PaymentDialog(QDialog):
    """Takes payment for `total_fen`; emits the tenders once they cover it.

    The amount field has the focus, prefilled with what is still due and selected,
    so typing the cash handed over replaces it. A card, e-wallet or account amount below
    what is due becomes part of a split payment and the rest is asked for. The dialog
    stays open until the caller, having stored the sale, calls `accept()`.

    F6 puts the amount on a villager's account: on `account` when given (an agency
    order's villager), else the caller picks one on `account_wanted` and calls
    `use_account`. With `rest_later`, F7 confirms what was paid so far (maybe nothing):
    the rest is collected at pickup.

    Signals:
        tenders_confirmed(list): tenders (list[Tender]) that fully pay the total, or
            with `rest_later` what was paid before F7.
        account_wanted(): F6 without a villager: the caller should let the keeper pick one.
    """

    tenders_confirmed = Signal(list)
    account_wanted = Signal()

    def __init__(
        self,
        total_fen: int,
        language: str,
        parent: QWidget | None = None,
        *,
        account: tuple[Villager, int] | None = None,
        rest_later: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("paymentDialog")
        self.setWindowTitle(self.tr("Payment"))
        self.setMinimumSize(680, 480)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.total_fen = total_fen
        self.tenders: list[Tender] = []
        self.method = PaymentMethod.CASH
        self._language = language
        # (villager, what they owe now) whose account F6 charges; fixed when given.
        self.account = account
        self._account_fixed = account is not None
        self.rest_later = rest_later

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.total_label = QLabel(self.tr("Total due {0}").format(format_fen(total_fen)), self)
        self.total_label.setObjectName("paymentTotal")
        layout.addWidget(self.total_label)

        methods = QHBoxLayout()
        self.method_group = QButtonGroup(self)
        self.method_buttons: dict[PaymentMethod, QPushButton] = {}
        for key, method in METHOD_KEYS.items():
            key_name = f"F{int(key.value) - int(Qt.Key.Key_F1.value) + 1}"
            button = QPushButton(f"{key_name} {method_label(method)}", self)
            button.setObjectName(f"method_{method.value}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, m=method: self.choose_method(m))
            self.method_group.addButton(button)
            self.method_buttons[method] = button
            methods.addWidget(button)
        self.account_button = QPushButton(self.tr("F6 On account"), self)
        self.account_button.setObjectName("method_account")
        self.account_button.setCheckable(True)
        self.account_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.account_button.setAutoDefault(False)
        self.account_button.clicked.connect(self.ask_account)
        self.method_group.addButton(self.account_button)
        self.method_buttons[PaymentMethod.ACCOUNT] = self.account_button
        methods.addWidget(self.account_button)
        layout.addLayout(methods)

        self.paid_label = QLabel(self)
        self.paid_label.setObjectName("paidLabel")
        self.paid_label.setWordWrap(True)
        layout.addWidget(self.paid_label)

        # Whose account and how it stands, on a line of its own: it is long.
        self.account_label = QLabel(self)
        self.account_label.setObjectName("accountLabel")
        self.account_label.setWordWrap(True)
        self.account_label.hide()
        layout.addWidget(self.account_label)

        form = QGridLayout()
        self.amount_caption = QLabel(self)
        self.amount_caption.setObjectName("amountCaption")
        self.amount_input = QLineEdit(self)
        self.amount_input.setObjectName("amountInput")
        accept_amounts_only(self.amount_input)
        self.reference_caption = QLabel(self.tr("Transaction no. (optional)"), self)
        self.reference_input = QLineEdit(self)
        self.reference_input.setObjectName("referenceInput")
        self.reference_input.setMaxLength(MAX_REFERENCE)
        form.addWidget(self.amount_caption, 0, 0)
        form.addWidget(self.amount_input, 0, 1)
        form.addWidget(self.reference_caption, 1, 0)
        form.addWidget(self.reference_input, 1, 1)
        layout.addLayout(form)

        self.change_label = QLabel(self)
        self.change_label.setObjectName("changeLabel")
        layout.addWidget(self.change_label)

        self.message_label = dialog_message_label(self)
        layout.addWidget(self.message_label)

        layout.addStretch(1)
        self.keys_label = QLabel(
            self.tr("Enter: confirm    F7: rest at pickup    F5: clear payments    Esc: cancel")
            if rest_later
            else self.tr("Enter: confirm    F5: clear payments    Esc: cancel"),
            self,
        )
        self.keys_label.setObjectName("keysLabel")
        self.keys_label.setWordWrap(True)
        layout.addWidget(self.keys_label)

        self.amount_input.returnPressed.connect(self.confirm)
        self.reference_input.returnPressed.connect(self.confirm)
        self.amount_input.textChanged.connect(self._show_change)
        self.choose_method(PaymentMethod.CASH)

    # -- state ------------------------------------------------------------------------------
    @property
    def remaining_fen(self) -> int:
        """What the tenders so far leave unpaid."""
        return still_due_fen(self.total_fen, self.tenders)

    @Slot(PaymentMethod)
    def choose_method(self, method: PaymentMethod) -> None:
        """Switch the method being entered and prefill what is still due."""
        if method is PaymentMethod.ACCOUNT and self.account is None:
            return
        self.method = method
        self.method_buttons[method].setChecked(True)
        cash = method is PaymentMethod.CASH
        on_account = method is PaymentMethod.ACCOUNT
        if on_account and self.account is not None:
            villager, owes_fen = self.account
            self.account_label.setText(
                self.tr("On account of {0} (owes {1}, limit {2})").format(
                    villager.name, format_fen(owes_fen), format_fen(villager.credit_limit_fen)
                )
            )
            self.amount_caption.setText(self.tr("Amount on account"))
        else:
            self.amount_caption.setText(
                self.tr("Cash received") if cash else self.tr("Amount charged")
            )
        self.account_label.setVisible(on_account)
        self.reference_caption.setVisible(not cash and not on_account)
        self.reference_input.setVisible(not cash and not on_account)
        self.reference_input.clear()
        self._prefill()

    @Slot()
    def ask_account(self) -> None:
        """F6: the agency order's villager's account, or ask the caller to pick a villager."""
        if self._account_fixed:
            self.choose_method(PaymentMethod.ACCOUNT)
        else:
            # Keep the current method lit until a villager is picked.
            self.method_buttons[self.method].setChecked(True)
            self.account_wanted.emit()

    def use_account(self, villager: Villager, owes_fen: int) -> None:
        """Charge the amount to `villager` (who owes `owes_fen` now)."""
        self.account = (villager, owes_fen)
        self.activateWindow()
        self.choose_method(PaymentMethod.ACCOUNT)

    def clear_tenders(self) -> None:
        """Forget the part payments entered so far."""
        self.tenders.clear()
        self.choose_method(PaymentMethod.CASH)
        show_message(self.message_label, "")

    def _prefill(self) -> None:
        self.amount_input.setText(format_plain(self.remaining_fen))
        self.amount_input.selectAll()
        self.amount_input.setFocus()
        self._show_tenders()
        self._show_change()

    def _show_tenders(self) -> None:
        if not self.tenders:
            self.paid_label.clear()
            return
        parts = "，".join(
            f"{self._tender_name(t)} {format_fen(t.amount_fen)}" for t in self.tenders
        )
        self.paid_label.setText(
            self.tr("Received: {0}    Still due: {1}").format(parts, format_fen(self.remaining_fen))
        )

    def _tender_name(self, tender: Tender) -> str:
        if tender.method is PaymentMethod.ACCOUNT and self.account is not None:
            return f"{method_label(tender.method)}（{self.account[0].name}）"
        return method_label(tender.method)

    @Slot()
    def _show_change(self) -> None:
        if self.method is not PaymentMethod.CASH:
            self.change_label.clear()
            return
        try:
            given = parse_yuan(self.amount_input.text())
        except InputRefused:
            given = 0
        change = cash_change_fen(self.remaining_fen, given)
        self.change_label.setText(self.tr("Change {0}").format(format_fen(change)))

    # -- confirming -------------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        """Show why the payment was not taken, and let the keeper retype."""
        show_message(self.message_label, text, Tone.ERROR)
        self.amount_input.selectAll()
        self.amount_input.setFocus()

    @Slot()
    def confirm(self) -> None:
        """Enter: add this tender; emit the tenders when paid in full, else ask for the rest."""
        try:
            amount = parse_yuan(self.amount_input.text(), field=self.amount_caption.text())
            tender = self._tender(amount)
            tenders = [*self.tenders, tender]
            settle(self.total_fen, tenders)
        except PaymentIncomplete:
            self.tenders.append(tender)
            self.choose_method(PaymentMethod.CASH)
            show_message(
                self.message_label,
                self.tr("Part payment taken; {0} still due.").format(
                    format_fen(self.remaining_fen)
                ),
                Tone.INFO,
            )
            return
        except InputRefused as error:
            self.show_error(error.text(self._language))
            return
        self.tenders_confirmed.emit(tenders)

    def _tender(self, amount_fen: int) -> Tender:
        if self.method is PaymentMethod.ACCOUNT and self.account is not None:
            return Tender(self.method, amount_fen, villager_id=self.account[0].id)
        return Tender(self.method, amount_fen, self.reference_input.text().strip())

    @Slot()
    def confirm_rest_later(self) -> None:
        """F7 (agency orders): take the amount typed, if any, and leave the rest for pickup."""
        if not self.rest_later:
            return
        # The prefilled amount (all that is due) is no deposit: only a typed one counts.
        typed = self.amount_input.text() if self.amount_input.isModified() else ""
        try:
            amount = parse_yuan(typed or "0", field=self.amount_caption.text())
            tenders = [*self.tenders, self._tender(amount)] if amount else list(self.tenders)
            settle(self.total_fen, tenders)
        except PaymentIncomplete:
            pass  # a deposit: less than the total is what F7 is for
        except InputRefused as error:
            self.show_error(error.text(self._language))
            return
        self.tenders_confirmed.emit(tenders)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """F1-F4 and F6 choose the method, F5 clears, F7 leaves the rest; Esc cancels."""
        key = Qt.Key(event.key())
        if key in METHOD_KEYS:
            self.choose_method(METHOD_KEYS[key])
        elif key == ACCOUNT_KEY:
            self.ask_account()
        elif key == CLEAR_KEY:
            self.clear_tenders()
        elif key == REST_LATER_KEY:
            self.confirm_rest_later()
        else:
            super().keyPressEvent(event)
