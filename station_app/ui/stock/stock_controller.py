"""The stock page's logic: the list and its filters, receiving, stocktake, write-off, levels."""

from __future__ import annotations

from datetime import timedelta
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QTableView

from station_app.core.catalog import ScanHit, find_by_code, list_categories, search_products
from station_app.core.catalog import stock_of as stock_on_hand
from station_app.core.clock import Clock
from station_app.core.errors import StationError
from station_app.core.money import format_fen
from station_app.core.operators import Operator
from station_app.core.settings import StationSettings
from station_app.core.stock import (
    MAX_REASON,
    ReceiveLine,
    StockRow,
    check_receive_line,
    count_sheet,
    last_cost_fen,
    post_stocktake,
    receive_stock,
    set_reorder_level,
    stock_rows,
    write_off,
)
from station_app.storage.sqlite_wrapper import Database
from station_app.ui.common.form_dialog import FieldKind, FormDialog, FormField
from station_app.ui.common.key_map import STOCK_KEYS, PageAction
from station_app.ui.common.messages import Tone, storage_errors_refused
from station_app.ui.common.notice_dialog import NoticeDialog
from station_app.ui.common.owner_approval import run_with_owner_approval
from station_app.ui.common.page_controller import PageController, refused_field
from station_app.ui.common.page_frame import current_row, select_row
from station_app.ui.common.print_queue import PrintQueue
from station_app.ui.common.prompt_dialog import PromptDialog
from station_app.ui.stock.receive_dialog import ReceiveDialog
from station_app.ui.stock.stock_inputs import KG_PATTERN, UNITS_PATTERN, parse_amount
from station_app.ui.stock.stock_models import DraftLine, StockModel, format_quantity, unit_label
from station_app.ui.stock.stock_page import StockPage
from station_app.ui.stock.stocktake_dialog import StocktakeDialog


class StockFilter(Enum):
    """Which products the list shows; F6 steps through them in this order."""

    ALL = "all"
    LOW = "low"
    EXPIRING = "expiring"


FILTERS = tuple(StockFilter)
WRITE_OFF_FIELDS = {"quantity": "quantity", "reason": "reason"}


