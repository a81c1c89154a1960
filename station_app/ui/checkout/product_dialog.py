"""The owner's quick "add product" dialog, opened when a scanned barcode is unknown."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from station_app.core.catalog import NewProduct
from station_app.core.errors import InputRefused
from station_app.core.money import parse_yuan
from station_app.ui.common.form_parts import accept_amounts_only, dialog_message_label
from station_app.ui.common.messages import Tone, show_message
from village_protocol.catalog import MAX_PRODUCT_NAME, MAX_UNIT


class ProductDialog(QDialog):
    """Name, unit, price and "sold by weight" for a new barcode; core validates the fields.

    Tab moves between fields, Enter in any field submits, Esc cancels.

    Signals:
        product_entered(object): the NewProduct as typed.
    """

    product_entered = Signal(object)

    def __init__(
        self, barcode: str, categories: list[str], language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("productDialog")
        self.setWindowTitle(self.tr("Add product"))
        self.setMinimumSize(640, 420)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.barcode = barcode
        self._language = language

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("Barcode {0} is new. Enter the product to add it.").format(barcode), self
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.name_input = QLineEdit(self)
        self.name_input.setObjectName("productName")
        self.name_input.setMaxLength(MAX_PRODUCT_NAME)
        self.unit_input = QLineEdit(self.tr("pc"), self)
        self.unit_input.setObjectName("productUnit")
        self.unit_input.setMaxLength(MAX_UNIT)
        self.price_input = QLineEdit(self)
        self.price_input.setObjectName("productPrice")
        accept_amounts_only(self.price_input)
        self.weighed_check = QCheckBox(self.tr("Sold by weight (price per kg)"), self)
        self.weighed_check.setObjectName("productWeighed")
        self.category_input = QComboBox(self)
        self.category_input.setObjectName("productCategory")
        self.category_input.setEditable(True)
        self.category_input.addItems(["", *categories])
        self.price_caption = QLabel(self)
        form.addRow(self.tr("Name"), self.name_input)
        form.addRow(self.tr("Unit"), self.unit_input)
        form.addRow(self.price_caption, self.price_input)
        form.addRow("", self.weighed_check)
        form.addRow(self.tr("Category"), self.category_input)
        layout.addLayout(form)

        self.message_label = dialog_message_label(self)
        layout.addWidget(self.message_label)
        keys = QLabel(self.tr("Tab: next field    Enter: save    Esc: cancel"), self)
        keys.setObjectName("keysLabel")
        layout.addWidget(keys)

        for field in (self.name_input, self.unit_input, self.price_input):
            field.returnPressed.connect(self._submit)
        if (line := self.category_input.lineEdit()) is not None:
            line.returnPressed.connect(self._submit)
        self.weighed_check.toggled.connect(self._weighed_changed)
        self._weighed_changed(False)
        self.name_input.setFocus()

    @Slot(bool)
    def _weighed_changed(self, weighed: bool) -> None:
        self.price_caption.setText(
            self.tr("Price per kg (yuan)") if weighed else self.tr("Price (yuan)")
        )
        if weighed:
            self.unit_input.setText("kg")

    def show_error(self, text: str) -> None:
        """Show what is wrong with the entered product."""
        show_message(self.message_label, text, Tone.ERROR)

    @Slot()
    def _submit(self) -> None:
        try:
            price_fen = parse_yuan(self.price_input.text(), field=self.price_caption.text())
        except InputRefused as error:
            self.show_error(error.text(self._language))
            self.price_input.setFocus()
            return
        self.product_entered.emit(
            NewProduct(
                name=self.name_input.text(),
                unit=self.unit_input.text(),
                price_fen=price_fen,
                barcodes=(self.barcode,),
                is_weighed=self.weighed_check.isChecked(),
                category=self.category_input.currentText(),
            )
        )
