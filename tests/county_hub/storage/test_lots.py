"""Each lot's state in the hub's `lots` table: kept with every event and settlement, and
rebuilt from the stored events when an older hub's database is upgraded."""

from __future__ import annotations

import pytest

from county_hub.consignment import SettlementRefused, settle_lot
from county_hub.protocol import Event
from county_hub.storage import HubStore, open_store
from county_hub.upload import store_batch
from tests.county_hub.storage.conftest import NOW, insert_old_event, old_store
from tests.county_hub.village import event, lot_received, shipment


def _states(store: HubStore, station: str, *codes: str) -> dict[str, str | None]:
    return {code: (lot.state if (lot := store.lot(station, code)) else None) for code in codes}


def test_a_lot_moves_with_the_stations_events_and_the_hubs_settlements(store: HubStore):
    store.add_station("A", "a", NOW)
    store_batch(
        store,
        "A",
        [
            lot_received(1, "A-1", 50_000),
            lot_received(2, "A-2", 9000),
            lot_received(3, "A-3", 7000),
        ],
        NOW,
    )
    assert _states(store, "A", "A-1", "A-2", "A-3") == {
        "A-1": "received",
        "A-2": "received",
        "A-3": "received",
    }
    store_batch(
        store,
        "A",
        [
            shipment(4, ("A-1", 50_000), ("A-3", 7000)),
            event(5, "lot.returned", lot_id="id-A-2", lot_code="A-2"),
        ],
        NOW,
    )
    assert _states(store, "A", "A-1", "A-2", "A-3") == {
        "A-1": "shipped",
        "A-2": "returned",
        "A-3": "shipped",
    }
    settle_lot(store, "A", "A-1", "partial", 20_000, 12_000, NOW, hub_fees_fen=500)
    assert store.lot("A", "A-1").state == "partially_settled"  # type: ignore[union-attr]
    last, _ = settle_lot(store, "A", "A-1", "sold", 30_000, 18_000, NOW, commission_fen=900)
    settle_lot(store, "A", "A-3", "rejected", 0, 0, NOW, hub_fees_fen=300, reason="烂果")
    lot = store.lot("A", "A-1")
    assert lot is not None
    assert (
        lot.state,
        lot.lot_id,
        lot.net_g,
        lot.settlements,
        lot.settled_g,
        lot.sale_fen,
        lot.hub_fees_fen,
        lot.commission_fen,
        lot.due_to_farmer_fen,
        lot.closed_by,
    ) == ("settled", "id-A-1", 50_000, 2, 50_000, 30_000, 500, 900, 28_600, last.settlement_id)
    assert store.lot("A", "A-3").state == "rejected"  # type: ignore[union-attr]
    assert store.lot("B", "A-1") is None and store.lot("A", "A-9") is None


def test_a_shipment_stored_before_its_lots_intake_still_ships_the_lot(store: HubStore):
    # An intake the hub first refused comes again later, after the shipment that lists it.
    store.add_station("A", "a", NOW)
    store_batch(store, "A", [shipment(2, ("A-1", 5000))], NOW)
    assert _states(store, "A", "A-1") == {"A-1": "unreceived"}
    with pytest.raises(SettlementRefused, match="no lot A-1 received from station A"):
        settle_lot(store, "A", "A-1", "sold", 5000, 100, NOW)
    store_batch(store, "A", [lot_received(1, "A-1", 5000)], NOW)
    assert _states(store, "A", "A-1") == {"A-1": "shipped"}
    settle_lot(store, "A", "A-1", "sold", 5000, 100, NOW)


def test_lot_codes_with_like_wildcards_are_lots_of_their_own(store: HubStore):
    store.add_station("A", "a", NOW)
    codes = ["A_1", "AB1", "A%1", "A!1", "XA_1"]
    store.store_events(
        "A",
        [
            Event(
                code, i, "lot.received", NOW, {"lot_id": f"id-{code}", "lot_code": code, "net_g": i}
            )
            for i, code in enumerate(codes)
        ],
        NOW,
    )
    for i, code in enumerate(codes):
        lot = store.lot("A", code)
        assert lot is not None and (lot.lot_id, lot.net_g) == (f"id-{code}", i), code


def _old_settlement(
    store: HubStore,
    station: str,
    code: str,
    settlement_id: str,
    outcome: str,
    sold_g: int,
    sale_fen: int,
    due_fen: int,
) -> None:
    """A settlement and its `lot.settled` change as a version 3 hub stored them."""
    db = store.database
    with db.write() as conn:
        cursor = db.run(
            conn,
            "INSERT INTO changes(station_id, kind, data, created_at) "
            "VALUES (?, 'lot.settled', '{}', ?) RETURNING cursor",
            [station, NOW],
        ).fetchone()[0]
        db.run(
            conn,
            "INSERT INTO lot_settlements(id, station_id, lot_code, outcome, sold_g, "
            "sale_fen, hub_fees_fen, commission_fen, due_to_farmer_fen, reason, "
            "settled_at, cursor) VALUES (?,?,?,?,?,?,0,?,?,'',?,?)",
            [
                settlement_id,
                station,
                code,
                outcome,
                sold_g,
                sale_fen,
                sale_fen - due_fen,
                due_fen,
                NOW,
                cursor,
            ],
        )


