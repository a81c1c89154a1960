"""What the agency, pickup and villagers pages share: main input, message line, key legend."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.ui.common.form_parts import clear_message, key_legend
from station_app.ui.common.key_line_edit import KeyLineEdit
from station_app.ui.common.key_map import MOVE_BINDING, PageAction, PageKeyBinding
from station_app.ui.common.messages import message_line

ROW_HEIGHT = 42
MOVE_KEYS = MOVE_BINDING.keys
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def actions_by_key(keys: tuple[PageKeyBinding, ...]) -> dict[int, PageAction]:
    """Key code -> action, for a controller's `key_pressed` slot."""
    return {int(key.value): binding.action for binding in keys for key in binding.keys}


def list_table(parent: QWidget, name: str) -> QTableView:
    """A read-only table of whole rows that never takes the focus from the main input."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def stretch_column(table: QTableView, column: int) -> None:
    """Give `column` the spare width (the item or name), the others their contents."""
    header = table.horizontalHeader()
    header.setMinimumSectionSize(80)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)


def select_row(table: QTableView, row: int) -> None:
    """Highlight `row` of `table` (clamped to its rows) and scroll it into view."""
    model = table.model()
    rows = model.rowCount()
    if rows == 0:
        return
    index = model.index(min(max(row, 0), rows - 1), 0)
    table.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    table.scrollTo(index)


def current_row(table: QTableView) -> int:
    """The highlighted row, or -1."""
    index = table.selectionModel().currentIndex()
    return index.row() if index.isValid() else -1


def move_selection(table: QTableView, key: int) -> None:
    """Up/Down move one row, PageUp/PageDown five, from the highlighted row."""
    step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -5, Qt.Key.Key_PageDown: 5}[
        Qt.Key(key)
    ]
    row = current_row(table)
    select_row(table, row + step if row >= 0 else 0)


class PageFrame(QWidget):
    """A page: caption and main input on top, message line, `body`, key legend below.

    The main input keeps the focus, as the checkout's scan field does: a scanner's
    digits and Enter land there, and the page's keys typed into it steer the rest.
    `keys` is the page's whole key table: the input routes those keys, the legend shows
    them, and nothing else is routed.

    The message line belongs to the step that wrote it: the keeper's next step on the
    page (typing, Enter, a page key other than the arrows) or coming back to the page
    empties it first, so the controller's answer to that step is all that shows.
    """

    def __init__(
        self,
        name: str,
        caption: str,
        placeholder: str,
        keys: tuple[PageKeyBinding, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        outer = QVBoxLayout(self)
        outer.setSpacing(8)
        top = QHBoxLayout()
        self.caption_label = QLabel(caption, self)
        self.caption_label.setObjectName("pageCaption")
        routed = [key for binding in keys for key in binding.keys if key not in ENTER_KEYS]
        self.main_input = KeyLineEdit(routed, self)
        self.main_input.setObjectName("pageInput")
        self.main_input.setMaxLength(40)
        self.main_input.setPlaceholderText(placeholder)
        top.addWidget(self.caption_label)
        top.addWidget(self.main_input, 1)
        outer.addLayout(top)

        self.message_label = message_line(self, "pageMessage")
        self.message_label.setMinimumHeight(40)
        outer.addWidget(self.message_label)

        self.body = QVBoxLayout()
        outer.addLayout(self.body, 1)
        outer.addWidget(self._legend(keys))
        self.setFocusProxy(self.main_input)

        # Connected before any controller's slots, so the line is empty when they answer.
        steps = {
            int(key.value)
            for binding in keys
            for key in binding.keys
            if binding.action is not PageAction.MOVE
        }
        self.main_input.textEdited.connect(self.clear_message)
        self.main_input.returnPressed.connect(self.clear_message)
        self.main_input.key_pressed.connect(
            lambda key: self.clear_message() if key in steps else None
        )

    def clear_message(self) -> None:
        """Empty the message line: what it said belonged to an earlier step."""
        clear_message(self.message_label)

    def _legend(self, keys: tuple[PageKeyBinding, ...]) -> QFrame:
        legend, self.legend_labels = key_legend(self, keys)
        return legend
