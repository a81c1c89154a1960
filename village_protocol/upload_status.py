"""The station's sync status: what an upload batch may say about the station itself.

An upload batch may carry `status`: the station app's version, how many events wait in
its outbox after this batch, its last sync error, and (`days`) its own sales count and
net per local day for the days of the sales and refunds in the batch, so the hub can
reconcile its figures with the station's. It is optional (older stations do not send
it) and advisory: a field or day that breaks these rules is dropped, never the events
of the batch. `docs/sync-protocol.md` § `POST /v1/events` describes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from village_protocol.events import MAX_INT, text_fault
from village_protocol.limits import MAX_APP_VERSION, MAX_LAST_ERROR, MAX_SEQ, MAX_STATUS_DAYS


@dataclass(frozen=True)
class StationDay:
    """The station's own totals of one local day: sales rung up, net fen (sales − refunds).

    They count only the sales and refunds whose events were sent up to this batch (those
    still queued after it are left out), so they equal the hub's figures of that day
    unless the hub is missing or refused some of them.
    """

    date: str
    sales_count: int
    net_fen: int

    def as_json(self) -> dict[str, Any]:
        """One entry of `status.days`."""
        return {"date": self.date, "sales_count": self.sales_count, "net_fen": self.net_fen}


@dataclass(frozen=True)
class UploadStatus:
    """The station's own view at upload time; None where it said nothing usable.

    `days` is None when the batch said nothing about days (an older station, or no sale
    or refund in the batch).
    """

    app_version: str | None = None
    queue_length: int | None = None
    last_error: str | None = None
    days: tuple[StationDay, ...] | None = None

    def as_json(self) -> dict[str, Any]:
        """The `status` object of an upload batch; a None field is sent as null, no days as none."""
        document: dict[str, Any] = {
            "app_version": self.app_version,
            "queue_length": self.queue_length,
            "last_error": self.last_error,
        }
        if self.days:
            document["days"] = [day.as_json() for day in self.days]
        return document


def _text(value: object, limit: int) -> str | None:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        return None
    return None if text_fault(value) else value


def upload_status(
    app_version: str,
    queue_length: int,
    last_error: str | None,
    days: tuple[StationDay, ...] = (),
) -> UploadStatus:
    """The status a station sends: its values cut to the protocol's limits (the latest days)."""
    error = last_error[:MAX_LAST_ERROR] if last_error else None
    latest = tuple(sorted(days, key=lambda d: d.date)[-MAX_STATUS_DAYS:]) or None
    return UploadStatus(app_version[:MAX_APP_VERSION], max(0, queue_length), error, latest)


def _whole(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _day(value: object) -> StationDay | None:
    if not isinstance(value, dict):
        return None
    text, count, net = value.get("date"), value.get("sales_count"), value.get("net_fen")
    try:
        day = date.fromisoformat(text) if isinstance(text, str) and len(text) == 10 else None
    except ValueError:
        day = None
    if day is None or not _whole(count, 0, MAX_SEQ) or not _whole(net, -MAX_INT, MAX_INT):
        return None
    return StationDay(day.isoformat(), count, net)  # type: ignore[arg-type]


def _days(value: object) -> tuple[StationDay, ...] | None:
    """Good entries of `days`, the first of a repeated date; None for no usable list."""
    if not isinstance(value, list) or len(value) > MAX_STATUS_DAYS:
        return None
    found: dict[str, StationDay] = {}
    for entry in value:
        day = _day(entry)
        if day is not None:
            found.setdefault(day.date, day)
    return tuple(found.values()) or None


def read_upload_status(value: object) -> UploadStatus | None:
    """The `status` of an upload batch as the hub keeps it; None when absent or not an object.

    Each field that is missing, of the wrong type, out of bounds or holding NUL or a
    lone surrogate becomes None; the rest is kept. A `days` entry that is not a real
    date with whole figures is dropped alone; a list longer than `MAX_STATUS_DAYS` whole.
    """
    if not isinstance(value, dict):
        return None
    queue = value.get("queue_length")
    return UploadStatus(
        _text(value.get("app_version"), MAX_APP_VERSION),
        queue if _whole(queue, 0, MAX_SEQ) else None,  # type: ignore[arg-type]
        _text(value.get("last_error"), MAX_LAST_ERROR),
        _days(value.get("days")),
    )
