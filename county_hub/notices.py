"""Notices to stations (通知): a title and a text the keeper reads, for one station or all.

The county keeps them shorter than the protocol allows (`changes.MAX_NOTICE_TITLE`):
a notice is read on the counter PC between customers.
"""

from __future__ import annotations

from county_hub.storage import ALL_STATIONS, HubStore
from county_hub.storage.console_audit import AuditNote
from village_protocol.changes import NOTICE

MAX_NOTICE_TITLE = 100
MAX_NOTICE_BODY = 2000


class NoticeRefused(Exception):
    """A notice the hub will not queue; the message is one line for county staff."""


def post_notice(
    store: HubStore,
    title: str,
    body: str,
    now: str,
    station_id: str | None = None,
    by: str | None = None,
) -> int:
    """Queue a notice for one station or all (None); returns its cursor.

    With `by` (the operator), the notice is in the hub's audit log, same transaction.

    Raises:
        NoticeRefused: an empty or too long title or body.
        StoreError: `station_id` names no station.
    """
    title, body = title.strip(), body.strip()
    if not 0 < len(title) <= MAX_NOTICE_TITLE or not 0 < len(body) <= MAX_NOTICE_BODY:
        raise NoticeRefused(
            f"the title must be 1-{MAX_NOTICE_TITLE} characters and the body 1-{MAX_NOTICE_BODY}"
        )
    audit = (
        AuditNote(by, "notice.posted", station_id or ALL_STATIONS, {"title": title}) if by else None
    )
    [cursor] = store.queue_changes(
        [(NOTICE, {"title": title, "body": body})], now, station_id, audit=audit
    )
    return cursor
