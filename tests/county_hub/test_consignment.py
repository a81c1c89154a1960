"""Settling consigned lots: what the hub knows of a lot, what it refuses, what it publishes."""

from __future__ import annotations

import json
import re
import threading
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from sqlite_utils import Database

from county_hub.consignment import SettlementRefused, known_lot, settle_lot
from county_hub.stats import hub_stats
from county_hub.storage import HubStore, StoreError, open_store
from county_hub.upload import store_batch
from tests.county_hub.conftest import RunningHub
from tests.county_hub.signing import statuses
from tests.county_hub.storage.conftest import insert_old_event, old_store
from tests.county_hub.village import event, lot_received, shipment

if TYPE_CHECKING:
    from station_app.core.clock import Clock
    from station_app.core.operators import Operator

NOW = "2026-11-28T09:00:00.000Z"
LOT = "HN-ZZ-0001-T1-261126-01"
OTHER_LOT = "HN-ZZ-0001-T2-261126-01"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture
def lots(store: HubStore) -> HubStore:
    """Station A weighed in two lots (50 kg and 30 kg) and shipped the first."""
    store.add_station("A", "a", NOW)
    store.add_station("B", "b", NOW)
    store_batch(
        store,
        "A",
        [
            lot_received(1, LOT, 50_000),
            lot_received(2, OTHER_LOT, 30_000),
            shipment(3, (LOT, 50_000)),
        ],
        NOW,
    )
    return store


def _refusal(
    store: HubStore,
    lot: str = LOT,
    outcome: str = "sold",
    sold_g: int = 50_000,
    sale_fen: int = 30_000,
    station: str = "A",
    **extra: Any,
) -> str:
    with pytest.raises(SettlementRefused) as caught:
        settle_lot(store, station, lot, outcome, sold_g, sale_fen, NOW, **extra)
    return str(caught.value)


def test_a_shipped_lot_is_settled_for_its_station_only(lots: HubStore):
    settlement, cursor = settle_lot(
        lots,
        "A",
        LOT,
        "sold",
        48_000,
        30_000,
        NOW,
        hub_fees_fen=1500,
        commission_fen=2400,
        reason="一级果",
    )
    assert UUID.fullmatch(settlement.settlement_id)
    [change] = lots.changes_after("A", 0, 10)[0]
    assert (change.cursor, change.kind, change.created_at) == (cursor, "lot.settled", NOW)
    assert change.data == {
        "settlement_id": settlement.settlement_id,
        "lot_code": LOT,
        "outcome": "sold",
        "sold_g": 48_000,
        "sale_fen": 30_000,
        "hub_fees_fen": 1500,
        "commission_fen": 2400,
        "due_to_farmer_fen": 30_000 - 1500 - 2400,
        "reason": "一级果",
        "settled_at": NOW,
    }
    assert lots.changes_after("B", 0, 10)[0] == []
    assert lots.settlements("A", LOT) == [settlement]


def test_partial_settlements_add_up_and_overselling_is_refused(lots: HubStore):
    settle_lot(lots, "A", LOT, "partial", 20_000, 12_000, NOW)
    settle_lot(lots, "A", LOT, "partial", 25_000, 15_000, NOW)
    assert _refusal(lots, sold_g=5001) == (
        f"5,001 g sold is more than the 5,000 g left of lot {LOT} "
        "(net 50,000 g, 45,000 g already settled)"
    )
    last, _ = settle_lot(lots, "A", LOT, "sold", 5000, 3000, NOW)
    assert [s.sold_g for s in lots.settlements("A", LOT)] == [20_000, 25_000, 5000]
    # A sale closes the lot: nothing more, not even a rejection.
    assert (
        _refusal(lots, outcome="rejected", sold_g=0, sale_fen=0, reason="x")
        == f"lot {LOT} is already closed by settlement {last.settlement_id} (sold)"
    )


def test_more_than_the_net_weight_is_refused_at_once(lots: HubStore):
    assert _refusal(lots, outcome="partial", sold_g=50_001) == (
        f"50,001 g sold is more than the 50,000 g left of lot {LOT} "
        "(net 50,000 g, 0 g already settled)"
    )
    assert lots.settlements("A", LOT) == [] and lots.changes_after("A", 0, 10)[0] == []


