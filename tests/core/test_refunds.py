import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station_app.core.cart import Cart
from station_app.core.catalog import stock_of
from station_app.core.errors import InputRefused, PermissionRequired
from station_app.core.money import Rounding
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.refunds import line_shares_fen, refund_sale, refundable_lines
from station_app.core.sales import complete_sale

CASH, WECHAT, ALIPAY = PaymentMethod.CASH, PaymentMethod.WECHAT, PaymentMethod.ALIPAY


def sell(shop, cart, tenders):
    return complete_sale(shop.db, cart, tenders, shop.clerk, shop.settings, shop.clock).sale


def refund(shop, sale, quantities, method=CASH, approver=None):
    return refund_sale(
        shop.db,
        sale.receipt_no,
        quantities,
        method,
        shop.clerk,
        approver or shop.owner,
        shop.settings,
        shop.clock,
    )


def test_partial_refund_returns_stock_and_money(shop):
    cart = Cart()
    cart.add_product(shop.cola, 5)
    sale = sell(shop, cart, [Tender(CASH, 1500)])
    result = refund(shop, sale, {sale.lines[0].id: 2})
    assert result.total_fen == 600
    assert stock_of(shop.db, shop.cola.id) == 97
    left = refundable_lines(shop.db, sale)[0]
    assert (left.quantity_left, left.amount_left_fen) == (3, 900)
    kinds = [r[0] for r in shop.db.execute("SELECT kind FROM outbox ORDER BY seq")]
    assert kinds == ["sale.completed", "refund.completed"]


def test_cannot_refund_more_than_was_sold(shop):
    cart = Cart()
    cart.add_product(shop.cola, 2)
    sale = sell(shop, cart, [Tender(CASH, 600)])
    refund(shop, sale, {sale.lines[0].id: 2})
    with pytest.raises(InputRefused):
        refund(shop, sale, {sale.lines[0].id: 1})
    assert shop.db.execute("SELECT count(*) FROM refunds").fetchone()[0] == 1


def test_refund_needs_the_owner(shop):
    cart = Cart()
    cart.add_product(shop.cola)
    sale = sell(shop, cart, [Tender(CASH, 300)])
    with pytest.raises(PermissionRequired):
        refund(shop, sale, {sale.lines[0].id: 1}, approver=shop.clerk)


def test_refund_only_by_the_original_method_or_cash(shop):
    cart = Cart()
    cart.add_product(shop.cola, 2)
    sale = sell(shop, cart, [Tender(WECHAT, 600, "wx1")])
    with pytest.raises(InputRefused):
        refund(shop, sale, {sale.lines[0].id: 1}, method=ALIPAY)
    assert refund(shop, sale, {sale.lines[0].id: 1}, method=WECHAT).total_fen == 300


def test_sale_discount_and_rounding_are_shared_over_lines(shop):
    cart = Cart()
    cart.add_product(shop.cola, 3)  # 9.00
    cart.add_weighed(shop.eggs, 1234)  # 16.04
    cart.discount_sale(100, shop.owner)
    cart.set_rounding(Rounding.YUAN)
    sale = sell(shop, cart, [Tender(CASH, 5000)])
    shares = line_shares_fen(sale)
    assert sum(shares.values()) == sale.total_fen == 2400
    total = sum(refund(shop, sale, {ln.id: ln.quantity}).total_fen for ln in sale.lines)
    assert total == sale.total_fen


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    quantities=st.lists(st.integers(1, 30), min_size=1, max_size=3),
    discount=st.integers(0, 300),
    rounding=st.sampled_from(list(Rounding)),
    steps=st.lists(st.integers(1, 30), min_size=1, max_size=8),
)
def test_refunds_never_exceed_what_was_paid(shop, quantities, discount, rounding, steps):
    cart = Cart()
    for quantity, product in zip(quantities, (shop.cola, shop.noodles, shop.cola), strict=False):
        cart.add_product(product, quantity)
    cart.discount_sale(min(discount, cart.totals().total_fen), shop.owner)
    cart.set_rounding(rounding)
    sale = sell(shop, cart, [Tender(CASH, cart.totals().total_fen + 1)])
    refunded = 0
    for step in steps:
        for entry in refundable_lines(shop.db, sale):
            if entry.quantity_left:
                qty = min(step, entry.quantity_left)
                refunded += refund(shop, sale, {entry.line.id: qty}).total_fen
                break
    assert refunded <= sale.total_fen
    if all(e.quantity_left == 0 for e in refundable_lines(shop.db, sale)):
        assert refunded == sale.total_fen


def test_a_lines_refund_share_is_what_the_stored_refund_pays_and_parts_sum_exactly(shop):
    cart = Cart()
    cart.add_product(shop.cola, 3)  # ¥9.00, then ¥1.00 off the sale: ¥8.00 for three
    cart.discount_sale(100, shop.owner, None)
    sale = sell(shop, cart, [Tender(CASH, 800)])
    line_id = sale.lines[0].id
    entry = refundable_lines(shop.db, sale)[0]
    assert [entry.share_fen(n) for n in (1, 2, 3)] == [266, 533, 800]
    first = refund(shop, sale, {line_id: 1})
    assert first.total_fen == entry.share_fen(1)
    rest = refundable_lines(shop.db, sale)[0]
    assert rest.share_fen(2) == 534  # the last units take the remainder
    assert refund(shop, sale, {line_id: 2}).total_fen + first.total_fen == 800


def test_lines_are_numbered_in_their_sale_and_a_refund_finds_its_own_sales_line(shop):
    first, second = Cart(), Cart()
    first.add_product(shop.cola, 2)
    second.add_product(shop.noodles, 3)
    second.add_product(shop.cola, 1)
    sold_first = sell(shop, first, [Tender(CASH, 600)])
    sold_second = sell(shop, second, [Tender(CASH, 1650)])
    stored = shop.db.execute(
        "SELECT sale_seq, id, name FROM sale_lines ORDER BY sale_seq, line_no"
    ).fetchall()
    assert [(line_id, name) for _, line_id, name in stored] == [
        ("1", "可口可乐 500ml"),
        ("1", "康师傅红烧牛肉面 桶装"),
        ("2", "可口可乐 500ml"),
    ]

    # Line "1" of the second sale is the noodles: all three go back, at ¥4.50 each ...
    assert refund(shop, sold_second, {"1": 3}).total_fen == 1350
    assert stock_of(shop.db, shop.noodles.id) == 100
    # ... and line "1" of the first sale, the cola, is still wholly refundable.
    left = refundable_lines(shop.db, sold_first)
    assert [(x.quantity_left, x.amount_left_fen) for x in left] == [(2, 600)]
    assert refund(shop, sold_first, {"1": 2}).total_fen == 600
    assert stock_of(shop.db, shop.cola.id) == 99  # 100 - 2 - 1 + 2
    with pytest.raises(InputRefused):
        refund(shop, sold_first, {"1": 1})
    with pytest.raises(InputRefused):
        refund(shop, sold_second, {"3": 1})  # the second sale has no third line
    refunded = shop.db.execute(
        "SELECT r.sale_id, rl.sale_line_id, rl.quantity, rl.amount_fen FROM refund_lines rl "
        "JOIN refunds r ON r.id = rl.refund_id ORDER BY r.created_at, r.id"
    ).fetchall()
    assert refunded == [(sold_second.id, "1", 3, 1350), (sold_first.id, "1", 2, 600)]
