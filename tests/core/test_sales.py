import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station_app.core.cart import Cart
from station_app.core.catalog import stock_of
from station_app.core.errors import InputRefused, PaymentIncomplete
from station_app.core.money import Rounding
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.sales import complete_sale, load_sale

CASH, WECHAT = PaymentMethod.CASH, PaymentMethod.WECHAT


def count(db, table):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_cash_sale_stores_everything_in_one_go(shop):
    cart = Cart()
    cart.add_product(shop.cola, 2)
    cart.add_weighed(shop.rice, 1500)  # 8.40
    result = complete_sale(
        shop.db, cart, [Tender(CASH, 2000)], shop.clerk, shop.settings, shop.clock
    )
    sale = load_sale(shop.db, result.sale.receipt_no)
    assert sale == result.sale
    assert (sale.total_fen, sale.paid_fen, sale.change_fen) == (1440, 2000, 560)
    assert [(ln.name, ln.quantity, ln.weight_g) for ln in sale.lines] == [
        ("可口可乐 500ml", 2, None),
        ("散装大米", 1, 1500),
    ]
    assert [(p.method, p.amount_fen, p.tendered_fen) for p in sale.payments] == [(CASH, 1440, 2000)]
    assert stock_of(shop.db, shop.cola.id) == 98
    assert stock_of(shop.db, shop.rice.id) == 100_000 - 1500
    events = shop.db.execute("SELECT kind, payload FROM outbox").fetchall()
    assert len(events) == 1
    assert events[0][0] == "sale.completed"
    assert json.loads(events[0][1])["receipt_no"] == sale.receipt_no
    actions = [r[0] for r in shop.db.execute("SELECT action FROM audit_log")]
    assert actions[-1] == "sale.completed"


def test_receipt_numbers_carry_the_terminal_and_never_repeat(shop):
    numbers = []
    for _ in range(3):
        cart = Cart()
        cart.add_product(shop.cola)
        numbers.append(
            complete_sale(
                shop.db, cart, [Tender(CASH, 300)], shop.clerk, shop.settings, shop.clock
            ).sale.receipt_no
        )
    assert len(set(numbers)) == 3
    assert all(f"-{shop.settings.terminal_id}-" in n for n in numbers)
    assert [n[-5:] for n in numbers] == ["00001", "00002", "00003"]


def test_split_payment_wechat_then_cash_with_change(shop):
    cart = Cart()
    cart.add_product(shop.noodles, 4)  # 18.00
    result = complete_sale(
        shop.db,
        cart,
        [Tender(WECHAT, 1000, "4200001"), Tender(CASH, 1000)],
        shop.clerk,
        shop.settings,
        shop.clock,
    )
    assert result.sale.change_fen == 200
    assert [(p.method, p.amount_fen, p.reference) for p in result.sale.payments] == [
        (WECHAT, 1000, "4200001"),
        (CASH, 800, ""),
    ]


def test_underpaid_sale_is_not_completed_and_nothing_is_written(shop):
    cart = Cart()
    cart.add_product(shop.noodles)
    before = {t: count(shop.db, t) for t in ("sales", "outbox", "stock_moves", "audit_log")}
    with pytest.raises(PaymentIncomplete):
        complete_sale(shop.db, cart, [Tender(CASH, 400)], shop.clerk, shop.settings, shop.clock)
    with pytest.raises(InputRefused):
        complete_sale(shop.db, cart, [Tender(WECHAT, 500)], shop.clerk, shop.settings, shop.clock)
    assert before == {t: count(shop.db, t) for t in before}


def test_empty_cart_cannot_be_paid(shop):
    with pytest.raises(InputRefused):
        complete_sale(shop.db, Cart(), [], shop.clerk, shop.settings, shop.clock)


