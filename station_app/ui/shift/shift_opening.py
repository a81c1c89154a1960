"""Between the PIN and the checkout: carry on the open shift, or open one with its float (开班).

Nobody sells outside a shift: with no shift open on the terminal, the float dialog
stands between the PIN and the checkout, and Esc there goes back to the PIN screen.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from station_app.core.clock import Clock, parse_iso
from station_app.core.errors import InputRefused, StationError
from station_app.core.money import format_fen, format_plain, parse_yuan
from station_app.core.operators import Operator
from station_app.core.settings import StationSettings
from station_app.core.shifts import ShiftFigures, current_shift, last_counted_cash, open_shift
from station_app.storage.database import connect
from station_app.storage.sqlite_wrapper import Database
from station_app.ui.common.after_repaint import after_repaint
from station_app.ui.common.background import run_in_background
from station_app.ui.common.form_parts import AMOUNT_MAX_LENGTH, AMOUNT_PATTERN
from station_app.ui.common.key_map import PAGE_KEYS, Page
from station_app.ui.common.messages import storage_errors_refused
from station_app.ui.common.prompt_dialog import PromptDialog

if TYPE_CHECKING:
    from station_app.core.stock import StockAlerts


def stock_alerts(db: Database, today: date, days: int) -> StockAlerts:
    """core.stock's alerts, importing it on first use: after the checkout is up."""
    from station_app.core.stock import stock_alerts as alerts

    return alerts(db, today, days)


class ShiftOpening(QObject):
    """After a PIN: the open shift goes on, or the float dialog opens a new one.

    Signals:
        ready(object, str): the Operator may sell; the notice for their checkout (whose
            shift it is).
        stock_notice(str, str): soon after `ready`, when goods run low or expire: the
            notice `ready` gave, and that notice with the stock notice added.
        cancelled(): Esc at the float dialog: nobody is signed in.
    """

    ready = Signal(object, str)
    stock_notice = Signal(str, str)
    cancelled = Signal()

    def __init__(
        self,
        over: QWidget,
        db: Database,
        settings: StationSettings,
        clock: Clock,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._over = over
        self._db = db
        self._settings = settings
        self._clock = clock
        self.dialog: PromptDialog | None = None
        self.stock_pending = False  # the stock notice is being worked out

    def start(self, operator: Operator) -> PromptDialog | None:
        """Carry on the terminal's open shift, or ask `operator` for the float."""
        figures = current_shift(self._db, self._settings, self._clock)
        if figures is not None:
            self._ready(operator, self._carrying_on(figures, operator))
            return None
        carried = last_counted_cash(self._db, self._settings.terminal_id)
        if carried is None:
            hint = self.tr("Type 0 if the drawer is empty.")
        else:
            hint = self.tr("The last close counted {0}: Enter carries it over.").format(
                format_fen(carried)
            )
        dialog = PromptDialog(
            self.tr("Open the shift"),
            self.tr(
                "{0}, no shift is open on this till. Count the cash in the drawer and type "
                "the float (yuan):"
            ).format(operator.name),
            self._over,
            text="" if carried is None else format_plain(carried),
            hint=hint,
            pattern=AMOUNT_PATTERN,
            max_length=AMOUNT_MAX_LENGTH,
        )
        dialog.setObjectName("floatDialog")
        dialog.cancel_button.setText(self.tr("Back to sign-in (Esc)"))

        def submitted(text: str) -> None:
            try:
                if not text.strip():
                    raise InputRefused(
                        "请输入钱箱里的备用金（钱箱空就输入 0）",
                        "Type the cash in the drawer (0 if it is empty)",
                    )
                fen = parse_yuan(text, field=("备用金", "Float"))
                with storage_errors_refused():
                    opened = open_shift(self._db, fen, operator, self._settings, self._clock)
            except StationError as error:
                if error.code != "shift_already_open":
                    dialog.show_error(error.text(self._settings.language))
                    return
                # Opened meanwhile (the command line): carry that one on.
                dialog.accept()
                self.start(operator)
                return
            dialog.accept()
            text = self.tr("Shift opened with a float of {0}.").format(format_fen(opened.float_fen))
            self._ready(operator, text)

        def closed() -> None:
            self.dialog = None
            # No window manager may leave no window active after a dialog closes.
            self._over.window().activateWindow()

        dialog.submitted.connect(submitted)
        dialog.finished.connect(closed)
        dialog.rejected.connect(self.cancelled)
        self.dialog = dialog
        dialog.open()
        dialog.input.setFocus()
        return dialog

    def _carrying_on(self, figures: ShiftFigures, operator: Operator) -> str:
        opened = f"{self._clock.local(parse_iso(figures.opened_at)):%H:%M}"
        if figures.opened_by == operator.name:
            return self.tr("Your shift goes on (opened {0}).").format(opened)
        return self.tr("You carry on {0}'s shift (opened {1}).").format(figures.opened_by, opened)

    def _ready(self, operator: Operator, first: str) -> None:
        """The checkout opens at once; the stock notice follows from a worker thread.

        Counting stock sums every stock move of every product: seconds on a station with
        years of sales, which the keeper would otherwise wait out before the first scan.
        The worker starts once the checkout is painted (`after_repaint`), and the stock
        code loads on it (`stock_alerts`): neither delays the checkout's first paint.
        """
        self.ready.emit(operator, first)
        path = self._db.execute("PRAGMA database_list").fetchone()[2]
        today, days = self._clock.today(), self._settings.stock_expiring_days
        if not path:  # an in-memory database has no file a second connection could open
            self._say_stock(first, stock_alerts(self._db, today, days))
            return

        def count() -> StockAlerts:
            db = connect(Path(path))  # a connection never crosses threads: its own
            try:
                return stock_alerts(db, today, days)
            finally:
                db.close()

        def failed(error: Exception) -> None:
            self.stock_pending = False
            print(f"warning: stock notice not worked out: {error}", file=sys.stderr)

        self.stock_pending = True
        after_repaint(
            self._over,
            lambda: run_in_background(count, lambda alerts: self._say_stock(first, alerts), failed),
        )

    def _say_stock(self, first: str, alerts: StockAlerts) -> None:
        self.stock_pending = False
        text = self._with_stock(first, alerts)
        if text != first:
            self.stock_notice.emit(first, text)

    def notice(self, first: str) -> str:
        """`first`, then the stock notice when goods are low or expire soon (with its key)."""
        days = self._settings.stock_expiring_days
        return self._with_stock(first, stock_alerts(self._db, self._clock.today(), days))

    def _with_stock(self, first: str, alerts: StockAlerts) -> str:
        days = self._settings.stock_expiring_days
        if not alerts.any:
            return first
        page = next(binding for binding in PAGE_KEYS if binding.page is Page.STOCK)
        where = f"{page.caption} {page.translated_label()}"
        if alerts.low and alerts.expiring:
            stock = self.tr(
                "Low on stock: {0} product(s); expiring within {2} day(s): {1} product(s) ({3})"
            )
            stock = stock.format(alerts.low, alerts.expiring, days, where)
        elif alerts.low:
            stock = self.tr("Low on stock: {0} product(s) ({1})").format(alerts.low, where)
        else:
            stock = self.tr("Expiring within {1} day(s): {0} product(s) ({2})").format(
                alerts.expiring, days, where
            )
        return f"{first} {stock}"