def test_a_version_3_database_is_upgraded_with_every_lot_in_its_state(db_url: str):
    old = old_store(db_url, 3)
    old.add_station("A", "a", NOW)
    old.add_station("B", "b", NOW)
    seq = iter(range(1, 100))

    def received(station: str, event_id: str, code: str, net_g: int) -> None:
        insert_old_event(
            old,
            station,
            event_id,
            next(seq),
            "lot.received",
            {"lot_id": f"id-{event_id}", "lot_code": code, "net_g": net_g},
        )

    codes = ("REC", "SHIP", "PART", "SOLD", "REJ", "SPOIL", "RET")
    for i, code in enumerate(codes):
        received("A", code, code, 10_000 + i)
    received("A", "REC-again", "REC", 1)  # a repeat an older hub let in: the first stands
    received("B", "B-REC", "REC", 77)
    insert_old_event(
        old,
        "A",
        "ship",
        next(seq),
        "shipment.sent",
        {
            "shipment_id": "s",
            "manifest_no": "M1",
            "shipped_at": "2026-11-27T06:00:00.000Z",
            "lots": [
                {"lot_id": f"id-{code}", "lot_code": code, "net_g": 1}
                for code in ("SHIP", "PART", "SOLD", "REJ", "GHOST")
            ],
        },
    )
    insert_old_event(
        old,
        "A",
        "spoil",
        next(seq),
        "lot.spoiled",
        {"lot_id": "id-SPOIL", "lot_code": "SPOIL", "reason": "烂"},
    )
    insert_old_event(
        old,
        "A",
        "ret",
        next(seq),
        "lot.returned",
        {"lot_id": "id-RET", "lot_code": "RET", "reason": "取回"},
    )
    with old.database.write() as conn:
        # As a version 3 hub claimed codes: the first intake of each.
        for station, code, event_id in (("A", c, c) for c in codes):
            old.database.run(
                conn,
                "INSERT INTO lot_codes(station_id, lot_code, event_id) VALUES (?,?,?)",
                [station, code, event_id],
            )
        old.database.run(conn, "INSERT INTO lot_codes VALUES ('B', 'REC', 'B-REC')")
    _old_settlement(old, "A", "PART", "p1", "partial", 4000, 2400, 2000)
    _old_settlement(old, "A", "SOLD", "s1", "partial", 3000, 1800, 1500)
    _old_settlement(old, "A", "SOLD", "s2", "sold", 10_003 - 3000, 4200, 4000)
    _old_settlement(old, "A", "REJ", "r1", "rejected", 0, 0, 0)
    old.close()

    upgraded = open_store(db_url)
    lots = {code: upgraded.lot("A", code) for code in (*codes, "GHOST")}
    assert {
        code: (lot.state, lot.net_g, lot.settled_g, lot.due_to_farmer_fen, lot.closed_by)
        for code, lot in lots.items()
        if lot
    } == {
        "REC": ("received", 10_000, 0, 0, None),
        "SHIP": ("shipped", 10_001, 0, 0, None),
        "PART": ("partially_settled", 10_002, 4000, 2000, None),
        "SOLD": ("settled", 10_003, 10_003, 5500, "s2"),
        "REJ": ("rejected", 10_004, 0, 0, "r1"),
        "SPOIL": ("spoiled", 10_005, 0, 0, None),
        "RET": ("returned", 10_006, 0, 0, None),
        "GHOST": ("unreceived", 0, 0, 0, None),
    }
    assert lots["SHIP"].shipped_at == "2026-11-27T06:00:00.000Z"  # type: ignore[union-attr]
    assert lots["REC"].lot_id == "id-REC"  # type: ignore[union-attr]
    assert upgraded.lot("B", "REC").net_g == 77  # type: ignore[union-attr]
    # The codes stay held, and the back-filled states are what settling goes by.
    [again] = store_batch(upgraded, "A", [lot_received(50, "REC", 5)], NOW)
    assert (again.status, again.reason.startswith("duplicate lot code")) == ("rejected", True)
    settle_lot(upgraded, "A", "SHIP", "sold", 10_001, 5000, NOW)
    with pytest.raises(SettlementRefused, match="already closed by settlement s2 \\(sold\\)"):
        settle_lot(upgraded, "A", "SOLD", "partial", 1, 1, NOW)
    with pytest.raises(SettlementRefused, match="recorded as spoiled"):
        settle_lot(upgraded, "A", "SPOIL", "partial", 1, 1, NOW)
    upgraded.close()
