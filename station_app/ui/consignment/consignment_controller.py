"""The consignment page's logic: intake, the lots board, shipments, write-offs, payouts, trace."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from station_app.core.clock import Clock
from station_app.core.consignment import (
    TRANSITIONS,
    Lot,
    farmer_balances,
    farmers_owed_total_fen,
    get_lot,
    get_shipment,
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
from station_app.core.statuses import LotStatus
from station_app.printing.consignment_papers import (
    intake_label,
    intake_labels,
    intake_slip,
    shipment_manifest,
)
from station_app.printing.print_jobs import JobKind
from station_app.printing.receipt_layout import Layout
from station_app.storage.sqlite_wrapper import Database
from station_app.ui.checkout.cart_model import format_weight_g
from station_app.ui.common.form_dialog import FieldKind, FormDialog, FormField
from station_app.ui.common.key_map import CONSIGNMENT_KEYS, Page, PageAction, no_printer_text
from station_app.ui.common.messages import Tone
from station_app.ui.common.page_controller import BoardController
from station_app.ui.common.page_frame import current_row
from station_app.ui.common.print_queue import PrintQueue
from station_app.ui.consignment.consignment_models import (
    FarmerBalanceModel,
    FarmerOwed,
    LotModel,
    grade_label,
    status_label,
)
from station_app.ui.consignment.consignment_page import ConsignmentPage
from station_app.ui.consignment.intake_dialog import IntakeDefaults, IntakeDialog, IntakeDraft
from station_app.ui.consignment.lot_trace_dialog import LotTraceDialog
from station_app.ui.consignment.payout_dialog import PayoutDialog
from station_app.ui.consignment.payout_flow import PayoutDone, PayoutFlow, sentences
from station_app.ui.consignment.shipment_dialog import ShipmentDialog
from station_app.ui.villagers.villager_models import VillagerRow

# F3/F4 step through these; None is every lot.
FILTERS: tuple[LotStatus | None, ...] = (None, *LotStatus)
DEFAULT_CARRIER = "县物流车"  # the county's own collection truck, the usual way to the hub


class ConsignmentController(BoardController):
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
    filters = FILTERS

    def __init__(
        self,
        view: ConsignmentPage,
        db: Database,
        settings: StationSettings,
        clock: Clock,
        operator: Operator,
        print_queue: PrintQueue,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(
            view,
            db,
            settings,
            clock,
            operator,
            print_queue,
            CONSIGNMENT_KEYS,
            view.tables,
            view.lot_table,
            view.farmer_table,
            parent,
        )
        self.view: ConsignmentPage = view
        self.payouts = PayoutFlow(
            self.dialogs, db, settings.language, clock, operator, print_queue, self.flow
        )
        self.payouts.paid_out.connect(self._paid_out)
        self.lot_model = LotModel(clock, self)
        self.farmer_model = FarmerBalanceModel(self)
        view.lot_table.setModel(self.lot_model)
        view.farmer_table.setModel(self.farmer_model)
        view.size_columns(LotModel.PRODUCT_COLUMN)
        self.carrier = DEFAULT_CARRIER
        self.handlers.update(
            {
                PageAction.INTAKE: self.new_lot,
                PageAction.SHIP: self.ship,
                PageAction.WRITE_OFF: self.write_off,
                PageAction.CLEAR: self.clear,
            }
        )

    def _show_paper(self, layout: Layout, caption: str) -> None:
        mode, font = self._print_queue.preview_look()
        self.view.paper_preview.show_receipt(layout, mode, font)
        self.view.paper_caption.setText(caption)
        self.view.paper_panel.show()

    # -- the board -----------------------------------------------------------------------------
    def refresh(self, select_id: str | None = None) -> None:
        """Show the lots board (one status or all) or the farmers owed, keeping the highlight."""
        if self.showing_balances:
            self._show_balances(select_id)
            return
        status = self.status_filter
        lots = list_lots(self._db, status)
        shown = status_label(status) if status else self.tr("all lots")
        text = self.tr("Showing: {0} ({1}). F3/F4: other status").format(shown, len(lots))
        expired = sum(self.lot_model.expired(lot) for lot in list_lots(self._db, "received"))
        if expired:
            text += self.tr("    %n lot(s) past best-before at the station (red): F7", "", expired)
        self.view.filter_label.setText(text)
        self.show_records(self.lot_model, lots, lambda lot: lot.id, select_id)

    def _show_balances(self, select_id: str | None) -> None:
        balances = farmer_balances(self._db)
        owed = [
            FarmerOwed(
                villager_id,
                name,
                self.flow.row(villager_id).villager.phone or "",
                len(unpaid_settlements(self._db, villager_id)),
                fen,
            )
            for villager_id, name, fen in balances
        ]
        self.view.filter_label.setText(
            self.tr("Farmers owed: {0}, {1} in all. Enter: pay out. F5: back to the lots").format(
                len(owed), format_fen(farmers_owed_total_fen(balances))
            )
        )
        self.show_records(self.farmer_model, owed, lambda farmer: farmer.villager_id, select_id)

    def clear(self) -> None:
        """Esc: clear the field, put the paper away, go back to the board of all lots."""
        self.view.main_input.clear()
        self.view.paper_panel.hide()
        self.show_board()
        self.refresh()
        self._say("")

    def look_up(self, text: str) -> None:
        """Trace the lot whose code was typed or scanned."""
        self.trace(text)

    def open_selected(self) -> None:
        """The highlighted lot's trace, or the highlighted farmer's payouts."""
        row = current_row(self.table)
        if row < 0:
            self._say(
                self.tr("Scan a lot's label, or choose a row with Up/Down first."), Tone.ERROR
            )
            return
        if self.showing_balances:
            farmer: FarmerOwed = self.farmer_model.record(row)
            self.open_payouts(farmer.villager_id)
        else:
            self.trace(self.lot_model.lot(row).lot_code)

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
            self._say(self.tr('No lot with the code "{0}".').format(text), Tone.ERROR)
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
        form = IntakeDialog(
            farmer, self._clock.today(), self._product_terms(), self._language, self.view
        )
        form.lot_entered.connect(lambda draft: self._take_in(form, farmer, draft))
        form.finished.connect(lambda _result: self.refresh())
        return self.dialogs.open(form)

    def _take_in(self, form: IntakeDialog, farmer: VillagerRow, draft: IntakeDraft) -> None:
        try:
            lot = intake_lot(
                self._db,
                farmer.villager.id,
                draft.product,
                draft.grade,
                draft.crates,
                draft.pieces,
                draft.gross_g,
                draft.tare_g_per_crate,
                draft.harvest_date,
                draft.shelf_life_days,
                draft.asking_price_fen_per_kg,
                draft.commission_bp,
                self.operator,
                self._settings,
                self._clock,
            )
        except StationError as error:
            form.show_refusal(error)
            return
        label, printed = self._print_intake(lot, farmer)
        self._show_paper(
            label, self.tr("Label of lot {0}: crate 1 of {1}").format(lot.lot_code, lot.crates)
        )
        text = sentences(
            self.tr("Lot {0} saved: {1} {2}, net {3}.").format(
                lot.lot_code, lot.product, grade_label(lot.grade), format_weight_g(lot.net_g)
            ),
            self.tr("%n label(s) and the farmer's slip are printing.", "", lot.crates)
            if printed
            else no_printer_text(Page.CONSIGNMENT),
        )
        form.lot_saved(lot, sentences(text, self.tr("Next lot of this farmer, or Esc.")))
        self.show_board()
        self.refresh(lot.id)
        self._say(text, Tone.SUCCESS)
        self.records_changed.emit()
        self.lot_taken_in.emit(lot)

    def _print_intake(self, lot: Lot, farmer: VillagerRow) -> tuple[Layout, bool]:
        """Queue a label for each crate (one job) and the farmer's slip (another).

        Returns the first crate's label for the preview, and whether a job was queued
        (False: no printer is set up). The lot is stored already.
        """
        queue = self._print_queue
        settings = queue.settings  # the paper width may have been changed
        queued = (
            queue.print_layout(
                JobKind.SLIP, f"{lot.lot_code} ×{lot.crates}", intake_labels(lot, settings)
            )
            is not None
        )
        queue.print_layout(
            JobKind.SLIP, lot.lot_code, intake_slip(lot, farmer.villager, self.operator, settings)
        )
        return intake_label(lot, settings), queued

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
                manifest_no = ship_lots(
                    self._db,
                    [lot.id for lot in lots],
                    carrier,
                    self.operator,
                    self._settings,
                    self._clock,
                )
            except StationError as error:
                dialog.show_error(error.text(self._language))
                return
            dialog.accept()
            self.carrier = carrier.strip()
            layout = shipment_manifest(
                get_shipment(self._db, manifest_no), self._print_queue.settings
            )
            printed = self._print_queue.print_layout(JobKind.SLIP, manifest_no, layout) is not None
            self._show_paper(layout, self.tr("Manifest {0}").format(manifest_no))
            self.show_board(LotStatus.SHIPPED)

            self.refresh()
            self._say(
                sentences(
                    self.tr("Shipment {0}: %n lot(s), {1} to {2}.", "", len(lots)).format(
                        manifest_no, format_weight_g(sum(lot.net_g for lot in lots)), self.carrier
                    ),
                    self.tr("The manifest is printing.")
                    if printed
                    else no_printer_text(Page.CONSIGNMENT),
                ),
                Tone.SUCCESS,
            )
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
            self._say(self.tr("Choose the lot on the board first (Esc, then Up/Down)."), Tone.ERROR)
            return None
        lot = self.lot_model.lot(row)
        if "spoiled" not in TRANSITIONS[lot.status]:
            self._say(
                self.tr(
                    "Lot {0} is {1}: only lots still at the station can be written off."
                ).format(lot.lot_code, status_label(lot.status)),
                Tone.ERROR,
            )
            return None
        fields = [
            FormField(
                "how",
                self.tr("What happened"),
                FieldKind.CHOICE,
                choices=(
                    (self.tr("Spoiled (loss)"), "spoiled"),
                    (self.tr("Returned to the farmer"), "returned"),
                ),
            ),
            FormField(
                "reason",
                self.tr("Reason"),
                max_length=60,
                placeholder=self.tr("e.g. 霉烂 (gone mouldy)"),
            ),
        ]
        form = FormDialog(
            self.tr("Write off lot {0}").format(lot.lot_code),
            fields,
            self.view,
            intro=self.tr("{0} {1} of {2}, net {3}, best before {4}.").format(
                lot.product,
                grade_label(lot.grade),
                lot.farmer_name,
                format_weight_g(lot.net_g),
                lot.best_before,
            ),
            keys=self.tr(
                "Up/Down: spoiled or returned    Tab: reason    Enter: save    Esc: cancel"
            ),
        )
        form.setObjectName("writeOffDialog")

        def submitted(values: dict[str, Any]) -> None:
            try:
                done = write_off_lot(
                    self._db, lot.id, values["how"], values["reason"], self.operator, self._clock
                )
            except StationError as error:
                form.show_error(error.text(self._language), "reason")
                return
            form.accept()
            self.refresh(done.id)
            self._say(
                self.tr("Lot {0} is now: {1}.").format(done.lot_code, status_label(done.status)),
                Tone.SUCCESS,
            )
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
