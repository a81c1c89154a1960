"""The refund steps (F8): receipt number, lines and method, owner's PIN, confirmation."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from station_app.core.clock import Clock
from station_app.core.errors import StationError
from station_app.core.money import format_fen
from station_app.core.operators import Operator
from station_app.core.payments import PaymentMethod
from station_app.core.refunds import refund_methods, refund_sale, refundable_lines
from station_app.core.sales import SaleRecord, load_sale, recent_sales
from station_app.core.settings import StationSettings
from station_app.storage.sqlite_wrapper import Database
from station_app.ui.checkout.payment_dialog import method_label
from station_app.ui.checkout.refund_dialog import RefundDialog
from station_app.ui.common.dialog_host import DialogHost
from station_app.ui.common.notice_dialog import NoticeDialog
from station_app.ui.common.owner_approval import request_owner_approval
from station_app.ui.common.prompt_dialog import PromptDialog

# Typed receipt numbers, or what a 2-D scanner reads from the receipt's QR code.
RECEIPT_PATTERN = "[0-9A-Za-z|-]{0,48}"


class RefundFlow(QObject):
    """Walks the keeper through one refund; every step is a dialog Esc backs out of.

    Signals:
        refund_completed(object): the RefundResult, once stored.
    """

    refund_completed = Signal(object)

    def __init__(
        self,
        host: DialogHost,
        db: Database,
        settings: StationSettings,
        clock: Clock,
        operator: Operator,
    ) -> None:
        super().__init__(host)
        self._host = host
        self._db = db
        self._settings = settings
        self._clock = clock
        self._operator = operator

    @property
    def _language(self) -> str:
        return self._settings.language

    def start(self) -> PromptDialog:
        """Ask for the receipt number, prefilled with the latest sale's."""
        latest = recent_sales(self._db, 1)
        dialog = PromptDialog(
            self.tr("Refund"),
            self.tr("Receipt number, or scan the QR code on the receipt:"),
            self._host.parent_widget,
            text=latest[0][0] if latest else "",
            pattern=RECEIPT_PATTERN,
            max_length=48,
        )
        dialog.setObjectName("receiptNoDialog")
        dialog.submitted.connect(lambda text: self._receipt_entered(dialog, text))
        return self._host.open(dialog)

    def _receipt_entered(self, dialog: PromptDialog, text: str) -> None:
        # The receipt's QR code reads "STATION-ID|RECEIPT-NO".
        receipt_no = text.rsplit("|", 1)[-1].strip()
        try:
            sale = load_sale(self._db, receipt_no)
        except StationError as error:
            dialog.show_error(error.text(self._language))
            return
        lines = refundable_lines(self._db, sale)
        if not any(line.quantity_left > 0 for line in lines):
            dialog.show_error(self.tr("Everything on this receipt was already refunded."))
            return
        dialog.accept()
        refund = RefundDialog(sale, lines, refund_methods(sale), self._host.parent_widget)
        refund.refund_requested.connect(
            lambda quantities, method, reason: self._ask_owner(
                refund, sale, quantities, method, reason
            )
        )
        self._host.open(refund)

    def _ask_owner(
        self,
        refund: RefundDialog,
        sale: SaleRecord,
        quantities: dict[str, int],
        method: PaymentMethod,
        reason: str,
    ) -> None:
        results = []

        def store(owner: Operator) -> None:
            results.append(
                refund_sale(
                    self._db,
                    sale.receipt_no,
                    quantities,
                    method,
                    self._operator,
                    owner,
                    self._settings,
                    self._clock,
                    reason,
                )
            )

        def confirm() -> None:
            refund.accept()
            result = results[0]
            self._host.open(
                NoticeDialog(
                    self.tr("Refund done"),
                    self.tr("Refund {0}: {1} by {2}.\nReceipt {3}.").format(
                        result.refund_no,
                        format_fen(result.total_fen),
                        method_label(result.method),
                        sale.receipt_no,
                    ),
                    self._host.parent_widget,
                )
            )
            self.refund_completed.emit(result)

        request_owner_approval(
            refund,
            self._db,
            self._language,
            self.tr("Refund of {0} needs the owner.").format(
                format_fen(refund.model.chosen_amount_fen())
            ),
            store,
            confirm,
        )
