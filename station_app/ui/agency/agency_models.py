"""Qt models of the agency page: the orders board, open balances, one order's history."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QObject

from station_app.core.agency import AgencyOrder, HistoryEntry
from station_app.core.clock import Clock, parse_iso
from station_app.core.money import format_fen
from station_app.core.payments import PaymentMethod
from station_app.core.statuses import AgencyStatus, status_name
from station_app.ui.checkout.payment_dialog import method_label
from station_app.ui.common.record_table_model import RecordTableModel
from station_app.ui.common.translation import QT_TRANSLATE_NOOP, ui_language

_CONTEXT = "AgencyModels"

# The platform names are stored in Chinese (淘宝 …); English screens show them in English.
PLATFORM_LABELS = {
    "淘宝": QT_TRANSLATE_NOOP("AgencyModels", "Taobao"),
    "京东": QT_TRANSLATE_NOOP("AgencyModels", "JD"),
    "拼多多": QT_TRANSLATE_NOOP("AgencyModels", "Pinduoduo"),
    "抖音": QT_TRANSLATE_NOOP("AgencyModels", "Douyin"),
    "其他": QT_TRANSLATE_NOOP("AgencyModels", "Other"),
}


def _translate(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def status_label(status: AgencyStatus | str) -> str:
    """An order state in the keeper's words, in the language the screen shows."""
    return status_name(AgencyStatus(status), ui_language())


def platform_label(platform: str) -> str:
    """A platform's name in the UI language."""
    return _translate(PLATFORM_LABELS[platform]) if platform in PLATFORM_LABELS else platform


def age_days(created_at: str, clock: Clock) -> int:
    """Whole station-local days since `created_at` (0 on the day itself)."""
    created: date = clock.local(parse_iso(created_at)).date()
    return (clock.today() - created).days


class _OrdersModel(RecordTableModel[AgencyOrder]):
    """Rows of agency orders; subclasses say which columns and how each reads."""

    CONTEXT = _CONTEXT

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock

    def set_orders(self, orders: list[AgencyOrder]) -> None:
        """Show a fresh list."""
        self.set_records(orders)

    def order(self, row: int) -> AgencyOrder:
        """The order shown in `row`."""
        return self.record(row)


class AgencyOrderModel(_OrdersModel):
    """The orders board: what was bought for whom, what it costs, what is still due."""

    HEADERS = (
        QT_TRANSLATE_NOOP("AgencyModels", "Order no."),
        QT_TRANSLATE_NOOP("AgencyModels", "Date"),
        QT_TRANSLATE_NOOP("AgencyModels", "Villager"),
        QT_TRANSLATE_NOOP("AgencyModels", "Platform"),
        QT_TRANSLATE_NOOP("AgencyModels", "Item"),
        QT_TRANSLATE_NOOP("AgencyModels", "Total"),
        QT_TRANSLATE_NOOP("AgencyModels", "Still due"),
        QT_TRANSLATE_NOOP("AgencyModels", "Status"),
    )
    NUMERIC = frozenset({5, 6})

    def cells(self, order: AgencyOrder) -> tuple[str, ...]:
        """Order no., date, villager, platform, item × qty, total, due, status."""
        item = order.item if order.quantity == 1 else f"{order.item} × {order.quantity}"
        due = order.due_from_villager_fen
        return (
            order.order_no,
            f"{self._clock.local(parse_iso(order.created_at)):%m-%d}",
            order.villager_name,
            platform_label(order.platform),
            item,
            format_fen(order.total_fen),
            format_fen(due) if due else "",
            status_label(order.status),
        )


class OpenBalanceModel(_OrdersModel):
    """Orders with money still owed by the villager, to the villager, or by the platform."""

    HEADERS = (
        QT_TRANSLATE_NOOP("AgencyModels", "Order no."),
        QT_TRANSLATE_NOOP("AgencyModels", "Villager"),
        QT_TRANSLATE_NOOP("AgencyModels", "Status"),
        QT_TRANSLATE_NOOP("AgencyModels", "Villager owes"),
        QT_TRANSLATE_NOOP("AgencyModels", "Owed to villager"),
        QT_TRANSLATE_NOOP("AgencyModels", "Platform owes"),
        QT_TRANSLATE_NOOP("AgencyModels", "Age (days)"),
    )
    NUMERIC = frozenset({3, 4, 5, 6})  # the amounts, and the age in days

    def cells(self, order: AgencyOrder) -> tuple[str, ...]:
        """Order no., villager, status, three amounts (blank when none), age in days."""

        def money(fen: int) -> str:
            return format_fen(fen) if fen else ""

        return (
            order.order_no,
            order.villager_name,
            status_label(order.status),
            money(order.due_from_villager_fen),
            money(order.owed_to_villager_fen),
            money(order.platform_owes_fen),
            str(age_days(order.created_at, self._clock)),
        )


def history_detail_text(entry: HistoryEntry) -> str:
    """What a step recorded, in words: order and tracking numbers, refunds, what is left owed."""
    detail = entry.detail
    method = detail.get("method", "")
    how = (
        method_label(PaymentMethod(method))
        if method in {m.value for m in PaymentMethod}
        else method
    )

    def paid_back(fen: int) -> str:
        return f"{format_fen(fen)} ({how})" if how else format_fen(fen)

    known = (
        ("platform_order_no", QT_TRANSLATE_NOOP("AgencyModels", "Platform order no. {0}"), str),
        ("spent_fen", QT_TRANSLATE_NOOP("AgencyModels", "spent {0}"), format_fen),
        ("tracking_no", QT_TRANSLATE_NOOP("AgencyModels", "Tracking no. {0}"), str),
        ("reason", QT_TRANSLATE_NOOP("AgencyModels", "Reason: {0}"), str),
        (
            "platform_refund_fen",
            QT_TRANSLATE_NOOP("AgencyModels", "platform refunded {0}"),
            format_fen,
        ),
        ("paid_back_fen", QT_TRANSLATE_NOOP("AgencyModels", "paid back {0}"), paid_back),
        (
            "platform_owes_fen",
            QT_TRANSLATE_NOOP("AgencyModels", "platform still owes {0}"),
            format_fen,
        ),
        (
            "owed_to_villager_fen",
            QT_TRANSLATE_NOOP("AgencyModels", "villager still owed {0}"),
            format_fen,
        ),
        ("collected_fen", QT_TRANSLATE_NOOP("AgencyModels", "collected {0}"), format_fen),
    )
    parts = [
        _translate(text).format(shown(detail[key])) for key, text, shown in known if detail.get(key)
    ]
    return "，".join(parts)


class OrderHistoryModel(RecordTableModel[HistoryEntry]):
    """An order's steps, oldest first: when, what, who, and the details recorded."""

    CONTEXT = _CONTEXT
    HEADERS = (
        QT_TRANSLATE_NOOP("AgencyModels", "Time"),
        QT_TRANSLATE_NOOP("AgencyModels", "Step"),
        QT_TRANSLATE_NOOP("AgencyModels", "By"),
        QT_TRANSLATE_NOOP("AgencyModels", "Details"),
    )
    TEXT_ALIGNMENT = None  # a plain log: the view's own alignment

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        """Show a fresh history."""
        self.set_records(entries)

    def cells(self, entry: HistoryEntry) -> tuple[str, ...]:
        """Local time, the step's name, the operator, the details."""
        return (
            f"{self._clock.local(parse_iso(entry.at)):%m-%d %H:%M}",
            status_label(entry.status),
            entry.operator_name,
            history_detail_text(entry),
        )
