"""A batch stored in runs (one INSERT for the events that move no lot) and the plain-body
shortcut of validation: the outcomes are those of storing and checking one at a time."""

from __future__ import annotations

import json

import pytest

from county_hub.protocol import Event
from county_hub.storage import HubStore
from county_hub.upload import read_upload, store_batch
from tests.county_hub import village
from tests.county_hub.signing import sale_event

NOW = "2026-11-26T08:00:00.000Z"
STATION = village.STATION


def _event(raw: dict) -> Event:  # type: ignore[type-arg]
    return Event(raw["event_id"], raw["seq"], raw["kind"], raw["created_at"], raw["payload"])


def test_a_mixed_batch_keeps_every_outcome_and_the_arrival_order(store: HubStore) -> None:
    store.add_station(STATION, "张庄", NOW)
    held = sale_event(1, 500)
    changed_held = {**held, "payload": {**held["payload"], "total_fen": 400}}
    store.store_events(STATION, [_event(held)], NOW)
    sales = [sale_event(seq, 100 * seq) for seq in range(2, 6)]
    lot = village.lot_received(6, f"{STATION}-261126-07", 30_000)
    twin = village.lot_received(7, f"{STATION}-261126-07", 20_000)  # the code is taken
    again = {**sales[0], "payload": {**sales[0]["payload"], "total_fen": 1}}
    batch = [
        sales[0],
        held,  # the same as stored: duplicate
        sales[1],
        lot,
        sales[2],
        sales[0],  # earlier in this batch, same: duplicate
        again,  # earlier in this batch, changed: conflict
        twin,
        changed_held,  # stored before, changed: conflict
        sales[3],
    ]
    outcomes = store.store_events(STATION, [_event(e) for e in batch], NOW)
    assert outcomes == [
        "accepted",
        "duplicate",
        "accepted",
        "accepted",
        "accepted",
        "duplicate",
        "conflict",
        "lot_code_taken",
        "conflict",
        "accepted",
    ]
    # Stored once each, in the order they arrived (ids, not seqs), the first copy kept.
    stored = [p for _, _, p in store.event_payloads(("sale.completed", "lot.received"))]
    assert stored == [
        held["payload"],
        sales[0]["payload"],
        sales[1]["payload"],
        lot["payload"],
        sales[2]["payload"],
        sales[3]["payload"],
    ]
    lot_row = store.lot(STATION, f"{STATION}-261126-07")
    assert lot_row is not None and lot_row.net_g == 30_000
    # Sent again whole, nothing new is stored and the conflicts stay conflicts.
    assert store.store_events(STATION, [_event(e) for e in batch], NOW) == [
        "duplicate",
        "duplicate",
        "duplicate",
        "duplicate",
        "duplicate",
        "duplicate",
        "conflict",
        "lot_code_taken",
        "conflict",
        "duplicate",
    ]


def _body(events: list[dict]) -> bytes:  # type: ignore[type-arg]
    return json.dumps({"station_id": STATION, "events": events}, ensure_ascii=False).encode()


def test_a_station_batch_is_plain() -> None:
    body = _body([sale_event(1, 350), village.event(2, "shift.closed")])
    events, _, plain = read_upload(body, STATION)
    assert plain and len(events) == 2


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('"note": "a\\u0000b"', "NUL"),
        ('"note": "a\\ud800b"', "surrogate"),
        ('"note": 99999999999999999999', "64-bit"),
        ('"note": 1e999', "finite"),
        ('"note": -Infinity', "finite"),
        ('"note": NaN', "finite"),
    ],
)
def test_a_body_that_could_fail_the_payload_walk_is_not_plain_and_the_event_is_refused(
    store: HubStore, text: str, reason: str
) -> None:
    store.add_station(STATION, "张庄", NOW)
    good, bad = sale_event(1, 350), sale_event(2, 350)
    body = _body([good, bad]).decode()
    # The bad event's payload gets one more field, written as raw JSON text.
    marker = f'"receipt_no": "{bad["payload"]["receipt_no"]}"'
    assert body.count(marker) == 1
    body = body.replace(marker, f"{marker}, {text}")
    events, status, plain = read_upload(body.encode(), STATION)
    assert not plain
    results = store_batch(store, STATION, events, NOW, status, plain=plain)
    assert [r.status for r in results] == ["accepted", "rejected"]
    assert reason in (results[1].reason or "")
    assert store.event_counts(STATION) == {"sale.completed": 1}


def test_plain_skips_only_the_payload_walk(store: HubStore) -> None:
    """Every other check still runs on a plain body: a sale that does not add up is refused."""
    store.add_station(STATION, "张庄", NOW)
    wrong = sale_event(1, 350)
    wrong["payload"]["total_fen"] = 351
    unknown = {**sale_event(2, 100), "kind": "sale.teleported"}
    events, status, plain = read_upload(_body([wrong, unknown, sale_event(3, 9)]), STATION)
    assert plain
    results = store_batch(store, STATION, events, NOW, status, plain=plain)
    assert [r.status for r in results] == ["rejected", "rejected", "accepted"]
    assert "total_fen" in (results[0].reason or "")
    assert "unknown kind" in (results[1].reason or "")
