"""The discount dialog (F6): an amount in yuan off the selected line or the whole sale."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from station_app.core.errors import InputRefused
from station_app.core.money import format_plain, parse_yuan
from station_app.ui.common.form_parts import accept_amounts_only, dialog_message_label
from station_app.ui.common.messages import Tone, show_message


class DiscountScope(Enum):
    """What the discount applies to."""

    LINE = "line"
    SALE = "sale"


class DiscountDialog(QDialog):
    """Asks how much to take off; F1 switches to the selected line, F2 to the whole sale.

    Signals:
        discount_entered(object, int): the scope (DiscountScope) and the amount in fen.
    """

    discount_entered = Signal(object, int)

    def __init__(
        self,
        language: str,
        line_name: str | None,
        line_discount_fen: int,
        sale_discount_fen: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("discountDialog")
        self.setWindowTitle(self.tr("Discount"))
        self.setMinimumSize(620, 320)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._language = language
        self._current = {
            DiscountScope.LINE: line_discount_fen,
            DiscountScope.SALE: sale_discount_fen,
        }

        layout = QVBoxLayout(self)
        scopes = QHBoxLayout()
        self.scope_group = QButtonGroup(self)
        self.line_choice = QRadioButton(
            self.tr("F1 This line: {0}").format(line_name)
            if line_name
            else self.tr("F1 This line (none selected)"),
            self,
        )
        self.sale_choice = QRadioButton(self.tr("F2 Whole sale"), self)
        self.line_choice.setEnabled(line_name is not None)
        for choice in (self.line_choice, self.sale_choice):
            choice.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.scope_group.addButton(choice)
            scopes.addWidget(choice)
        layout.addLayout(scopes)

        layout.addWidget(QLabel(self.tr("Discount amount in yuan (0 removes it)"), self))
        self.amount_input = QLineEdit(self)
        self.amount_input.setObjectName("discountInput")
        accept_amounts_only(self.amount_input)
        layout.addWidget(self.amount_input)

        self.message_label = dialog_message_label(self)
        layout.addWidget(self.message_label)
        keys = QLabel(self.tr("Enter: confirm    Esc: cancel"), self)
        keys.setObjectName("keysLabel")
        layout.addWidget(keys)

        self.line_choice.toggled.connect(self._scope_changed)
        self.amount_input.returnPressed.connect(self._submit)
        self.choose(DiscountScope.SALE)

    @property
    def scope(self) -> DiscountScope:
        """The scope currently chosen."""
        return DiscountScope.LINE if self.line_choice.isChecked() else DiscountScope.SALE

    def choose(self, scope: DiscountScope) -> None:
        """Select the scope and prefill its current discount."""
        if scope is DiscountScope.LINE and not self.line_choice.isEnabled():
            return
        (self.line_choice if scope is DiscountScope.LINE else self.sale_choice).setChecked(True)
        self._scope_changed()

    @Slot()
    def _scope_changed(self) -> None:
        self.amount_input.setText(format_plain(self._current[self.scope]))
        self.amount_input.selectAll()
        self.amount_input.setFocus()

    def show_error(self, text: str) -> None:
        """Show why the discount was refused."""
        show_message(self.message_label, text, Tone.ERROR)
        self.amount_input.selectAll()
        self.amount_input.setFocus()

    @Slot()
    def _submit(self) -> None:
        try:
            fen = parse_yuan(self.amount_input.text(), field=self.tr("Discount"))
        except InputRefused as error:
            self.show_error(error.text(self._language))
            return
        self.discount_entered.emit(self.scope, fen)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """F1 line, F2 whole sale; Esc cancels."""
        if event.key() == Qt.Key.Key_F1:
            self.choose(DiscountScope.LINE)
        elif event.key() == Qt.Key.Key_F2:
            self.choose(DiscountScope.SALE)
        else:
            super().keyPressEvent(event)
