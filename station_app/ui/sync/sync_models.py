"""Qt models of the sync page: events the hub refused, and the hub's notices."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject

from station_app.core.clock import Clock, parse_iso
from station_app.core.hub_notices import HubNotice
from station_app.sync.outbox import OutboxEvent
from station_app.ui.common.record_table_model import RecordListModel, RecordTableModel
from station_app.ui.common.translation import QT_TRANSLATE_NOOP
from village_protocol.events import REFUND_COMPLETED, SALE_COMPLETED

_CONTEXT = "SyncModels"  # literal at each QT_TRANSLATE_NOOP too, for lupdate

# What an event is, in the keeper's words; unknown kinds show as sent.
_KIND_NAMES = {
    SALE_COMPLETED: QT_TRANSLATE_NOOP("SyncModels", "Sale"),
    REFUND_COMPLETED: QT_TRANSLATE_NOOP("SyncModels", "Refund"),
}
_COLUMNS = (
    QT_TRANSLATE_NOOP("SyncModels", "No."),
    QT_TRANSLATE_NOOP("SyncModels", "Time"),
    QT_TRANSLATE_NOOP("SyncModels", "Record"),
    QT_TRANSLATE_NOOP("SyncModels", "Reason given by the hub"),
)


def _translate(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def not_linked_text() -> str:
    """What to do when the station has no hub link: the command, or the county."""
    return QCoreApplication.translate(
        "SyncModels",
        "This station is not linked to a county hub yet; sales are kept here. "
        "To link it, run on this PC: main.py init --station-id ID --hub URL --secret SECRET "
        "(the county service centre gives the three), or ask the county to set it up.",
    )


def _local_time(clock: Clock, stamp: str | None) -> str:
    return f"{clock.local(parse_iso(stamp)):%m-%d %H:%M}" if stamp else ""


def event_caption(event: OutboxEvent) -> str:
    """`Sale 20261126-T1-00012`: the kind in words and the number the keeper knows."""
    name = _translate(_KIND_NAMES[event.kind]) if event.kind in _KIND_NAMES else event.kind
    number = next(
        (
            str(event.payload[key])
            for key in ("receipt_no", "refund_no", "order_no")
            if event.payload.get(key)
        ),
        "",
    )
    return f"{name} {number}".strip()


class RejectedEventsModel(RecordTableModel[OutboxEvent]):
    """Outbox events the hub rejected, oldest first, with the hub's reason."""

    CONTEXT = _CONTEXT
    HEADERS = _COLUMNS
    TEXT_ALIGNMENT = None  # the view's own alignment

    def __init__(
        self, events: list[OutboxEvent], clock: Clock, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._records = tuple(events)
        self._clock = clock

    def set_events(self, events: list[OutboxEvent]) -> None:
        """Show a fresh list."""
        self.set_records(events)

    def cells(self, event: OutboxEvent) -> tuple[str, ...]:
        """Sequence number, local time, record, the hub's reason."""
        return (
            str(event.seq),
            _local_time(self._clock, event.created_at),
            event_caption(event),
            event.rejected_reason or "",
        )

    def tooltip(self, event: OutboxEvent, column: int) -> str | None:
        """The cell's whole text: a long reason does not fit its column."""
        values = self.cells(event)
        return values[column] if 0 <= column < len(values) else None


class NoticeModel(RecordListModel[HubNotice]):
    """The hub's notices, newest first: `11-26 08:00  停电通知：周六检修`."""

    def __init__(
        self, notices: list[HubNotice], clock: Clock, parent: QObject | None = None
    ) -> None:
        super().__init__(notices, parent)
        self._clock = clock

    def set_notices(self, notices: list[HubNotice]) -> None:
        """Show a fresh list."""
        self.set_records(notices)

    def text(self, notice: HubNotice) -> str:
        """Time, title and body in one line."""
        when = _local_time(self._clock, notice.created_at)
        return (
            f"{when}  {notice.title}：{notice.body}" if notice.body else f"{when}  {notice.title}"
        )

    def tooltip(self, notice: HubNotice) -> str | None:
        """The whole line, for a notice too long for the list."""
        return self.text(notice)
