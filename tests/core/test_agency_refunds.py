"""Refunds of agency orders: caps, partial steps that add up, and when an order is final."""

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.core.agency import (
    cancel_order,
    create_order,
    get_order,
    mark_placed,
    next_steps,
    open_balances,
    order_total_fen,
    platform_cost_fen,
    record_refund,
)
from station_app.core.agency_refunds import (
    RefundPosition,
    RefundTooLarge,
    apply_refund_step,
    refund_status,
)
from station_app.core.credit import balance_fen
from station_app.core.errors import InputRefused
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.villagers import add_villager, set_credit_limit

CASH, WECHAT, ACCOUNT = PaymentMethod.CASH, PaymentMethod.WECHAT, PaymentMethod.ACCOUNT


@pytest.fixture
def wang(shop):
    villager = add_villager(shop.db, "王老汉", "13712345678", shop.clerk, shop.clock)
    return set_credit_limit(shop.db, villager.id, 100_000, shop.owner, shop.clock)


def cancelled_order(shop, villager, tenders, spent_fen=12_500):
    """Boots: 2 × ¥60 + ¥5 shipping + ¥5 fee = ¥130; ordered for `spent_fen`, then cancelled."""
    order = create_order(
        shop.db,
        villager.id,
        "淘宝",
        "雨靴",
        2,
        6_000,
        500,
        500,
        tenders,
        shop.clerk,
        shop.settings,
        shop.clock,
    )
    mark_placed(shop.db, order.id, "TB0001", spent_fen, shop.clerk, shop.clock)
    return cancel_order(shop.db, order.id, "缺货", shop.clerk, shop.clock)


def rows(shop, sql, *args):
    return shop.db.execute(sql, list(args)).fetchall()


def test_a_platform_refund_above_what_was_spent_is_refused_naming_the_most(shop, wang):
    order = cancelled_order(shop, wang, [Tender(CASH, 8_300)])
    with pytest.raises(RefundTooLarge, match=re.escape("平台最多还应退 ¥125.00")) as refused:
        record_refund(shop.db, order.id, 20_000, 0, CASH, shop.clerk, shop.clock)
    assert (refused.value.field, refused.value.code) == (
        "platform_refund_fen",
        "platform_refund_too_large",
    )
    assert "at most ¥125.00" in refused.value.en
    assert rows(shop, "SELECT count(*) FROM agency_money WHERE kind = 'platform_refund'") == [(0,)]
    assert get_order(shop.db, order.id).status == "cancelled"


def test_a_partial_payback_keeps_the_order_open_with_the_rest_still_owed(shop, wang):
    order = cancelled_order(shop, wang, [Tender(CASH, 8_300)])
    partly = record_refund(shop.db, order.id, 0, 4_000, CASH, shop.clerk, shop.clock)
    assert partly.status == "refunding"
    assert (partly.owed_to_villager_fen, partly.platform_owes_fen) == (4_300, 12_500)
    assert [o.id for o in open_balances(shop.db)] == [order.id]
    rest = record_refund(shop.db, order.id, 0, 4_300, CASH, shop.clerk, shop.clock)
    assert rest.status == "refunding"  # the platform has not refunded yet
    assert (rest.owed_to_villager_fen, rest.platform_owes_fen) == (0, 12_500)


def test_the_order_is_final_only_when_platform_and_villager_are_both_settled(shop, wang):
    order = cancelled_order(shop, wang, [Tender(CASH, 8_300)])
    steps = [(5_000, 0), (0, 8_300), (7_000, 0), (500, 0)]
    states = [
        record_refund(shop.db, order.id, platform, back, CASH, shop.clerk, shop.clock).status
        for platform, back in steps
    ]
    assert states == ["refunding", "refunding", "refunding", "refunded"]
    done = get_order(shop.db, order.id)
    assert (done.platform_refund_fen, done.paid_back_fen) == (12_500, 8_300)
    assert (done.platform_owes_fen, done.owed_to_villager_fen) == (0, 0)
    assert next_steps(done) == ()
    assert open_balances(shop.db) == []


def test_paying_back_more_than_is_still_owed_is_refused_naming_the_most(shop, wang):
    order = cancelled_order(shop, wang, [Tender(CASH, 8_300)])
    record_refund(shop.db, order.id, 0, 4_000, CASH, shop.clerk, shop.clock)
    with pytest.raises(RefundTooLarge, match=re.escape("最多还应退给村民 ¥43.00")) as refused:
        record_refund(shop.db, order.id, 0, 4_301, CASH, shop.clerk, shop.clock)
    assert (refused.value.field, refused.value.code) == ("paid_back_fen", "paid_back_too_large")

    assert get_order(shop.db, order.id).owed_to_villager_fen == 4_300


def test_a_step_with_nothing_to_record_is_refused_while_money_is_owed(shop, wang):
    order = cancelled_order(shop, wang, [Tender(CASH, 8_300)])
    with pytest.raises(InputRefused, match="两项金额都是 0"):
        record_refund(shop.db, order.id, 0, 0, CASH, shop.clerk, shop.clock)


