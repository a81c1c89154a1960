"""Receiving a delivery (进货): supplier, then each line by scan, quantity, cost and expiry."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from station_app.core.catalog import Product
from station_app.core.errors import InputRefused, StationError
from station_app.core.money import format_fen, format_plain, parse_yuan
from station_app.core.stock import MAX_SHELF_LIFE_DAYS, MAX_SUPPLIER, ReceiveLine
from station_app.ui.common.form_parts import (
    AMOUNT_MAX_LENGTH,
    AMOUNT_PATTERN,
    clear_message,
    dialog_message_label,
    mark_refused,
)
from station_app.ui.common.key_line_edit import KeyLineEdit
from station_app.ui.common.messages import Tone, show_message
from station_app.ui.common.page_frame import current_row, list_table, select_row, stretch_column
from station_app.ui.stock.stock_inputs import (
    DATE_PATTERN,
    KG_PATTERN,
    UNITS_PATTERN,
    parse_amount,
    parse_day,
)
from station_app.ui.stock.stock_models import (
    DraftLine,
    ReceiveLineModel,
    format_quantity,
    unit_label,
)

PHONE_PATTERN = r"[0-9 -]{0,20}"
STORE_KEY = Qt.Key.Key_F12
REMOVE_KEY = Qt.Key.Key_Delete
LINE_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down)
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# check_receive_line's parameters -> this dialog's fields.
LINE_FIELDS = {
    "quantity": "quantity",
    "cost_fen": "cost",
    "expiry": "expiry",
    "shelf_life_days": "shelf_life",
}


class ReceiveDialog(QDialog):
    """Supplier and phone; a scan field, the line's figures; the lines typed so far.

    Enter in the barcode field finds the product (the controller answers with
    `show_product`); Enter in a figure field adds the line (the controller checks it
    and calls `add_line`). Up/Down in the barcode field choose a line, Del there (with
    the field empty) takes it out. F12 stores the whole delivery; Esc twice throws the
    typed lines away. Nothing is stored until F12.

    Signals:
        code_entered(str): a barcode (or PLU) to look up.
        line_entered(object): a ReceiveLine for the product shown, to be checked.
        store_wanted(): F12, with the lines in `lines`.
    """

    code_entered = Signal(str)
    line_entered = Signal(object)
    store_wanted = Signal()

    def __init__(self, today: date, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiveDialog")
        self.setWindowTitle(self.tr("Receive goods"))
        # Fits a 1024×768 screen with the window's frame around it.
        self.setMinimumSize(980, 660)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._today = today
        self._language = language
        self.product: Product | None = None
        self._leaving = False
        layout = QVBoxLayout(self)
        layout.setSpacing(8)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        self.inputs: dict[str, QLineEdit] = {}
        self.supplier_input = self._field("supplier", max_length=MAX_SUPPLIER)
        self.supplier_input.setPlaceholderText(self.tr("e.g. 县城批发部 (may stay empty)"))
        self.phone_input = self._field("phone", PHONE_PATTERN, 20)
        self.code_input = KeyLineEdit((*LINE_KEYS, REMOVE_KEY), self)
        self._register("code", self.code_input, None, 32)
        self.code_input.setPlaceholderText(self.tr("scan the goods, or type the barcode / PLU"))
        self.quantity_input = self._field("quantity", UNITS_PATTERN, 8)
        self.cost_input = self._field("cost", AMOUNT_PATTERN, AMOUNT_MAX_LENGTH)
        self.expiry_input = self._field("expiry", DATE_PATTERN, 10)
        self.expiry_input.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.produced_input = self._field("produced", DATE_PATTERN, 10)
        self.produced_input.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.shelf_input = self._field("shelf_life", "[0-9]{0,4}", 4)
        self.shelf_input.setPlaceholderText(self.tr("days"))

        self.quantity_caption = QLabel(self.tr("Quantity"), self)
        self.cost_caption = QLabel(self.tr("Cost per unit (yuan)"), self)
        self.product_label = QLabel(self)
        self.product_label.setObjectName("receiveProduct")
        self.product_label.setWordWrap(True)
        rows: list[list[tuple[QWidget, int]]] = [
            [
                (QLabel(self.tr("Supplier"), self), 1),
                (self.supplier_input, 3),
                (QLabel(self.tr("Phone"), self), 1),
                (self.phone_input, 1),
            ],
            [(QLabel(self.tr("Barcode"), self), 1), (self.code_input, 2), (self.product_label, 3)],
            [
                (self.quantity_caption, 1),
                (self.quantity_input, 1),
                (self.cost_caption, 1),
                (self.cost_input, 1),
            ],
            [
                (QLabel(self.tr("Expiry date"), self), 1),
                (self.expiry_input, 1),
                (QLabel(self.tr("or produced on"), self), 1),
                (self.produced_input, 1),
                (QLabel(self.tr("+ shelf life"), self), 1),
                (self.shelf_input, 1),
            ],
        ]
        for row, cells in enumerate(rows):
            column = 0
            for widget, span in cells:
                grid.addWidget(widget, row, column, 1, span)
                column += span
        layout.addLayout(grid)

        self.model = ReceiveLineModel(self)
        self.table = list_table(self, "receiveLines")
        self.table.setModel(self.model)
        self.table.verticalHeader().show()
        stretch_column(self.table, ReceiveLineModel.PRODUCT_COLUMN)
        layout.addWidget(self.table, 1)
        self.total_label = QLabel(self)
        self.total_label.setObjectName("orderTotal")
        layout.addWidget(self.total_label)
        self.message_label = dialog_message_label(self)
        layout.addWidget(self.message_label)
        self.keys_label = QLabel(
            self.tr(
                "Enter: find the goods / add the line    Tab: next field    "
                "Up/Down: choose a line    Del: remove it    F12: store the delivery    "
                "Esc: cancel"
            ),
            self,
        )
        self.keys_label.setObjectName("keysLabel")
        self.keys_label.setWordWrap(True)
        layout.addWidget(self.keys_label)

        self.code_input.key_pressed.connect(self._line_key)
        for widget in self.inputs.values():
            widget.textEdited.connect(self._edited)
        self._show_total()
        self.show_product(None)
        self.supplier_input.setFocus()

    def _register(self, key: str, edit: QLineEdit, pattern: str | None, max_length: int) -> None:
        edit.setObjectName(f"field_{key}")
        edit.setMaxLength(max_length)
        if pattern is not None:
            edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), edit))
        self.inputs[key] = edit

    def _field(self, key: str, pattern: str | None = None, max_length: int = 40) -> QLineEdit:
        edit = QLineEdit(self)
        self._register(key, edit, pattern, max_length)
        return edit

    def _edited(self) -> None:
        self._leaving = False
        clear_message(self.message_label)
        for widget in self.inputs.values():
            mark_refused(widget, False)

    # -- what the controller calls -------------------------------------------------------------
    @property
    def lines(self) -> list[ReceiveLine]:
        """The delivery's lines, in the order typed."""
        return [draft.line for draft in self.model.lines]

    @property
    def supplier(self) -> tuple[str, str]:
        """The supplier's name and phone as typed."""
        return self.supplier_input.text().strip(), self.phone_input.text().strip()

    def show_product(
        self, product: Product | None, stock: int = 0, last_cost_fen: int | None = None
    ) -> None:
        """The goods scanned (None: none yet): name, price and stock; the cursor to quantity.

        The last delivery's cost is offered, so a regular delivery needs only the count.
        """
        self.product = product
        weighed = product is not None and product.is_weighed
        self.quantity_caption.setText(self.tr("Quantity (kg)") if weighed else self.tr("Quantity"))
        self.cost_caption.setText(
            self.tr("Cost per kg (yuan)") if weighed else self.tr("Cost per unit (yuan)")
        )
        self.quantity_input.setValidator(
            QRegularExpressionValidator(
                QRegularExpression(KG_PATTERN if weighed else UNITS_PATTERN), self.quantity_input
            )
        )
        if product is None:
            self.product_label.setText(self.tr("Scan the goods first."))
            return
        self.product_label.setText(
            self.tr("{0}: sells at {1}, in stock {2} {3}").format(
                product.name,
                format_fen(product.price_fen),
                format_quantity(stock, weighed),
                unit_label(product.unit, weighed),
            )
        )
        self.cost_input.setText(format_plain(last_cost_fen) if last_cost_fen is not None else "")
        self.focus_field("quantity")

    def add_line(self, draft: DraftLine) -> None:
        """Show a checked line; clear the figures and go back to the barcode for the next."""
        self.model.set_records([*self.model.lines, draft])
        select_row(self.table, self.model.rowCount() - 1)
        for key in ("code", "quantity", "cost", "expiry", "produced", "shelf_life"):
            self.inputs[key].clear()
        self.show_product(None)
        self._show_total()
        if draft.at_or_below_cost:
            self.show_error(
                self.tr(
                    "{0} sells at {1}, not above this cost {2}: change the cost, or raise "
                    "the price after storing."
                ).format(draft.name, format_fen(draft.price_fen), format_fen(draft.line.cost_fen)),
                "code",
            )
        else:
            show_message(
                self.message_label,
                self.tr("Added {0}. Next goods, or F12 to store.").format(draft.name),
                Tone.SUCCESS,
            )
            self.focus_field("code")

    def focus_field(self, key: str) -> None:
        """The cursor into a field, its text selected for retyping."""
        self.inputs[key].setFocus()
        self.inputs[key].selectAll()

    def show_error(self, text: str, key: str | None = None) -> None:
        """Say what is wrong; outline the field at fault and put the cursor in it."""
        show_message(self.message_label, text, Tone.ERROR)
        for name, widget in self.inputs.items():
            mark_refused(widget, name == key)
        if key is not None:
            self.focus_field(key)

    def show_refusal(self, error: StationError, default: str = "quantity") -> None:
        """Core's reason in the keeper's language, on the field it names."""
        field = error.field if isinstance(error, InputRefused) else None
        self.show_error(error.text(self._language), LINE_FIELDS.get(field or "", default))

    def _show_total(self) -> None:
        lines = self.model.lines
        self.total_label.setText(
            self.tr("%n line(s), {0} at cost", "", len(lines)).format(
                format_fen(sum(line.total_fen for line in lines))
            )
        )

    # -- reading the line ----------------------------------------------------------------------
    def _line(self) -> ReceiveLine | None:
        """The line as typed, or None after saying which field cannot be read."""
        product = self.product
        if product is None:
            self.show_error(self.tr("Scan the goods first, then type the quantity."), "code")
            return None
        try:
            quantity = parse_amount(self.quantity_input.text(), product.is_weighed)
        except ValueError:
            self.show_error(
                self.tr("Type the weight received in kg, like 25 or 12.5.")
                if product.is_weighed
                else self.tr("Type how many were delivered, like 24."),
                "quantity",
            )
            return None
        if not self.cost_input.text().strip():
            self.show_error(self.tr("Type what one cost, like 1.80."), "cost")
            return None
        try:
            cost = parse_yuan(self.cost_input.text(), field=self.tr("Cost"))
        except InputRefused as error:
            self.show_error(error.text(self._language), "cost")
            return None
        days = self._days()
        if days is None:
            return None
        expiry, produced, shelf = days
        return ReceiveLine(product.id, quantity, cost, expiry, produced, shelf)

    def _days(self) -> tuple[date | None, date | None, int | None] | None:
        dates: dict[str, date | None] = {}
        for key in ("expiry", "produced"):
            try:
                dates[key] = parse_day(self.inputs[key].text())
            except ValueError:
                self.show_error(
                    self.tr('"{0}" is no date: type it like {1}.').format(
                        self.inputs[key].text(), self._today.isoformat()
                    ),
                    key,
                )
                return None
        shelf_text = self.shelf_input.text().strip()
        shelf = int(shelf_text) if shelf_text else None
        if dates["expiry"] is None and (dates["produced"] is None) != (shelf is None):
            self.show_error(
                self.tr("Give the production date and the shelf life in days, or the expiry."),
                "shelf_life" if shelf is None else "produced",
            )
            return None
        if shelf is not None and not 1 <= shelf <= MAX_SHELF_LIFE_DAYS:
            self.show_error(
                self.tr("Shelf life in days must be 1 to {0}.").format(MAX_SHELF_LIFE_DAYS),
                "shelf_life",
            )
            return None
        if dates["expiry"] is not None:
            return dates["expiry"], None, None
        return None, dates["produced"], shelf

    # -- keys ----------------------------------------------------------------------------------
    def _line_key(self, key: int) -> None:
        if key == REMOVE_KEY:
            if self.code_input.text():
                self.code_input.del_()
            else:
                self.remove_current()
            return
        row = current_row(self.table)
        select_row(self.table, row + (1 if key == Qt.Key.Key_Down else -1) if row >= 0 else 0)

    def remove_current(self) -> None:
        """Del: take the highlighted line out of the delivery."""
        row = current_row(self.table)
        if row < 0:
            return
        lines = self.model.lines
        removed = lines.pop(row)
        self.model.set_records(lines)
        select_row(self.table, min(row, len(lines) - 1))
        self._show_total()
        show_message(self.message_label, self.tr("Removed {0}.").format(removed.name))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter finds or adds (by field), F12 stores, Esc twice with lines typed cancels."""
        key = event.key()
        if key in ENTER_KEYS:
            self._enter()
        elif key == STORE_KEY:
            self.store_wanted.emit()
        elif key == Qt.Key.Key_Escape and self.model.rowCount() and not self._leaving:
            self._leaving = True
            self.show_error(
                self.tr(
                    "Esc again throws away the %n line(s) typed; F12 stores them.",
                    "",
                    self.model.rowCount(),
                )
            )
        else:
            super().keyPressEvent(event)

    def _enter(self) -> None:
        focus = self.focusWidget()
        if focus in (self.supplier_input, self.phone_input):
            self.focus_field("phone" if focus is self.supplier_input else "code")
        elif focus is self.code_input:
            code = self.code_input.text().strip()
            if code:
                self.code_entered.emit(code)
            elif self.product is not None:
                self.focus_field("quantity")
        else:
            line = self._line()
            if line is not None:
                self.line_entered.emit(line)
