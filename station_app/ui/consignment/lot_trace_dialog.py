"""A lot's whole history from its code: intake, who brought it, shipment, settlement, payout."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QGridLayout, QHeaderView, QLabel, QVBoxLayout, QWidget

from station_app.core.clock import Clock
from station_app.core.consignment import Lot, TraceStep
from station_app.ui.checkout.cart_model import format_weight_g
from station_app.ui.common.page_frame import ROW_HEIGHT, list_table, select_row, stretch_column
from station_app.ui.consignment.consignment_models import TraceModel, grade_label, status_label


class LotTraceDialog(QDialog):
    """The lot's facts and each step of its life, oldest first; Enter or Esc closes."""

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lotTraceDialog")
        self.setMinimumSize(1100, 620)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("detailHeading")
        layout.addWidget(self.heading)
        facts = QGridLayout()
        facts.setHorizontalSpacing(24)
        self.fact_labels = [QLabel(self) for _ in range(6)]
        for index, label in enumerate(self.fact_labels):
            label.setObjectName("detailFact")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            facts.addWidget(label, index // 2, index % 2)
        layout.addLayout(facts)
        self.model = TraceModel(clock, self)
        self.table = list_table(self, "traceTable")
        self.table.setModel(self.model)
        self.table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Up/Down scroll a long life
        # A settlement's figures are long: they wrap, and each row grows to fit them.
        self.table.setWordWrap(True)
        rows = self.table.verticalHeader()
        rows.setMinimumSectionSize(ROW_HEIGHT)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        stretch_column(self.table, TraceModel.DETAILS_COLUMN)
        layout.addWidget(self.table, 1)
        keys = QLabel(self.tr("Enter / Esc: close"), self)
        keys.setObjectName("keysLabel")
        layout.addWidget(keys)
        self.table.setFocus()

    def show_trace(self, lot: Lot, steps: list[TraceStep], today: date) -> None:
        """Fill in the lot as stored now and its steps; the latest step highlighted."""
        self.setWindowTitle(self.tr("Lot {0}").format(lot.lot_code))
        state = status_label(lot.status)
        if lot.status == "received" and lot.is_expired(today):
            state = self.tr("{0}, past its best-before date").format(state)
        self.heading.setText(f"{lot.lot_code}    {lot.product} {grade_label(lot.grade)}    {state}")
        facts = (
            self.tr("Farmer: {0}").format(lot.farmer_name),
            self.tr("Crates: {0}, pieces: {1}").format(lot.crates, lot.pieces or "—"),
            self.tr("Gross {0}, tare {1}").format(
                format_weight_g(lot.gross_g), format_weight_g(lot.tare_g)
            ),
            self.tr("Net: {0}").format(format_weight_g(lot.net_g)),
            self.tr("Harvested: {0}").format(lot.harvest_date),
            self.tr("Best before: {0}").format(lot.best_before),
        )
        for label, text in zip(self.fact_labels, facts, strict=True):
            label.setText(text)
        self.model.set_records(steps)
        select_row(self.table, len(steps) - 1)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter closes, as Esc does: the trace is only read."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
        else:
            super().keyPressEvent(event)
