from __future__ import annotations

import threading

from county_hub.protocol import Event
from county_hub.storage import HubStore
from tests.county_hub.storage.conftest import NOW, insert_old_event


def _events(count: int, prefix: str = "e") -> list[Event]:
    return [Event(f"{prefix}{i}", i, "sale.completed", NOW, {"total_fen": i}) for i in range(count)]


def test_events_are_stored_once_per_station_and_event_id(store: HubStore):
    store.add_station("A", "a", NOW)
    store.add_station("B", "b", NOW)
    assert store.store_events("A", _events(3), NOW) == ["accepted"] * 3
    assert store.store_events("A", _events(4), NOW) == ["duplicate"] * 3 + ["accepted"]
    assert store.store_events("B", _events(1), NOW) == ["accepted"]
    assert store.event_counts("A") == {"sale.completed": 4}
    assert store.event_counts() == {"sale.completed": 5}
    assert [(s, p["total_fen"]) for s, _, p in store.event_payloads(("sale.completed",), "A")] == [
        ("A", 0),
        ("A", 1),
        ("A", 2),
        ("A", 3),
    ]


def test_an_event_id_stored_with_another_payload_is_a_conflict_and_the_first_kept(store: HubStore):
    store.add_station("A", "a", NOW)
    [first] = _events(1)
    changed = Event(
        first.event_id, first.seq, first.kind, first.created_at, {**first.payload, "total_fen": 999}
    )
    # In one batch the second copy meets the first inside the same transaction.
    assert store.store_events("A", [first, changed, first], NOW) == [
        "accepted",
        "conflict",
        "duplicate",
    ]
    assert store.store_events("A", [changed], NOW) == ["conflict"]
    assert [p["total_fen"] for _, _, p in store.event_payloads(("sale.completed",), "A")] == [0]


def test_concurrent_uploads_of_one_batch_store_it_once(two_workers: list[HubStore]):
    # Only the database keeps events unique: nothing is shared between the two workers.
    outcomes: list[list[str]] = []
    barrier = threading.Barrier(4, timeout=30)

    def upload(worker: HubStore) -> None:
        barrier.wait()
        outcomes.append(worker.store_events("A", _events(50), NOW))

    threads = [threading.Thread(target=upload, args=(two_workers[i % 2],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert [column.count("accepted") for column in zip(*outcomes, strict=True)] == [1] * 50
    assert {outcome for column in outcomes for outcome in column} == {"accepted", "duplicate"}
    assert two_workers[1].event_counts() == {"sale.completed": 50}


def test_an_event_an_older_hub_stored_in_other_spelling_sent_again_is_a_duplicate(
    store: HubStore,
):
    store.add_station("A", "a", NOW)
    payload = {"total_fen": 5, "weight_kg": 1e-7, "name": "鸡蛋"}
    # Spaces after the separators and `1e-07`: the standard library, as earlier hubs wrote.
    insert_old_event(store, "A", "old", 1, "sale.completed", payload)
    again = Event("old", 1, "sale.completed", NOW, dict(payload))
    changed = Event("old", 1, "sale.completed", NOW, {**payload, "total_fen": 6})
    assert store.store_events("A", [again], NOW) == ["duplicate"]
    assert store.store_events("A", [changed], NOW) == ["conflict"]
    assert store.event_counts("A") == {"sale.completed": 1}


def test_an_event_id_holding_a_record_separator_is_stored_as_sent(store: HubStore):
    # PostgreSQL joins a run's ids with that character; such a run goes another way.
    store.add_station("A", "a", NOW)
    odd = Event("a\x1eb", 1, "sale.completed", NOW, {"total_fen": 7, "note": "x\x1ey"})
    plain = Event("c", 2, "sale.completed", NOW, {"total_fen": 8})
    assert store.store_events("A", [odd, plain], NOW) == ["accepted", "accepted"]
    assert store.store_events("A", [odd, plain], NOW) == ["duplicate", "duplicate"]
    sent, _ = store.events_of_station("A", 0, 10)
    assert [(e.event_id, e.seq, e.payload) for e in sent] == [
        ("a\x1eb", 1, {"total_fen": 7, "note": "x\x1ey"}),
        ("c", 2, {"total_fen": 8}),
    ]


def test_events_go_in_in_their_order_with_every_column(store: HubStore):
    store.add_station("A", "a", NOW)
    events = [
        Event(f"id{i}", 10 + i, kind, f"2026-11-26T08:00:0{i}.000Z", {"n": i, "名": "蛋"})
        for i, kind in enumerate(("sale.completed", "refund.completed", "shift.closed"))
    ]
    assert store.store_events("A", events, NOW) == ["accepted"] * 3
    sent, _ = store.events_of_station("A", 0, 10)
    assert [(e.event_id, e.seq, e.kind, e.created_at, e.payload) for e in sent] == [
        (e.event_id, e.seq, e.kind, e.created_at, e.payload) for e in events
    ]
