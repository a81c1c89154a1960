"""The shift menu (班次, F11 on the checkout): entries and their digits from the key map."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from station_app.ui.common.form_parts import dialog_message_label
from station_app.ui.common.key_map import SHIFT_MENU_KEYS, ShiftAction
from station_app.ui.common.messages import Tone, show_message

ACTION_BY_DIGIT = {int(binding.key.value): binding.action for binding in SHIFT_MENU_KEYS}


class ShiftMenuDialog(QDialog):
    """The entries of SHIFT_MENU_KEYS, each shown with its digit; the digit or Enter picks.

    `heading` says whose shift is open and since when, so the keeper knows what a
    close or hand-over would end.

    Signals:
        action_chosen(object): the ShiftAction of the chosen entry.
    """

    action_chosen = Signal(object)

    def __init__(self, heading: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shiftMenuDialog")
        self.setWindowTitle(self.tr("Shift"))
        self.setMinimumSize(640, 440)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        self.heading_label = QLabel(heading, self)
        self.heading_label.setObjectName("shiftMenuHeading")
        self.heading_label.setWordWrap(True)
        layout.addWidget(self.heading_label)
        self.list_widget = QListWidget(self)
        self.list_widget.setObjectName("shiftMenuList")
        for binding in SHIFT_MENU_KEYS:
            item = QListWidgetItem(f"{binding.caption}  {binding.translated_label()}")
            item.setData(Qt.ItemDataRole.UserRole, binding.action)
            self.list_widget.addItem(item)
        self.list_widget.setCurrentRow(0)
        layout.addWidget(self.list_widget, 1)
        self.message_label = dialog_message_label(self)
        layout.addWidget(self.message_label)
        first, last = SHIFT_MENU_KEYS[0].caption, SHIFT_MENU_KEYS[-1].caption
        self.keys_label = QLabel(
            self.tr("Up/Down or {0}–{1}: choose    Enter: open    Esc: close").format(first, last),
            self,
        )
        self.keys_label.setObjectName("keysLabel")
        layout.addWidget(self.keys_label)
        # Item views emit `activated` on Enter; the filter makes digits choose rather than
        # feed the list's type-ahead search.
        self.list_widget.activated.connect(self._choose)
        self.list_widget.installEventFilter(self)
        self.list_widget.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """A digit of the key map chooses its entry."""
        if (
            watched is self.list_widget
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            # A number pad's digits carry the keypad modifier; they choose too.
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and event.key() in ACTION_BY_DIGIT
        ):
            action = ACTION_BY_DIGIT[event.key()]
            self.list_widget.setCurrentRow([b.action for b in SHIFT_MENU_KEYS].index(action))
            self.action_chosen.emit(action)
            return True
        return super().eventFilter(watched, event)

    def show_error(self, text: str) -> None:
        """Say why the entry cannot be done now; the menu stays."""
        show_message(self.message_label, text, Tone.ERROR)

    @Slot(QModelIndex)
    def _choose(self, index: QModelIndex) -> None:
        if index.isValid():
            action = index.data(Qt.ItemDataRole.UserRole)
            assert isinstance(action, ShiftAction)
            self.action_chosen.emit(action)