class StockController(PageController):
    """Connects the stock page to core for the signed-in operator.

    Signals:
        received(object): the ReceiveReport of a delivery, after it is stored.
        stocktake_posted(dict): the differences posted, by product id.
        written_off(str): the product id, after the write-off is stored.
        records_changed(): something was stored (the hub must hear).
    """

    received = Signal(object)
    stocktake_posted = Signal(dict)
    written_off = Signal(str)
    records_changed = Signal()

    def __init__(
        self,
        view: StockPage,
        db: Database,
        settings: StationSettings,
        clock: Clock,
        operator: Operator,
        print_queue: PrintQueue,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(view, db, settings, clock, operator, print_queue, STOCK_KEYS, parent)
        self.view: StockPage = view
        self.model = StockModel(self)
        view.stock_table.setModel(self.model)
        view.size_columns()
        self.filter_index = 0
        self.handlers.update(
            {
                PageAction.RECEIVE: self.receive,
                PageAction.STOCKTAKE: self.stocktake,
                PageAction.WRITE_OFF: self.write_off,
                PageAction.REORDER_LEVEL: self.reorder_level,
                PageAction.NEXT_FILTER: self.next_filter,
                PageAction.CLEAR: self.clear,
            }
        )
        view.stock_table.doubleClicked.connect(lambda _index: self.open_batches())

    @property
    def table(self) -> QTableView:
        """The stock list."""
        return self.view.stock_table

    @property
    def stock_filter(self) -> StockFilter:
        """What the list shows now."""
        return FILTERS[self.filter_index]

    def _filter_name(self, shown: StockFilter) -> str:
        return {
            StockFilter.ALL: self.tr("all products"),
            StockFilter.LOW: self.tr("low stock"),
            StockFilter.EXPIRING: self.tr("expiring or expired"),
        }[shown]

    # -- the list ------------------------------------------------------------------------------
    @Slot()
    def activate(self) -> None:
        """The page is shown: read the stock again and put the cursor in the product field."""
        self.refresh()
        self.view.main_input.setFocus()

    def refresh(self, select_id: str | None = None) -> None:
        """Show the stock as stored now (one filter), the value on top, keeping the highlight."""
        days = self._settings.stock_expiring_days
        today = self._clock.today()
        soon = today + timedelta(days=days)
        self.model.set_days(today, soon)
        every = stock_rows(self._db)
        low = [row for row in every if row.is_low]
        expiring = [row for row in every if row.expires_by(soon)]
        shown = {StockFilter.ALL: every, StockFilter.LOW: low, StockFilter.EXPIRING: expiring}[
            self.stock_filter
        ]
        self.view.value_label.setText(
            self.tr("Stock value {0} at cost, {1} at sale price.").format(
                format_fen(sum(row.value_cost_fen for row in every)),
                format_fen(sum(row.value_sale_fen for row in every)),
            )
            + "    "
            + self.tr("Low stock: {0}.").format(len(low))
            + "    "
            + self.tr("Expiring within %n day(s): {0}.", "", days).format(len(expiring))
        )
        next_filter = FILTERS[(self.filter_index + 1) % len(FILTERS)]
        self.view.filter_label.setText(
            self.tr("Showing: {0} ({1}). F6: {2}").format(
                self._filter_name(self.stock_filter), len(shown), self._filter_name(next_filter)
            )
        )
        row = current_row(self.table)
        if select_id is None and 0 <= row < self.model.rowCount():
            select_id = self.model.record(row).product_id
        self.model.set_records(shown)
        ids = [item.product_id for item in shown]
        select_row(self.table, ids.index(select_id) if select_id in ids else 0)

    def next_filter(self) -> None:
        """F6: all products, then low stock, then expiring."""
        self.filter_index = (self.filter_index + 1) % len(FILTERS)
        self.refresh()

    def clear(self) -> None:
        """Esc: empty the field and show every product again."""
        self.view.main_input.clear()
        self.filter_index = 0
        self.refresh()
        self._say("")

    def highlighted(self) -> StockRow | None:
        """The product highlighted in the list, or None after saying how to choose one."""
        row = current_row(self.table)
        if row < 0:
            self._say(self.tr("Scan the product, or choose a row with Up/Down first."), Tone.ERROR)
            return None
        return self.model.record(row)

    @Slot()
    def enter(self) -> None:
        """Enter: find what was typed or scanned; with nothing typed, the highlighted batches."""
        text = self.view.main_input.text().strip()
        if not text:
            self.open_batches()
            return
        self.view.main_input.clear()
        self.look_up(text)

    def look_up(self, text: str) -> None:
        """Highlight the product of a barcode, PLU or name (showing every product if need be)."""
        try:
            product = find_by_code(self._db, text, self._settings.scale_prefixes).product
        except StationError as error:
            found = search_products(self._db, text, 1)
            if not found:
                self._say(error.text(self._language), Tone.ERROR)
                return
            product = found[0]
        if self.model.row_of(product.id) < 0:
            self.filter_index = 0
        self.refresh(product.id)
        self._say(
            self.tr(
                "{0}: stock {1} {2}. Enter: its batches    F2: receive    F4: write off    "
                "F5: reorder level"
            ).format(
                product.name,
                format_quantity(stock_on_hand(self._db, product.id), product.is_weighed),
                unit_label(product.unit, product.is_weighed),
            )
        )

    def open_batches(self) -> NoticeDialog | None:
        """Enter on an empty field: the highlighted product's batches on the shelf."""
        row = self.highlighted()
        if row is None:
            return None
        unit = unit_label(row.unit, row.is_weighed)
        lines = [
            self.tr("{0} {1}: expires {2}").format(
                format_quantity(batch.quantity, row.is_weighed), unit, batch.expiry
            )
            if batch.expiry
            else self.tr("{0} {1}: no expiry date").format(
                format_quantity(batch.quantity, row.is_weighed), unit
            )
            for batch in row.batches
        ]
        if not lines:
            lines = [
                self.tr("Nothing on the shelf: stock is {0} {1}.").format(
                    format_quantity(row.stock, row.is_weighed), unit
                )
            ]
        dialog = NoticeDialog(row.name, "\n".join(lines), self.view)
        dialog.setObjectName("batchesDialog")
        return self.dialogs.open(dialog)

    # -- receiving -----------------------------------------------------------------------------
    @Slot()
    def receive(self) -> ReceiveDialog:
        """F2: a delivery, line by line; F12 there stores it all at once."""
        dialog = ReceiveDialog(self._clock.today(), self._language, self.view)
        dialog.code_entered.connect(lambda code: self._receive_code(dialog, code))
        dialog.line_entered.connect(lambda line: self._receive_line(dialog, line))
        dialog.store_wanted.connect(lambda: self._store_delivery(dialog))
        return self.dialogs.open(dialog)

    def _receive_code(self, dialog: ReceiveDialog, code: str) -> None:
        try:
            hit: ScanHit = find_by_code(self._db, code, self._settings.scale_prefixes)
        except StationError as error:
            dialog.show_product(None)
            dialog.show_error(error.text(self._language), "code")
            return
        product = hit.product
        dialog.show_product(
            product, stock_on_hand(self._db, product.id), last_cost_fen(self._db, product.id)
        )

    def _receive_line(self, dialog: ReceiveDialog, line: ReceiveLine) -> None:
        product = dialog.product
        if product is None:
            return
        try:
            check_receive_line(self._db, line, self._clock.today())
        except StationError as error:
            dialog.show_refusal(error)
            return
        dialog.add_line(
            DraftLine(line, product.name, product.unit, product.is_weighed, product.price_fen)
        )

    def _store_delivery(self, dialog: ReceiveDialog) -> None:
        lines = dialog.lines
        if not lines:
            dialog.show_error(self.tr("No goods yet: scan the first item."), "code")
            return
        name, phone = dialog.supplier
        try:
            with storage_errors_refused():
                report = receive_stock(
                    self._db,
                    lines,
                    self.operator,
                    self._clock,
                    supplier=name,
                    supplier_phone=phone,
                )
        except StationError as error:
            dialog.show_refusal(error, "supplier")
            return
        total = sum(draft.total_fen for draft in dialog.model.lines)
        dialog.accept()
        self.filter_index = 0
        self.refresh(lines[-1].product_id)
        text = self.tr("Delivery stored: %n line(s), {0} at cost.", "", report.lines).format(
            format_fen(total)
        )
        if report.warnings:
            said = "\n".join(warning.en if self._language.startswith("en") else warning.zh
                             for warning in report.warnings)  # fmt: skip
            self._say(text + " " + self.tr("Some goods sell at or below cost."), Tone.ERROR)
            notice = NoticeDialog(self.tr("Sale price at or below cost"), said, self.view)
            notice.setObjectName("costWarningDialog")
            self.dialogs.open(notice)
        else:
            self._say(text, Tone.SUCCESS)
        self.records_changed.emit()
        self.received.emit(report)

    # -- stocktake -----------------------------------------------------------------------------
    @Slot()
    def stocktake(self) -> FormDialog:
        """F3: choose the goods to count (one category or all), then count them."""
        choices: tuple[tuple[str, Any], ...] = (
            (self.tr("All goods"), None),
            *((name, name) for name in list_categories(self._db)),
        )
        form = FormDialog(
            self.tr("Stocktake"),
            [FormField("scope", self.tr("Goods to count"), FieldKind.CHOICE, choices=choices)],
            self.view,
            intro=self.tr("Count one category at a time, or the whole shop."),
            keys=self.tr("Up/Down: choose    Enter: start counting    Esc: cancel"),
        )
        form.setObjectName("stocktakeScopeDialog")

        def chosen(values: dict[str, Any]) -> None:
            form.accept()
            self.count(values["scope"])

        form.submitted.connect(chosen)
        return self.dialogs.open(form)

    def _find(self, code: str) -> ScanHit:
        return find_by_code(self._db, code, self._settings.scale_prefixes)

    def count(self, category: str | None) -> StocktakeDialog:
        """The count of `category` (None: every product); F12 there posts with the owner."""
        scope = category if category is not None else self.tr("all goods")
        dialog = StocktakeDialog(
            scope,
            count_sheet(self._db, category),
            self._find,
            self._language,
            self.tr("Stocktake {0}").format(self._clock.today().isoformat()),
            self.view,
        )
        dialog.post_wanted.connect(
            lambda counts, reason: self._post_stocktake(dialog, counts, reason)
        )
        return self.dialogs.open(dialog)

    def _post_stocktake(self, dialog: StocktakeDialog, counts: dict[str, int], reason: str) -> None:
        posted: dict[str, int] = {}
        value = sum(
            row.item.difference_value_fen(row.counted or 0) for row in dialog.model.counted_rows
        )
        left = dialog.model.rowCount() - len(counts)

        def post(approver: Operator | None) -> None:
            with storage_errors_refused():
                posted.update(
                    post_stocktake(self._db, counts, approver or self.operator, reason, self._clock)
                )

        def done() -> None:
            dialog.accept()
            self.refresh()
            text = self.tr("Stocktake posted: %n product(s) counted", "", len(counts))
            text += self.tr(", %n adjusted", "", len(posted))
            text += self.tr(", difference {0} at cost.").format(format_fen(value))
            if left:
                text += " " + self.tr("%n product(s) not counted keep their stock.", "", left)
            self._say(text, Tone.SUCCESS)
            self.records_changed.emit()
            self.stocktake_posted.emit(dict(posted))

        run_with_owner_approval(
            dialog,
            self._db,
            self._language,
            post,
            done,
            lambda error: dialog.show_error(error.text(self._language)),
        )

    # -- write-off and reorder level -----------------------------------------------------------
    @Slot()
    def write_off(self) -> FormDialog | None:
        """F4: damaged or expired goods of the highlighted product out of stock, with a reason."""
        row = self.highlighted()
        if row is None:
            return None
        unit = unit_label(row.unit, row.is_weighed)
        form = FormDialog(
            self.tr("Write off {0}").format(row.name),
            [
                FormField(
                    "quantity",
                    self.tr("Quantity ({0})").format(unit),
                    pattern=KG_PATTERN if row.is_weighed else UNITS_PATTERN,
                    max_length=9,
                ),
                FormField(
                    "reason",
                    self.tr("Reason"),
                    max_length=MAX_REASON,
                    placeholder=self.tr("e.g. 过期 (expired), 破损 (damaged)"),
                ),
            ],
            self.view,
            intro=self.tr("{0}: in stock {1} {2}, nearest expiry {3}.").format(
                row.name,
                format_quantity(row.stock, row.is_weighed),
                unit,
                row.nearest_expiry or self.tr("none"),
            ),
            keys=self.tr("Tab: next field    Enter: write off    Esc: cancel"),
        )
        form.setObjectName("stockWriteOffDialog")

        def submitted(values: dict[str, Any]) -> None:
            try:
                quantity = parse_amount(values["quantity"], row.is_weighed)
            except ValueError:
                form.show_error(self.tr("Type how many to write off, like 2."), "quantity")
                return
            try:
                with storage_errors_refused():
                    write_off(
                        self._db,
                        row.product_id,
                        quantity,
                        values["reason"],
                        self.operator,
                        self._clock,
                    )
            except StationError as error:
                form.show_error(
                    error.text(self._language), refused_field(error, WRITE_OFF_FIELDS, "quantity")
                )
                return
            form.accept()
            self.refresh(row.product_id)
            self._say(
                self.tr("Wrote off {0} {1} of {2} ({3}). Stock now {4}.").format(
                    format_quantity(quantity, row.is_weighed),
                    unit,
                    row.name,
                    str(values["reason"]).strip(),
                    format_quantity(stock_on_hand(self._db, row.product_id), row.is_weighed),
                ),
                Tone.SUCCESS,
            )
            self.records_changed.emit()
            self.written_off.emit(row.product_id)

        form.submitted.connect(submitted)
        return self.dialogs.open(form)

    @Slot()
    def reorder_level(self) -> PromptDialog | None:
        """F5: the stock at or below which the highlighted product shows under low stock."""
        row = self.highlighted()
        if row is None:
            return None
        unit = unit_label(row.unit, row.is_weighed)
        prompt = PromptDialog(
            self.tr("Reorder level"),
            self.tr("{0}: show it as low stock at or below how many {1}? (0: never)").format(
                row.name, unit
            ),
            self.view,
            text=format_quantity(row.reorder_level, row.is_weighed),
            pattern=KG_PATTERN if row.is_weighed else UNITS_PATTERN,
            max_length=9,
        )
        prompt.setObjectName("reorderLevelDialog")

        def submitted(text: str) -> None:
            try:
                level = parse_amount(text, row.is_weighed)
            except ValueError:
                prompt.show_error(self.tr("Type the level as a number, like 10."))
                return
            try:
                with storage_errors_refused():
                    set_reorder_level(self._db, row.product_id, level, self.operator, self._clock)
            except StationError as error:
                prompt.show_error(error.text(self._language))
                return
            prompt.accept()
            self.refresh(row.product_id)
            self._say(
                self.tr("Reorder level of {0} is now {1} {2}.").format(
                    row.name, format_quantity(level, row.is_weighed), unit
                ),
                Tone.SUCCESS,
            )

        prompt.submitted.connect(submitted)
        return self.dialogs.open(prompt)
