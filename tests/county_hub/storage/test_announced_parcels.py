"""A tracking number is announced once per station: kept in `announced_parcels`."""

from __future__ import annotations

import json
import threading

import pytest

from county_hub.parcels import ParcelRefused, announce_parcel
from county_hub.storage import HubStore, open_store
from tests.county_hub.storage.conftest import NOW, old_store

NUMBER = "SF1234567890123"


def test_parcels_announced_before_the_upgrade_stay_announced(db_url: str):
    old = old_store(db_url, 3)
    old.add_station("A", "a", NOW)
    old.add_station("B", "b", NOW)
    [cursor] = old.queue_changes(
        [
            (
                "parcel.arrived",
                {
                    "tracking_no": NUMBER,
                    "carrier": "顺丰",
                    "recipient_name": "",
                    "recipient_phone": "",
                },
            )
        ],
        NOW,
        "A",
    )
    old.queue_changes(
        [("notice", {"title": "t", "body": json.dumps({"tracking_no": NUMBER})})], NOW
    )
    old.close()
    upgraded = open_store(db_url)
    with pytest.raises(ParcelRefused, match=rf"already announced to station A \(cursor {cursor}\)"):
        announce_parcel(upgraded, "A", NUMBER, NOW)
    assert announce_parcel(upgraded, "B", NUMBER, NOW) > cursor
    upgraded.close()


def test_two_staff_announcing_one_parcel_at_once_queue_it_once(two_workers: list[HubStore]):
    barrier = threading.Barrier(2, timeout=30)
    outcomes: list[str] = []

    def announce(worker: HubStore) -> None:
        barrier.wait()
        try:
            announce_parcel(worker, "A", NUMBER, NOW)
            outcomes.append("queued")
        except ParcelRefused:
            outcomes.append("refused")

    threads = [threading.Thread(target=announce, args=(w,)) for w in two_workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["queued", "refused"]
    assert [c.kind for c in two_workers[1].changes_after("A", 0, 10)[0]] == ["parcel.arrived"]
