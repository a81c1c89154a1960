"""The 无码商品 dialog (F9): an amount typed against a category, for goods without a barcode."""

from __future__ import annotations

from PySide6.QtCore import (
    QItemSelectionModel,
    QStringListModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QDialog, QLabel, QListView, QVBoxLayout, QWidget

from station_app.core.errors import InputRefused
from station_app.core.money import parse_yuan
from station_app.ui.common.form_parts import accept_amounts_only, dialog_message_label
from station_app.ui.common.key_line_edit import KeyLineEdit
from station_app.ui.common.messages import Tone, show_message


class OpenItemDialog(QDialog):
    """Up/Down pick the category while the amount field keeps the focus; Enter adds.

    Signals:
        item_entered(str, int): the category and the amount in fen.
    """

    item_entered = Signal(str, int)

    def __init__(self, categories: list[str], language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openItemDialog")
        self.setWindowTitle(self.tr("Item without barcode"))
        self.setMinimumSize(520, 520)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._language = language

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Category (Up/Down)"), self))
        self.category_model = QStringListModel(categories or [self.tr("Other")], self)
        self.category_list = QListView(self)
        self.category_list.setObjectName("categoryList")
        self.category_list.setModel(self.category_model)
        self.category_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.category_list.setCurrentIndex(self.category_model.index(0))
        layout.addWidget(self.category_list, 1)

        layout.addWidget(QLabel(self.tr("Amount in yuan"), self))
        self.amount_input = KeyLineEdit([Qt.Key.Key_Up, Qt.Key.Key_Down], self)
        self.amount_input.setObjectName("openItemAmount")
        accept_amounts_only(self.amount_input)
        layout.addWidget(self.amount_input)

        self.message_label = dialog_message_label(self)
        layout.addWidget(self.message_label)
        keys = QLabel(self.tr("Enter: add    Esc: cancel"), self)
        keys.setObjectName("keysLabel")
        layout.addWidget(keys)

        self.amount_input.key_pressed.connect(self._step_category)
        self.amount_input.returnPressed.connect(self._submit)
        self.amount_input.setFocus()

    @property
    def category(self) -> str:
        """The highlighted category."""
        return str(self.category_list.currentIndex().data())

    @Slot(int)
    def _step_category(self, key: int) -> None:
        step = -1 if key == Qt.Key.Key_Up else 1
        row = min(
            max(self.category_list.currentIndex().row() + step, 0),
            self.category_model.rowCount() - 1,
        )
        self.category_list.selectionModel().setCurrentIndex(
            self.category_model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def show_error(self, text: str) -> None:
        """Show why the amount was refused."""
        show_message(self.message_label, text, Tone.ERROR)
        self.amount_input.selectAll()

    @Slot()
    def _submit(self) -> None:
        try:
            fen = parse_yuan(self.amount_input.text(), field=self.tr("Amount"))
        except InputRefused as error:
            self.show_error(error.text(self._language))
            return
        self.item_entered.emit(self.category, fen)
