"""One farmer's settlements from the hub not yet paid out; pay one, or all of them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from station_app.core.consignment import due_to_farmer_fen
from station_app.core.money import format_fen
from station_app.ui.common.form_parts import dialog_message_label
from station_app.ui.common.messages import Tone, show_message
from station_app.ui.common.page_frame import current_row, list_table, select_row, stretch_column
from station_app.ui.consignment.consignment_models import SettlementModel, SettlementRow

PAY_ALL_KEY = Qt.Key.Key_F2


class PayoutDialog(QDialog):
    """The settlements of one farmer with what each sold for and what is due.

    The list has the focus: Up/Down choose, Enter pays the highlighted settlement,
    F2 pays all of them (each recorded on its own), Esc closes. `show_settlements`
    fills it again after each payout.

    Signals:
        pay_wanted(list): the SettlementRows to pay now.
    """

    pay_wanted = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("payoutDialog")
        self.setMinimumSize(1100, 600)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("detailHeading")
        layout.addWidget(self.heading)
        self.model = SettlementModel(self)
        self.table = list_table(self, "settlementTable")
        self.table.setModel(self.model)
        self.table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        stretch_column(self.table, 1)
        layout.addWidget(self.table, 1)
        self.message_label = dialog_message_label(self)
        layout.addWidget(self.message_label)
        keys = QLabel(
            self.tr("Up/Down: choose    Enter: pay this one    F2: pay all    Esc: close"), self
        )
        keys.setObjectName("keysLabel")
        layout.addWidget(keys)
        self.table.installEventFilter(self)
        self.table.setFocus()

    def show_settlements(self, farmer_name: str, rows: list[SettlementRow]) -> None:
        """Fill in what is still owed to the farmer; the first settlement highlighted."""
        owed = due_to_farmer_fen(row.settlement for row in rows)
        self.setWindowTitle(self.tr("Pay out to {0}").format(farmer_name))
        self.heading.setText(
            self.tr("{0} is owed {1} for %n settlement(s)", "", len(rows)).format(
                farmer_name, format_fen(owed)
            )
            if rows
            else self.tr("{0} is owed nothing now.").format(farmer_name)
        )
        self.model.set_records(rows)
        select_row(self.table, 0)
        self.table.setFocus()

    def say(self, text: str, tone: Tone = Tone.SUCCESS) -> None:
        """Show what the last payout did (or why it could not)."""
        show_message(self.message_label, text, tone)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Enter pays the highlighted settlement, F2 all of them."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            key = event.key()
            rows = [self.model.record(n) for n in range(self.model.rowCount())]
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                row = current_row(self.table)
                if 0 <= row < len(rows):
                    self.pay_wanted.emit([rows[row]])
                return True
            if key == PAY_ALL_KEY:
                if rows:
                    self.pay_wanted.emit(rows)
                return True
        return super().eventFilter(watched, event)
