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
from station_app.core.errors import InputRefused, PermissionRequired
from station_app.core.money import Rounding
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.refunds import refund_sale
from station_app.core.sales import complete_sale
from station_app.core.shifts import (
    close_shift,
    current_shift,
    hand_over,
    last_counted_cash,
    open_shift,
    pay_in,
    pay_out,
    shifts_of_day,
)
from station_app.core.voided_lines import record_voided_line
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
        close_shift(shop.db, shop.owner, shop.settings, shop.clock, counted_fen=0, note="试")
    ticking.advance(timedelta(minutes=1))
    open_shift(shop.db, float_fen, shop.clerk, shop.settings, shop.clock)
    cash = float_fen
    owner = shop.owner
    for kind, amount in moves:
        ticking.advance(timedelta(seconds=10))
        if kind == "cash_sale":
            cash += _sell(
                shop, shop.cola, amount, PaymentMethod.CASH, tendered=10_000
            ).sale.total_fen
        elif kind == "wechat_sale":
            _sell(shop, shop.cola, amount, PaymentMethod.WECHAT)
        elif kind == "pay_in":
            pay_in(
                shop.db,
                amount,
                "换零钱",
                shop.clerk,
                shop.settings,
                shop.clock,
                approver=owner,
            )
            cash += amount
        else:
            pay_out(
                shop.db,
                amount,
                "付货款",
                shop.clerk,
                shop.settings,
                shop.clock,
                approver=owner,
            )
            cash -= amount
    ticking.advance(timedelta(seconds=10))
    closed = close_shift(shop.db, shop.owner, shop.settings, shop.clock, counted_fen=0, note="试")
    assert closed.expected_cash_fen == cash
    assert closed.over_short_fen == -cash


def test_a_pay_out_over_the_limit_needs_the_owner(shop, ticking):
    open_shift(shop.db, 10_000, shop.clerk, shop.settings, shop.clock)
    limit = shop.settings.drawer_move_owner_limit_fen
    with pytest.raises(PermissionRequired):
        pay_out(shop.db, limit + 1, "付货款", shop.clerk, shop.settings, shop.clock)
    with pytest.raises(PermissionRequired):
        pay_out(
            shop.db, limit + 1, "付货款", shop.clerk, shop.settings, shop.clock, approver=shop.clerk
        )
    pay_out(shop.db, limit, "付货款", shop.clerk, shop.settings, shop.clock)
    pay_out(
        shop.db, limit + 1, "付货款", shop.clerk, shop.settings, shop.clock, approver=shop.owner
    )
    figures = current_shift(shop.db, shop.settings, shop.clock)
    assert figures is not None and figures.pay_out_fen == 2 * limit + 1
    approved = shop.db.execute(
        "SELECT json_extract(detail, '$.approved_by') FROM audit_log "
        "WHERE action = 'shift.pay_out' ORDER BY seq"
    ).fetchall()
    assert approved == [(None,), (shop.owner.id,)]


def test_an_over_short_beyond_the_limit_needs_a_note_and_the_owner(shop, ticking):
    open_shift(shop.db, 10_000, shop.clerk, shop.settings, shop.clock)
    short = 10_000 - shop.settings.over_short_owner_limit_fen - 1
    with pytest.raises(InputRefused) as no_note:
        close_shift(shop.db, shop.clerk, shop.settings, shop.clock, counted_fen=short)
    assert (no_note.value.code, no_note.value.field) == ("over_short_note_required", "note")
    with pytest.raises(PermissionRequired):
        close_shift(
            shop.db, shop.clerk, shop.settings, shop.clock, counted_fen=short, note="找错钱"
        )
    assert current_shift(shop.db, shop.settings, shop.clock) is not None
    closed = close_shift(
        shop.db,
        shop.clerk,
        shop.settings,
        shop.clock,
        counted_fen=short,
        note="找错钱",
        approver=shop.owner,
    )
    assert (closed.over_short_fen, closed.note) == (-1_001, "找错钱")


