"""The consignment page's logic: intake, the lots board, shipments, write-offs, payouts, trace."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QTableView
from sqlite_utils import Database

from station_app.core.clock import Clock
from station_app.core.consignment import (
    TRANSITIONS,
    Lot,
    farmer_balances,
    get_lot,
    intake_lot,
    list_lots,
    ship_lots,
    trace_lot,
    unpaid_settlements,
    write_off_lot,
)
from station_app.core.errors import NotFound, StationError
from station_app.core.money import format_fen
from station_app.core.operators import Operator
from station_app.core.settings import StationSettings
from station_app.printing.receipt_layout import Layout
from station_app.ui.cart_model import format_weight_g
from station_app.ui.consignment_models import (
    FarmerBalanceModel,
    FarmerOwed,
    LotModel,
    grade_label,
    status_label,
)
from station_app.ui.consignment_page import ConsignmentPage
from station_app.ui.consignment_printing import ConsignmentPapers
from station_app.ui.dialog_host import DialogHost
from station_app.ui.dialogs.form_dialog import FieldKind, FormDialog, FormField
from station_app.ui.dialogs.intake_dialog import IntakeDefaults, IntakeDialog, IntakeDraft
from station_app.ui.dialogs.lot_trace_dialog import LotTraceDialog
from station_app.ui.dialogs.payout_dialog import PayoutDialog
from station_app.ui.dialogs.shipment_dialog import ShipmentDialog
from station_app.ui.key_map import CONSIGNMENT_KEYS, Page, PageAction, no_printer_text
from station_app.ui.messages import Tone, show_message
from station_app.ui.page_frame import (
    MOVE_KEYS,
    actions_by_key,
    current_row,
    move_selection,
    select_row,
)
from station_app.ui.payout_flow import PayoutDone, PayoutFlow, sentences
from station_app.ui.print_queue import PrintQueue
from station_app.ui.villager_flow import VillagerFlow
from station_app.ui.villager_models import VillagerRow

# F3/F4 step through these; None is every lot.
FILTERS: tuple[str | None, ...] = (None, "received", "shipped", "partially_settled", "settled",
                                   "rejected", "spoiled", "returned")
DEFAULT_CARRIER = "县物流车"  # the county's own collection truck, the usual way to the hub
_ACTIONS = actions_by_key(CONSIGNMENT_KEYS)


class ConsignmentController(QObject):
    """Connects the consignment page to core for the signed-in operator.

    Signals:
        lot_taken_in(object): the Lot, after it is stored (its labels and slip queued).
        shipment_sent(str): the manifest number, after the shipment is stored.
        paid_out(list): the Settlements paid in one go, after they are stored.
        records_changed(): something was stored (the hub must hear).
    """

    lot_taken_in = Signal(object)
    shipment_sent = Signal(str)
    paid_out = Signal(list)
    records_changed = Signal()

    def __init__(self, view: ConsignmentPage, db: Database, settings: StationSettings,
                 clock: Clock, operator: Operator, print_queue: PrintQueue,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.operator = operator
        self._db = db
        self._settings = settings
        self._clock = clock
        self.dialogs = DialogHost(view, view.main_input)
        self.flow = VillagerFlow(self.dialogs, db, settings.language, clock, operator)
        self.papers = ConsignmentPapers(print_queue, clock, operator)
        self.payouts = PayoutFlow(self.dialogs, db, settings.language, clock, operator,
                                  self.papers, self.flow)
        self.payouts.paid_out.connect(self._paid_out)
        self.lot_model = LotModel(clock, self)
        self.farmer_model = FarmerBalanceModel(self)
        view.lot_table.setModel(self.lot_model)
        view.farmer_table.setModel(self.farmer_model)
        view.size_columns(LotModel.PRODUCT_COLUMN)
        self.filter_index = 0
        self.showing_balances = False
        self.carrier = DEFAULT_CARRIER
        self._handlers: dict[PageAction, Callable[[], None]] = {
            PageAction.INTAKE: self.new_lot,
            PageAction.NEXT_FILTER: lambda: self.step_filter(1),
            PageAction.PREVIOUS_FILTER: lambda: self.step_filter(-1),
            PageAction.BALANCES: self.toggle_balances,
            PageAction.SHIP: self.ship,
            PageAction.WRITE_OFF: self.write_off,
            PageAction.CLEAR: self.clear,
        }
        view.main_input.returnPressed.connect(self.enter)
        view.main_input.key_pressed.connect(self._key_pressed)
        view.lot_table.doubleClicked.connect(lambda _index: self.open_selected())
        view.farmer_table.doubleClicked.connect(lambda _index: self.open_selected())

    @property
    def _language(self) -> str:
        return self._settings.language

    @property
    def _table(self) -> QTableView:
        return self.view.farmer_table if self.showing_balances else self.view.lot_table

    def _say(self, text: str, tone: Tone = Tone.INFO) -> None:
        show_message(self.view.message_label, text, tone)

    def _show_paper(self, layout: Layout, caption: str) -> None:
        mode, font = self.papers.preview_look()
        self.view.paper_preview.show_receipt(layout, mode, font)
        self.view.paper_caption.setText(caption)
        self.view.paper_panel.show()

    # -- the board -----------------------------------------------------------------------------
    @Slot()
    def activate(self) -> None:
        """The page is shown: read the lots again and put the cursor in the code field."""
        self.refresh()
        self.view.main_input.setFocus()

    def refresh(self, select_id: str | None = None) -> None:
        """Show the lots board (one status or all) or the farmers owed, keeping the highlight."""
        if self.showing_balances:
            self._show_balances(select_id)
            return
        row = current_row(self.view.lot_table)
        if select_id is None and 0 <= row < self.lot_model.rowCount():
            select_id = self.lot_model.lot(row).id
        status = FILTERS[self.filter_index]
        lots = list_lots(self._db, status)
        self.lot_model.set_records(lots)
        shown = status_label(status) if status else self.tr("all lots")
        text = self.tr("Showing: {0} ({1}). F3/F4: other status").format(shown, len(lots))
        expired = sum(self.lot_model.expired(lot) for lot in list_lots(self._db, "received"))
        if expired:
            text += self.tr("    %n lot(s) past best-before at the station (red): F7", "",
                            expired)
        self.view.filter_label.setText(text)
        self.view.tables.setCurrentWidget(self.view.lot_table)
        ids = [lot.id for lot in lots]
        select_row(self.view.lot_table, ids.index(select_id) if select_id in ids else 0)

    def _show_balances(self, select_id: str | None) -> None:
        owed = [FarmerOwed(villager_id, name, self.flow.row(villager_id).villager.phone or "",
                           len(unpaid_settlements(self._db, villager_id)), fen)
                for villager_id, name, fen in farmer_balances(self._db)]
        self.farmer_model.set_records(owed)
        self.view.filter_label.setText(self.tr(
            "Farmers owed: {0}, {1} in all. Enter: pay out. F5: back to the lots").format(
            len(owed), format_fen(sum(farmer.owed_fen for farmer in owed))))
        self.view.tables.setCurrentWidget(self.view.farmer_table)
        ids = [farmer.villager_id for farmer in owed]
        select_row(self.view.farmer_table, ids.index(select_id) if select_id in ids else 0)

    def step_filter(self, step: int) -> None:
        """F3/F4: the next or previous status on the board."""
        self.showing_balances = False
        self.filter_index = (self.filter_index + step) % len(FILTERS)
        self.refresh()

    def toggle_balances(self) -> None:
        """F5: switch between the lots board and the farmers owed money."""
        self.showing_balances = not self.showing_balances
        self.refresh()

    def clear(self) -> None:
        """Esc: clear the field, put the paper away, go back to the board of all lots."""
        self.view.main_input.clear()
        self.view.paper_panel.hide()
        self.showing_balances = False
        self.filter_index = 0
        self.refresh()
        self._say("")

    @Slot()
    def enter(self) -> None:
        """Enter: trace the lot code typed or scanned; with nothing typed, open the row."""
        text = self.view.main_input.text().strip()
        if not text:
            self.open_selected()
            return
        self.view.main_input.clear()
        self.trace(text)

    def open_selected(self) -> None:
        """The highlighted lot's trace, or the highlighted farmer's payouts."""
        row = current_row(self._table)
        if row < 0:
            self._say(self.tr("Scan a lot's label, or choose a row with Up/Down first."),
                      Tone.ERROR)
            return
        if self.showing_balances:
            farmer: FarmerOwed = self.farmer_model.record(row)
            self.open_payouts(farmer.villager_id)
        else:
            self.trace(self.lot_model.lot(row).lot_code)

    @Slot(int)
    def _key_pressed(self, key: int) -> None:
        if key in MOVE_KEYS:
            move_selection(self._table, key)
        elif key in _ACTIONS and self.dialogs.current is None:
            self._handlers[_ACTIONS[key]]()

    # -- trace ---------------------------------------------------------------------------------
    def find_lot(self, text: str) -> Lot | None:
        """The lot of a scanned or typed code; the station prefix may be left off."""
        code = text.rsplit("|", 1)[-1].strip()  # a receipt-style QR: STATION|CODE
        for candidate in (code, f"{self._settings.station_id}-{code}"):
            try:
                return get_lot(self._db, candidate)
            except NotFound:
                continue
        return None

    def trace(self, text: str) -> LotTraceDialog | None:
        """Show the whole life of the lot with this code."""
        lot = self.find_lot(text)
        if lot is None:
            self._say(self.tr("No lot with the code \"{0}\".").format(text), Tone.ERROR)
            return None
        self._say("")
        dialog = LotTraceDialog(self._clock, self.view)
        dialog.show_trace(lot, trace_lot(self._db, lot.lot_code), self._clock.today())
        return self.dialogs.open(dialog)

    # -- intake --------------------------------------------------------------------------------
    @Slot()
    def new_lot(self) -> None:
        """F2: pick the farmer, then weigh in one lot after another."""
        self.flow.pick(self.tr("Produce from which farmer?"), self.intake_form)

    def _product_terms(self) -> dict[str, IntakeDefaults]:
        terms: dict[str, IntakeDefaults] = {}
        for lot in list_lots(self._db):  # newest first: the latest terms of each product win
            terms.setdefault(lot.product, IntakeDefaults.from_lot(lot))
        return terms

    def intake_form(self, farmer: VillagerRow) -> IntakeDialog:
        """The intake form for `farmer`; Enter there stores the lot and prints."""
        form = IntakeDialog(farmer, self._clock.today(), self._product_terms(), self._language,
                            self.view)
        form.lot_entered.connect(lambda draft: self._take_in(form, farmer, draft))
        form.finished.connect(lambda _result: self.refresh())
        return self.dialogs.open(form)

    def _take_in(self, form: IntakeDialog, farmer: VillagerRow, draft: IntakeDraft) -> None:
        try:
            lot = intake_lot(self._db, farmer.villager.id, draft.product, draft.grade,
                             draft.crates, draft.pieces, draft.gross_g, draft.tare_g_per_crate,
                             draft.harvest_date, draft.shelf_life_days,
                             draft.asking_price_fen_per_kg, draft.commission_bp, self.operator,
                             self._settings, self._clock)
        except StationError as error:
            form.show_refusal(error)
            return
        label, printed = self.papers.intake(lot, farmer.villager)
        self._show_paper(label, self.tr("Label of lot {0}: crate 1 of {1}").format(
            lot.lot_code, lot.crates))
        text = sentences(self.tr("Lot {0} saved: {1} {2}, net {3}.").format(
            lot.lot_code, lot.product, grade_label(lot.grade), format_weight_g(lot.net_g)),
            self.tr("%n label(s) and the farmer's slip are printing.", "", lot.crates)
            if printed else no_printer_text(Page.CONSIGNMENT))
        form.lot_saved(lot, sentences(text, self.tr("Next lot of this farmer, or Esc.")))
        self.filter_index = 0
        self.showing_balances = False
        self.refresh(lot.id)
        self._say(text, Tone.SUCCESS)
        self.records_changed.emit()
        self.lot_taken_in.emit(lot)

    # -- shipment ------------------------------------------------------------------------------
    @Slot()
    def ship(self) -> ShipmentDialog | None:
        """F6: tick the lots at the station, name the carrier; Enter ships and prints."""
        waiting = list_lots(self._db, "received")
        if not waiting:
            self._say(self.tr("No lots are waiting at the station."), Tone.ERROR)
            return None
        dialog = ShipmentDialog(waiting, self._clock, self.carrier, self.view)

        def send(lots: list[Lot], carrier: str) -> None:
            try:
                manifest_no = ship_lots(self._db, [lot.id for lot in lots], carrier,
                                        self.operator, self._settings, self._clock)
            except StationError as error:
                dialog.show_error(error.text(self._language))
                return
            dialog.accept()
            self.carrier = carrier.strip()
            layout, printed = self.papers.manifest(manifest_no, carrier, lots)
            self._show_paper(layout, self.tr("Manifest {0}").format(manifest_no))
            self.filter_index = FILTERS.index("shipped")
            self.showing_balances = False
            self.refresh()
            self._say(sentences(self.tr("Shipment {0}: %n lot(s), {1} to {2}.", "", len(lots))
                .format(manifest_no, format_weight_g(sum(lot.net_g for lot in lots)),
                        self.carrier), self.tr("The manifest is printing.") if printed
                else no_printer_text(Page.CONSIGNMENT)), Tone.SUCCESS)
            self.records_changed.emit()
            self.shipment_sent.emit(manifest_no)

        dialog.shipment_wanted.connect(send)
        return self.dialogs.open(dialog)

    # -- write-off -----------------------------------------------------------------------------
    @Slot()
    def write_off(self) -> FormDialog | None:
        """F7: the highlighted lot spoiled (损耗) or returned to the farmer, with the reason."""
        row = current_row(self.view.lot_table)
        if self.showing_balances or row < 0:
            self._say(self.tr("Choose the lot on the board first (Esc, then Up/Down)."),
                      Tone.ERROR)
            return None
        lot = self.lot_model.lot(row)
        if "spoiled" not in TRANSITIONS[lot.status]:
            self._say(self.tr("Lot {0} is {1}: only lots still at the station can be written "
                              "off.").format(lot.lot_code, status_label(lot.status)), Tone.ERROR)
            return None
        fields = [
            FormField("how", self.tr("What happened"), FieldKind.CHOICE, choices=(
                (self.tr("Spoiled (loss)"), "spoiled"),
                (self.tr("Returned to the farmer"), "returned"))),
            FormField("reason", self.tr("Reason"), max_length=60,
                      placeholder=self.tr("e.g. 霉烂 (gone mouldy)")),
        ]
        form = FormDialog(self.tr("Write off lot {0}").format(lot.lot_code), fields, self.view,
                          intro=self.tr("{0} {1} of {2}, net {3}, best before {4}.").format(
                              lot.product, grade_label(lot.grade), lot.farmer_name,
                              format_weight_g(lot.net_g), lot.best_before),
                          keys=self.tr("Up/Down: spoiled or returned    Tab: reason    "
                                       "Enter: save    Esc: cancel"))
        form.setObjectName("writeOffDialog")

        def submitted(values: dict[str, Any]) -> None:
            try:
                done = write_off_lot(self._db, lot.id, values["how"], values["reason"],
                                     self.operator, self._clock)
            except StationError as error:
                form.show_error(error.text(self._language), "reason")
                return
            form.accept()
            self.refresh(done.id)
            self._say(self.tr("Lot {0} is now: {1}.").format(
                done.lot_code, status_label(done.status)), Tone.SUCCESS)
            self.records_changed.emit()

        form.submitted.connect(submitted)
        return self.dialogs.open(form)

    # -- payouts -------------------------------------------------------------------------------
    def open_payouts(self, villager_id: str) -> PayoutDialog:
        """The farmer's unpaid settlements; Enter pays one, F2 all."""
        dialog = self.payouts.open(villager_id)
        dialog.finished.connect(lambda _result: self.refresh(villager_id))
        return dialog

    @Slot(object)
    def _paid_out(self, done: PayoutDone) -> None:
        self._show_paper(done.slip, done.caption)
        self.refresh(done.villager_id)
        self._say(done.text, Tone.SUCCESS)
        self.records_changed.emit()
        self.paid_out.emit(list(done.settlements))
