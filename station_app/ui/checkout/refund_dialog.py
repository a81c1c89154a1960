"""The refund dialog (F8): a past receipt's lines, how many of each go back, and how to pay."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.core.money import format_fen
from station_app.core.payments import PaymentMethod
from station_app.core.refunds import MAX_REASON, RefundableLine
from station_app.core.sales import SaleRecord
from station_app.ui.checkout.payment_dialog import method_label
from station_app.ui.checkout.refund_lines_model import RefundColumn, RefundLinesModel
from station_app.ui.common.form_parts import dialog_message_label
from station_app.ui.common.messages import Tone, show_message


class RefundDialog(QDialog):
    """Choose quantities per line (type a number on a line), the method and a reason.

    Keys: Up/Down choose a line, a digit starts typing its quantity, F1 returns
    everything, F2 changes the refund method, Enter continues (to the owner's PIN).

    Signals:
        refund_requested(dict, object, str): sale line id -> quantity, the
            PaymentMethod, and the reason.
    """

    refund_requested = Signal(dict, object, str)

    def __init__(
        self,
        sale: SaleRecord,
        lines: list[RefundableLine],
        methods: list[PaymentMethod],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("refundDialog")
        self.setWindowTitle(self.tr("Refund"))
        self.setMinimumSize(860, 560)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.sale = sale

        layout = QVBoxLayout(self)
        heading = QLabel(
            self.tr("Receipt {0}    {1}    paid {2}").format(
                sale.receipt_no, sale.local_date, format_fen(sale.total_fen)
            ),
            self,
        )
        heading.setObjectName("refundHeading")
        layout.addWidget(heading)

        self.model = RefundLinesModel(lines, self)
        self.table = QTableView(self)
        self.table.setObjectName("refundTable")
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RefundColumn.ITEM, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.table.setCurrentIndex(self.model.index(0, RefundColumn.RETURN))
        layout.addWidget(self.table, 1)

        form = QFormLayout()
        self.method_input = QComboBox(self)
        self.method_input.setObjectName("refundMethod")
        for method in methods:
            self.method_input.addItem(method_label(method), method)
        self.reason_input = QLineEdit(self)
        self.reason_input.setObjectName("refundReason")
        self.reason_input.setMaxLength(MAX_REASON)
        form.addRow(self.tr("Refund by"), self.method_input)
        form.addRow(self.tr("Reason (optional)"), self.reason_input)
        layout.addLayout(form)

        self.amount_label = QLabel(self)
        self.amount_label.setObjectName("refundAmount")
        layout.addWidget(self.amount_label)
        self.message_label = dialog_message_label(self)
        layout.addWidget(self.message_label)
        keys = QLabel(
            self.tr(
                "Digits: quantity    F1: return all    F2: method    Enter: continue    Esc: cancel"
            ),
            self,
        )
        keys.setObjectName("keysLabel")
        keys.setWordWrap(True)
        layout.addWidget(keys)

        # F1 and F2 are window shortcuts, not key presses: the table would take F2 first
        # (its platform key to edit a cell), so one press would open the quantity editor
        # and the method would only change on a second press.
        for key, act in ((Qt.Key.Key_F1, self.model.choose_all), (Qt.Key.Key_F2, self.next_method)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(act)
        self.method_input.currentIndexChanged.connect(self._show_amount)
        self.model.dataChanged.connect(self._show_amount)
        self._show_amount()
        self.table.setFocus()

    @property
    def method(self) -> PaymentMethod:
        """The refund method chosen."""
        return PaymentMethod(self.method_input.currentData())

    @Slot()
    def next_method(self) -> None:
        """F2: the next refund method the sale allows."""
        count = self.method_input.count()
        self.method_input.setCurrentIndex((self.method_input.currentIndex() + 1) % count)

    @Slot()
    def _show_amount(self) -> None:
        self.amount_label.setText(
            self.tr("To refund: {0}, by {1}").format(
                format_fen(self.model.chosen_amount_fen()), self.method_input.currentText()
            )
        )

    def show_error(self, text: str) -> None:
        """Show why the refund cannot go ahead."""
        show_message(self.message_label, text, Tone.ERROR)

    def submit(self) -> None:
        """Ask for the refund of the chosen quantities, unless nothing is chosen."""
        quantities = self.model.chosen_quantities()
        if not quantities:
            self.show_error(self.tr("Type the quantity to return on a line first (F1: all)."))
            return
        self.refund_requested.emit(quantities, self.method, self.reason_input.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter continues; Esc cancels (F1 and F2 are shortcuts, see __init__)."""
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Fields and the table pass Enter up here once they are done with it.
            self.submit()
        else:
            super().keyPressEvent(event)
