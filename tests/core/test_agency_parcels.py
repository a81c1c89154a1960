import pytest

from station_app.core.agency import (
    cancel_order,
    create_order,
    get_order,
    mark_placed,
    mark_returned,
    mark_shipped,
    open_balances,
    order_history,
    record_refund,
    request_return,
)
from station_app.core.credit import balance_fen
from station_app.core.errors import InputRefused
from station_app.core.parcels import (
    detect_carrier,
    find_parcels,
    hand_over,
    register_arrival,
    waiting_parcels,
)
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.villagers import add_villager, set_credit_limit

CASH, ACCOUNT = PaymentMethod.CASH, PaymentMethod.ACCOUNT


@pytest.fixture
def wang(shop):
    villager = add_villager(shop.db, "王老汉", "13712345678", shop.clerk, shop.clock)
    return set_credit_limit(shop.db, villager.id, 100_000, shop.owner, shop.clock)


def rice_cooker(shop, villager, tenders):
    # 电饭煲 ¥199 + ¥10 shipping + ¥5 service fee = ¥214
    return create_order(
        shop.db,
        villager.id,
        "拼多多",
        "美的电饭煲 3L",
        1,
        19_900,
        1000,
        500,
        tenders,
        shop.clerk,
        shop.settings,
        shop.clock,
    )


def test_half_cash_half_on_account_then_pickup_by_code(shop, wang):
    order = rice_cooker(
        shop, wang, [Tender(CASH, 10_700), Tender(ACCOUNT, 10_700, villager_id=wang.id)]
    )
    assert (order.status, order.collected_fen, order.due_from_villager_fen) == (
        "created",
        21_400,
        0,
    )
    assert len(order.pickup_code) == 6
    assert balance_fen(shop.db, wang.id) == 10_700
    mark_placed(shop.db, order.id, "PDD240001", 20_900, shop.clerk, shop.clock)
    mark_shipped(shop.db, order.id, "YT1234567890123", shop.clerk, shop.clock)
    parcel = register_arrival(shop.db, "yt 1234567890123", shop.clock, operator=shop.clerk)
    assert (parcel.carrier, parcel.pickup_code, parcel.agency_order_id) == (
        "圆通",
        order.pickup_code,
        order.id,
    )
    assert get_order(shop.db, order.id).status == "arrived"
    assert [p.id for p in find_parcels(shop.db, order.pickup_code)] == [parcel.id]
    assert [p.id for p in find_parcels(shop.db, "5678")] == [parcel.id]
    hand_over(shop.db, parcel.id, shop.clerk, shop.clock)
    assert [h.status for h in order_history(shop.db, order.id)] == [
        "created",
        "placed",
        "shipped",
        "arrived",
        "picked_up",
    ]
    assert find_parcels(shop.db, order.pickup_code) == []


def test_deposit_now_rest_at_pickup(shop, wang):
    order = rice_cooker(shop, wang, [Tender(CASH, 5000)])
    assert order.due_from_villager_fen == 16_400
    mark_placed(shop.db, order.id, "PDD240002", 20_900, shop.clerk, shop.clock)
    mark_shipped(shop.db, order.id, "SF1234567890123", shop.clerk, shop.clock)
    parcel = register_arrival(shop.db, "SF1234567890123", shop.clock, operator=shop.clerk)
    with pytest.raises(InputRefused, match="还需收"):
        hand_over(shop.db, parcel.id, shop.clerk, shop.clock, [Tender(CASH, 16_000)])
    assert find_parcels(shop.db, parcel.pickup_code)  # still waiting: nothing half-written
    hand_over(shop.db, parcel.id, shop.clerk, shop.clock, [Tender(CASH, 16_400)])
    assert get_order(shop.db, order.id).collected_fen == 21_400


def test_second_pickup_of_same_parcel_is_refused_saying_when_and_by_whom(shop):
    parcel = register_arrival(
        shop.db,
        "JT1234567890123",
        shop.clock,
        operator=shop.clerk,
        recipient_name="李四",
        recipient_phone="13900001234",
    )
    hand_over(shop.db, parcel.id, shop.clerk, shop.clock)
    with pytest.raises(InputRefused, match="店员"):
        hand_over(shop.db, parcel.id, shop.owner, shop.clock)
    assert shop.db.execute("SELECT count(*) FROM parcel_handovers").fetchone()[0] == 1


def test_illegal_transitions_are_refused(shop, wang):
    order = rice_cooker(shop, wang, [Tender(CASH, 21_400)])
    with pytest.raises(InputRefused, match="不能改为"):
        mark_shipped(shop.db, order.id, "SF1234567890123", shop.clerk, shop.clock)
    with pytest.raises(InputRefused):
        mark_returned(shop.db, order.id, shop.clerk, shop.clock)
    cancel_order(shop.db, order.id, "村民不要了", shop.clerk, shop.clock)
    with pytest.raises(InputRefused):
        mark_placed(shop.db, order.id, "X12345678", 100, shop.clerk, shop.clock)


