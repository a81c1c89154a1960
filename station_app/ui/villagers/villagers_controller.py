"""The villagers page's logic: search, add, open an account, repay, set a limit, print."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QTableView

from station_app.core.clock import Clock
from station_app.core.credit import LedgerEntry, owed_in_total_fen, statement
from station_app.core.money import format_fen
from station_app.core.operators import Operator
from station_app.core.settings import StationSettings
from station_app.core.villagers import Villager
from station_app.printing.print_jobs import JobKind
from station_app.printing.statement_slip import statement_slip
from station_app.storage.sqlite_wrapper import Database
from station_app.ui.common.key_map import VILLAGER_KEYS, Page, PageAction, no_printer_text
from station_app.ui.common.messages import Tone
from station_app.ui.common.page_controller import PageController
from station_app.ui.common.page_frame import current_row, select_row
from station_app.ui.common.print_queue import PrintQueue
from station_app.ui.villagers.villager_account_dialog import VillagerAccountDialog
from station_app.ui.villagers.villager_models import VillagerListModel, VillagerRow
from station_app.ui.villagers.villagers_page import VillagersPage


class VillagersController(PageController):
    """Connects the villagers page to core for the signed-in operator.

    Signals:
        records_changed(): a villager, repayment or limit was stored (the hub must hear).
    """

    records_changed = Signal()

    def __init__(
        self,
        view: VillagersPage,
        db: Database,
        settings: StationSettings,
        clock: Clock,
        operator: Operator,
        print_queue: PrintQueue,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(view, db, settings, clock, operator, print_queue, VILLAGER_KEYS, parent)
        self.view: VillagersPage = view
        self.model = VillagerListModel(self)
        view.villager_table.setModel(self.model)
        view.size_columns()
        self.handlers[PageAction.ADD_VILLAGER] = self.add_villager
        view.main_input.textChanged.connect(self.search)
        view.villager_table.doubleClicked.connect(lambda _index: self.open_account())

    @property
    def table(self) -> QTableView:
        """The villagers listed."""
        return self.view.villager_table

    @Slot()
    def enter(self) -> None:
        """Enter: open the highlighted villager's account."""
        self.open_account()

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
        owing, owed_fen = owed_in_total_fen(self._db)
        self.view.summary_label.setText(
            self.tr("%n villager(s) owe {0} in total. Shown: {1}.", "", owing).format(
                format_fen(owed_fen), len(rows)
            )
        )
        if text.strip() and not rows:
            self._say(
                self.tr('Nobody found for "{0}". F2 adds a new villager.').format(text), Tone.ERROR
            )
        else:
            self._say(self.tr("Enter opens the account; F2 adds a villager."))

    def _show(self, villager_id: str) -> None:
        self.search(self.view.main_input.text())
        for row in range(self.model.rowCount()):
            if self.model.record(row).villager.id == villager_id:
                select_row(self.view.villager_table, row)

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
            refresh(
                self.tr("Repayment of {0} stored; now owes {1}.").format(
                    format_fen(-entry.amount_fen), format_fen(entry.balance_fen)
                )
            )

        def limited(villager: Villager) -> None:
            self.records_changed.emit()
            refresh(
                self.tr("Credit limit is now {0}.").format(format_fen(villager.credit_limit_fen))
            )

        dialog.repay_wanted.connect(
            lambda: self.flow.repay(self.flow.row(villager_id), repaid, over=dialog)
        )
        dialog.limit_wanted.connect(
            lambda: self.flow.set_limit(self.flow.row(villager_id), limited, over=dialog)
        )
        dialog.print_wanted.connect(lambda: dialog.say(*self._print_statement(villager_id)))
        dialog.finished.connect(lambda _result: self._show(villager_id))
        refresh()
        self.dialogs.open(dialog)

    def _print_statement(self, villager_id: str) -> tuple[str, Tone]:
        row = self.flow.row(villager_id)
        layout = statement_slip(
            row.villager, statement(self._db, villager_id), self._clock, self._print_queue.settings
        )
        if self._print_queue.print_layout(JobKind.SLIP, row.villager.name, layout) is None:
            return no_printer_text(Page.VILLAGERS), Tone.ERROR
        return self.tr("Statement sent to the printer."), Tone.SUCCESS