def test_a_small_over_short_needs_neither(shop, ticking):
    open_shift(shop.db, 10_000, shop.clerk, shop.settings, shop.clock)
    closed = close_shift(shop.db, shop.clerk, shop.settings, shop.clock, counted_fen=9_950)
    assert closed.over_short_fen == -50


def test_handing_over_carries_the_counted_cash_into_the_next_shift(shop, ticking):
    open_shift(shop.db, 10_000, shop.clerk, shop.settings, shop.clock)
    ticking.advance(timedelta(minutes=1))
    _sell(shop, shop.cola, 1, PaymentMethod.CASH)
    ticking.advance(timedelta(minutes=1))
    closed, opened = hand_over(
        shop.db, shop.clerk, shop.owner, shop.settings, shop.clock, counted_fen=10_300
    )
    assert (closed.closed_by, closed.over_short_fen) == ("店员", 0)
    assert (opened.opened_by, opened.float_fen, opened.closed_at) == ("店主", 10_300, None)
    ticking.advance(timedelta(minutes=1))
    _sell(shop, shop.cola, 2, PaymentMethod.CASH)
    ticking.advance(timedelta(minutes=1))
    now = current_shift(shop.db, shop.settings, shop.clock)
    assert now is not None and (now.shift_id, now.cash_sales_fen) == (opened.shift_id, 600)
    assert [s.cash_sales_fen for s in shifts_of_day(shop.db, shop.clock.today(), shop.clock)] == [
        300,
        600,
    ]
    with pytest.raises(InputRefused):
        hand_over(shop.db, shop.owner, shop.owner, shop.settings, shop.clock, counted_fen=1)


def test_a_refused_hand_over_leaves_the_shift_open(shop, ticking):
    open_shift(shop.db, 10_000, shop.clerk, shop.settings, shop.clock)
    with pytest.raises(InputRefused):
        hand_over(shop.db, shop.clerk, shop.owner, shop.settings, shop.clock, counted_fen=1)
    figures = current_shift(shop.db, shop.settings, shop.clock)
    assert figures is not None and figures.opened_by == "店员"
    assert shop.db.execute("SELECT count(*) FROM shifts").fetchone()[0] == 1


def test_the_last_count_is_offered_as_the_next_float(shop, ticking):
    assert last_counted_cash(shop.db, shop.settings.terminal_id) is None
    open_shift(shop.db, 10_000, shop.clerk, shop.settings, shop.clock)
    close_shift(shop.db, shop.clerk, shop.settings, shop.clock, counted_fen=9_990)
    assert last_counted_cash(shop.db, shop.settings.terminal_id) == 9_990


def test_the_report_counts_receipts_discounts_rounding_refunds_and_voided_lines(shop, ticking):
    open_shift(shop.db, 10_000, shop.clerk, shop.settings, shop.clock)
    ticking.advance(timedelta(minutes=1))
    cart = Cart()
    cart.add_product(shop.cola, 1)
    line = cart.void_line(0)
    record_voided_line(shop.db, line, shop.clerk, shop.settings.terminal_id, shop.clock)
    cart.add_product(shop.noodles, 3)  # ¥13.50
    cart.discount_sale(100, shop.clerk, None)
    cart.set_rounding(Rounding.YUAN)  # 抹零 the ¥0.50
    done = complete_sale(
        shop.db, cart, [Tender(PaymentMethod.CASH, 1_200)], shop.clerk, shop.settings, shop.clock
    )
    sold = _sell(shop, shop.cola, 2, PaymentMethod.WECHAT)
    refund_sale(
        shop.db,
        sold.sale.receipt_no,
        {sold.sale.lines[0].id: 1},
        PaymentMethod.WECHAT,
        shop.clerk,
        shop.owner,
        shop.settings,
        shop.clock,
    )
    ticking.advance(timedelta(minutes=1))
    figures = current_shift(shop.db, shop.settings, shop.clock)
    assert figures is not None
    assert done.sale.total_fen == 1_200
    assert (figures.receipts_count, figures.gross_fen) == (2, 1_350 + 600)
    assert (figures.discount_count, figures.discount_fen) == (1, 100)
    assert (figures.rounding_count, figures.rounding_fen) == (1, 50)
    assert (figures.refunds_count, figures.refunds_fen) == (1, 300)
    assert figures.voided_lines_count == 1
    assert figures.net_fen == 1_200 + 600 - 300