def test_unknown_lots_and_other_stations_lots_are_refused(lots: HubStore):
    assert (
        _refusal(lots, lot="HN-ZZ-0001-T1-261126-99")
        == "no lot HN-ZZ-0001-T1-261126-99 received from station A"
    )
    # Station B never sent this lot: its code alone is not enough.
    assert _refusal(lots, station="B") == f"no lot {LOT} received from station B"
    with pytest.raises(StoreError, match="no station C"):
        settle_lot(lots, "C", LOT, "sold", 1, 1, NOW)


def test_a_lot_not_shipped_or_written_off_is_refused(lots: HubStore):
    assert (
        _refusal(lots, lot=OTHER_LOT, sold_g=1)
        == f"lot {OTHER_LOT} has not been shipped to the hub yet (no shipment.sent lists it)"
    )
    store_batch(lots, "A", [event(4, "lot.spoiled", lot_id="x", lot_code=OTHER_LOT)], NOW)
    assert (
        _refusal(lots, lot=OTHER_LOT, sold_g=1)
        == f"lot {OTHER_LOT} was recorded as spoiled by the station; it cannot be settled"
    )


def test_a_rejection_sells_nothing_owes_nothing_and_needs_a_reason(lots: HubStore):
    assert (
        _refusal(lots, outcome="rejected", sold_g=0, sale_fen=0)
        == "a rejected lot needs a reason for the farmer"
    )
    assert (
        _refusal(lots, outcome="rejected", sold_g=100, sale_fen=0, reason="烂果")
        == "a rejected lot sells nothing: sold_g, sale_fen and commission_fen must be 0"
    )
    rejected, _ = settle_lot(
        lots, "A", LOT, "rejected", 0, 0, NOW, hub_fees_fen=800, reason=" 糖度不够，拒收 "
    )
    assert (rejected.due_to_farmer_fen, rejected.hub_fees_fen, rejected.reason) == (
        0,
        800,
        "糖度不够，拒收",
    )


@pytest.mark.parametrize(
    ("outcome", "sold_g", "sale_fen", "extra", "reason"),
    [
        ("sold", 0, 100, {}, "a 'sold' settlement must sell at least 1 g"),
        (
            "partial",
            10,
            1000,
            {"hub_fees_fen": 600, "commission_fen": 401},
            "hub fees and commission (1,001 fen) are more than the sale (1,000 fen)",
        ),
        ("given", 10, 10, {}, "outcome must be one of sold, partial, rejected, not 'given'"),
        ("sold", 10, 100_000_001, {}, "sale_fen must be 0 to 100,000,000, not 100,000,001"),
        ("sold", 10, 10, {"hub_fees_fen": -1}, "hub_fees_fen must be 0 to 100,000,000, not -1"),
        ("sold", 10, 10, {"reason": "很" * 101}, "the reason must be at most 100 characters"),
    ],
)
def test_implausible_figures_are_refused(
    lots: HubStore, outcome: str, sold_g: int, sale_fen: int, extra: dict[str, Any], reason: str
):
    assert _refusal(lots, outcome=outcome, sold_g=sold_g, sale_fen=sale_fen, **extra) == reason


def test_a_sale_that_only_covers_fees_owes_the_farmer_zero(lots: HubStore):
    settlement, _ = settle_lot(
        lots, "A", LOT, "sold", 50_000, 2000, NOW, hub_fees_fen=1500, commission_fen=500
    )
    assert settlement.due_to_farmer_fen == 0


def test_a_second_lot_with_a_code_the_station_holds_is_rejected_with_the_reason(lots: HubStore):
    again = lot_received(5, LOT, 1)
    [result] = store_batch(lots, "A", [again], NOW)
    assert (result.status, result.reason) == (
        "rejected",
        (
            f"duplicate lot code: the hub already holds lot {LOT} of this station (another "
            "lot.received); the first lot keeps the code. Each counter PC needs its own "
            "terminal id"
        ),
    )
    assert lots.event_counts("A")["lot.received"] == 2  # nothing stored
    assert known_lot(lots, "A", LOT).net_g == 50_000
    # The first lot's own event sent again is a duplicate, and another station's lot
    # may carry the same code.
    [first] = store_batch(
        lots, "A", [lot_received(1, LOT, 50_000) | {"event_id": _stored_event_id(lots, LOT)}], NOW
    )
    assert first.status == "duplicate"
    assert store_batch(lots, "B", [lot_received(1, LOT, 1)], NOW)[0].status == "accepted"


