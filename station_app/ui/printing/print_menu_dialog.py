"""The printing menu (F7): reprint, unprinted jobs, cash drawer, printer settings, test page."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from station_app.ui.common.form_parts import dialog_message_label
from station_app.ui.common.messages import Tone, show_message


class PrintMenuDialog(QDialog):
    """A short numbered list; Enter, or the item's digit, chooses it.

    Signals:
        action_chosen(str): the key of the chosen entry.
    """

    action_chosen = Signal(str)

    def __init__(self, entries: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printMenuDialog")
        self.setWindowTitle(self.tr("Printing"))
        self.setMinimumSize(520, 360)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        self.list_widget = QListWidget(self)
        self.list_widget.setObjectName("printMenuList")
        for number, (key, label) in enumerate(entries, start=1):
            item = QListWidgetItem(f"{number}  {label}")
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.list_widget.addItem(item)
        self.list_widget.setCurrentRow(0)
        layout.addWidget(self.list_widget, 1)
        self.message_label = dialog_message_label(self)
        layout.addWidget(self.message_label)
        keys = QLabel(
            self.tr("Up/Down or 1–{0}: choose    Enter: open    Esc: close").format(len(entries)),
            self,
        )
        keys.setObjectName("keysLabel")
        layout.addWidget(keys)
        # Item views emit `activated` on Enter (and on double click). The list would take
        # digits for its type-ahead search; the filter makes them choose instead.
        self.list_widget.activated.connect(self._choose)
        self.list_widget.installEventFilter(self)
        self.list_widget.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Digits typed in the list choose the entry with that number."""
        if (
            watched is self.list_widget
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and not event.modifiers()
        ):
            row = event.key() - Qt.Key.Key_1.value
            if 0 <= row < self.list_widget.count():
                self.list_widget.setCurrentRow(row)
                self._choose(self.list_widget.currentIndex())
                return True
        return super().eventFilter(watched, event)

    def show_error(self, text: str) -> None:
        """Say why the entry could not be opened; the menu stays."""
        show_message(self.message_label, text, Tone.ERROR)

    @Slot(QModelIndex)
    def _choose(self, index: QModelIndex) -> None:
        if index.isValid():
            self.action_chosen.emit(index.data(Qt.ItemDataRole.UserRole))