# Every kind of money the issue lists in one shift, with its non-cash twin that must not
# count. (Imports kept with the tests they serve; the lead may hoist them.)
from station_app.core import agency, consignment, credit  # noqa: E402
from station_app.core.villagers import add_villager, set_credit_limit  # noqa: E402

CASH, WECHAT, ALIPAY, UNIONPAY, ACCOUNT = (
    PaymentMethod.CASH,
    PaymentMethod.WECHAT,
    PaymentMethod.ALIPAY,
    PaymentMethod.UNIONPAY,
    PaymentMethod.ACCOUNT,
)
_PARTS = (
    "cash_sales_fen",
    "cash_refunds_fen",
    "agency_cash_in_fen",
    "agency_cash_out_fen",
    "credit_repayments_cash_fen",
    "payouts_cash_fen",
    "pay_in_fen",
    "pay_out_fen",
)


class _Drawer:
    """Runs movements through the real services and keeps what each should add to the shift."""

    def __init__(self, shop, ticking):
        self.shop, self.ticking = shop, ticking
        self.parts = dict.fromkeys(_PARTS, 0)
        self.by_method = {m.value: 0 for m in PaymentMethod}
        self.villager = self._villager()
        self.lots = 0

    def _villager(self):
        row = self.shop.db.execute("SELECT id FROM villagers WHERE name = '王老汉'").fetchone()
        if row is None:
            villager = add_villager(
                self.shop.db, "王老汉", "13712345678", self.shop.clerk, self.shop.clock
            )
            row = (villager.id,)
        return set_credit_limit(self.shop.db, row[0], 10_000_000, self.shop.owner, self.shop.clock)

    def tick(self):
        self.ticking.advance(timedelta(seconds=7))

    def _tender(self, method, amount):
        villager_id = self.villager.id if method is ACCOUNT else None
        return Tender(method, amount, villager_id=villager_id)

    def sale(self, tenders_of_total, quantity=1):
        """A sale of `quantity` colas; `tenders_of_total(total)` → [(method, amount)]."""
        self.tick()
        cart = Cart()
        cart.add_product(self.shop.cola, quantity)
        total = cart.totals().total_fen
        tenders = [self._tender(m, a) for m, a in tenders_of_total(total)]
        done = complete_sale(
            self.shop.db,
            cart,
            tenders,
            self.shop.clerk,
            self.shop.settings,
            self.shop.clock,
            credit_approver=self.shop.owner,
        )
        for payment in done.sale.payments:
            self.by_method[payment.method.value] += payment.amount_fen
            if payment.method is CASH:
                self.parts["cash_sales_fen"] += payment.amount_fen
        return done.sale

    def refund(self, sale, method):
        self.tick()
        result = refund_sale(
            self.shop.db,
            sale.receipt_no,
            {sale.lines[0].id: 1},
            method,
            self.shop.clerk,
            self.shop.owner,
            self.shop.settings,
            self.shop.clock,
        )
        self.by_method[method.value] -= result.total_fen
        if method is CASH:
            self.parts["cash_refunds_fen"] += result.total_fen

    def agency_order(self, tenders, extra_fen, payback=None):
        """An order collecting `tenders`; with `payback` (method, share of 100) it is then
        cancelled, refunded by the platform and that share paid back."""
        self.tick()
        collected = sum(a for _m, a in tenders)
        order = agency.create_order(
            self.shop.db,
            self.villager.id,
            "淘宝",
            "电饭煲",
            1,
            collected + extra_fen,
            0,
            0,
            [self._tender(m, a) for m, a in tenders if a],
            self.shop.clerk,
            self.shop.settings,
            self.shop.clock,
            credit_approver=self.shop.owner,
        )
        for method, amount in tenders:
            if method is CASH:
                self.parts["agency_cash_in_fen"] += amount
        # Paid on the platform from the keeper's phone: never the drawer.
        agency.mark_placed(
            self.shop.db, order.id, "TB1", order.total_fen, self.shop.clerk, self.shop.clock
        )
        if payback is None:
            return
        method, share = payback
        self.tick()
        agency.cancel_order(self.shop.db, order.id, "缺货", self.shop.clerk, self.shop.clock)
        paid_back = collected * share // 100
        agency.record_refund(
            self.shop.db,
            order.id,
            order.total_fen,
            paid_back,
            method,
            self.shop.clerk,
            self.shop.clock,
        )
        if method is CASH:
            self.parts["agency_cash_out_fen"] += paid_back

    def repayment(self, method, quantity):
        """Colas on account, then the same money repaid by `method`."""
        sale = self.sale(lambda total: [(ACCOUNT, total)], quantity)
        # An account payback earlier may have left the villager in credit: repay what is owed.
        amount = min(sale.total_fen, credit.balance_fen(self.shop.db, self.villager.id))
        if amount <= 0:
            return
        self.tick()
        credit.repay(
            self.shop.db, self.villager.id, amount, method, self.shop.clerk, self.shop.clock
        )
        if method is CASH:
            self.parts["credit_repayments_cash_fen"] += amount

    def payout(self, method, due_fen):
        """A lot weighed in, shipped, settled by the hub and the farmer paid out."""
        self.tick()
        lot = consignment.intake_lot(
            self.shop.db,
            self.villager.id,
            product="脐橙",
            grade="一级",
            crates=1,
            pieces=0,
            gross_g=10_500,
            tare_g_per_crate=500,
            harvest_date=self.shop.clock.today(),
            shelf_life_days=10,
            asking_price_fen_per_kg=600,
            commission_bp=800,
            operator=self.shop.clerk,
            settings=self.shop.settings,
            clock=self.shop.clock,
        )
        consignment.ship_lots(
            self.shop.db, [lot.id], "县物流车", self.shop.clerk, self.shop.settings, self.shop.clock
        )
        self.lots += 1
        settlement_id = f"S-{lot.lot_code}"
        with self.shop.db.atomic():
            consignment.apply_settlement(
                self.shop.db,
                {
                    "settlement_id": settlement_id,
                    "lot_code": lot.lot_code,
                    "outcome": "sold",
                    "sold_g": lot.net_g,
                    "sale_fen": due_fen,
                    "hub_fees_fen": 0,
                    "commission_fen": 0,
                    "due_to_farmer_fen": due_fen,
                },
                self.shop.clock.stamp(),
            )
        self.tick()
        reference = "" if method is CASH else "WX1"
        consignment.pay_out(
            self.shop.db, settlement_id, method, reference, self.shop.clerk, self.shop.clock
        )
        if method is CASH:
            self.parts["payouts_cash_fen"] += due_fen

    def drawer(self, kind, amount):
        self.tick()
        move = pay_in if kind == "pay_in" else pay_out
        move(
            self.shop.db,
            amount,
            "换零钱" if kind == "pay_in" else "付送货费",
            self.shop.clerk,
            self.shop.settings,
            self.shop.clock,
            approver=self.shop.owner,
        )
        self.parts[f"{kind}_fen"] += amount

    def expected(self, float_fen):
        p = self.parts
        return (
            float_fen
            + p["cash_sales_fen"]
            - p["cash_refunds_fen"]
            + p["agency_cash_in_fen"]
            - p["agency_cash_out_fen"]
            + p["credit_repayments_cash_fen"]
            - p["payouts_cash_fen"]
            + p["pay_in_fen"]
            - p["pay_out_fen"]
        )


