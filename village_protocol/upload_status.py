"""The station's sync status: what an upload batch may say about the station itself.

An upload batch may carry `status`: the station app's version, how many events wait in
its outbox after this batch, and its last sync error. It is optional (older stations do
not send it) and advisory: a field that breaks these rules is dropped, never the events
of the batch. `docs/sync-protocol.md` § `POST /v1/events` describes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from village_protocol.events import text_fault
from village_protocol.limits import MAX_APP_VERSION, MAX_LAST_ERROR, MAX_SEQ


@dataclass(frozen=True)
class UploadStatus:
    """The station's own view at upload time; None where it said nothing usable."""

    app_version: str | None = None
    queue_length: int | None = None
    last_error: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The `status` object of an upload batch (a None field is sent as null)."""
        return {
            "app_version": self.app_version,
            "queue_length": self.queue_length,
            "last_error": self.last_error,
        }


def _text(value: object, limit: int) -> str | None:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        return None
    return None if text_fault(value) else value


def upload_status(app_version: str, queue_length: int, last_error: str | None) -> UploadStatus:
    """The status a station sends: its values cut to the protocol's limits."""
    error = last_error[:MAX_LAST_ERROR] if last_error else None
    return UploadStatus(app_version[:MAX_APP_VERSION], max(0, queue_length), error)


def read_upload_status(value: object) -> UploadStatus | None:
    """The `status` of an upload batch as the hub keeps it; None when absent or not an object.

    Each field that is missing, of the wrong type, out of bounds or holding NUL or a
    lone surrogate becomes None; the rest is kept.
    """
    if not isinstance(value, dict):
        return None
    queue = value.get("queue_length")
    queue_ok = isinstance(queue, int) and not isinstance(queue, bool) and 0 <= queue <= MAX_SEQ
    return UploadStatus(
        _text(value.get("app_version"), MAX_APP_VERSION),
        queue if queue_ok else None,
        _text(value.get("last_error"), MAX_LAST_ERROR),
    )
