"""A shipment to the county hub: tick the waiting lots, name the carrier, Enter sends it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from station_app.core.clock import Clock
from station_app.core.consignment import Lot
from station_app.ui.checkout.cart_model import format_weight_g
from station_app.ui.common.form_parts import dialog_message_label
from station_app.ui.common.messages import Tone, show_message
from station_app.ui.common.page_frame import current_row, list_table, select_row, stretch_column
from station_app.ui.consignment.consignment_models import ShipmentLotModel

CARRIER_MAX_CHARS = 20
ALL_KEY = Qt.Key.Key_F2


class ShipmentDialog(QDialog):
    """The lots at the station (expired ones red), a tick column, the carrier.

    The list has the focus: Up/Down move, Space ticks or unticks, F2 ticks every lot
    not past its best-before, Tab goes to the carrier, Enter ships what is ticked,
    Esc cancels. The dialog stays open until the caller accepts it, so a refusal
    (an expired lot ticked) is read and corrected here.

    Signals:
        shipment_wanted(list, str): the Lots ticked and the carrier typed.
    """

    shipment_wanted = Signal(list, str)

    def __init__(
        self, lots: list[Lot], clock: Clock, carrier: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shipmentDialog")
        self.setWindowTitle(self.tr("Ship lots to the county hub"))
        self.setMinimumSize(1100, 640)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self.tr("Lots at the station: {0}").format(len(lots)), self)
        self.heading.setObjectName("detailHeading")
        layout.addWidget(self.heading)

        self.model = ShipmentLotModel(clock, self)
        self.model.set_records(lots)
        self.table = list_table(self, "shipmentTable")
        self.table.setModel(self.model)
        self.table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        stretch_column(self.table, ShipmentLotModel.PRODUCT_COLUMN)
        layout.addWidget(self.table, 1)

        form = QFormLayout()
        self.carrier_input = QLineEdit(carrier, self)
        self.carrier_input.setObjectName("carrierInput")
        self.carrier_input.setMaxLength(CARRIER_MAX_CHARS)
        self.carrier_input.setPlaceholderText(self.tr("e.g. 县物流车 (the county truck)"))
        form.addRow(self.tr("Carrier"), self.carrier_input)
        layout.addLayout(form)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("orderTotal")
        layout.addWidget(self.summary_label)

        self.message_label = dialog_message_label(self)
        layout.addWidget(self.message_label)
        keys = QLabel(
            self.tr(
                "Space: tick / untick    F2: all not expired    Tab: carrier    "
                "Enter: ship and print the manifest    Esc: cancel"
            ),
            self,
        )
        keys.setObjectName("keysLabel")
        keys.setWordWrap(True)
        layout.addWidget(keys)

        self.table.installEventFilter(self)
        self.carrier_input.returnPressed.connect(self.submit)
        self.model.dataChanged.connect(self._show_chosen)
        self.model.modelReset.connect(self._show_chosen)
        self._show_chosen()
        select_row(self.table, 0)
        self.table.setFocus()

    @Slot()
    def _show_chosen(self) -> None:
        chosen = self.model.chosen
        self.summary_label.setText(
            self.tr("To ship: %n lot(s)", "", len(chosen))
            + self.tr(", %n crate(s), {0}", "", sum(lot.crates for lot in chosen)).format(
                format_weight_g(sum(lot.net_g for lot in chosen))
            )
        )

    def toggle_current(self) -> None:
        """Space: tick or untick the highlighted lot."""
        row = current_row(self.table)
        if not 0 <= row < self.model.rowCount():
            return
        self.model.toggle(row)
        lot = self.model.lot(row)
        if self.model.expired(lot) and lot in self.model.chosen:
            # Ticked anyway: core refuses it on Enter, with the same advice.
            self.show_error(
                self.tr(
                    "Lot {0} is past its best-before date: it cannot be shipped. "
                    "Record it spoiled or returned (F7 on the page)."
                ).format(lot.lot_code)
            )
        else:
            show_message(self.message_label, "")
        select_row(self.table, row + 1)

    def choose_all(self) -> None:
        """F2: tick every lot that may still be shipped; say how many expired were left out."""
        count = self.model.choose_all_fresh()
        left_out = self.model.rowCount() - count
        if left_out:
            self.show_error(
                self.tr("{0} expired lots (red) left out: record them spoiled or returned.").format(
                    left_out
                )
            )
        else:
            show_message(self.message_label, "")

    def show_error(self, text: str) -> None:
        """Say why the shipment cannot go; the list keeps the focus."""
        show_message(self.message_label, text, Tone.ERROR)
        self.table.setFocus()

    @Slot()
    def submit(self) -> None:
        """Enter: hand the ticked lots and the carrier to the caller."""
        self.shipment_wanted.emit(self.model.chosen, self.carrier_input.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Space, F2 and Enter in the list; the rest (arrows, Tab, Esc) as usual."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            key = event.key()
            if key == Qt.Key.Key_Space:
                self.toggle_current()
                return True
            if key == ALL_KEY:
                self.choose_all()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.submit()
                return True
        return super().eventFilter(watched, event)
