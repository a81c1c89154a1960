"""Rebuilding records from sent events, including payloads from before a field existed."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from station_app.core.agency import get_order, open_balances
from station_app.core.parcels import find_parcels
from station_app.core.rebuild import Rebuild, rebuild_event, set_counters
from station_app.storage.transaction import write_transaction

AT = "2026-03-01T02:00:00Z"
ORDER = "0190a000-0000-7000-8000-000000000001"


def _rebuild(db: Database, events: list[tuple[str, dict[str, Any]]]) -> Rebuild:
    state = Rebuild()
    with write_transaction(db):
        for kind, payload in events:
            rebuild_event(db, state, kind, AT, payload)
        set_counters(db, state)
    return state


def _base() -> list[tuple[str, dict[str, Any]]]:
    return [
        (
            "operator.added",
            {"operator_id": "op-1", "name": "王店主", "role": "owner", "active": True},
        ),
        ("villager.added", {"villager_id": "v-1", "name": "李大妈", "phone": "13800000001"}),
    ]


def _created(**extra: Any) -> tuple[str, dict[str, Any]]:
    return (
        "agency.created",
        {
            "order_id": ORDER,
            "order_no": "D20260301-T1-0007",
            "villager_id": "v-1",
            "platform": "淘宝",
            "item": "电饭锅",
            "quantity": 1,
            "item_price_fen": 15000,
            "shipping_fen": 1000,
            "service_fee_fen": 500,
            "total_fen": 16500,
            "collected": [{"method": "cash", "amount_fen": 8000}],
            **extra,
        },
    )


def _step(status: str, detail: dict[str, Any], money: list[dict[str, Any]]) -> tuple[str, Any]:
    return (
        "agency.status_changed",
        {
            "order_id": ORDER,
            "order_no": "D20260301-T1-0007",
            "status": status,
            "at": AT,
            "detail": detail,
            "collected_fen": 0,
            "money": money,
        },
    )


def _arrived(parcel_id: str, tracking: str, **extra: Any) -> tuple[str, dict[str, Any]]:
    return (
        "parcel.arrived",
        {"parcel_id": parcel_id, "tracking_no": tracking, "carrier": "圆通", "at": AT, **extra},
    )


def test_a_rebuilt_agency_order_keeps_its_pickup_code_money_and_state(db: Database) -> None:
    state = _rebuild(
        db,
        [
            *_base(),
            _created(pickup_code="123456", created_at=AT),
            _step(
                "placed",
                {"platform_order_no": "P1"},
                [{"kind": "spent", "method": "platform", "amount_fen": 15800}],
            ),
            _step("shipped", {"tracking_no": "YT1234567890123"}, []),
            _arrived("p-1", "YT1234567890123", agency_order_id=ORDER, source="counter"),
        ],
    )
    order = get_order(db, ORDER)
    assert (order.status, order.pickup_code) == ("arrived", "123456")
    assert (order.collected_fen, order.spent_fen, order.due_from_villager_fen) == (
        8000,
        15800,
        8500,
    )
    assert [o.order_no for o in open_balances(db)] == ["D20260301-T1-0007"]
    [parcel] = find_parcels(db, "123456")
    assert (parcel.recipient_name, parcel.recipient_phone) == ("李大妈", "13800000001")
    assert state.counters["agency:T1"] == 7


def test_an_order_from_before_pickup_codes_were_sent_gets_a_fresh_six_digit_code(
    db: Database,
) -> None:
    _rebuild(db, [*_base(), _created()])
    code = get_order(db, ORDER).pickup_code
    assert len(code) == 6 and code.isdigit()


def test_a_parcel_announced_twice_is_rebuilt_once_and_counted_as_not_rebuilt(
    db: Database,
) -> None:
    announced = _arrived(
        "p-2", "SF1234567890123", source="hub", pickup_code="654321", recipient_name="张三"
    )
    state = _rebuild(db, [*_base(), announced, announced])
    rows = db.execute("SELECT pickup_code, source, operator_id FROM parcels").fetchall()
    assert rows == [("654321", "hub", None)]
    assert state.counts["parcel.arrived"] == 1 and state.skipped["parcel.arrived"] == 1


def test_a_handed_over_parcel_is_no_longer_waiting(db: Database) -> None:
    _rebuild(
        db,
        [
            *_base(),
            _arrived("p-3", "SF1234567890999", source="counter", pickup_code="111222"),
            (
                "parcel.handed_over",
                {"parcel_id": "p-3", "tracking_no": "SF1234567890999", "at": AT},
            ),
        ],
    )
    assert find_parcels(db, "111222") == []
    [parcel] = find_parcels(db, "111222", waiting_only=False)
    assert parcel.picked_up_at == AT and parcel.picked_up_by == "王店主"


LOT = "0190a000-0000-7000-8000-0000000000a1"


def _lot(lot_id: str, code: str) -> tuple[str, dict[str, Any]]:
    return (
        "lot.received",
        {
            "station_id": "HN-ZZ-0001",
            "lot_id": lot_id,
            "lot_code": code,
            "villager_id": "v-1",
            "product": "白菜",
            "grade": "一级",
            "crates": 2,
            "pieces": 0,
            "gross_g": 21200,
            "tare_g": 1200,
            "net_g": 20000,
            "harvest_date": "2026-03-01",
            "best_before": "2026-03-08",
            "asking_price_fen_per_kg": 300,
            "commission_bp": 800,
        },
    )


def _shipment(*lots: tuple[str, str]) -> tuple[str, dict[str, Any]]:
    return (
        "shipment.sent",
        {
            "shipment_id": "s-1",
            "manifest_no": "M20260302-T1-004",
            "carrier": "县物流车",
            "shipped_at": AT,
            "lots": [{"lot_id": i, "lot_code": c, "net_g": 20000} for i, c in lots],
        },
    )


def test_rebuilt_lots_keep_their_codes_and_the_lot_and_shipment_counters_continue(
    db: Database,
) -> None:
    from station_app.core.consignment import get_lot, get_shipment

    first, second = ("l-1", "HN-ZZ-0001-T1-260301-03"), ("l-2", "HN-ZZ-0001-T1-260301-05")
    state = _rebuild(db, [*_base(), _lot(*first), _lot(*second), _shipment(first)])
    assert (get_lot(db, "HN-ZZ-0001-T1-260301-03").status, get_lot(db, "l-2").status) == (
        "shipped",
        "received",
    )
    assert [lot.lot_code for lot in get_shipment(db, "M20260302-T1-004").lots] == [first[1]]
    assert (state.counters["lot:260301"], state.counters["shipment:T1"]) == (5, 4)
    counters = dict(db.execute("SELECT name, value FROM counters").fetchall())
    assert (counters["lot:260301"], counters["shipment:T1"]) == (5, 4)


def test_a_spoiled_and_a_returned_lot_are_written_off_with_their_reasons(db: Database) -> None:
    from station_app.core.consignment import get_lot, trace_lot

    _rebuild(
        db,
        [
            *_base(),
            _lot("l-1", "HN-ZZ-0001-T1-260301-01"),
            _lot("l-2", "HN-ZZ-0001-T1-260301-02"),
            ("lot.spoiled", {"lot_id": "l-1", "lot_code": "x", "reason": "烂了", "at": AT}),
            ("lot.returned", {"lot_id": "l-2", "lot_code": "y", "reason": "农户取回", "at": AT}),
        ],
    )
    assert (get_lot(db, "l-1").status, get_lot(db, "l-2").status) == ("spoiled", "returned")
    assert trace_lot(db, "HN-ZZ-0001-T1-260301-01")[-1].detail == {"reason": "烂了"}


def test_a_rebuilt_payout_pays_its_settlement_so_the_farmer_is_owed_nothing(
    db: Database,
) -> None:
    from station_app.core.consignment import apply_settlement, farmer_balances
    from station_app.core.rebuild import rebuild_payout

    lot = ("l-1", "HN-ZZ-0001-T1-260301-01")
    state = _rebuild(db, [*_base(), _lot(*lot), _shipment(lot)])
    settled = {
        "settlement_id": "st-1",
        "lot_code": lot[1],
        "outcome": "sold",
        "sold_g": 20000,
        "sale_fen": 6000,
        "hub_fees_fen": 300,
        "commission_fen": 600,
        "due_to_farmer_fen": 5100,
    }
    with write_transaction(db):
        apply_settlement(db, settled, AT)
    assert farmer_balances(db) == [("v-1", "李大妈", 5100)]
    payout = {
        "settlement_id": "st-1",
        "lot_code": lot[1],
        "villager_id": "v-1",
        "amount_fen": 5100,
        "method": "wechat",
        "reference": "WX1",
        "at": AT,
    }
    with write_transaction(db):
        rebuild_payout(db, state, payout, AT)
        rebuild_payout(db, state, payout, AT)
    assert farmer_balances(db) == []
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    assert (state.counts["payout.made"], state.skipped["payout.made"]) == (1, 1)


def test_each_setting_takes_its_last_value_sent_and_a_value_now_refused_is_not_rebuilt(
    db: Database,
) -> None:
    from station_app.core.rebuild import apply_settings
    from station_app.core.settings import load_settings

    state = _rebuild(
        db,
        [
            ("settings.changed", {"key": "receipt_footer", "value": "旧页脚"}),
            ("settings.changed", {"key": "receipt_footer", "value": "新页脚"}),
            ("settings.changed", {"key": "receipt_columns", "value": "48"}),
            ("settings.changed", {"key": "receipt_columns", "value": "999"}),
            ("settings.changed", {"key": "hub_url", "value": "https://old.example.cn"}),
        ],
    )
    with write_transaction(db):
        apply_settings(db, state)
    settings = load_settings(db)
    assert (settings.receipt_footer, settings.receipt_columns, settings.hub_url) == (
        "新页脚",
        32,
        "",
    )
    assert state.skipped == {"settings.changed": 1}
