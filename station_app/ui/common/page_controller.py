"""What the agency, pickup, villagers and consignment controllers share, so each holds its page.

A page is a PageFrame: one main input that keeps the focus, a message line, a table
the arrows move in, and the page's keys. `PageController` wires those to core for the
signed-in operator; `BoardController` adds the board a status filter (F3/F4) steps
through and the balances view F5 switches to.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QStackedWidget, QTableView

from station_app.core.clock import Clock
from station_app.core.errors import StationError
from station_app.core.operators import Operator
from station_app.core.settings import StationSettings
from station_app.storage.sqlite_wrapper import Database
from station_app.ui.common.dialog_host import DialogHost
from station_app.ui.common.key_map import PageAction, PageKeyBinding
from station_app.ui.common.messages import Tone, show_message
from station_app.ui.common.page_frame import (
    MOVE_KEYS,
    PageFrame,
    actions_by_key,
    current_row,
    move_selection,
    select_row,
)
from station_app.ui.common.print_queue import PrintQueue
from station_app.ui.common.record_table_model import RecordTableModel
from station_app.ui.common.villager_flow import VillagerFlow

T = TypeVar("T")


def refused_field(
    error: StationError, fields: Mapping[str, str], default: str | None
) -> str | None:
    """The form field a refusal concerns: core names its parameter, `fields` maps it.

    A refusal naming no field, or one this form does not show, goes to `default`.
    """
    return fields.get(error.field or "", default)


class PageController(QObject):
    """The wiring of one page: main input, page keys, dialogs over the page, message line.

    A subclass fills `handlers` (page action -> what it does) and gives `table`, the list
    the arrows move in; Enter in the main input calls its `enter`. A page key acts only
    when no dialog is open over the page, so a key meant for a dialog never reaches it.
    """

    def __init__(
        self,
        view: PageFrame,
        db: Database,
        settings: StationSettings,
        clock: Clock,
        operator: Operator,
        print_queue: PrintQueue,
        keys: tuple[PageKeyBinding, ...],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.operator = operator
        self._db = db
        self._settings = settings
        self._clock = clock
        self._print_queue = print_queue
        self.dialogs = DialogHost(view, view.main_input)
        self.flow = VillagerFlow(self.dialogs, db, settings.language, clock, operator)
        self._actions = actions_by_key(keys)
        # What the handlers return (often the dialog they open, for tests) is not used here.
        self.handlers: dict[PageAction, Callable[[], object]] = {}
        view.main_input.returnPressed.connect(self.enter)
        view.main_input.key_pressed.connect(self._key_pressed)

    @property
    def _language(self) -> str:
        return self._settings.language

    def _say(self, text: str, tone: Tone = Tone.INFO) -> None:
        show_message(self.view.message_label, text, tone)

    @property
    def table(self) -> QTableView:
        """The list shown now, the one the arrows move in."""
        raise NotImplementedError

    @Slot()
    def enter(self) -> None:
        """Enter in the main input."""
        raise NotImplementedError

    def moved(self) -> None:
        """The arrows moved the highlight; a page that says what is highlighted does so."""

    @Slot(int)
    def _key_pressed(self, key: int) -> None:
        if key in MOVE_KEYS:
            move_selection(self.table, key)
            self.moved()
        elif key in self._actions and self.dialogs.current is None:
            handler = self.handlers.get(self._actions[key])
            if handler is not None:
                handler()


class BoardController(PageController):
    """A page whose board F3/F4 filter by status and F5 switches to the balances.

    `filters` are the statuses F3/F4 step through (None is every record); `tables` is the
    page's stack of the board's list and the balances' list.
    """

    filters: tuple[str | None, ...] = (None,)

    def __init__(
        self,
        view: PageFrame,
        db: Database,
        settings: StationSettings,
        clock: Clock,
        operator: Operator,
        print_queue: PrintQueue,
        keys: tuple[PageKeyBinding, ...],
        tables: QStackedWidget,
        board: QTableView,
        balances: QTableView,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(view, db, settings, clock, operator, print_queue, keys, parent)
        self._tables = tables
        self._board = board
        self._balances = balances
        self.filter_index = 0
        self.showing_balances = False
        self.handlers.update(
            {
                PageAction.NEXT_FILTER: lambda: self.step_filter(1),
                PageAction.PREVIOUS_FILTER: lambda: self.step_filter(-1),
                PageAction.BALANCES: self.toggle_balances,
            }
        )
        board.doubleClicked.connect(lambda _index: self.open_selected())
        balances.doubleClicked.connect(lambda _index: self.open_selected())

    @property
    def table(self) -> QTableView:
        """The balances while they are shown, else the board."""
        return self._balances if self.showing_balances else self._board

    @property
    def status_filter(self) -> str | None:
        """The status the board shows now; None is every record."""
        return self.filters[self.filter_index]

    @Slot()
    def activate(self) -> None:
        """The page is shown: read the records again and put the cursor in the main input."""
        self.refresh()
        self.view.main_input.setFocus()

    def refresh(self, select_id: str | None = None) -> None:
        """Show the board or the balances as stored now, `select_id` highlighted."""
        raise NotImplementedError

    @Slot()
    def enter(self) -> None:
        """Enter: look up what was typed or scanned; with nothing typed, open the row."""
        text = self.view.main_input.text().strip()
        if not text:
            self.open_selected()
            return
        self.view.main_input.clear()
        self.look_up(text)

    def look_up(self, text: str) -> None:
        """Find and show what `text` (typed, or a scanned label's QR code) names."""
        raise NotImplementedError

    def open_selected(self) -> None:
        """Enter on an empty field, or a double click: open the highlighted row."""
        raise NotImplementedError

    def step_filter(self, step: int) -> None:
        """F3/F4: the next or previous status on the board."""
        self.showing_balances = False
        self.filter_index = (self.filter_index + step) % len(self.filters)
        self.refresh()

    def toggle_balances(self) -> None:
        """F5: switch between the board and the balances."""
        self.showing_balances = not self.showing_balances
        self.refresh()

    def show_board(self, status: str | None = None) -> None:
        """Leave the balances for the board of `status` (None: every record); no refresh."""
        self.showing_balances = False
        self.filter_index = self.filters.index(status)

    def show_records(
        self,
        model: RecordTableModel[T],
        records: Sequence[T],
        key: Callable[[T], str],
        select_id: str | None,
    ) -> None:
        """Put `records` in `model`, the model of `table`, and bring that list to the front.

        The row of `select_id` is highlighted; with None, the record highlighted before
        stays so if it is still listed; else the first row.
        """
        table = self.table
        row = current_row(table)
        if select_id is None and 0 <= row < model.rowCount():
            select_id = key(model.record(row))
        model.set_records(records)
        self._tables.setCurrentWidget(table)
        ids = [key(record) for record in records]
        select_row(table, ids.index(select_id) if select_id in ids else 0)
