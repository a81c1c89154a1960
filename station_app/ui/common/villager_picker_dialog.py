"""Choosing a villager by phone tail, name or pinyin initials, with arrows and Enter."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.ui.common.form_parts import dialog_message_label
from station_app.ui.common.key_line_edit import KeyLineEdit
from station_app.ui.common.messages import Tone, show_message
from station_app.ui.villagers.villager_models import VillagerColumn, VillagerListModel, VillagerRow

SEARCH_MAX_CHARS = 20
_MOVES = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -5, Qt.Key.Key_PageDown: 5}


class VillagerPickerDialog(QDialog):
    """A search field over the villager register; the list follows what is typed.

    The field keeps the focus: Up/Down move the highlight, Enter chooses, F2 asks for
    a new villager (with what was typed), Esc cancels. `search` is core's lookup, so
    the dialog holds no logic of its own.

    Signals:
        villager_chosen(object): the VillagerRow chosen.
        new_villager_wanted(str): F2, with the text typed so far.
    """

    villager_chosen = Signal(object)
    new_villager_wanted = Signal(str)

    def __init__(
        self, search: Callable[[str], list[VillagerRow]], title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("villagerPickerDialog")
        self.setWindowTitle(title)
        self.setMinimumSize(820, 560)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._search = search
        layout = QVBoxLayout(self)
        caption = QLabel(self.tr("Phone tail, name or pinyin initials:"), self)
        caption.setObjectName("promptLabel")
        layout.addWidget(caption)
        self.search_input = KeyLineEdit([*_MOVES, Qt.Key.Key_F2], self)
        self.search_input.setObjectName("villagerSearch")
        self.search_input.setMaxLength(SEARCH_MAX_CHARS)
        self.search_input.setPlaceholderText(self.tr("e.g. 5678, 王, wds"))
        layout.addWidget(self.search_input)

        self.model = VillagerListModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("villagerPickList")
        self.table.setModel(self.model)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(40)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(VillagerColumn.NAME, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

        self.message_label = dialog_message_label(self)
        layout.addWidget(self.message_label)
        keys = QLabel(
            self.tr("Up/Down: choose    Enter: take    F2: new villager    Esc: cancel"), self
        )
        keys.setObjectName("keysLabel")
        layout.addWidget(keys)

        self.search_input.textChanged.connect(self.refresh)
        self.search_input.returnPressed.connect(self.choose)
        self.search_input.key_pressed.connect(self._key_pressed)
        self.table.clicked.connect(lambda _index: self.choose())
        self.refresh()
        self.search_input.setFocus()

    @Slot()
    def refresh(self) -> None:
        """List what matches the text typed (everyone when nothing is typed)."""
        text = self.search_input.text()
        self.model.set_records(self._search(text))
        if self.model.rowCount() and text.strip():
            self.select(0)
            show_message(self.message_label, "")
        elif not text.strip():
            # Nobody is preselected from the whole register: a stray Enter must not put
            # money on the first villager's account. Down starts choosing.
            show_message(self.message_label, "")
        else:
            show_message(
                self.message_label,
                self.tr('Nobody found for "{0}". F2 adds a new villager.').format(text),
                Tone.ERROR,
            )

    def select(self, row: int) -> None:
        """Highlight `row` (clamped to the list)."""
        rows = self.model.rowCount()
        if not rows:
            return
        index = self.model.index(min(max(row, 0), rows - 1), 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    @property
    def current(self) -> VillagerRow | None:
        """The highlighted villager, if any."""
        index = self.table.selectionModel().currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def show_error(self, text: str) -> None:
        """Say why the villager cannot be taken."""
        show_message(self.message_label, text, Tone.ERROR)

    @Slot()
    def choose(self) -> None:
        """Enter: take the highlighted villager."""
        row = self.current
        if row is None:
            self.show_error(self.tr("Type a phone tail or name to find the villager first."))
            return
        self.villager_chosen.emit(row)

    @Slot(int)
    def _key_pressed(self, key: int) -> None:
        if key == Qt.Key.Key_F2:
            self.new_villager_wanted.emit(self.search_input.text().strip())
            return
        current = self.table.selectionModel().currentIndex()
        self.select(current.row() + _MOVES[Qt.Key(key)] if current.isValid() else 0)
