"""Qt models of the agency page: the orders board, open balances, one order's history."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from station_app.core.agency import AgencyOrder, HistoryEntry
from station_app.core.clock import Clock, parse_iso
from station_app.core.money import format_fen
from station_app.core.payments import PaymentMethod
from station_app.ui.payment_dialog import method_label

_Index = QModelIndex | QPersistentModelIndex
_NUMERIC = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_TEXT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
_CONTEXT = "AgencyModels"

# Core keeps the states' Chinese names for paper; the screen translates its own.
STATUS_LABELS = {
    "created": QT_TRANSLATE_NOOP("AgencyModels", "Taken, not ordered yet"),
    "placed": QT_TRANSLATE_NOOP("AgencyModels", "Ordered on the platform"),
    "shipped": QT_TRANSLATE_NOOP("AgencyModels", "Shipped"),
    "arrived": QT_TRANSLATE_NOOP("AgencyModels", "Arrived at the station"),
    "picked_up": QT_TRANSLATE_NOOP("AgencyModels", "Picked up"),
    "cancelled": QT_TRANSLATE_NOOP("AgencyModels", "Cancelled"),
    "return_requested": QT_TRANSLATE_NOOP("AgencyModels", "Return requested"),
    "returned": QT_TRANSLATE_NOOP("AgencyModels", "Returned"),
    "refunded": QT_TRANSLATE_NOOP("AgencyModels", "Refunded"),
}
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


def status_label(status: str) -> str:
    """An order state in the keeper's words."""
    return _translate(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def platform_label(platform: str) -> str:
    """A platform's name in the UI language."""
    return _translate(PLATFORM_LABELS[platform]) if platform in PLATFORM_LABELS else platform


def age_days(created_at: str, clock: Clock) -> int:
    """Whole station-local days since `created_at` (0 on the day itself)."""
    created: date = clock.local(parse_iso(created_at)).date()
    return (clock.today() - created).days


def _header(titles: tuple[str, ...], section: int, orientation: Qt.Orientation,
            role: int) -> Any:
    if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(titles)):
        return _translate(titles[section])
    return None


class _OrdersModel(QAbstractTableModel):
    """Rows of agency orders; subclasses say which columns and how each reads."""

    HEADERS: tuple[str, ...] = ()
    NUMERIC_FROM = 0

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._orders: tuple[AgencyOrder, ...] = ()

    def set_orders(self, orders: list[AgencyOrder]) -> None:
        """Show a fresh list."""
        self.beginResetModel()
        self._orders = tuple(orders)
        self.endResetModel()

    def order(self, row: int) -> AgencyOrder:
        """The order shown in `row`."""
        return self._orders[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of orders shown."""
        return 0 if parent.isValid() else len(self._orders)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of columns."""
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        return _header(self.HEADERS, section, orientation, role)

    def cells(self, order: AgencyOrder) -> tuple[str, ...]:
        """One row's text, a value per column."""
        raise NotImplementedError

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text and alignment."""
        if not index.isValid() or not 0 <= index.row() < len(self._orders):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = self.cells(self._orders[index.row()])
            return values[column] if 0 <= column < len(values) else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _NUMERIC if self.NUMERIC_FROM <= column < len(self.HEADERS) - 1 else _TEXT
        return None


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
    NUMERIC_FROM = 5

    def cells(self, order: AgencyOrder) -> tuple[str, ...]:
        """Order no., date, villager, platform, item × qty, total, due, status."""
        item = order.item if order.quantity == 1 else f"{order.item} × {order.quantity}"
        due = order.due_from_villager_fen
        return (order.order_no, f"{self._clock.local(parse_iso(order.created_at)):%m-%d}",
                order.villager_name, platform_label(order.platform), item,
                format_fen(order.total_fen), format_fen(due) if due else "",
                status_label(order.status))


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
    NUMERIC_FROM = 3

    def cells(self, order: AgencyOrder) -> tuple[str, ...]:
        """Order no., villager, status, three amounts (blank when none), age in days."""
        def money(fen: int) -> str:
            return format_fen(fen) if fen else ""

        return (order.order_no, order.villager_name, status_label(order.status),
                money(order.due_from_villager_fen), money(order.owed_to_villager_fen),
                money(order.platform_owes_fen), str(age_days(order.created_at, self._clock)))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """As the board, with the age right-aligned too."""
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() \
                and index.column() == len(self.HEADERS) - 1:
            return _NUMERIC
        return super().data(index, role)


def history_detail_text(entry: HistoryEntry) -> str:
    """What a step recorded, in words: platform order no., tracking no., refund amounts."""
    detail = entry.detail
    method = detail.get("method", "")
    how = (method_label(PaymentMethod(method)) if method in {m.value for m in PaymentMethod}
           else method)

    def paid_back(fen: int) -> str:
        return f"{format_fen(fen)} ({how})" if how else format_fen(fen)

    known = (
        ("platform_order_no", QT_TRANSLATE_NOOP("AgencyModels", "Platform order no. {0}"), str),
        ("spent_fen", QT_TRANSLATE_NOOP("AgencyModels", "spent {0}"), format_fen),
        ("tracking_no", QT_TRANSLATE_NOOP("AgencyModels", "Tracking no. {0}"), str),
        ("reason", QT_TRANSLATE_NOOP("AgencyModels", "Reason: {0}"), str),
        ("platform_refund_fen", QT_TRANSLATE_NOOP("AgencyModels", "platform refunded {0}"),
         format_fen),
        ("paid_back_fen", QT_TRANSLATE_NOOP("AgencyModels", "paid back {0}"), paid_back),
        ("collected_fen", QT_TRANSLATE_NOOP("AgencyModels", "collected {0}"), format_fen),
    )
    parts = [_translate(text).format(shown(detail[key])) for key, text, shown in known
             if detail.get(key)]
    return "，".join(parts)


class OrderHistoryModel(QAbstractTableModel):
    """An order's steps, oldest first: when, what, who, and the details recorded."""

    HEADERS = (
        QT_TRANSLATE_NOOP("AgencyModels", "Time"),
        QT_TRANSLATE_NOOP("AgencyModels", "Step"),
        QT_TRANSLATE_NOOP("AgencyModels", "By"),
        QT_TRANSLATE_NOOP("AgencyModels", "Details"),
    )

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._entries: tuple[HistoryEntry, ...] = ()

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        """Show a fresh history."""
        self.beginResetModel()
        self._entries = tuple(entries)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of steps."""
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Time, step, by, details."""
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        return _header(self.HEADERS, section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text."""
        if (not index.isValid() or not 0 <= index.row() < len(self._entries)
                or role != Qt.ItemDataRole.DisplayRole):
            return None
        entry = self._entries[index.row()]
        values = (f"{self._clock.local(parse_iso(entry.at)):%m-%d %H:%M}",
                  status_label(entry.status), entry.operator_name, history_detail_text(entry))
        return values[index.column()] if 0 <= index.column() < len(values) else None