def _assert_parts(figures, drawer, float_fen):
    assert {part: getattr(figures, part) for part in _PARTS} == drawer.parts
    assert figures.float_fen == float_fen
    assert figures.expected_cash_fen == drawer.expected(float_fen)
    assert figures.payments_fen == drawer.by_method


def test_every_cash_movement_of_a_shift_counts_and_no_other_money_does(shop, ticking):
    # Before the shift opens: a cash sale and a cash repayment that belong to no shift.
    outside = _Drawer(shop, ticking)
    outside.sale(lambda total: [(CASH, total)])
    outside.repayment(CASH, 2)
    ticking.advance(timedelta(minutes=1))
    open_shift(shop.db, 20_000, shop.clerk, shop.settings, shop.clock)
    d = _Drawer(shop, ticking)
    # Sales: cash with change, each QR and card method, on account, and cash + WeChat split.
    cash_sale = d.sale(lambda total: [(CASH, total + 1_000)], 3)  # ¥9 paid from ¥19
    wechat_sale = d.sale(lambda total: [(WECHAT, total)], 2)
    d.sale(lambda total: [(ALIPAY, total)])
    d.sale(lambda total: [(UNIONPAY, total)])
    d.sale(lambda total: [(ACCOUNT, total)])
    d.sale(lambda total: [(CASH, 100), (WECHAT, total - 100)], 2)
    # Refunds: cash back on a cash sale and on a WeChat sale; WeChat back on WeChat.
    d.refund(cash_sale, CASH)
    d.refund(wechat_sale, CASH)
    d.refund(wechat_sale, WECHAT)
    # Agency money: a cash deposit kept, a mixed deposit paid back half in cash, a WeChat
    # deposit paid back by WeChat, an account order paid back to the account.
    d.agency_order([(CASH, 5_000)], extra_fen=3_000)
    d.agency_order([(CASH, 4_000), (WECHAT, 2_000)], extra_fen=0, payback=(CASH, 50))
    d.agency_order([(WECHAT, 6_000)], extra_fen=0, payback=(WECHAT, 100))
    d.agency_order([(ACCOUNT, 7_000)], extra_fen=0, payback=(ACCOUNT, 100))
    # Credit repaid in cash and by Alipay; farmers paid in cash and by WeChat.
    d.repayment(CASH, 4)
    d.repayment(ALIPAY, 5)
    d.payout(CASH, 6_300)
    d.payout(WECHAT, 8_800)
    d.drawer("pay_in", 5_000)
    d.drawer("pay_out", 2_000)
    d.drawer("pay_out", shop.settings.drawer_move_owner_limit_fen + 1)
    assert d.parts == {
        "cash_sales_fen": 900 + 100,
        "cash_refunds_fen": 300 + 300,
        "agency_cash_in_fen": 5_000 + 4_000,
        "agency_cash_out_fen": 3_000,
        "credit_repayments_cash_fen": 1_200,
        "payouts_cash_fen": 6_300,
        "pay_in_fen": 5_000,
        "pay_out_fen": 2_000 + shop.settings.drawer_move_owner_limit_fen + 1,
    }
    ticking.advance(timedelta(minutes=1))
    mid = current_shift(shop.db, shop.settings, shop.clock)  # the X report
    assert mid is not None
    _assert_parts(mid, d, 20_000)
    expected = d.expected(20_000)
    assert expected == 20_000 + 1_000 - 600 + 9_000 - 3_000 + 1_200 - 6_300 + 5_000 - 2_000 - (
        shop.settings.drawer_move_owner_limit_fen + 1
    )
    closed = close_shift(shop.db, shop.clerk, shop.settings, shop.clock, counted_fen=expected - 50)
    _assert_parts(closed, d, 20_000)
    assert (closed.counted_cash_fen, closed.over_short_fen) == (expected - 50, -50)
    event = json.loads(
        shop.db.execute("SELECT payload FROM outbox WHERE kind = 'shift.closed'").fetchone()[0]
    )
    assert {part: event[part] for part in _PARTS} == d.parts
    assert event["expected_cash_fen"] == expected
    # After the close: cash that belongs to the next shift, not this one.
    ticking.advance(timedelta(minutes=1))
    _Drawer(shop, ticking).repayment(CASH, 1)
    [after] = shifts_of_day(shop.db, shop.clock.today(), shop.clock)
    _assert_parts(after, d, 20_000)