def test_a_failure_inside_the_transaction_leaves_no_partial_sale(shop):
    cart = Cart()
    cart.add_product(shop.cola)
    cart.customer_phone = "13800001234"
    # Sabotage the outbox so the last write of the transaction fails.
    shop.db.execute(
        "CREATE TRIGGER sabotage BEFORE INSERT ON outbox "
        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    with pytest.raises(Exception, match="disk full"):
        complete_sale(shop.db, cart, [Tender(CASH, 300)], shop.clerk, shop.settings, shop.clock)
    for table in ("sales", "sale_lines", "payments", "outbox"):
        assert count(shop.db, table) == 0
    assert stock_of(shop.db, shop.cola.id) == 100


def test_money_rows_cannot_be_edited_or_deleted(shop):
    cart = Cart()
    cart.add_product(shop.cola)
    complete_sale(shop.db, cart, [Tender(CASH, 300)], shop.clerk, shop.settings, shop.clock)
    for statement in (
        "UPDATE sales SET total_fen = 1",
        "DELETE FROM payments",
        "UPDATE sale_lines SET name = 'x'",
        "DELETE FROM stock_moves",
    ):
        with pytest.raises(Exception, match="append-only"):
            shop.db.execute(statement)


def test_customer_phone_is_validated(shop):
    cart = Cart()
    cart.add_product(shop.cola)
    cart.customer_phone = "call me"
    with pytest.raises(InputRefused):
        complete_sale(shop.db, cart, [Tender(CASH, 300)], shop.clerk, shop.settings, shop.clock)


line_plans = st.lists(
    st.one_of(
        st.tuples(st.just("count"), st.sampled_from(["cola", "noodles"]), st.integers(1, 50)),
        st.tuples(st.just("weigh"), st.sampled_from(["rice", "eggs"]), st.integers(1, 20_000)),
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    plan=line_plans,
    rounding=st.sampled_from(list(Rounding)),
    extra=st.integers(0, 5000),
    wechat_share=st.integers(0, 100),
)
def test_totals_change_and_stock_add_up(shop, plan, rounding, extra, wechat_share):
    stock_before = {
        name: stock_of(shop.db, getattr(shop, name).id)
        for name in ("cola", "noodles", "rice", "eggs")
    }
    cart = Cart()
    for kind, name, amount in plan:
        product = getattr(shop, name)
        if kind == "count":
            cart.add_product(product, amount)
        else:
            cart.add_weighed(product, amount)
    cart.set_rounding(rounding)
    total = cart.totals().total_fen
    wechat = total * wechat_share // 100
    tenders = [Tender(WECHAT, wechat)] if wechat else []
    tenders.append(Tender(CASH, total - wechat + extra))
    if tenders[-1].amount_fen == 0:
        tenders.pop()
    sale = complete_sale(shop.db, cart, tenders, shop.clerk, shop.settings, shop.clock).sale
    assert sale.total_fen == sum(ln.total_fen for ln in sale.lines) - sale.rounding_fen
    assert sum(p.amount_fen for p in sale.payments) == sale.total_fen
    assert sale.change_fen == (extra if total - wechat + extra else 0)
    for name, before in stock_before.items():
        product = getattr(shop, name)
        sold = sum(ln.weight_g or ln.quantity for ln in sale.lines if ln.product_id == product.id)
        assert stock_of(shop.db, product.id) == before - sold


def _sale_audit_detail(db, sale_id):
    row = db.execute(
        "SELECT detail FROM audit_log WHERE action = 'sale.completed' AND subject_id = ?",
        [sale_id],
    ).fetchone()
    return json.loads(row[0])


def test_the_audit_row_names_a_discount_and_its_approver_only_when_there_is_one(shop):
    plain = Cart()
    plain.add_product(shop.cola)
    sold = complete_sale(shop.db, plain, [Tender(CASH, 300)], shop.clerk, shop.settings, shop.clock)
    discounted = Cart(discount_limit_fen=0)
    discounted.add_product(shop.cola, 2)
    discounted.discount_sale(100, shop.clerk, approver=shop.owner)
    approved = complete_sale(
        shop.db, discounted, [Tender(CASH, 500)], shop.clerk, shop.settings, shop.clock
    )
    assert _sale_audit_detail(shop.db, sold.sale.id) == {
        "receipt_no": sold.sale.receipt_no,
        "total_fen": 300,
    }
    assert _sale_audit_detail(shop.db, approved.sale.id) == {
        "receipt_no": approved.sale.receipt_no,
        "total_fen": 500,
        "discount_fen": 100,
        "discount_approved_by": shop.owner.id,
    }
