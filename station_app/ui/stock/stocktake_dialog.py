"""A stocktake (盘点): scan every item on the shelf, type a count where scanning is slow."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from station_app.core.catalog import ScanHit
from station_app.core.errors import StationError
from station_app.core.money import format_fen
from station_app.core.stock import MAX_REASON, CountItem
from station_app.ui.common.form_parts import clear_message, dialog_message_label
from station_app.ui.common.key_line_edit import KeyLineEdit
from station_app.ui.common.messages import Tone, show_message
from station_app.ui.common.nested_dialog import open_nested
from station_app.ui.common.page_frame import (
    MOVE_KEYS,
    current_row,
    list_table,
    move_selection,
    select_row,
    stretch_column,
)
from station_app.ui.common.prompt_dialog import PromptDialog
from station_app.ui.stock.stock_inputs import KG_PATTERN, UNITS_PATTERN, parse_amount
from station_app.ui.stock.stock_models import (
    CountModel,
    CountRow,
    format_quantity,
    unit_label,
)

COUNT_KEY = Qt.Key.Key_F2
POST_KEY = Qt.Key.Key_F12
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class StocktakeDialog(QDialog):
    """The products of the chosen scope with expected and counted stock, and a scan field.

    Each scan counts one more of the product (a scale label: its weight); F2 types
    the count of the highlighted product instead. Products not counted are not posted:
    they keep their stock, and the summary says how many there are. F12 asks for the
    posting (the controller gets the owner's PIN); Esc twice throws the counts away.

    Signals:
        post_wanted(dict, str): the counts by product id and the reason typed.
    """

    post_wanted = Signal(dict, str)

    def __init__(
        self,
        scope: str,
        items: list[CountItem],
        find: Callable[[str], ScanHit],
        language: str,
        reason: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("stocktakeDialog")
        self.setWindowTitle(self.tr("Stocktake: {0}").format(scope))
        self.setMinimumSize(980, 660)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.scope = scope
        self._find = find
        self._language = language
        self._leaving = False
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        self.heading = QLabel(
            self.tr("Counting {0}: %n product(s)", "", len(items)).format(scope), self
        )
        self.heading.setObjectName("detailHeading")
        layout.addWidget(self.heading)

        form = QFormLayout()
        self.scan_input = KeyLineEdit((*MOVE_KEYS, COUNT_KEY, POST_KEY), self)
        self.scan_input.setObjectName("stocktakeScan")
        self.scan_input.setMaxLength(32)
        self.scan_input.setPlaceholderText(self.tr("scan each item: every scan counts one"))
        form.addRow(self.tr("Scan"), self.scan_input)
        self.reason_input = QLineEdit(reason, self)
        self.reason_input.setObjectName("stocktakeReason")
        self.reason_input.setMaxLength(MAX_REASON)
        form.addRow(self.tr("Reason"), self.reason_input)
        layout.addLayout(form)

        self.model = CountModel(self)
        self.model.set_records(CountRow(item) for item in items)
        self.table = list_table(self, "countTable")
        self.table.setModel(self.model)
        stretch_column(self.table, CountModel.PRODUCT_COLUMN)
        layout.addWidget(self.table, 1)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("pageSummary")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.message_label = dialog_message_label(self)
        layout.addWidget(self.message_label)
        keys = QLabel(
            self.tr(
                "Scan: count one more    F2: type the count of the highlighted product    "
                "Up/Down: choose    Tab: reason    F12: post (owner's PIN)    Esc: close"
            ),
            self,
        )
        keys.setObjectName("keysLabel")
        keys.setWordWrap(True)
        layout.addWidget(keys)

        self.scan_input.key_pressed.connect(self._key)
        self.scan_input.textEdited.connect(self._edited)
        self.reason_input.textEdited.connect(self._edited)
        select_row(self.table, 0)
        self._show_summary()
        self.scan_input.setFocus()

    def _edited(self) -> None:
        self._leaving = False
        clear_message(self.message_label)

    def _say(self, text: str, tone: Tone = Tone.INFO) -> None:
        show_message(self.message_label, text, tone)

    def _show_summary(self) -> None:
        rows = self.model.counted_rows
        value = sum(row.item.difference_value_fen(row.counted or 0) for row in rows)
        left = self.model.rowCount() - len(rows)
        text = self.tr("Counted: %n product(s).", "", len(rows))
        text += " " + self.tr("Difference at cost: {0}.").format(format_fen(value))
        if left:
            text += " " + self.tr(
                "Not counted yet: %n (not posted; they keep their stock).", "", left
            )
        self.summary_label.setText(text)

    # -- counting ------------------------------------------------------------------------------
    def scan(self, code: str) -> None:
        """A scanned code: one more of that product (a scale label: its weight)."""
        try:
            hit = self._find(code)
        except StationError as error:
            self._say(error.text(self._language), Tone.ERROR)
            return
        row = self.model.row_of(hit.product.id)
        if row < 0:
            self._say(
                self.tr("{0} is not in this stocktake ({1}).").format(hit.product.name, self.scope),
                Tone.ERROR,
            )
            return
        select_row(self.table, row)
        record = self.model.record(row)
        weight = hit.scale.value if hit.scale is not None and hit.scale.kind == "weight" else None
        if record.item.is_weighed and weight is None:
            self._say(
                self.tr("{0} is weighed: press F2 and type the weight on the shelf.").format(
                    record.item.name
                ),
                Tone.ERROR,
            )
            return
        step = weight if record.item.is_weighed and weight is not None else 1
        self.set_count(row, (record.counted or 0) + step)

    def set_count(self, row: int, counted: int) -> None:
        """Record the count of the product in `row` and say what it came to."""
        self._leaving = False
        self.model.set_count(row, counted)
        select_row(self.table, row)
        record = self.model.record(row)
        item = record.item
        self._say(
            self.tr("{0}: counted {1} {2}, expected {3}.").format(
                item.name,
                format_quantity(counted, item.is_weighed),
                unit_label(item.unit, item.is_weighed),
                format_quantity(item.expected, item.is_weighed),
            ),
            Tone.SUCCESS,
        )
        self._show_summary()

    def ask_count(self) -> PromptDialog | None:
        """F2: type how many of the highlighted product are on the shelf (weighed: kg)."""
        row = current_row(self.table)
        if row < 0:
            return None
        item = self.model.record(row).item
        prompt = PromptDialog(
            self.tr("Count"),
            self.tr("How many {0} ({1}) are there?").format(
                item.name, unit_label(item.unit, item.is_weighed)
            ),
            self,
            pattern=KG_PATTERN if item.is_weighed else UNITS_PATTERN,
            max_length=9,
        )
        prompt.setObjectName("countPrompt")

        def submitted(text: str) -> None:
            try:
                counted = parse_amount(text, item.is_weighed)
            except ValueError:
                prompt.show_error(self.tr("Type the count as a number, like 24 (weighed: 12.5)."))
                return
            prompt.accept()
            self.set_count(row, counted)

        prompt.submitted.connect(submitted)
        return open_nested(prompt)

    # -- keys ----------------------------------------------------------------------------------
    def _key(self, key: int) -> None:
        if key in MOVE_KEYS:
            move_selection(self.table, key)
        elif key == COUNT_KEY:
            self.ask_count()
        elif key == POST_KEY:
            self.post()

    def post(self) -> None:
        """F12: hand the counts and the reason on to be posted."""
        counts = self.model.counts
        if not counts:
            self._say(self.tr("Nothing is counted yet: scan the goods first."), Tone.ERROR)
            return
        self.post_wanted.emit(counts, self.reason_input.text())

    def show_error(self, text: str) -> None:
        """Say why the stocktake was not posted; the counts stay."""
        self._say(text, Tone.ERROR)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter counts what was scanned; F12 from the reason posts; Esc twice closes."""
        key = event.key()
        if key in ENTER_KEYS:
            code = self.scan_input.text().strip()
            self.scan_input.clear()
            self.scan_input.setFocus()
            if code:
                self.scan(code)
        elif key == POST_KEY:
            self.post()
        elif key == Qt.Key.Key_Escape and self.model.counts and not self._leaving:
            self._leaving = True
            self._say(
                self.tr(
                    "Esc again throws away the counts of %n product(s); F12 posts them.",
                    "",
                    len(self.model.counts),
                ),
                Tone.ERROR,
            )
        else:
            super().keyPressEvent(event)