def test_money_stamped_at_the_open_counts_and_at_the_close_does_not(shop, ticking):
    open_shift(shop.db, 1_000, shop.clerk, shop.settings, shop.clock)
    d = _Drawer(shop, ticking)
    d.tick = lambda: None  # the sale carries the very instant the shift opened
    d.sale(lambda total: [(CASH, total)])
    ticking.advance(timedelta(minutes=1))
    close_shift(shop.db, shop.clerk, shop.settings, shop.clock, counted_fen=1_300)
    late = _Drawer(shop, ticking)
    late.tick = lambda: None
    late.sale(lambda total: [(CASH, total)])  # at the close instant: the next shift's
    [closed] = shifts_of_day(shop.db, shop.clock.today(), shop.clock)
    assert (closed.cash_sales_fen, closed.expected_cash_fen, closed.over_short_fen) == (
        300,
        1_300,
        0,
    )


_METHODS = st.sampled_from([CASH, WECHAT, ALIPAY, UNIONPAY])
_ANY_MOVE = st.one_of(
    st.tuples(st.just("sale"), _METHODS, st.integers(1, 4), st.integers(0, 2_000)),
    st.tuples(st.just("split"), st.integers(2, 4), st.integers(1, 500)),
    st.tuples(st.just("refund"), _METHODS, st.booleans()),
    st.tuples(
        st.just("agency"),
        st.integers(0, 20_000),
        st.integers(0, 20_000),
        st.integers(0, 5_000),
        st.integers(0, 5_000),
        st.one_of(st.none(), st.tuples(st.sampled_from(list(PaymentMethod)), st.integers(0, 100))),
    ),
    st.tuples(
        st.just("repay"), st.sampled_from([CASH, WECHAT, ALIPAY, UNIONPAY]), st.integers(1, 5)
    ),
    st.tuples(st.just("payout"), st.sampled_from([CASH, WECHAT]), st.integers(1, 30_000)),
    st.tuples(st.just("pay_in"), st.integers(1, 50_000)),
    st.tuples(st.just("pay_out"), st.integers(1, 50_000)),
)


