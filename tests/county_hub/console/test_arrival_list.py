"""The courier's arrival list: every row checked as one announcement, all stored or none."""

from __future__ import annotations

import pytest

from county_hub.console.arrival_list import ArrivalListRefused, announce_arrivals, read_arrival_list
from county_hub.parcels import announce_parcel
from county_hub.storage import HubStore

NOW = "2026-11-26T08:00:00.000Z"


@pytest.fixture
def hub(store: HubStore) -> HubStore:
    store.add_station("HN-ZZ-0001", "张庄", NOW)
    store.add_station("HN-ZZ-0002", "李庄", NOW)
    return store


def _problems(store: HubStore, text: str, encoding: str = "utf-8") -> list[tuple[int, str]]:
    with pytest.raises(ArrivalListRefused) as refused:
        arrivals = read_arrival_list(store, text.encode(encoding), "a.csv")
        announce_arrivals(store, arrivals, NOW, "clerk1", "a.csv")
    return refused.value.problems


def test_a_gbk_list_with_chinese_headers_announces_every_parcel_with_its_carrier(hub: HubStore):
    text = (
        "站点编号,运单号,快递公司,收件人,手机号\n"
        "HN-ZZ-0001,SF123456789012,,王芳,138 0000 1234\n"
        "HN-ZZ-0002,zt7654321098,中通,,\n"
    )
    arrivals = read_arrival_list(hub, text.encode("gb18030"), "a.csv")
    assert [(a.line, a.station_id, a.data["tracking_no"], a.data["carrier"]) for a in arrivals] == [
        (2, "HN-ZZ-0001", "SF123456789012", "顺丰"),
        (3, "HN-ZZ-0002", "ZT7654321098", "中通"),
    ]
    assert arrivals[0].data["recipient_phone"] == "13800001234"
    assert len(announce_arrivals(hub, arrivals, NOW, "clerk1", "a.csv")) == 2
    [entry] = hub.audit.recent(1)
    assert (entry.action, entry.target, entry.detail["parcels"]) == ("parcels.announced", "*", 2)


def test_every_bad_line_is_named_and_nothing_is_stored(hub: HubStore):
    text = (
        "station,tracking,carrier,name,phone\n"
        "HN-ZZ-0001,SF1234567890,,,\n"
        "HN-ZZ-9999,SF1234567891,,,\n"
        "HN-ZZ-0001,SF1234567892,,,12345\n"
        "HN-ZZ-0001,sf1234567890,,,\n"
    )
    assert _problems(hub, text) == [
        (3, "no station HN-ZZ-9999"),
        (4, "phone '12345' is not a mainland mobile number (11 digits, 1…)"),
        (5, "parcel SF1234567890 for HN-ZZ-0001 repeats line 2"),
    ]
    assert hub.figures.recent_announcements() == []


def test_a_parcel_announced_before_refuses_the_whole_list_at_its_line(hub: HubStore):
    announce_parcel(hub, "HN-ZZ-0002", "YT1234567890", NOW)
    text = "station,tracking\nHN-ZZ-0001,SF1234567890\nHN-ZZ-0002,YT1234567890\n"
    [(line, reason)] = _problems(hub, text)
    assert line == 3 and "YT1234567890 was already announced to station HN-ZZ-0002" in reason
    assert [p["tracking_no"] for p in hub.figures.recent_announcements()] == ["YT1234567890"]


def test_a_list_without_the_required_columns_is_refused_as_a_whole(hub: HubStore):
    assert _problems(hub, "name,phone\n王芳,13800001234\n") == [
        (0, "a.csv: the header lacks station, tracking")
    ]
