"""Notices: the county's length rule, one station or all, audited with who posted it."""

from __future__ import annotations

import pytest

from county_hub.notices import MAX_NOTICE_TITLE, NoticeRefused, post_notice
from county_hub.storage import HubStore, StoreError

NOW = "2026-11-26T08:00:00.000Z"


def test_a_notice_for_all_stations_reaches_each_and_is_audited(store: HubStore):
    store.add_station("HN-ZZ-0001", "张庄", NOW)
    store.add_station("HN-ZZ-0002", "李庄", NOW)
    cursor = post_notice(store, " 停电通知 ", "明天上午停电", NOW, by="clerk1")
    for station in ("HN-ZZ-0001", "HN-ZZ-0002"):
        [change] = store.changes_after(station, 0, 10)[0]
        assert (change.cursor, change.data) == (
            cursor,
            {"title": "停电通知", "body": "明天上午停电"},
        )
    [entry] = store.audit.recent(1)
    assert (entry.user_name, entry.action, entry.target) == ("clerk1", "notice.posted", "*")


def test_too_long_or_empty_notices_and_unknown_stations_are_refused(store: HubStore):
    store.add_station("HN-ZZ-0001", "张庄", NOW)
    for title, body in (("停" * (MAX_NOTICE_TITLE + 1), "x"), ("停电", "  ")):
        with pytest.raises(NoticeRefused, match="the title must be 1-100 characters"):
            post_notice(store, title, body, NOW)
    with pytest.raises(StoreError):
        post_notice(store, "停电", "明天", NOW, "HN-ZZ-0404")
    assert store.changes_after("HN-ZZ-0001", 0, 10)[0] == []
