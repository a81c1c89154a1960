"""Shifts and the cash drawer: the expected cash is the float plus every cash movement."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from station_app.core.cart import Cart
from station_app.core.clock import Clock, SteppingClock
from station_app.core.errors import InputRefused
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.refunds import refund_sale
from station_app.core.sales import complete_sale
from station_app.core.shifts import (
    close_shift,
    current_shift,
    open_shift,
    pay_in,
    pay_out,
    shifts_of_day,
)
from village_protocol.events import check_payload


@pytest.fixture
def ticking(shop):
    ticker = SteppingClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    shop.clock = Clock(shop.settings.tz_offset_min, ticker)
    return ticker


def _sell(shop, product, quantity, tender_method, tendered=None):
    cart = Cart()
    cart.add_product(product, quantity)
    total = cart.totals().total_fen
    return complete_sale(
        shop.db,
        cart,
        [Tender(tender_method, tendered or total)],
        shop.clerk,
        shop.settings,
        shop.clock,
    )


def test_closing_half_a_yuan_short_records_over_short_and_each_part(shop, ticking):
    open_shift(shop.db, 20_000, shop.clerk, shop.settings, shop.clock)
    ticking.advance(timedelta(minutes=5))
    _sell(shop, shop.cola, 2, PaymentMethod.CASH, tendered=1_000)  # ¥6 paid, ¥4 change
    _sell(shop, shop.noodles, 1, PaymentMethod.WECHAT)
    pay_out(shop.db, 2_000, "付送货费", shop.clerk, shop.settings, shop.clock)
    pay_in(shop.db, 5_000, "银行换零钱", shop.clerk, shop.settings, shop.clock)
    ticking.advance(timedelta(minutes=5))
    closed = close_shift(shop.db, shop.owner, shop.settings, shop.clock, counted_fen=23_550)
    assert (closed.float_fen, closed.cash_sales_fen, closed.pay_in_fen, closed.pay_out_fen) == (
        20_000,
        600,
        5_000,
        2_000,
    )
    assert closed.expected_cash_fen == 23_600
    assert (closed.counted_cash_fen, closed.over_short_fen) == (23_550, -50)
    assert closed.payments_fen["wechat"] == 450
    assert (closed.opened_by, closed.closed_by) == ("店员", "店主")


def test_a_cash_refund_leaves_the_drawer(shop, ticking):
    open_shift(shop.db, 10_000, shop.clerk, shop.settings, shop.clock)
    ticking.advance(timedelta(minutes=1))
    sale = _sell(shop, shop.cola, 3, PaymentMethod.CASH).sale
    ticking.advance(timedelta(minutes=1))
    refund_sale(
        shop.db,
        sale.receipt_no,
        {sale.lines[0].id: 1},
        PaymentMethod.CASH,
        shop.clerk,
        shop.owner,
        shop.settings,
        shop.clock,
    )
    ticking.advance(timedelta(minutes=1))
    figures = current_shift(shop.db, shop.settings, shop.clock)
    assert figures is not None
    assert (figures.cash_sales_fen, figures.cash_refunds_fen) == (900, 300)
    assert figures.expected_cash_fen == 10_600


def test_a_second_shift_cannot_open_while_one_is_open(shop, ticking):
    open_shift(shop.db, 10_000, shop.clerk, shop.settings, shop.clock)
    with pytest.raises(InputRefused) as refused:
        open_shift(shop.db, 10_000, shop.clerk, shop.settings, shop.clock)
    assert "已有未结班次" in refused.value.zh and "close it first" in refused.value.en


def test_a_pay_out_needs_a_reason_and_an_open_shift(shop, ticking):
    with pytest.raises(InputRefused) as refused:
        pay_out(shop.db, 1_000, "付送货费", shop.clerk, shop.settings, shop.clock)
    assert "先开班" in refused.value.zh
    open_shift(shop.db, 10_000, shop.clerk, shop.settings, shop.clock)
    with pytest.raises(InputRefused) as refused:
        pay_out(shop.db, 1_000, "  ", shop.clerk, shop.settings, shop.clock)
    assert "原因" in refused.value.zh
    assert shop.db.execute("SELECT count(*) FROM drawer_moves").fetchone()[0] == 0


def test_a_pay_in_is_audited_with_its_reason(shop, ticking):
    open_shift(shop.db, 10_000, shop.clerk, shop.settings, shop.clock)
    pay_in(shop.db, 5_000, "银行换零钱", shop.clerk, shop.settings, shop.clock)
    detail = shop.db.execute(
        "SELECT detail FROM audit_log WHERE action = 'shift.pay_in'"
    ).fetchone()[0]
    assert json.loads(detail)["reason"] == "银行换零钱"


def test_a_count_by_denomination_is_the_sum_of_notes_and_coins(shop, ticking):
    open_shift(shop.db, 10_000, shop.clerk, shop.settings, shop.clock)
    closed = close_shift(
        shop.db,
        shop.owner,
        shop.settings,
        shop.clock,
        denominations={10_000: 1, 50: 1, 10: 2},
    )
    assert (closed.counted_cash_fen, closed.over_short_fen) == (10_070, 70)


def test_closing_queues_a_shift_closed_event_the_protocol_accepts(shop, ticking):
    open_shift(shop.db, 10_000, shop.clerk, shop.settings, shop.clock)
    close_shift(shop.db, shop.owner, shop.settings, shop.clock, counted_fen=9_900, note="少一元")
    kind, payload = shop.db.execute(
        "SELECT kind, payload FROM outbox WHERE kind = 'shift.closed'"
    ).fetchone()
    event = json.loads(payload)
    check_payload(kind, event)
    assert (event["expected_cash_fen"], event["over_short_fen"]) == (10_000, -100)


def test_a_movement_after_the_close_is_not_in_the_closed_shift(shop, ticking):
    open_shift(shop.db, 10_000, shop.clerk, shop.settings, shop.clock)
    ticking.advance(timedelta(minutes=1))
    close_shift(shop.db, shop.owner, shop.settings, shop.clock, counted_fen=10_000)
    ticking.advance(timedelta(minutes=1))
    _sell(shop, shop.cola, 1, PaymentMethod.CASH)
    [closed] = shifts_of_day(shop.db, shop.clock.today(), shop.clock)
    assert (closed.cash_sales_fen, closed.expected_cash_fen) == (0, 10_000)


_MOVES = st.lists(
    st.one_of(
        st.tuples(st.just("cash_sale"), st.integers(1, 5)),
        st.tuples(st.just("wechat_sale"), st.integers(1, 5)),
        st.tuples(st.just("pay_in"), st.integers(1, 50_000)),
        st.tuples(st.just("pay_out"), st.integers(1, 50_000)),
    ),
    max_size=8,
)


@hsettings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(float_fen=st.integers(0, 100_000), moves=_MOVES)
def test_expected_cash_equals_the_float_plus_the_shifts_cash_movements(
    shop, ticking, float_fen, moves
):
    if current_shift(shop.db, shop.settings, shop.clock) is not None:
        close_shift(shop.db, shop.owner, shop.settings, shop.clock, counted_fen=0)
    ticking.advance(timedelta(minutes=1))
    open_shift(shop.db, float_fen, shop.clerk, shop.settings, shop.clock)
    cash = float_fen
    for kind, amount in moves:
        ticking.advance(timedelta(seconds=10))
        if kind == "cash_sale":
            cash += _sell(
                shop, shop.cola, amount, PaymentMethod.CASH, tendered=10_000
            ).sale.total_fen
        elif kind == "wechat_sale":
            _sell(shop, shop.cola, amount, PaymentMethod.WECHAT)
        elif kind == "pay_in":
            pay_in(shop.db, amount, "换零钱", shop.clerk, shop.settings, shop.clock)
            cash += amount
        else:
            pay_out(shop.db, amount, "付货款", shop.clerk, shop.settings, shop.clock)
            cash -= amount
    ticking.advance(timedelta(seconds=10))
    closed = close_shift(shop.db, shop.owner, shop.settings, shop.clock, counted_fen=0)
    assert closed.expected_cash_fen == cash
    assert closed.over_short_fen == -cash
