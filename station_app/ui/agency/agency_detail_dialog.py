"""One agency order: its facts, money, history, and the steps it may take next."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.core.agency import AgencyOrder, HistoryEntry
from station_app.core.clock import Clock
from station_app.core.money import format_fen
from station_app.ui.agency.agency_models import (
    OrderHistoryModel,
    platform_label,
    status_label,
)
from station_app.ui.common.form_parts import dialog_message_label
from station_app.ui.common.messages import Tone, show_message
from station_app.ui.common.page_frame import list_table, select_row, stretch_column


class AgencyDetailDialog(QDialog):
    """The order's facts and history; its next steps as a numbered list.

    The steps list has the focus: Up/Down or a digit choose, Enter takes the step, Esc
    closes. `show_order` fills it again after each step, so the keeper sees the result.

    Signals:
        step_chosen(str): the next state chosen (a key of core's TRANSITIONS).
    """

    step_chosen = Signal(str)

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agencyDetailDialog")
        self.setMinimumSize(1000, 680)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("detailHeading")
        layout.addWidget(self.heading)

        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(24)
        self.fact_labels = [QLabel(self) for _ in range(8)]
        for index, label in enumerate(self.fact_labels):
            label.setObjectName("detailFact")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addWidget(label, index // 2, index % 2)
        layout.addLayout(self.facts)

        body = QHBoxLayout()
        history = QVBoxLayout()
        history.addWidget(QLabel(self.tr("History"), self))
        self.history_model = OrderHistoryModel(clock, self)
        self.history_table = list_table(self, "historyTable")
        self.history_table.setModel(self.history_model)
        stretch_column(self.history_table, 3)
        history.addWidget(self.history_table, 1)
        body.addLayout(history, 3)
        steps = QVBoxLayout()
        steps.addWidget(QLabel(self.tr("Next step"), self))
        self.steps_list = QListWidget(self)
        self.steps_list.setObjectName("stepsList")
        self.steps_list.setWordWrap(True)
        self.steps_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        steps.addWidget(self.steps_list, 1)
        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("hintLabel")
        self.hint_label.setWordWrap(True)
        steps.addWidget(self.hint_label)
        body.addLayout(steps, 2)
        layout.addLayout(body, 1)

        self.message_label = dialog_message_label(self)
        layout.addWidget(self.message_label)
        keys = QLabel(
            self.tr("Up/Down or digit: choose a step    Enter: do it    Esc: close"), self
        )
        keys.setObjectName("keysLabel")
        layout.addWidget(keys)
        self.steps_list.activated.connect(self._choose)
        self.steps_list.installEventFilter(self)
        self.steps_list.setFocus()

    def show_order(
        self,
        order: AgencyOrder,
        history: list[HistoryEntry],
        steps: list[tuple[str, str]],
        hint: str = "",
    ) -> None:
        """Fill in the order as stored now; `steps` are (state, caption) it may go to."""
        self.setWindowTitle(self.tr("Agency order {0}").format(order.order_no))
        self.heading.setText(
            self.tr("{0}    {1}    pickup code {2}").format(
                order.order_no, status_label(order.status), order.pickup_code
            )
        )
        item = order.item if order.quantity == 1 else f"{order.item} × {order.quantity}"
        facts = (
            self.tr("Villager: {0}").format(order.villager_name),
            self.tr("Platform: {0}").format(platform_label(order.platform)),
            self.tr("Item: {0}").format(item),
            self.tr("Each {0}, shipping {1}, service fee {2}").format(
                format_fen(order.item_price_fen),
                format_fen(order.shipping_fen),
                format_fen(order.service_fee_fen),
            ),
            self.tr("Total {0}, collected {1}").format(
                format_fen(order.total_fen), format_fen(order.collected_fen)
            ),
            self.tr("Still due from the villager: {0}").format(
                format_fen(order.due_from_villager_fen)
            ),
            self.tr("Spent on the platform {0}, refunded by it {1}; the platform owes {2}").format(
                format_fen(order.spent_fen),
                format_fen(order.platform_refund_fen),
                format_fen(order.platform_owes_fen),
            ),
            self.tr("Paid back to the villager {0}; still owed to the villager {1}").format(
                format_fen(order.paid_back_fen), format_fen(order.owed_to_villager_fen)
            ),
        )
        for label, text in zip(self.fact_labels, facts, strict=True):
            label.setText(text)
        self.history_model.set_entries(history)
        select_row(self.history_table, len(history) - 1)
        self.steps_list.clear()
        for number, (state, caption) in enumerate(steps, start=1):
            entry = QListWidgetItem(f"{number}  {caption}")
            entry.setData(Qt.ItemDataRole.UserRole, state)
            self.steps_list.addItem(entry)
        self.steps_list.setCurrentRow(0)
        self.hint_label.setText(hint)
        self.hint_label.setVisible(bool(hint))
        self.steps_list.setFocus()

    def say(self, text: str, tone: Tone = Tone.SUCCESS) -> None:
        """Show what the last step did (or why it could not)."""
        show_message(self.message_label, text, tone)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """A digit typed in the steps list takes the step with that number."""
        if (
            watched is self.steps_list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and not event.modifiers()
        ):
            row = event.key() - Qt.Key.Key_1.value
            if 0 <= row < self.steps_list.count():
                self.steps_list.setCurrentRow(row)
                self._choose(self.steps_list.currentIndex())
                return True
        return super().eventFilter(watched, event)

    @Slot(QModelIndex)
    def _choose(self, index: QModelIndex) -> None:
        if index.isValid():
            self.step_chosen.emit(index.data(Qt.ItemDataRole.UserRole))