def _stored_event_id(store: HubStore, lot_code: str) -> str:
    with store.database.read() as conn:
        return str(
            store.database.run(
                conn, "SELECT received_event_id FROM lots WHERE lot_code = ?", [lot_code]
            ).fetchone()[0]
        )


def test_two_lots_with_one_code_in_one_batch_keep_the_first(store: HubStore):
    store.add_station("A", "a", NOW)
    results = store_batch(
        store,
        "A",
        [
            lot_received(1, LOT, 10_000),
            lot_received(2, LOT, 20_000),
            lot_received(3, OTHER_LOT, 5000),
        ],
        NOW,
    )
    assert [r.status for r in results] == ["accepted", "rejected", "accepted"]
    assert known_lot(store, "A", LOT).net_g == 10_000


def test_a_duplicate_lot_code_uploaded_over_http_is_rejected(hub: RunningHub):
    response = hub.station.upload([lot_received(1, LOT, 10_000), lot_received(2, LOT, 10_000)])
    assert statuses(response) == ["accepted", "rejected"]
    assert "duplicate lot code" in response.json()["results"][1]["reason"]


def test_lots_stored_before_the_upgrade_hold_their_codes(db_url: str):
    # A hub of schema version 2 had accepted two lots with one code (the bug).
    old = old_store(db_url, 2)
    old.add_station("A", "a", NOW)
    for event_id, seq, net_g in (("first", 1, 50_000), ("second", 2, 1)):
        insert_old_event(old, "A", event_id, seq, "lot.received", {"lot_code": LOT, "net_g": net_g})
    old.close()
    upgraded = open_store(db_url)
    assert _stored_event_id(upgraded, LOT) == "first"
    assert store_batch(upgraded, "A", [lot_received(3, LOT, 7)], NOW)[0].status == "rejected"
    assert store_batch(upgraded, "A", [lot_received(4, OTHER_LOT, 7)], NOW)[0].status == "accepted"
    upgraded.close()