def _run(d, move):
    kind = move[0]
    if kind == "sale":
        _, method, quantity, change = move
        d.sale(lambda total: [(method, total + (change if method is CASH else 0))], quantity)
    elif kind == "split":
        _, quantity, cash = move
        d.sale(lambda total: [(CASH, cash), (WECHAT, total - cash)], quantity)
    elif kind == "refund":
        _, method, in_cash = move
        sale = d.sale(lambda total: [(method, total)], 2)
        d.refund(sale, CASH if in_cash else method)
    elif kind == "agency":
        _, cash, wechat, account, extra, payback = move
        if cash + wechat + account + extra == 0:
            extra = 100
        d.agency_order([(CASH, cash), (WECHAT, wechat), (ACCOUNT, account)], extra, payback)
    elif kind == "repay":
        d.repayment(move[1], move[2])
    elif kind == "payout":
        d.payout(move[1], move[2])
    else:
        d.drawer(kind, move[1])


@hsettings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(float_fen=st.integers(0, 100_000), moves=st.lists(_ANY_MOVE, max_size=10))
def test_expected_cash_is_the_float_plus_every_kind_of_cash_movement(
    shop, ticking, float_fen, moves
):
    if current_shift(shop.db, shop.settings, shop.clock) is not None:
        close_shift(shop.db, shop.owner, shop.settings, shop.clock, counted_fen=0, note="试")
    # Cash between shifts belongs to none of them.
    _Drawer(shop, ticking).sale(lambda total: [(CASH, total)])
    ticking.advance(timedelta(minutes=1))
    open_shift(shop.db, float_fen, shop.clerk, shop.settings, shop.clock)
    d = _Drawer(shop, ticking)
    for move in moves:
        _run(d, move)
    ticking.advance(timedelta(seconds=10))
    closed = close_shift(shop.db, shop.owner, shop.settings, shop.clock, counted_fen=0, note="试")
    _assert_parts(closed, d, float_fen)
    assert closed.over_short_fen == -d.expected(float_fen)
