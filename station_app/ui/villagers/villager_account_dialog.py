"""One villager's account: who they are, what they owe, the statement; repay and limit."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QVBoxLayout, QWidget

from station_app.core.clock import Clock
from station_app.core.credit import LedgerEntry
from station_app.core.money import format_fen
from station_app.ui.common.form_parts import dialog_message_label
from station_app.ui.common.messages import Tone, show_message
from station_app.ui.common.page_frame import list_table, select_row, stretch_column
from station_app.ui.common.style_property import set_style_property
from station_app.ui.villagers.villager_models import LedgerColumn, LedgerModel, VillagerRow

REPAY_KEY = Qt.Key.Key_F3
LIMIT_KEY = Qt.Key.Key_F4
PRINT_KEY = Qt.Key.Key_F5


class VillagerAccountDialog(QDialog):
    """The villager's details, balance, limit and statement (running balance).

    The statement has the focus (Up/Down scroll it); F3 takes a repayment, F4 sets the
    credit limit (the owner), F5 prints the statement, Esc closes.

    Signals:
        repay_wanted(): F3.
        limit_wanted(): F4.
        print_wanted(): F5.
    """

    repay_wanted = Signal()
    limit_wanted = Signal()
    print_wanted = Signal()

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("villagerAccountDialog")
        self.setMinimumSize(940, 640)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        self.name_label = QLabel(self)
        self.name_label.setObjectName("detailHeading")
        layout.addWidget(self.name_label)

        facts = QGridLayout()
        facts.setHorizontalSpacing(24)
        self.phone_label = QLabel(self)
        self.group_label = QLabel(self)
        self.balance_label = QLabel(self)
        self.balance_label.setObjectName("balanceLabel")
        self.limit_label = QLabel(self)
        facts.addWidget(self.phone_label, 0, 0)
        facts.addWidget(self.group_label, 0, 1)
        facts.addWidget(self.balance_label, 1, 0)
        facts.addWidget(self.limit_label, 1, 1)
        layout.addLayout(facts)

        self.model = LedgerModel(clock, self)
        self.table = list_table(self, "ledgerTable")
        self.table.setModel(self.model)
        self.table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        stretch_column(self.table, LedgerColumn.ENTRY)
        layout.addWidget(self.table, 1)

        self.message_label = dialog_message_label(self)
        layout.addWidget(self.message_label)
        keys = QLabel(
            self.tr(
                "F3: repayment    F4: credit limit (owner)    F5: print statement    Esc: close"
            ),
            self,
        )
        keys.setObjectName("keysLabel")
        keys.setWordWrap(True)
        layout.addWidget(keys)
        self.table.setFocus()

    def show_account(self, row: VillagerRow, entries: list[LedgerEntry]) -> None:
        """Fill in the villager as stored now; the latest entry is highlighted."""
        villager = row.villager
        self.setWindowTitle(self.tr("Account of {0}").format(villager.name))
        self.name_label.setText(
            villager.name if not villager.note else f"{villager.name}（{villager.note}）"
        )
        self.phone_label.setText(self.tr("Mobile: {0}").format(villager.phone or "—"))
        self.group_label.setText(
            self.tr("Village group: {0}").format(villager.village_group or "—")
        )
        self.balance_label.setText(self.tr("Owes: {0}").format(format_fen(row.balance_fen)))
        set_style_property(self.balance_label, "over", row.over_limit)
        self.limit_label.setText(
            self.tr("Credit limit: {0}").format(format_fen(villager.credit_limit_fen))
        )
        self.model.set_entries(entries)
        select_row(self.table, len(entries) - 1)

    def say(self, text: str, tone: Tone = Tone.SUCCESS) -> None:
        """Show what the last step did."""
        show_message(self.message_label, text, tone)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """F3 repay, F4 limit, F5 print; Esc closes."""
        signals = {
            REPAY_KEY: self.repay_wanted,
            LIMIT_KEY: self.limit_wanted,
            PRINT_KEY: self.print_wanted,
        }
        key = Qt.Key(event.key())
        if key in signals:
            signals[key].emit()
        else:
            super().keyPressEvent(event)
