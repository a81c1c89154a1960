"""Realistic counter activity generated through the same services the GUI uses.

Deterministic for a seed and a start date: the same sales, lines, amounts and
payments (ids and hashes differ, being random or time-based by design).

Each day is one terminal's day at the counter: the shift opens at 07:00 with a float,
sales fill at most ten hours, then refunds, the village's errands and the close follow,
so every movement lies inside the day's shifts and on the day it belongs to.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from station_app.core.cart import Cart
from station_app.core.catalog import Product, get_product
from station_app.core.clock import Clock, SteppingClock
from station_app.core.errors import StationError
from station_app.core.money import MAX_QUANTITY, Rounding
from station_app.core.operators import Operator, Role, get_operator
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.refunds import refund_methods, refund_sale, refundable_lines
from station_app.core.sales import complete_sale, load_sale
from station_app.core.settings import StationSettings, load_settings
from station_app.core.shifts import (
    close_shift,
    current_shift,
    hand_over,
    open_shift,
    open_shift_id,
    pay_in,
    pay_out,
)
from station_app.core.simulation_villagers import VillageActivity
from station_app.storage.sqlite_wrapper import Database

MAX_DAYS = 3660
# Simulated days must be dates a station can have sold on; far-off years overflow the
# UTC conversion (year 1 minus the tz offset) and mean nothing for a report.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)

# Sales spread over at most this long after the morning open (a draw of up to 700 s between
# sales is squeezed on busy days), which leaves the evening for refunds and errands.
_SALES_SPAN_S = 10 * 3600
_MAX_GAP_S = 700
_FLOATS_FEN = (20_000, 30_000, 50_000)
_PAY_INS = ("银行换零钱", "店主放入零钱")
# (reason, least, most) in fen: small errands paid from the drawer.
_PAY_OUTS = (
    ("付送货费", 500, 5_000),
    ("买垃圾袋和抹布", 300, 2_000),
    ("付快递员运费", 1_000, 8_000),
    ("交电费", 15_000, 40_000),
)
_OVER_SHORT_FEN = (10, 20, 50, 100, 200, 500, 1_000)

_METHOD_WEIGHTS = (
    (PaymentMethod.CASH, 45),
    (PaymentMethod.WECHAT, 35),
    (PaymentMethod.ALIPAY, 15),
    (PaymentMethod.UNIONPAY, 5),
)


@dataclass(frozen=True)
class SimulationSummary:
    """What a simulation wrote."""

    days: int
    sales: int
    refunds: int
    net_fen: int
    agency_orders: int = 0
    parcels: int = 0
    repayments: int = 0
    lots: int = 0
    shipments: int = 0
    payouts: int = 0
    shifts: int = 0
    hand_overs: int = 0
    drawer_moves: int = 0


@dataclass
class _Drawer:
    """The day's shifts: open with a float, pay-ins and pay-outs, a hand-over, the count.

    Draws from its own `rng`, so the sales and the village's activity of a seed stay what
    they were before shifts were simulated.
    """

    db: Database
    rng: random.Random
    settings: StationSettings
    staff: list[Operator]
    owner: Operator
    shifts: int = 0
    hand_overs: int = 0
    drawer_moves: int = 0

    def open(self, operator: Operator, clock: Clock) -> None:
        """Open the morning shift; now and then change comes from the bank first thing."""
        open_shift(self.db, self.rng.choice(_FLOATS_FEN), operator, self.settings, clock)
        self.shifts += 1
        if self.rng.random() < 0.2:
            self._move("pay_in", self.rng.randrange(5_000, 20_001, 1_000), operator, clock)

    def plan(self, sales: int) -> tuple[dict[int, str], int | None]:
        """Before which sales a pay-in or pay-out happens, and the hand-over (if any)."""
        moves = {
            self.rng.randrange(sales): self.rng.choice(("pay_in", "pay_out", "pay_out"))
            for _ in range(self.rng.choice((0, 1, 1, 2, 3)))
        }
        hand_over_at = None
        if len(self.staff) > 1 and self.rng.random() < 0.25:
            hand_over_at = self.rng.randrange(sales // 3, 2 * sales // 3 + 1)
        return moves, hand_over_at

    def move(self, kind: str, operator: Operator, clock: Clock) -> None:
        """A pay-in of change, or a pay-out for an errand (the larger ones with the owner)."""
        if kind == "pay_in":
            self._move(kind, self.rng.randrange(5_000, 20_001, 1_000), operator, clock)
            return
        reason, least, most = self.rng.choice(_PAY_OUTS)
        self._move(kind, self.rng.randrange(least, most + 1, 100), operator, clock, reason)

    def _move(
        self, kind: str, fen: int, operator: Operator, clock: Clock, reason: str = ""
    ) -> None:
        approver = self.owner if fen > self.settings.drawer_move_owner_limit_fen else None
        action = pay_in if kind == "pay_in" else pay_out
        reason = reason or self.rng.choice(_PAY_INS)
        action(self.db, fen, reason, operator, self.settings, clock, approver=approver)
        self.drawer_moves += 1

    def hand_over(self, operator: Operator, clock: Clock) -> Operator:
        """交班 to another of the staff with a count; returns who sells on."""
        successor = self.rng.choice([op for op in self.staff if op.id != operator.id])
        hand_over(
            self.db,
            operator,
            successor,
            self.settings,
            clock,
            counted_fen=self._count(operator, clock),
        )
        self.shifts += 1
        self.hand_overs += 1
        return successor

    def close(self, operator: Operator, clock: Clock) -> None:
        """日结: count the drawer (now and then a little over or short) and close."""
        close_shift(
            self.db, operator, self.settings, clock, counted_fen=self._count(operator, clock)
        )

    def _count(self, operator: Operator, clock: Clock) -> int:
        figures = current_shift(self.db, self.settings, clock)
        assert figures is not None
        expected = figures.expected_cash_fen
        if expected < 0:
            # Farmers paid out in cash took more than the drawer held: the owner tops it up.
            top_up = -expected // 10_000 * 10_000 + 10_000
            self._move("pay_in", top_up, operator, clock, "店主补足现金")
            expected += top_up
        limit = self.settings.over_short_owner_limit_fen
        sizes = [fen for fen in _OVER_SHORT_FEN if fen <= min(limit, expected)]
        if not sizes or self.rng.random() >= 0.15:
            return expected
        off = self.rng.choice(sizes)
        return expected + off if self.rng.random() < 0.4 else expected - off


def _operators(db: Database) -> tuple[list[Operator], Operator]:
    rows = db.execute("SELECT id FROM operators WHERE active = 1 ORDER BY created_at, id")
    staff = [get_operator(db, r[0]) for r in rows]
    owners = [op for op in staff if op.role is Role.OWNER]
    if not owners:
        raise StationError("没有店主账号，请先初始化站点", "No owner: run `init` first")
    return staff, owners[0]


def _catalog(db: Database) -> tuple[list[Product], list[Product]]:
    ids = [r[0] for r in db.execute("SELECT id FROM products WHERE active = 1 ORDER BY id")]
    products = [get_product(db, product_id) for product_id in ids]
    counted = [p for p in products if not p.is_weighed and p.barcode]
    weighed = [p for p in products if p.is_weighed]
    if not counted:
        raise StationError("商品库为空，请先导入商品", "The catalog is empty: import products")
    return counted, weighed


def _cash_tendered(total_fen: int, rng: random.Random) -> int:
    # Villagers hand over round notes more often than exact change.
    for note in (1000, 2000, 5000, 10000):
        if total_fen <= note and rng.random() < 0.6:
            return note
    return total_fen + rng.choice((0, 0, 50, 100, 500))


def _tenders(total_fen: int, rng: random.Random) -> list[Tender]:
    if total_fen == 0:
        return []
    if total_fen > 2000 and rng.random() < 0.04:
        part = rng.randrange(500, total_fen - 100, 100)
        return [
            Tender(PaymentMethod.WECHAT, part, f"WX{rng.randrange(10**9):09d}"),
            Tender(PaymentMethod.CASH, _cash_tendered(total_fen - part, rng)),
        ]
    method = rng.choices([m for m, _ in _METHOD_WEIGHTS], [w for _, w in _METHOD_WEIGHTS])[0]
    if method is PaymentMethod.CASH:
        return [Tender(method, _cash_tendered(total_fen, rng))]
    return [Tender(method, total_fen, f"{method.value[:2].upper()}{rng.randrange(10**9):09d}")]


def simulate(
    db: Database, days: int, seed: int, start: date | None = None, tz_offset_min: int = 480
) -> SimulationSummary:
    """Ring up `days` days of sales and a few refunds, each day inside its shifts.

    The days start at `start`, by default `days` days before today, so they end yesterday.
    """
    if not 1 <= days <= MAX_DAYS:
        raise StationError(f"天数须在 1 到 {MAX_DAYS} 之间", f"Days must be 1 to {MAX_DAYS}")
    if start is not None and not FIRST_DAY <= start <= LAST_DAY - timedelta(days=days - 1):
        raise StationError(
            f"模拟的日期须在 {FIRST_DAY} 到 {LAST_DAY} 之间，请改 --start 或 --days",
            f"Simulated days must lie within {FIRST_DAY} to {LAST_DAY}; change --start or --days",
        )
    rng = random.Random(seed)
    settings = load_settings(db)
    staff, owner = _operators(db)
    counted, weighed = _catalog(db)
    if open_shift_id(db, settings.terminal_id) is not None:
        raise StationError(
            f"收银台 {settings.terminal_id} 有未结班次，请先结班再模拟",
            f"Terminal {settings.terminal_id} has an open shift: close it before simulating",
        )
    drawer = _Drawer(db, random.Random(f"shifts:{seed}"), settings, staff, owner)
    first = start or (Clock(tz_offset_min).today() - timedelta(days=days))
    offset = timedelta(minutes=settings.tz_offset_min)
    sales = refunds = net = 0
    village = VillageActivity.load(db, rng, settings)
    for day_index in range(days):
        day = first + timedelta(days=day_index)
        ticker = SteppingClock(datetime.combine(day, time(7, 0), UTC) - offset)
        clock = Clock(settings.tz_offset_min, ticker)
        operator = rng.choice(staff)
        drawer.open(operator, clock)
        receipts: list[str] = []
        count = rng.randint(40, 110)
        moves, hand_over_at = drawer.plan(count)
        longest = max(_SALES_SPAN_S, count * _MAX_GAP_S)
        for index in range(count):
            ticker.advance(
                timedelta(seconds=rng.randint(60, _MAX_GAP_S) * _SALES_SPAN_S // longest)
            )
            if index == hand_over_at:
                operator = drawer.hand_over(operator, clock)
            if index in moves:
                drawer.move(moves[index], operator, clock)
            cart = Cart(settings.clerk_discount_limit_fen)
            for _ in range(rng.choices((1, 2, 3, 4, 6), (35, 30, 20, 10, 5))[0]):
                if weighed and rng.random() < 0.15:
                    cart.add_weighed(rng.choice(weighed), rng.randint(150, 5000))
                    continue
                product = rng.choice(counted)
                quantity = min(rng.choices((1, 2, 3, 6, 12), (60, 20, 10, 7, 3))[0], MAX_QUANTITY)
                cart.add_product(product, quantity)
            if rng.random() < 0.08 and cart.totals().total_fen > 1000:
                cart.discount_sale(rng.choice((50, 100, 200)), owner)
            if rng.random() < 0.15:
                cart.set_rounding(Rounding.JIAO)
            total = cart.totals().total_fen
            tenders = village.account_tenders(total) or _tenders(total, rng)
            result = complete_sale(db, cart, tenders, operator, settings, clock)
            receipts.append(result.sale.receipt_no)
            sales += 1
            net += result.sale.total_fen
        for receipt_no in rng.sample(receipts, k=min(len(receipts), rng.choice((0, 0, 1, 2)))):
            ticker.advance(timedelta(minutes=rng.randint(5, 30)))
            net -= _refund_something(db, receipt_no, rng, owner, settings, clock)
            refunds += 1
        village.run_day(ticker, clock, operator)
        ticker.advance(timedelta(minutes=10))
        drawer.close(operator, clock)
    return SimulationSummary(
        days,
        sales,
        refunds,
        net,
        village.agency_orders,
        village.parcels,
        village.repayments,
        village.lots,
        village.shipments,
        village.payouts,
        drawer.shifts,
        drawer.hand_overs,
        drawer.drawer_moves,
    )


def _refund_something(
    db: Database,
    receipt_no: str,
    rng: random.Random,
    owner: Operator,
    settings: StationSettings,
    clock: Clock,
) -> int:
    sale = load_sale(db, receipt_no)
    line = rng.choice([r for r in refundable_lines(db, sale) if r.quantity_left > 0])
    method = rng.choice(refund_methods(sale))
    paid = sum(p.amount_fen for p in sale.payments if p.method is method)
    if method is not PaymentMethod.CASH and paid < line.amount_left_fen:
        method = PaymentMethod.CASH
    result = refund_sale(
        db,
        receipt_no,
        {line.line.id: line.quantity_left},
        method,
        owner,
        owner,
        settings,
        clock,
        reason="顾客退货",
    )
    return result.total_fen
