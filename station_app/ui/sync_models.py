"""Qt models of the sync page: events the hub refused, and the hub's notices."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from station_app.core.clock import Clock, parse_iso
from station_app.core.hub_changes import HubNotice
from station_app.sync.outbox import OutboxEvent

_Index = QModelIndex | QPersistentModelIndex

# What an event is, in the keeper's words; unknown kinds show as sent.
_KIND_NAMES = {
    "sale.completed": QT_TRANSLATE_NOOP("SyncModels", "Sale"),
    "refund.completed": QT_TRANSLATE_NOOP("SyncModels", "Refund"),
}
_COLUMNS = (
    QT_TRANSLATE_NOOP("SyncModels", "No."),
    QT_TRANSLATE_NOOP("SyncModels", "Time"),
    QT_TRANSLATE_NOOP("SyncModels", "Record"),
    QT_TRANSLATE_NOOP("SyncModels", "Reason given by the hub"),
)


def _translate(text: str) -> str:
    return QCoreApplication.translate("SyncModels", text)


def _local_time(clock: Clock, stamp: str | None) -> str:
    return f"{clock.local(parse_iso(stamp)):%m-%d %H:%M}" if stamp else ""


def event_caption(event: OutboxEvent) -> str:
    """`Sale 20261126-T1-00012`: the kind in words and the number the keeper knows."""
    name = _translate(_KIND_NAMES[event.kind]) if event.kind in _KIND_NAMES else event.kind
    number = next((str(event.payload[key]) for key in ("receipt_no", "refund_no", "order_no")
                   if event.payload.get(key)), "")
    return f"{name} {number}".strip()


class RejectedEventsModel(QAbstractTableModel):
    """Outbox events the hub rejected, oldest first, with the hub's reason."""

    def __init__(self, events: list[OutboxEvent], clock: Clock,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._events = tuple(events)
        self._clock = clock

    def set_events(self, events: list[OutboxEvent]) -> None:
        """Show a fresh list."""
        self.beginResetModel()
        self._events = tuple(events)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of rejected events."""
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Sequence number, time, record, reason."""
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(_COLUMNS)):
            return _translate(_COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The event's fields as text."""
        if (not index.isValid() or not 0 <= index.row() < len(self._events)
                or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)):
            return None
        event = self._events[index.row()]
        values = (str(event.seq), _local_time(self._clock, event.created_at),
                  event_caption(event), event.rejected_reason or "")
        return values[index.column()] if 0 <= index.column() < len(values) else None


class NoticeModel(QAbstractListModel):
    """The hub's notices, newest first: `11-26 08:00  停电通知：周六检修`."""

    def __init__(self, notices: list[HubNotice], clock: Clock,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notices = tuple(notices)
        self._clock = clock

    def set_notices(self, notices: list[HubNotice]) -> None:
        """Show a fresh list."""
        self.beginResetModel()
        self._notices = tuple(notices)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of notices."""
        return 0 if parent.isValid() else len(self._notices)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Time, title and body in one line."""
        if (not index.isValid() or not 0 <= index.row() < len(self._notices)
                or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)):
            return None
        notice = self._notices[index.row()]
        when = _local_time(self._clock, notice.created_at)
        return f"{when}  {notice.title}：{notice.body}" if notice.body else \
            f"{when}  {notice.title}"
