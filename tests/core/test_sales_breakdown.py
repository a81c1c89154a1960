"""Per day, per hour, per category, top products and margin, on sales rung up for the test."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from station_app.core.barcodes import make_ean13
from station_app.core.cart import Cart
from station_app.core.catalog import NewProduct, add_product
from station_app.core.clock import Clock, SteppingClock
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.refunds import refund_sale
from station_app.core.sales import complete_sale
from station_app.core.sales_breakdown import (
    TOP_PRODUCTS,
    categories_of,
    days_of,
    hours_of,
    margin_of,
    top_products_of,
)
from station_app.core.stock import ReceiveLine, receive_stock

DAY = date(2026, 3, 2)


@pytest.fixture
def ticking(shop):
    # 09:00 on 2 March at the station (UTC+8).
    ticker = SteppingClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    shop.clock = Clock(shop.settings.tz_offset_min, ticker)
    return ticker


def _sell(shop, *items, method=PaymentMethod.WECHAT):
    """Ring up one sale; an item is (product, quantity) or (weighed product, grams)."""
    cart = Cart()
    for product, amount in items:
        if product.is_weighed:
            cart.add_weighed(product, amount)
        else:
            cart.add_product(product, amount)
    total = cart.totals().total_fen
    return complete_sale(
        shop.db, cart, [Tender(method, total)], shop.clerk, shop.settings, shop.clock
    ).sale


def _product(shop, name, price_fen, *, category=None, code="", weighed=False):
    return add_product(
        shop.db,
        NewProduct(
            name,
            "kg" if weighed else "个",
            price_fen,
            (make_ean13(code),) if code else (),
            weighed,
            category=category,
            initial_stock=1000,
        ),
        shop.owner.id,
        shop.clock,
    )


def test_every_day_of_the_period_is_there_even_without_sales(shop, ticking):
    _sell(shop, (shop.cola, 2))
    days = days_of(shop.db, DAY - timedelta(days=1), DAY + timedelta(days=1))
    assert [(d.date, d.sales_count, d.net_fen) for d in days] == [
        ("2026-03-01", 0, 0),
        ("2026-03-02", 1, 600),
        ("2026-03-03", 0, 0),
    ]
    assert days[0].payments_fen == {m.value: 0 for m in PaymentMethod}
    assert days[1].payments_fen["wechat"] == 600


def test_an_hour_is_the_station_local_hour_of_the_sale_and_refunds_count_in_theirs(shop, ticking):
    sale = _sell(shop, (shop.cola, 1))  # 09:00 local
    ticking.advance(timedelta(hours=5, minutes=59))  # 14:59 local
    _sell(shop, (shop.noodles, 2))
    ticking.advance(timedelta(minutes=2))  # 15:01 local
    refund_sale(
        shop.db,
        sale.receipt_no,
        {sale.lines[0].id: 1},
        PaymentMethod.WECHAT,
        shop.owner,
        shop.owner,
        shop.settings,
        shop.clock,
    )
    hours = hours_of(shop.db, DAY, DAY)
    busy = {h.hour: (h.sales_count, h.sales_fen, h.refund_count, h.net_fen) for h in hours}
    assert len(hours) == 24
    assert busy[9] == (1, 300, 0, 300)
    assert busy[14] == (1, 900, 0, 900)
    assert busy[15] == (0, 0, 1, -300)
    assert sum(h.net_fen for h in hours) == days_of(shop.db, DAY, DAY)[0].net_fen == 900


def test_goods_without_a_category_are_one_row_and_the_shares_add_up(shop, ticking):
    beer = _product(shop, "雪花啤酒", 500, category="酒水", code="690000000101")
    soap = _product(shop, "舒肤佳香皂", 450, category="洗护", code="690000000102")
    sale = _sell(shop, (beer, 4), (soap, 2), (shop.cola, 2))  # ¥20, ¥9, ¥6 (no category)
    refund_sale(
        shop.db,
        sale.receipt_no,
        {next(ln.id for ln in sale.lines if ln.name == "舒肤佳香皂"): 1},
        PaymentMethod.WECHAT,
        shop.owner,
        shop.owner,
        shop.settings,
        shop.clock,
    )
    rows = categories_of(shop.db, DAY, DAY)
    assert [(c.category, c.lines, c.amount_fen, c.refunded_fen, c.net_fen) for c in rows] == [
        ("酒水", 1, 2000, 0, 2000),
        ("洗护", 1, 900, 450, 450),
        (None, 1, 600, 0, 600),
    ]
    # 2000 / 3500 = 57.14 %, 900 / 3500 = 25.71 %, 600 / 3500 = 17.14 %
    assert [c.share_bp for c in rows] == [5714, 2571, 1714]


def test_top_twenty_by_amount_are_the_largest_in_order(shop, ticking):
    goods = [
        _product(shop, f"商品{n:02d}", 100 * n, code=f"6900000002{n:02d}") for n in range(1, 23)
    ]
    for product in goods:
        ticking.advance(timedelta(minutes=1))
        _sell(shop, (product, 1))
    top = top_products_of(shop.db, DAY, DAY).by_amount
    assert len(top) == TOP_PRODUCTS == 20
    assert [p.name for p in top] == [f"商品{n:02d}" for n in range(22, 2, -1)]
    assert [p.amount_fen for p in top] == [100 * n for n in range(22, 2, -1)]


def test_ties_are_ranked_by_name_so_the_order_is_stable(shop, ticking):
    b = _product(shop, "乙", 200, code="690000000301")
    a = _product(shop, "甲", 200, code="690000000302")
    _sell(shop, (b, 1), (a, 1))
    assert [p.name for p in top_products_of(shop.db, DAY, DAY).by_amount] == sorted(["乙", "甲"])


def test_units_and_grams_are_ranked_apart(shop, ticking):
    _sell(shop, (shop.cola, 5), (shop.noodles, 2), (shop.rice, 2500), (shop.eggs, 800))
    _sell(shop, (shop.rice, 1500))
    top = top_products_of(shop.db, DAY, DAY)
    assert [(p.name, p.quantity, p.weight_g) for p in top.by_quantity] == [
        ("可口可乐 500ml", 5, 0),
        ("康师傅红烧牛肉面 桶装", 2, 0),
    ]
    # Rice: 4 kg in two lines; eggs 0.8 kg. No counted goods among them.
    assert [(p.name, p.quantity, p.weight_g, p.is_weighed) for p in top.by_weight] == [
        ("散装大米", 2, 4000, True),
        ("鲜鸡蛋", 1, 800, True),
    ]
    assert {p.name for p in top.by_amount} == {p.name for p in top.by_quantity + top.by_weight}


def test_margin_uses_the_average_cost_and_counts_the_lines_without_one(shop, ticking):
    receive_stock(shop.db, [ReceiveLine(shop.cola.id, 24, 180)], shop.clerk, shop.clock)
    receive_stock(shop.db, [ReceiveLine(shop.rice.id, 10_000, 400)], shop.clerk, shop.clock)
    # Cola ¥6.00 at cost 2 × ¥1.80; rice 1.5 kg ¥8.40 at ¥4.00/kg = ¥6.00; noodles no cost.
    _sell(shop, (shop.cola, 2), (shop.rice, 1500), (shop.noodles, 1))
    margin = margin_of(shop.db, DAY, DAY)
    assert (margin.costed_lines, margin.revenue_fen, margin.cost_fen) == (2, 1440, 960)
    assert (margin.margin_fen, margin.margin_bp) == (480, 3333)
    assert (margin.uncosted_lines, margin.uncosted_fen) == (1, 450)


def test_a_weighed_cost_rounds_half_up_to_the_fen(shop, ticking):
    receive_stock(shop.db, [ReceiveLine(shop.eggs.id, 10_000, 1_005)], shop.clerk, shop.clock)
    _sell(shop, (shop.eggs, 100))  # 0.1 kg × ¥10.05 = 100.5 fen → 101
    assert margin_of(shop.db, DAY, DAY).cost_fen == 101


def test_no_costed_sales_has_no_margin_rate(shop, ticking):
    _sell(shop, (shop.noodles, 1))
    margin = margin_of(shop.db, DAY, DAY)
    assert (margin.revenue_fen, margin.margin_bp, margin.uncosted_lines) == (0, None, 1)
