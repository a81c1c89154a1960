"""Realistic counter activity generated through the same services the GUI uses.

Deterministic for a seed and a start date: the same sales, lines, amounts and
payments (ids and hashes differ, being random or time-based by design).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlite_utils import Database

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
from station_app.core.simulation_villagers import VillageActivity

MAX_DAYS = 3660
# Simulated days must be dates a station can have sold on; far-off years overflow the
# UTC conversion (year 1 minus the tz offset) and mean nothing for a report.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)

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
    """Ring up `days` days of sales and a few refunds.

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
    first = start or (Clock(tz_offset_min).today() - timedelta(days=days))
    offset = timedelta(minutes=settings.tz_offset_min)
    sales = refunds = net = 0
    village = VillageActivity.load(db, rng, settings)
    for day_index in range(days):
        day = first + timedelta(days=day_index)
        ticker = SteppingClock(datetime.combine(day, time(7, 0), UTC) - offset)
        clock = Clock(settings.tz_offset_min, ticker)
        operator = rng.choice(staff)
        receipts: list[str] = []
        for _ in range(rng.randint(40, 110)):
            ticker.advance(timedelta(seconds=rng.randint(60, 700)))
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
