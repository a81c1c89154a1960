"""The pickup page's logic: find a parcel, hand it over (collecting what is due), arrivals."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QComboBox, QLineEdit, QTableView

from station_app.core.agency import collected_tenders, get_order
from station_app.core.clock import Clock, parse_iso
from station_app.core.errors import StationError
from station_app.core.money import format_fen
from station_app.core.operators import Operator
from station_app.core.parcels import (
    CARRIERS,
    Parcel,
    detect_carrier,
    find_parcels,
    hand_over,
    register_arrival,
    waiting_parcels,
)
from station_app.core.payments import Tender, opens_drawer
from station_app.core.settings import StationSettings, load_settings
from station_app.printing.print_jobs import JobKind
from station_app.printing.slips import handover_slip
from station_app.storage.sqlite_wrapper import Database
from station_app.ui.checkout.payment_dialog import PaymentDialog
from station_app.ui.common.form_dialog import FieldKind, FormDialog, FormField
from station_app.ui.common.key_map import PICKUP_KEYS, PageAction
from station_app.ui.common.messages import Tone, show_message
from station_app.ui.common.owner_approval import run_with_owner_approval
from station_app.ui.common.page_controller import PageController, refused_field
from station_app.ui.common.page_frame import current_row, select_row
from station_app.ui.common.print_queue import PrintQueue
from station_app.ui.pickup.parcel_models import ParcelModel, ParcelRow
from station_app.ui.pickup.pickup_page import PickupPage

PHONE_PATTERN = "[0-9 -]{0,13}"
TRACKING_PATTERN = "[0-9A-Za-z ]{0,34}"
# register_arrival's parameters -> the arrival form's fields, for the field a refusal names.
ARRIVAL_FIELDS = {
    "tracking_no": "tracking",
    "carrier": "carrier",
    "recipient_phone": "phone",
    "recipient_name": "name",
}


class PickupController(PageController):
    """Connects the pickup page to core for the signed-in operator.

    The list shows the waiting parcels until something is searched; a handover only
    ever takes a parcel that was searched for (or chosen with Enter first), so a stray
    Enter never hands over the top of the waiting list.

    Signals:
        handed_over(object): the Parcel, after the handover is stored.
        arrival_registered(object): the Parcel, after its arrival is stored.
        records_changed(): something was stored (the hub must hear).
    """

    handed_over = Signal(object)
    arrival_registered = Signal(object)
    records_changed = Signal()

    def __init__(
        self,
        view: PickupPage,
        db: Database,
        settings: StationSettings,
        clock: Clock,
        operator: Operator,
        print_queue: PrintQueue,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(view, db, settings, clock, operator, print_queue, PICKUP_KEYS, parent)
        self.view: PickupPage = view
        self.model = ParcelModel(clock, self)
        view.parcel_table.setModel(self.model)
        view.size_columns()
        self.searching = False  # True: the list shows what was searched, ready to hand over
        self.handlers.update(
            {
                PageAction.REGISTER_ARRIVAL: self.register_arrival,
                PageAction.CLEAR: self.clear,
            }
        )

    @property
    def table(self) -> QTableView:
        """The parcels listed."""
        return self.view.parcel_table

    @property
    def _overdue_days(self) -> int:
        # Read each time: `main.py settings` may change it while the app runs.
        return load_settings(self._db).parcel_overdue_days

    def _row(self, parcel: Parcel, overdue: bool) -> ParcelRow:
        due = 0
        if parcel.agency_order_id and not parcel.picked_up_at:
            due = get_order(self._db, parcel.agency_order_id).due_from_villager_fen
        return ParcelRow(parcel, overdue, due)

    # -- the list ----------------------------------------------------------------------------
    @Slot()
    def activate(self) -> None:
        """The page is shown: the waiting parcels, the cursor in the scan field."""
        if not self.searching:
            self.show_waiting()
            self._say(
                self.tr(
                    "Scan the pickup code (or type a phone tail or tracking no.) and "
                    "press Enter. F2 when a parcel arrives."
                )
            )
        self.view.main_input.setFocus()

    def show_waiting(self, select_id: str | None = None) -> None:
        """List every parcel not yet picked up, oldest first; overdue ones in red."""
        self.searching = False
        rows = [
            self._row(parcel, overdue)
            for parcel, overdue in waiting_parcels(self._db, self._clock, self._overdue_days)
        ]
        self.model.set_records(rows)
        overdue = sum(row.overdue for row in rows)
        # Two counts, two plurals: each noun takes the form of its own number.
        self.view.summary_label.setText(
            self.tr("Waiting: %n parcel(s)", "", len(rows))
            + self.tr(", {0} of them over {1} (red).").format(
                overdue, self.tr("%n day(s)", "", self._overdue_days)
            )
        )
        ids = [row.parcel.id for row in rows]
        self.view.parcel_table.clearSelection()
        self.view.parcel_table.selectionModel().clearCurrentIndex()
        # Nothing highlighted unless asked: the red of overdue rows stays visible, and
        # Down starts choosing from the list.
        if select_id in ids:
            select_row(self.view.parcel_table, ids.index(select_id))

    def _show_found(self, parcels: list[Parcel], heading: str) -> None:
        cutoff = self._clock.now() - timedelta(days=self._overdue_days)
        rows = [
            self._row(p, not p.picked_up_at and parse_iso(p.arrived_at) < cutoff) for p in parcels
        ]
        self.searching = True
        self.model.set_records(rows)
        self.view.summary_label.setText(heading)
        waiting = [n for n, row in enumerate(rows) if not row.parcel.picked_up_at]
        select_row(self.view.parcel_table, waiting[0] if waiting else 0)

    @Slot()
    def enter(self) -> None:
        """Enter: search what was typed; with nothing typed, hand over the parcel found."""
        text = self.view.main_input.text().strip()
        if text:
            self.view.main_input.clear()
            self.search(text)
        elif self.searching:
            self.hand_over_selected()
        else:
            row = current_row(self.view.parcel_table)
            if row < 0:
                self._say(
                    self.tr(
                        "Scan or type the pickup code, phone tail or tracking no. "
                        "(or Down to choose from the list)."
                    ),
                    Tone.ERROR,
                )
                return
            # From the waiting list a first Enter only picks the parcel; the second hands over.
            picked = self.model.record(row).parcel
            self._show_found([picked], self.tr("Chosen from the waiting list."))
            self._ask_confirmation(picked)

    def search(self, text: str) -> None:
        """Find parcels by pickup code, 4-digit phone tail or tracking number."""
        parcels = find_parcels(self._db, text, waiting_only=False)
        if not parcels:
            self.show_waiting()
            self._say(self.tr('No parcel found for "{0}".').format(text), Tone.ERROR)
            return
        self._show_found(
            parcels,
            self.tr(
                'Found for "{0}": %n parcel(s). Esc: all waiting parcels', "", len(parcels)
            ).format(text),
        )
        row = current_row(self.view.parcel_table)
        self._ask_confirmation(self.model.record(row).parcel)

    def _ask_confirmation(self, parcel: Parcel) -> None:
        if parcel.picked_up_at:
            self._say(self.tr("Already picked up. Enter shows when and by whom."), Tone.ERROR)
            return
        row = self.model.record(current_row(self.view.parcel_table))
        due = self.tr(", {0} to collect").format(format_fen(row.due_fen)) if row.due_fen else ""
        self._say(
            self.tr("{0} {1} for {2}{3}. Enter hands it over.").format(
                parcel.carrier, parcel.tracking_no, parcel.recipient_name or "—", due
            )
        )

    def moved(self) -> None:
        """Among the parcels found, the arrows say which one Enter would hand over."""
        if self.searching and self.model.rowCount():
            self._ask_confirmation(self.model.record(current_row(self.table)).parcel)

    def clear(self) -> None:
        """Esc: clear the field and list the waiting parcels again."""
        self.view.main_input.clear()
        self.show_waiting()
        self._say("")

    # -- handing over ------------------------------------------------------------------------
    def hand_over_selected(self) -> None:
        """Hand over the highlighted parcel; money due on its agency order is asked first."""
        index = current_row(self.view.parcel_table)
        if index < 0:
            return
        row = self.model.record(index)
        if row.due_fen and not row.parcel.picked_up_at:
            self._collect_then_hand_over(row)
            return
        try:
            parcel = hand_over(self._db, row.parcel.id, self.operator, self._clock)
        except StationError as error:
            self._say(error.text(self._language), Tone.ERROR)
            return
        self._handed_over(parcel, open_drawer=False)

    def _collect_then_hand_over(self, row: ParcelRow) -> PaymentDialog:
        order = get_order(self._db, row.parcel.agency_order_id or "")
        villager = self.flow.row(order.villager_id)
        payment = PaymentDialog(
            row.due_fen,
            self._language,
            self.view,
            account=(villager.villager, villager.balance_fen),
        )
        payment.setWindowTitle(self.tr("Still due on agency order {0}").format(order.order_no))

        def confirmed(tenders: list[Tender]) -> None:
            done: list[Parcel] = []

            def store(approver: Operator | None) -> None:
                collected, _change = collected_tenders(row.due_fen, tenders)
                done.append(
                    hand_over(
                        self._db,
                        row.parcel.id,
                        self.operator,
                        self._clock,
                        collected,
                        credit_approver=approver,
                    )
                )

            def finish() -> None:
                payment.accept()
                self._handed_over(done[0], open_drawer=opens_drawer(t.method for t in tenders))

            run_with_owner_approval(
                payment,
                self._db,
                self._language,
                store,
                finish,
                lambda error: payment.show_error(error.text(self._language)),
            )

        payment.tenders_confirmed.connect(confirmed)
        return self.dialogs.open(payment)

    def _handed_over(self, parcel: Parcel, *, open_drawer: bool) -> None:
        self._print_handover(parcel, open_drawer=open_drawer)
        self.show_waiting()
        self._say(
            self.tr("Handed over: {0} {1} to {2}.").format(
                parcel.carrier, parcel.tracking_no, parcel.recipient_name or "—"
            ),
            Tone.SUCCESS,
        )
        self.records_changed.emit()
        self.handed_over.emit(parcel)

    def _print_handover(self, parcel: Parcel, *, open_drawer: bool) -> None:
        self._print_queue.print_layout(
            JobKind.SLIP,
            parcel.tracking_no,
            handover_slip(parcel, self._print_queue.settings),
            open_drawer=open_drawer,
        )

    # -- arrivals ----------------------------------------------------------------------------
    @Slot()
    def register_arrival(self) -> FormDialog:
        """F2: scan parcels in one after another; the carrier follows the number's format."""
        dialog = FormDialog(
            self.tr("Parcel arrived"),
            [
                FormField(
                    "tracking",
                    self.tr("Tracking no."),
                    pattern=TRACKING_PATTERN,
                    max_length=34,
                    placeholder=self.tr("scan the parcel's barcode"),
                ),
                FormField(
                    "carrier",
                    self.tr("Carrier"),
                    FieldKind.CHOICE,
                    choices=(
                        (self.tr("(from the number)"), None),
                        *((name, name) for name in CARRIERS),
                    ),
                ),
                FormField(
                    "phone",
                    self.tr("Recipient mobile"),
                    pattern=PHONE_PATTERN,
                    max_length=13,
                    placeholder=self.tr("optional for agency orders"),
                ),
                FormField("name", self.tr("Recipient name"), max_length=20),
            ],
            self.view,
            keys=self.tr("Tab: next field    Enter: save, then scan the next    Esc: done"),
        )
        dialog.setObjectName("arrivalDialog")
        tracking = dialog.inputs["tracking"]
        carrier = dialog.inputs["carrier"]
        assert isinstance(tracking, QLineEdit) and isinstance(carrier, QComboBox)

        def detect(text: str) -> None:
            found = detect_carrier("".join(text.split()).upper())
            carrier.setCurrentIndex(max(carrier.findData(found), 0) if found else 0)

        def submitted(values: dict[str, Any]) -> None:
            try:
                parcel = register_arrival(
                    self._db,
                    values["tracking"],
                    self._clock,
                    operator=self.operator,
                    carrier=values["carrier"],
                    recipient_name=values["name"],
                    recipient_phone=values["phone"],
                )
            except StationError as error:
                dialog.show_error(
                    error.text(self._language), refused_field(error, ARRIVAL_FIELDS, "tracking")
                )
                return
            self.show_waiting(parcel.id)
            self.records_changed.emit()
            self.arrival_registered.emit(parcel)
            linked = (
                self.tr(" — agency order of {0}").format(parcel.recipient_name)
                if parcel.agency_order_id
                else ""
            )
            show_message(
                dialog.message_label,
                self.tr("{0} {1} registered, pickup code {2}{3}. Scan the next one.").format(
                    parcel.carrier, parcel.tracking_no, parcel.pickup_code, linked
                ),
                Tone.SUCCESS,
            )
            for key in ("tracking", "phone", "name"):
                field_input = dialog.inputs[key]
                assert isinstance(field_input, QLineEdit)
                field_input.clear()
            carrier.setCurrentIndex(0)
            dialog.focus_field("tracking")

        tracking.textChanged.connect(detect)
        dialog.submitted.connect(submitted)
        dialog.finished.connect(lambda _result: self.show_waiting())
        return self.dialogs.open(dialog)
