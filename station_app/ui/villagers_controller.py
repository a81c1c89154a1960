"""The villagers page's logic: search, add, open an account, repay, set a limit, print."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from sqlite_utils import Database

from station_app.core.clock import Clock
from station_app.core.credit import LedgerEntry, debtors, statement
from station_app.core.money import format_fen
from station_app.core.operators import Operator
from station_app.core.settings import StationSettings
from station_app.core.villagers import Villager
from station_app.printing.print_jobs import JobKind
from station_app.printing.statement_slip import StatementSlip, statement_slip
from station_app.ui.dialog_host import DialogHost
from station_app.ui.dialogs.villager_account_dialog import VillagerAccountDialog
from station_app.ui.key_map import VILLAGER_KEYS, Page, PageAction, no_printer_text
from station_app.ui.messages import Tone, show_message
from station_app.ui.page_frame import (
    MOVE_KEYS,
    actions_by_key,
    current_row,
    move_selection,
    select_row,
)
from station_app.ui.print_queue import PrintQueue
from station_app.ui.villager_flow import VillagerFlow
from station_app.ui.villager_models import VillagerListModel, VillagerRow
from station_app.ui.villagers_page import VillagersPage

_ACTIONS = actions_by_key(VILLAGER_KEYS)


class VillagersController(QObject):
    """Connects the villagers page to core for the signed-in operator.

    Signals:
        records_changed(): a villager, repayment or limit was stored (the hub must hear).
    """

    records_changed = Signal()

    def __init__(self, view: VillagersPage, db: Database, settings: StationSettings,
                 clock: Clock, operator: Operator, print_queue: PrintQueue,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self._db = db
        self._settings = settings
        self._clock = clock
        self._print_queue = print_queue
        self.dialogs = DialogHost(view, view.main_input)
        self.flow = VillagerFlow(self.dialogs, db, settings.language, clock, operator)
        self.model = VillagerListModel(self)
        view.villager_table.setModel(self.model)
        view.size_columns()
        view.main_input.textChanged.connect(self.search)
        view.main_input.returnPressed.connect(self.open_account)
        view.main_input.key_pressed.connect(self._key_pressed)
        view.villager_table.doubleClicked.connect(lambda _index: self.open_account())

    def _say(self, text: str, tone: Tone = Tone.INFO) -> None:
        show_message(self.view.message_label, text, tone)

    @Slot()
    def activate(self) -> None:
        """The page is shown: list afresh and put the cursor in the search field."""
        self.search(self.view.main_input.text())
        self.view.main_input.setFocus()

    @Slot(str)
    def search(self, text: str) -> None:
        """List the villagers matching `text` (everyone when empty), the first highlighted."""
        rows = self.flow.search(text)
        if not text.strip():
            # The whole register: those who owe come first, most owed on top.
            rows.sort(key=lambda row: -max(row.balance_fen, 0))
        self.model.set_records(rows)
        select_row(self.view.villager_table, 0)
        owing = debtors(self._db)
        self.view.summary_label.setText(self.tr(
            "%n villager(s) owe {0} in total. Shown: {1}.", "", len(owing)).format(
            format_fen(sum(owed for _, _, owed, _ in owing)), len(rows)))
        if text.strip() and not rows:
            self._say(self.tr("Nobody found for \"{0}\". F2 adds a new villager.").format(text),
                      Tone.ERROR)
        else:
            self._say(self.tr("Enter opens the account; F2 adds a villager."))

    def _show(self, villager_id: str) -> None:
        self.search(self.view.main_input.text())
        for row in range(self.model.rowCount()):
            if self.model.record(row).villager.id == villager_id:
                select_row(self.view.villager_table, row)

    @Slot(int)
    def _key_pressed(self, key: int) -> None:
        if key in MOVE_KEYS:
            move_selection(self.view.villager_table, key)
        elif self.dialogs.current is None and _ACTIONS.get(key) is PageAction.ADD_VILLAGER:
            self.add_villager()

    @Slot()
    def add_villager(self) -> None:
        """F2: register a villager (what is typed in the search becomes name or phone)."""
        def added(row: VillagerRow) -> None:
            self.records_changed.emit()
            self.view.main_input.clear()
            self._show(row.villager.id)
            self._say(self.tr("{0} added.").format(row.villager.name), Tone.SUCCESS)

        self.flow.add(added, typed=self.view.main_input.text().strip())

    @Slot()
    def open_account(self) -> None:
        """Enter: the highlighted villager's account and statement."""
        row = current_row(self.view.villager_table)
        if row < 0:
            self._say(self.tr("Find the villager first: type a phone tail or name."), Tone.ERROR)
            return
        villager_id = self.model.record(row).villager.id
        dialog = VillagerAccountDialog(self._clock, self.view)

        def refresh(text: str = "") -> None:
            dialog.show_account(self.flow.row(villager_id), statement(self._db, villager_id))
            if text:
                dialog.say(text)

        def repaid(entry: LedgerEntry) -> None:
            self.records_changed.emit()
            refresh(self.tr("Repayment of {0} stored; now owes {1}.").format(
                format_fen(-entry.amount_fen), format_fen(entry.balance_fen)))

        def limited(villager: Villager) -> None:
            self.records_changed.emit()
            refresh(self.tr("Credit limit is now {0}.").format(
                format_fen(villager.credit_limit_fen)))

        dialog.repay_wanted.connect(
            lambda: self.flow.repay(self.flow.row(villager_id), repaid, over=dialog))
        dialog.limit_wanted.connect(
            lambda: self.flow.set_limit(self.flow.row(villager_id), limited, over=dialog))
        dialog.print_wanted.connect(lambda: dialog.say(*self._print_statement(villager_id)))
        dialog.finished.connect(lambda _result: self._show(villager_id))
        refresh()
        self.dialogs.open(dialog)

    def _print_statement(self, villager_id: str) -> tuple[str, Tone]:
        row = self.flow.row(villager_id)
        slip = StatementSlip(row.villager.name, row.villager.phone or "",
                             f"{self._clock.local():%Y-%m-%d %H:%M}",
                             tuple(statement(self._db, villager_id)),
                             row.villager.credit_limit_fen)
        layout = statement_slip(slip, self._print_queue.settings)
        if self._print_queue.print_layout(JobKind.SLIP, row.villager.name, layout) is None:
            return no_printer_text(Page.VILLAGERS), Tone.ERROR
        return self.tr("Statement sent to the printer."), Tone.SUCCESS
