"""The resume dialog (F3): parked carts listed oldest first, chosen with arrows and Enter."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QLabel, QListView, QVBoxLayout, QWidget

from station_app.core.clock import Clock
from station_app.core.holds import HeldCart
from station_app.ui.checkout.held_cart_model import HeldCartModel
from station_app.ui.common.form_parts import dialog_message_label
from station_app.ui.common.messages import Tone, show_message


class HeldCartsDialog(QDialog):
    """Lists held carts; Enter resumes the highlighted one.

    Signals:
        held_cart_chosen(object): the HeldCart to resume.
    """

    held_cart_chosen = Signal(object)

    def __init__(self, held: list[HeldCart], clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("heldCartsDialog")
        self.setWindowTitle(self.tr("Resume a held sale"))
        self.setMinimumSize(640, 420)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        self.model = HeldCartModel(held, clock, self)
        self.list_view = QListView(self)
        self.list_view.setObjectName("heldList")
        self.list_view.setModel(self.model)
        self.list_view.setCurrentIndex(self.model.index(0))
        layout.addWidget(self.list_view, 1)
        self.message_label = dialog_message_label(self)
        layout.addWidget(self.message_label)
        keys = QLabel(self.tr("Up/Down: choose    Enter: resume    Esc: cancel"), self)
        keys.setObjectName("keysLabel")
        layout.addWidget(keys)
        # Item views emit `activated` on Enter (and on double click).
        self.list_view.activated.connect(self._choose)
        self.list_view.setFocus()

    def show_error(self, text: str) -> None:
        """Show why the cart could not be resumed."""
        show_message(self.message_label, text, Tone.ERROR)

    @Slot(QModelIndex)
    def _choose(self, index: QModelIndex) -> None:
        if index.isValid():
            self.held_cart_chosen.emit(self.model.held_cart(index.row()))