def test_two_staff_settling_one_lot_at_once_never_oversell(lots: HubStore, db_url: str):
    # Two hub processes on one database: only the database can keep the lot whole.
    workers = [open_store(db_url), open_store(db_url)]
    barrier = threading.Barrier(2, timeout=30)
    outcomes: list[str] = []

    def settle(worker: HubStore) -> None:
        barrier.wait()
        try:
            settle_lot(worker, "A", LOT, "partial", 30_000, 18_000, NOW)
            outcomes.append("settled")
        except SettlementRefused:
            outcomes.append("refused")

    threads = [threading.Thread(target=settle, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    for worker in workers:
        worker.close()
    assert sorted(outcomes) == ["refused", "settled"]
    assert sum(s.sold_g for s in lots.settlements("A", LOT)) == 30_000


def _outbox(db: Database, after_seq: int = 0) -> list[dict[str, Any]]:
    return [
        {
            "event_id": r["event_id"],
            "seq": r["seq"],
            "kind": r["kind"],
            "created_at": r["created_at"],
            "payload": json.loads(r["payload"]),
        }
        for r in db.query("SELECT * FROM outbox WHERE seq > ? ORDER BY seq", [after_seq])
    ]


def _upload(hub: HubStore, station: str, events: list[dict[str, Any]]) -> None:
    for start in range(0, len(events), 200):
        results = store_batch(hub, station, events[start : start + 200], NOW)
        assert [r.reason for r in results if r.status == "rejected"] == []


def _station_sections(db: Database) -> dict[str, dict[str, int]]:
    """The station's own tables, summed with the meaning of the hub's stats sections."""

    def one(sql: str) -> tuple[int, ...]:
        return tuple(db.execute(sql).fetchone())

    entries, balance = one("SELECT count(*), coalesce(sum(amount_fen), 0) FROM villager_ledger")
    money = dict(
        db.execute("SELECT kind, sum(amount_fen) FROM agency_money GROUP BY kind").fetchall()
    )
    lots, net_g = one("SELECT count(*), coalesce(sum(net_g), 0) FROM lots")
    payouts, paid = one("SELECT count(*), coalesce(sum(amount_fen), 0) FROM farmer_payouts")
    return {
        "credit": {"entries": entries, "balance_fen": balance},
        "agency": {
            "orders": one("SELECT count(*) FROM agency_orders")[0],
            "collected_fen": money.get("collected", 0),
            "spent_fen": money.get("spent", 0),
            "platform_refund_fen": money.get("platform_refund", 0),
            "paid_back_fen": money.get("paid_back", 0),
        },
        "parcels": {
            "arrived": one("SELECT count(*) FROM parcels")[0],
            "handed_over": one("SELECT count(*) FROM parcel_handovers")[0],
        },
        "consignment": {
            "lots": lots,
            "net_g": net_g,
            "shipments": one("SELECT count(*) FROM shipments")[0],
            "payouts": payouts,
            "payouts_fen": paid,
        },
    }


def test_a_simulated_station_is_settled_pays_out_and_reconciles_with_the_hub(
    store: HubStore, demo_db: Database, owner: Operator, clock: Clock
):
    # The real station: its simulation, its own settlement rules and payouts.
    from station_app.core.consignment import apply_settlement, list_lots, pay_out
    from station_app.core.payments import PaymentMethod
    from station_app.core.settings import load_settings
    from station_app.core.simulation import simulate

    station = load_settings(demo_db).station_id
    store.add_station(station, "demo", NOW)
    simulate(demo_db, days=8, seed=11, start=date(2026, 3, 1))
    sent = _outbox(demo_db)
    _upload(store, station, sent)  # every kind the station makes is accepted
    shipped = sorted(list_lots(demo_db, "shipped"), key=lambda lot: lot.lot_code)
    assert len(shipped) >= 3
    first, second, *rest = shipped
    half = first.net_g // 2
    settle_lot(
        store, station, first.lot_code, "partial", half, half * 6 // 1000, NOW, hub_fees_fen=50
    )
    settle_lot(
        store, station, first.lot_code, "sold", first.net_g - half, 400, NOW, commission_fen=40
    )
    settle_lot(
        store, station, second.lot_code, "rejected", 0, 0, NOW, hub_fees_fen=300, reason="等外品"
    )
    for lot in rest:
        sale = lot.net_g * lot.asking_price_fen_per_kg // 1000
        settle_lot(
            store,
            station,
            lot.lot_code,
            "sold",
            lot.net_g,
            sale,
            NOW,
            hub_fees_fen=sale // 50,
            commission_fen=sale * lot.commission_bp // 10_000,
        )
    page, _ = store.changes_after(station, 0, 500)
    settled = [c for c in page if c.kind == "lot.settled"]
    with demo_db.atomic():
        assert [apply_settlement(demo_db, c.data, NOW) for c in settled] == [True] * len(settled)
    with demo_db.atomic():  # the station applies a repeated page once
        assert not any(apply_settlement(demo_db, c.data, NOW) for c in settled)
    for change in settled:
        if change.data["due_to_farmer_fen"]:
            pay_out(demo_db, change.data["settlement_id"], PaymentMethod.CASH, "", owner, clock)
    _upload(store, station, _outbox(demo_db, after_seq=sent[-1]["seq"]))

    counted = hub_stats(store, station).as_json()
    ours = _station_sections(demo_db)
    assert {key: counted[key] for key in ours} == ours
    assert counted["events"] == dict(
        demo_db.execute("SELECT kind, count(*) FROM outbox GROUP BY kind ORDER BY kind").fetchall()
    )
    # The farmers were paid exactly what the hub settled as due, no more.
    assert ours["consignment"]["payouts_fen"] == sum(c.data["due_to_farmer_fen"] for c in settled)
    assert ours["consignment"]["payouts"] == len(settled) - 1  # all but the rejection
    assert ours["agency"]["orders"] > 0 and ours["parcels"]["handed_over"] > 0