def test_a_cancelled_order_with_nothing_owed_closes_with_a_zero_step(shop, wang):
    order = create_order(
        shop.db, wang.id, "淘宝", "雨靴", 1, 6_000, 0, 0, [], shop.clerk, shop.settings, shop.clock
    )
    cancel_order(shop.db, order.id, "", shop.clerk, shop.clock)
    assert record_refund(shop.db, order.id, 0, 0, CASH, shop.clerk, shop.clock).status == "refunded"


def test_each_step_stores_its_money_rows_event_and_audit_row_together(shop, wang):
    order = cancelled_order(shop, wang, [Tender(CASH, 8_300)])
    events_before = rows(shop, "SELECT count(*) FROM outbox")[0][0]
    record_refund(shop.db, order.id, 5_000, 4_000, WECHAT, shop.clerk, shop.clock)
    record_refund(shop.db, order.id, 7_500, 0, WECHAT, shop.clerk, shop.clock)
    assert rows(
        shop,
        "SELECT kind, method, amount_fen FROM agency_money WHERE order_id = ? "
        "AND kind IN ('platform_refund', 'paid_back') ORDER BY seq",
        order.id,
    ) == [
        ("platform_refund", "platform", 5_000),
        ("paid_back", "wechat", 4_000),
        ("platform_refund", "platform", 7_500),
    ]
    events = [
        json.loads(p)
        for (p,) in rows(
            shop,
            "SELECT payload FROM outbox WHERE kind = 'agency.status_changed' "
            "ORDER BY seq DESC LIMIT 2",
        )
    ][::-1]
    assert rows(shop, "SELECT count(*) FROM outbox")[0][0] == events_before + 2
    assert [(e["status"], e["money"]) for e in events] == [
        (
            "refunding",
            [
                {"kind": "platform_refund", "method": "platform", "amount_fen": 5_000},
                {"kind": "paid_back", "method": "wechat", "amount_fen": 4_000},
            ],
        ),
        ("refunding", [{"kind": "platform_refund", "method": "platform", "amount_fen": 7_500}]),
    ]
    assert events[1]["detail"]["owed_to_villager_fen"] == 4_300
    assert (
        rows(
            shop,
            "SELECT action FROM audit_log WHERE subject_id = ? AND action = 'agency.refunding'",
            order.id,
        )
        == [("agency.refunding",)] * 2
    )


def test_a_refused_step_writes_nothing(shop, wang):
    order = cancelled_order(shop, wang, [Tender(ACCOUNT, 8_300, villager_id=wang.id)])
    counts = [
        rows(shop, f"SELECT count(*) FROM {t}")
        for t in ("agency_money", "agency_order_history", "outbox", "audit_log", "villager_ledger")
    ]
    with pytest.raises(RefundTooLarge):
        record_refund(shop.db, order.id, 99_999, 8_300, ACCOUNT, shop.clerk, shop.clock)
    assert counts == [
        rows(shop, f"SELECT count(*) FROM {t}")
        for t in ("agency_money", "agency_order_history", "outbox", "audit_log", "villager_ledger")
    ]
    assert balance_fen(shop.db, wang.id) == 8_300


def test_paybacks_to_the_account_reduce_what_the_villager_owes_step_by_step(shop, wang):
    order = cancelled_order(shop, wang, [Tender(ACCOUNT, 8_300, villager_id=wang.id)])
    record_refund(shop.db, order.id, 0, 3_000, ACCOUNT, shop.clerk, shop.clock)
    assert balance_fen(shop.db, wang.id) == 5_300
    record_refund(shop.db, order.id, 12_500, 5_300, ACCOUNT, shop.clerk, shop.clock)
    assert balance_fen(shop.db, wang.id) == 0
    assert get_order(shop.db, order.id).status == "refunded"


def test_an_order_stored_as_refunded_with_money_owed_can_still_be_settled(shop, wang):
    # Written before partial refunds were kept apart: ¥40 of ¥83 back, yet "refunded".
    order = cancelled_order(shop, wang, [Tender(CASH, 8_300)])
    shop.db.execute(
        "INSERT INTO agency_money(order_id, at, local_date, kind, method, "
        "amount_fen, operator_id) VALUES (?, ?, ?, 'paid_back', 'cash', 4000, ?)",
        [order.id, shop.clock.stamp(), shop.clock.today().isoformat(), shop.clerk.id],
    )
    shop.db.execute(
        "INSERT INTO agency_order_history(order_id, status, at, operator_id) "
        "VALUES (?, 'refunded', ?, ?)",
        [order.id, shop.clock.stamp(), shop.clerk.id],
    )
    old = get_order(shop.db, order.id)
    assert (old.status, old.owed_to_villager_fen, old.platform_owes_fen) == (
        "refunded",
        4_300,
        12_500,
    )
    assert [o.id for o in open_balances(shop.db)] == [order.id]
    done = record_refund(shop.db, order.id, 12_500, 4_300, CASH, shop.clerk, shop.clock)
    assert (done.status, done.owed_to_villager_fen, done.platform_owes_fen) == ("refunded", 0, 0)


