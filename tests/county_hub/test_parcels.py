"""Announcing a parcel to one station as a `parcel.arrived` change."""

from __future__ import annotations

import pytest

from county_hub.parcels import ParcelRefused, announce_parcel, parcel_data
from county_hub.storage import HubStore, StoreError

NOW = "2026-11-26T08:00:00.000Z"


def test_the_data_is_normalised_as_the_station_reads_a_scan():
    assert parcel_data(" sf 1234 5678 90123 ", " 顺丰 ", " 王秀英 ", "138-0013 8000") == {
        "tracking_no": "SF1234567890123",
        "carrier": "顺丰",
        "recipient_name": "王秀英",
        "recipient_phone": "13800138000",
    }
    # Nothing but a plain digit number: the keeper chooses the carrier at the station.
    assert parcel_data("773012345678901") == {
        "tracking_no": "773012345678901",
        "carrier": None,
        "recipient_name": "",
        "recipient_phone": "",
    }


@pytest.mark.parametrize(
    ("number", "carrier"),
    [
        ("SF123456789012", "顺丰"),
        ("SF1234567890123", "顺丰"),
        ("YT1234567890123", "圆通"),
        ("JD0012345678901", "京东"),
        ("EA123456789CN", "邮政EMS"),
        ("DPK123456789012", "德邦"),
    ],
)
def test_an_announcement_without_a_carrier_gets_the_one_the_number_tells(number: str, carrier: str):
    assert parcel_data(number)["carrier"] == carrier
    # The staff's choice still wins over the number's format.
    assert parcel_data(number, "中通")["carrier"] == "中通"


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("1234567",), "tracking number '1234567' must be 8-30 letters or digits"),
        (("SF12345678-90",), "tracking number 'SF12345678-90' must be 8-30 letters or digits"),
        (("单号12345678",), "must be 8-30 letters or digits"),
        (("A" * 31,), "must be 8-30 letters or digits"),
        (("SF1234567890123", "UPS"), "unknown carrier 'UPS': use one of 顺丰 京东 圆通"),
        (("SF1234567890123", None, "王" * 21), "the recipient's name must be at most 20"),
        (
            ("SF1234567890123", None, "", "12800138000"),
            "phone '12800138000' is not a mainland mobile number",
        ),
        (("SF1234567890123", None, "", "1380013800"), "is not a mainland mobile number"),
    ],
)
def test_bad_announcements_are_refused_with_the_reason(args: tuple[str, ...], reason: str):
    with pytest.raises(ParcelRefused) as caught:
        parcel_data(*args)
    assert reason in str(caught.value)


def test_a_parcel_reaches_its_station_only_and_is_announced_once(store: HubStore):
    store.add_station("A", "a", NOW)
    store.add_station("B", "b", NOW)
    cursor = announce_parcel(store, "A", "SF1234567890123", NOW, name="王秀英")
    [change] = store.changes_after("A", 0, 10)[0]
    assert (change.cursor, change.kind, change.data["tracking_no"]) == (
        cursor,
        "parcel.arrived",
        "SF1234567890123",
    )
    assert store.changes_after("B", 0, 10)[0] == []
    with pytest.raises(ParcelRefused, match=rf"already announced to station A \(cursor {cursor}\)"):
        announce_parcel(store, "A", "sf1234567890123", NOW)
    # Another station may get a parcel with the same number (carriers reuse them).
    assert announce_parcel(store, "B", "SF1234567890123", NOW) > cursor
    # A longer number that merely contains the first is another parcel.
    announce_parcel(store, "A", "SF12345678901234", NOW)
    with pytest.raises(StoreError, match="no station C"):
        announce_parcel(store, "C", "SF1234567890123", NOW)