def test_cancel_and_refund_shows_what_is_owed_until_paid_back(shop, wang):
    order = rice_cooker(
        shop, wang, [Tender(CASH, 11_400), Tender(ACCOUNT, 10_000, villager_id=wang.id)]
    )
    mark_placed(shop.db, order.id, "PDD240003", 20_900, shop.clerk, shop.clock)
    cancelled = cancel_order(shop.db, order.id, "缺货", shop.clerk, shop.clock)
    assert (cancelled.owed_to_villager_fen, cancelled.platform_owes_fen) == (21_400, 20_900)
    assert [o.id for o in open_balances(shop.db)] == [order.id]
    with pytest.raises(InputRefused):
        record_refund(shop.db, order.id, 20_900, 21_401, CASH, shop.clerk, shop.clock)
    refunded = record_refund(shop.db, order.id, 20_900, 10_000, ACCOUNT, shop.clerk, shop.clock)
    assert balance_fen(shop.db, wang.id) == 0
    assert refunded.owed_to_villager_fen == 11_400  # the cash part is still owed
    assert (refunded.platform_owes_fen, refunded.status) == (0, "refunding")


def test_return_after_pickup(shop, wang):
    order = rice_cooker(shop, wang, [Tender(CASH, 21_400)])
    mark_placed(shop.db, order.id, "PDD240004", 20_900, shop.clerk, shop.clock)
    mark_shipped(shop.db, order.id, "JD0012345678901", shop.clerk, shop.clock)
    parcel = register_arrival(shop.db, "JD0012345678901", shop.clock, operator=shop.clerk)
    hand_over(shop.db, parcel.id, shop.clerk, shop.clock)
    request_return(shop.db, order.id, "不会用", shop.clerk, shop.clock)
    mark_returned(shop.db, order.id, shop.clerk, shop.clock)
    partly = record_refund(shop.db, order.id, 20_900, 20_900, CASH, shop.clerk, shop.clock)
    assert partly.status == "refunding"
    assert partly.owed_to_villager_fen == 500  # the service fee goes back too
    done = record_refund(shop.db, order.id, 0, 500, CASH, shop.clerk, shop.clock)
    assert (done.status, done.owed_to_villager_fen) == ("refunded", 0)


@pytest.mark.parametrize(
    ("number", "carrier"),
    [
        ("SF1234567890123", "顺丰"),
        ("YT1234567890123", "圆通"),
        ("JT1234567890123", "极兔"),
        ("EA123456789CN", "邮政EMS"),
        ("773012345678901", None),
    ],
)
def test_carrier_detected_from_the_number_format(number, carrier):
    assert detect_carrier(number) == carrier


def test_plain_digit_number_needs_the_carrier_chosen(shop):
    with pytest.raises(InputRefused, match="快递公司"):
        register_arrival(shop.db, "773012345678901", shop.clock, operator=shop.clerk)
    parcel = register_arrival(
        shop.db, "773012345678901", shop.clock, operator=shop.clerk, carrier="中通"
    )
    assert parcel.carrier == "中通"
    with pytest.raises(InputRefused, match="已登记"):
        register_arrival(
            shop.db, "773012345678901", shop.clock, operator=shop.clerk, carrier="中通"
        )


def test_parcels_waiting_too_long_are_flagged(shop):
    register_arrival(shop.db, "SF1234567890123", shop.clock, operator=shop.clerk)
    assert [flag for _, flag in waiting_parcels(shop.db, shop.clock, overdue_days=3)] == [False]
    assert [flag for _, flag in waiting_parcels(shop.db, shop.clock, overdue_days=-1)] == [True]


def test_day_totals_show_collected_spent_fees_and_refunds(shop, wang):
    from station_app.core.agency import agency_day_totals

    order = rice_cooker(shop, wang, [Tender(CASH, 21_400)])
    mark_placed(shop.db, order.id, "PDD240005", 20_900, shop.clerk, shop.clock)
    cancel_order(shop.db, order.id, "", shop.clerk, shop.clock)
    record_refund(shop.db, order.id, 20_900, 21_400, CASH, shop.clerk, shop.clock)
    totals = agency_day_totals(shop.db, shop.clock.today().isoformat())
    assert (
        totals.orders_created,
        totals.collected_fen,
        totals.spent_fen,
        totals.service_fee_fen,
        totals.platform_refund_fen,
        totals.paid_back_fen,
    ) == (1, 21_400, 20_900, 500, 20_900, 21_400)


def test_orders_are_found_by_number_pickup_code_name_and_phone_tail(shop, wang):
    from station_app.core.agency import find_orders

    order = rice_cooker(shop, wang, [Tender(CASH, 21_400)])
    other = add_villager(shop.db, "李秀英", "13900001111", shop.clerk, shop.clock)
    rice_cooker(shop, other, [])
    for text in (order.order_no.lower(), order.pickup_code, "老汉", "5678"):
        assert [o.id for o in find_orders(shop.db, text)] == [order.id], text
    assert find_orders(shop.db, "  ") == []


def test_cash_beyond_the_due_is_change_and_a_deposit_is_collected_whole():
    from station_app.core.agency import collected_tenders

    collected, change = collected_tenders(
        21_400, [Tender(ACCOUNT, 10_700, villager_id="v1"), Tender(CASH, 20_000)]
    )
    assert (collected, change) == (
        [Tender(ACCOUNT, 10_700, villager_id="v1"), Tender(CASH, 10_700)],
        9_300,
    )
    assert collected_tenders(21_400, [Tender(CASH, 5_000)]) == ([Tender(CASH, 5_000)], 0)
    assert collected_tenders(21_400, []) == ([], 0)
    with pytest.raises(InputRefused):
        collected_tenders(100, [Tender(PaymentMethod.WECHAT, 200)])
