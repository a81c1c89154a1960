from __future__ import annotations

import threading
import time

import pytest

from county_hub.storage import HubStore, StoreError
from tests.county_hub.storage.conftest import NOW


def test_concurrent_publishers_never_commit_cursors_out_of_order(two_workers: list[HubStore]):
    seen: list[int] = []
    done = threading.Event()

    def read() -> None:
        after, deadline = 0, time.monotonic() + 30
        while (not done.is_set() or after < 200) and time.monotonic() < deadline:
            page, _ = two_workers[1].changes_after("A", after, 500)
            seen.extend(c.cursor for c in page)
            after = page[-1].cursor if page else after

    def publish(worker: HubStore) -> None:
        for _ in range(20):
            worker.queue_changes([("notice", {})] * 5, NOW)

    reader = threading.Thread(target=read)
    reader.start()
    publishers = [threading.Thread(target=publish, args=(w,)) for w in two_workers]
    for thread in publishers:
        thread.start()
    for thread in publishers:
        thread.join(30)
    done.set()
    reader.join(30)
    # A station paging while two workers publish sees every cursor, once, in order
    # (without the feed lock PostgreSQL commits some cursors late and the reader skips them).
    assert sorted(seen) == seen and len(seen) == len(set(seen)) == 200


def test_the_feed_pages_by_cursor_and_scope(store: HubStore):
    store.add_station("A", "a", NOW)
    store.add_station("B", "b", NOW)
    everyone = store.queue_changes([("notice", {"n": i}) for i in range(3)], NOW)
    for_a = store.queue_changes([("notice", {"n": "a"})], NOW, "A")
    for_b = store.queue_changes([("notice", {"n": "b"})], NOW, "B")
    assert everyone == sorted(everyone) and everyone[-1] < for_a[0] < for_b[0]
    page, more = store.changes_after("A", 0, 2)
    assert ([c.cursor for c in page], more) == (everyone[:2], True)
    page, more = store.changes_after("A", page[-1].cursor, 10)
    assert ([c.cursor for c in page], more) == ([everyone[2], *for_a], False)
    assert page[-1].data == {"n": "a"}
    assert [c.cursor for c in store.changes_after("B", everyone[-1], 10)[0]] == for_b


def test_changes_for_an_unknown_station_are_refused(store: HubStore):
    with pytest.raises(StoreError, match="no station"):
        store.queue_changes([("notice", {})], NOW, "ZZ")


def test_broadcasts_and_a_stations_own_changes_interleave_in_cursor_order(store: HubStore):
    store.add_station("A", "a", NOW)
    store.add_station("B", "b", NOW)
    # Runs of each scope of different lengths, so pages start and end inside either.
    scopes = [None, None, "A", "B", None, "A", "A", "A", "B", None, None, None, "A", "B"]
    cursors: dict[str | None, list[int]] = {None: [], "A": [], "B": []}
    for n, scope in enumerate(scopes):
        [cursor] = store.queue_changes([("notice", {"n": n})], NOW, scope)
        cursors[scope].append(cursor)
    for station in ("A", "B"):
        wanted = sorted(cursors[None] + cursors[station])
        for limit in range(1, len(wanted) + 2):
            seen, after, more = [], 0, True
            while more:
                page, more = store.changes_after(station, after, limit)
                assert 0 < len(page) <= limit or (not page and not more)
                seen.extend(c.cursor for c in page)
                after = page[-1].cursor if page else after
            assert seen == wanted, (station, limit)
