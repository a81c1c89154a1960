"""Receiving, batches, stocktake, write-off, reorder level and stock value."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station_app.core.catalog import NewProduct, add_product, stock_of
from station_app.core.errors import InputRefused, PermissionRequired
from station_app.core.stock import (
    Batch,
    ReceiveLine,
    count_sheet,
    last_cost_fen,
    post_stocktake,
    receive_stock,
    set_reorder_level,
    stock_rows,
    stock_value,
    write_off,
)


def _row(shop, product):
    return next(r for r in stock_rows(shop.db) if r.product_id == product.id)


def test_receiving_adds_stock_and_keeps_the_supplier(shop):
    receive_stock(
        shop.db,
        [ReceiveLine(shop.cola.id, 24, 180)],
        shop.clerk,
        shop.clock,
        supplier="县城批发部",
        supplier_phone="13800000000",
    )
    assert stock_of(shop.db, shop.cola.id) == 124
    assert shop.db.execute("SELECT name, phone FROM suppliers").fetchall() == [
        ("县城批发部", "13800000000")
    ]


def test_receiving_sets_last_cost_and_the_weighted_average(shop):
    set_reorder_level(shop.db, shop.cola.id, 0, shop.owner, shop.clock)
    receive_stock(shop.db, [ReceiveLine(shop.cola.id, 100, 200)], None, shop.clock)
    # 100 on hand had no cost yet: the first delivery's cost is the average.
    assert _row(shop, shop.cola).cost_fen == 200
    receive_stock(shop.db, [ReceiveLine(shop.cola.id, 200, 170)], None, shop.clock)
    # (200 × 200 + 200 × 170) / 400 = 185
    assert _row(shop, shop.cola).cost_fen == 185
    last = shop.db.execute("SELECT last_cost_fen FROM products WHERE id = ?", [shop.cola.id])
    assert last.fetchone()[0] == 170


def test_receiving_warns_when_the_sale_price_is_not_above_cost(shop):
    report = receive_stock(
        shop.db,
        [ReceiveLine(shop.cola.id, 10, 300), ReceiveLine(shop.noodles.id, 10, 300)],
        None,
        shop.clock,
    )
    assert [w.product_id for w in report.warnings] == [shop.cola.id]
    assert "不高于进价 3.00" in report.warnings[0].zh


def test_weighed_goods_are_received_in_grams_at_a_cost_per_kg(shop):
    receive_stock(shop.db, [ReceiveLine(shop.rice.id, 25_000, 400)], None, shop.clock)
    row = _row(shop, shop.rice)
    assert row.stock == 125_000
    # 125 kg at ¥4.00 per kg
    assert row.value_cost_fen == 50_000


def test_expiry_comes_from_production_date_plus_shelf_life(shop):
    today = shop.clock.today()
    line = ReceiveLine(shop.cola.id, 12, 180, produced=today, shelf_life_days=180)
    receive_stock(shop.db, [line], None, shop.clock)
    assert _row(shop, shop.cola).batches[0] == Batch(12, (today + timedelta(180)).isoformat())


def test_an_expiry_already_past_is_refused_and_nothing_is_stored(shop):
    past = shop.clock.today() - timedelta(days=1)
    with pytest.raises(InputRefused, match="已经过了"):
        receive_stock(
            shop.db,
            [ReceiveLine(shop.noodles.id, 5, 300), ReceiveLine(shop.cola.id, 5, 180, past)],
            None,
            shop.clock,
        )
    assert stock_of(shop.db, shop.noodles.id) == 100
    assert shop.db.execute("SELECT count(*) FROM stock_receipts").fetchone()[0] == 0


def test_the_batches_on_the_shelf_are_the_newest_deliveries(shop):
    today = shop.clock.today()
    early, late = today + timedelta(10), today + timedelta(90)
    receive_stock(shop.db, [ReceiveLine(shop.noodles.id, 30, 300, early)], None, shop.clock)
    receive_stock(shop.db, [ReceiveLine(shop.noodles.id, 20, 300, late)], None, shop.clock)
    write_off(shop.db, shop.noodles.id, 110, "过期", shop.clerk, shop.clock)
    # 40 left: the 20 of the later delivery, and 20 of the earlier one.
    assert _row(shop, shop.noodles).batches == [
        Batch(20, late.isoformat()),
        Batch(20, early.isoformat()),
    ]


def test_expiring_keeps_only_goods_with_a_batch_expiring_by_that_day(shop):
    soon = shop.clock.today() + timedelta(5)
    receive_stock(shop.db, [ReceiveLine(shop.cola.id, 6, 180, soon)], None, shop.clock)
    by = shop.clock.today() + timedelta(30)
    assert [r.name for r in stock_rows(shop.db, expiring_by=by)] == [shop.cola.name]
    assert stock_rows(shop.db, expiring_by=shop.clock.today()) == []


def test_a_stocktake_posts_the_difference_with_its_reason(shop):
    deltas = post_stocktake(
        shop.db, {shop.cola.id: 97, shop.noodles.id: 100}, shop.owner, "月底盘点", shop.clock
    )
    assert deltas == {shop.cola.id: -3}
    assert stock_of(shop.db, shop.cola.id) == 97
    reason = shop.db.execute("SELECT kind, reason FROM stock_adjustments").fetchall()
    assert reason == [("stocktake", "月底盘点")]


def test_posting_a_stocktake_needs_the_owner(shop):
    with pytest.raises(PermissionRequired, match="店主"):
        post_stocktake(shop.db, {shop.cola.id: 1}, shop.clerk, "盘点", shop.clock)
    assert stock_of(shop.db, shop.cola.id) == 100


def test_a_write_off_needs_a_reason(shop):
    with pytest.raises(InputRefused, match="原因"):
        write_off(shop.db, shop.cola.id, 2, "  ", shop.clerk, shop.clock)
    assert stock_of(shop.db, shop.cola.id) == 100


def test_stock_may_go_negative_and_then_shows_as_low(shop):
    write_off(shop.db, shop.noodles.id, 105, "破损", shop.clerk, shop.clock)
    row = _row(shop, shop.noodles)
    assert row.stock == -5
    assert row.value_cost_fen == 0
    assert [r.name for r in stock_rows(shop.db, low=True)] == [shop.noodles.name]


def test_low_keeps_goods_at_or_below_their_reorder_level(shop):
    set_reorder_level(shop.db, shop.cola.id, 100, shop.owner, shop.clock)
    set_reorder_level(shop.db, shop.noodles.id, 99, shop.owner, shop.clock)
    assert [r.name for r in stock_rows(shop.db, low=True)] == [shop.cola.name]


def test_stock_value_at_cost_and_at_sale_price(shop):
    receive_stock(shop.db, [ReceiveLine(shop.cola.id, 100, 150)], None, shop.clock)
    value = stock_value(shop.db)
    # 200 colas at ¥1.50 cost, ¥3.00 sale; noodles 100 × ¥4.50; rice 100 kg × ¥5.60,
    # eggs 100 kg × ¥13.00 — only the cola has a cost yet.
    assert value.cost_fen == 30_000
    assert value.sale_fen == 60_000 + 45_000 + 56_000 + 130_000


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("receive"), st.integers(1, 500)),
            st.tuples(st.just("write_off"), st.integers(1, 500)),
            st.tuples(st.just("count"), st.integers(0, 1000)),
        ),
        max_size=8,
    )
)
def test_stock_is_the_sum_of_the_moves(shop, actions):
    for action, amount in actions:
        if action == "receive":
            receive_stock(shop.db, [ReceiveLine(shop.cola.id, amount, 150)], None, shop.clock)
        elif action == "write_off":
            write_off(shop.db, shop.cola.id, amount, "破损", shop.clerk, shop.clock)
        else:
            post_stocktake(shop.db, {shop.cola.id: amount}, shop.owner, "盘点", shop.clock)
    moves = shop.db.execute(
        "SELECT coalesce(sum(delta), 0) FROM stock_moves WHERE product_id = ?", [shop.cola.id]
    ).fetchone()[0]
    row = _row(shop, shop.cola)
    assert row.stock == moves == stock_of(shop.db, shop.cola.id)
    if actions and actions[-1][0] == "count":
        assert row.stock == actions[-1][1]
    if row.stock > 0:
        assert sum(b.quantity for b in row.batches) == row.stock


def test_receiving_and_adjusting_write_their_events(shop):
    receive_stock(shop.db, [ReceiveLine(shop.cola.id, 5, 180, date(2099, 1, 1))], None, shop.clock)
    post_stocktake(shop.db, {shop.cola.id: 100}, shop.owner, "盘点", shop.clock)
    write_off(shop.db, shop.cola.id, 1, "破损", shop.clerk, shop.clock)
    kinds = [k for (k,) in shop.db.execute("SELECT kind FROM outbox WHERE kind LIKE 'stock.%'")]
    assert kinds == ["stock.received", "stock.adjusted", "stock.written_off"]


def test_the_nearest_expiry_is_the_soonest_batch_still_on_the_shelf(shop):
    today = shop.clock.today()
    late, early = today + timedelta(90), today + timedelta(10)
    receive_stock(shop.db, [ReceiveLine(shop.cola.id, 10, 180, late)], None, shop.clock)
    receive_stock(shop.db, [ReceiveLine(shop.cola.id, 10, 180, early)], None, shop.clock)
    assert _row(shop, shop.cola).nearest_expiry == early.isoformat()
    assert _row(shop, shop.noodles).nearest_expiry is None


def test_a_count_sheet_lists_one_category_with_the_expected_stock(shop):
    soap = NewProduct("舒肤佳香皂", "块", 450, ("690000000011",), category="洗护", initial_stock=8)
    soap_id = add_product(shop.db, soap, shop.owner.id, shop.clock).id
    other = NewProduct(
        "白猫洗洁精", "瓶", 650, ("690000000012",), category="日用品", initial_stock=3
    )
    add_product(shop.db, other, shop.owner.id, shop.clock)
    write_off(shop.db, soap_id, 2, "破损", shop.clerk, shop.clock)
    sheet = count_sheet(shop.db, "洗护")
    assert [(item.name, item.expected) for item in sheet] == [("舒肤佳香皂", 6)]
    assert len(count_sheet(shop.db)) == 6


def test_a_count_difference_is_valued_at_average_cost_with_its_sign(shop):
    receive_stock(shop.db, [ReceiveLine(shop.cola.id, 100, 150)], None, shop.clock)
    receive_stock(shop.db, [ReceiveLine(shop.rice.id, 10_000, 400)], None, shop.clock)
    sheet = {item.product_id: item for item in count_sheet(shop.db)}
    cola, rice = sheet[shop.cola.id], sheet[shop.rice.id]
    assert (cola.difference(197), cola.difference_value_fen(197)) == (-3, -450)
    assert cola.difference_value_fen(202) == 300
    # 1.5 kg short at ¥4.00 a kg
    assert rice.difference_value_fen(108_500) == -600
    assert sheet[shop.noodles.id].difference_value_fen(90) == 0  # no cost yet


def test_the_last_cost_is_that_of_the_latest_delivery(shop):
    assert last_cost_fen(shop.db, shop.cola.id) is None
    receive_stock(shop.db, [ReceiveLine(shop.cola.id, 10, 180)], None, shop.clock)
    receive_stock(shop.db, [ReceiveLine(shop.cola.id, 10, 170)], None, shop.clock)
    assert last_cost_fen(shop.db, shop.cola.id) == 170