def test_a_refund_before_the_order_is_cancelled_or_returned_is_refused(shop, wang):
    order = create_order(
        shop.db,
        wang.id,
        "淘宝",
        "雨靴",
        1,
        6_000,
        0,
        0,
        [Tender(CASH, 6_000)],
        shop.clerk,
        shop.settings,
        shop.clock,
    )
    with pytest.raises(InputRefused, match="先取消订单"):
        record_refund(shop.db, order.id, 0, 6_000, CASH, shop.clerk, shop.clock)


def test_the_platform_cost_prefilled_is_items_and_shipping_without_the_fee(shop, wang):
    order = create_order(
        shop.db,
        wang.id,
        "淘宝",
        "雨靴",
        3,
        4_990,
        800,
        500,
        [],
        shop.clerk,
        shop.settings,
        shop.clock,
    )
    assert platform_cost_fen(order) == 15_770
    assert order_total_fen(3, 4_990, 800, 500) == order.total_fen == 16_270


# -- the rules alone, for any sequence of steps ---------------------------------------------
fen = st.integers(min_value=0, max_value=50_000)


@given(spent=fen, collected=fen, steps=st.lists(st.tuples(fen, fen), max_size=12))
def test_refund_totals_never_pass_their_caps_and_final_means_both_complete(spent, collected, steps):
    position = RefundPosition(spent, 0, collected, 0)
    for platform, back in steps:
        try:
            after = apply_refund_step(position, platform, back)
        except InputRefused:
            # Refused exactly when a part is over what is owed, or nothing would move.
            assert (
                platform > position.platform_owes_fen
                or back > position.owed_to_villager_fen
                or (platform == back == 0 and not position.complete)
            )
            continue
        assert after.platform_refund_fen == position.platform_refund_fen + platform
        assert after.paid_back_fen == position.paid_back_fen + back
        position = after
        assert 0 <= position.platform_refund_fen <= spent
        assert 0 <= position.paid_back_fen <= collected
        both = position.platform_refund_fen == spent and position.paid_back_fen == collected
        assert (refund_status(position) == "refunded") == both


@given(spent=fen, collected=fen, cut_platform=fen, cut_back=fen)
def test_the_rest_owed_can_always_be_recorded_after_any_partial_step(
    spent, collected, cut_platform, cut_back
):
    position = RefundPosition(spent, 0, collected, 0)
    partial = (
        apply_refund_step(position, min(cut_platform, spent), min(cut_back, collected))
        if min(cut_platform, spent) or min(cut_back, collected) or position.complete
        else position
    )
    if partial.complete:
        return
    done = apply_refund_step(partial, partial.platform_owes_fen, partial.owed_to_villager_fen)
    assert refund_status(done) == "refunded"
    assert (done.platform_refund_fen, done.paid_back_fen) == (spent, collected)


def test_the_hub_counts_partial_refunds_as_the_station_stored_them(shop, wang, tmp_path):
    from county_hub.stats import hub_stats
    from county_hub.storage import open_store
    from county_hub.upload import store_batch

    order = cancelled_order(shop, wang, [Tender(CASH, 8_300)])
    for platform, back in ((5_000, 0), (0, 4_000), (7_500, 4_300)):
        record_refund(shop.db, order.id, platform, back, CASH, shop.clerk, shop.clock)
    hub = open_store(f"sqlite:///{tmp_path / 'hub.db'}")
    try:
        hub.add_station("HN-ZZ-0001", "test", shop.clock.stamp())
        outbox = [
            {
                "event_id": r["event_id"],
                "seq": r["seq"],
                "kind": r["kind"],
                "created_at": r["created_at"],
                "payload": json.loads(r["payload"]),
            }
            for r in shop.db.query("SELECT * FROM outbox ORDER BY seq")
        ]
        store_batch(hub, "HN-ZZ-0001", outbox, shop.clock.stamp())
        counted = hub_stats(hub, "HN-ZZ-0001").agency
    finally:
        hub.close()
    stored = dict(rows(shop, "SELECT kind, sum(amount_fen) FROM agency_money GROUP BY kind"))
    assert counted == {
        "orders": 1,
        "collected_fen": stored["collected"],
        "spent_fen": stored["spent"],
        "platform_refund_fen": 12_500,
        "paid_back_fen": 8_300,
    }


def test_every_order_state_is_one_the_hub_accepts():
    from station_app.core.agency import TRANSITIONS
    from station_app.core.statuses import AgencyStatus
    from village_protocol.events import AGENCY_STATUSES

    states = set(TRANSITIONS) | {s for nexts in TRANSITIONS.values() for s in nexts}
    assert states == set(AgencyStatus) <= set(AGENCY_STATUSES)
