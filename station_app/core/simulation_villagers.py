"""Simulated villager activity: credit sales, agency orders, parcels and repayments."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta

from station_app.core.agency import (
    PLATFORMS,
    cancel_order,
    create_order,
    get_order,
    list_orders,
    mark_placed,
    mark_shipped,
    platform_cost_fen,
    record_refund,
)
from station_app.core.clock import Clock, SteppingClock
from station_app.core.consignment import (
    GRADES,
    farmer_balances,
    intake_lot,
    list_lots,
    pay_out,
    ship_lots,
    unpaid_settlements,
)
from station_app.core.credit import balance_fen, debtors, repay
from station_app.core.operators import Operator
from station_app.core.parcels import CARRIERS, hand_over, register_arrival, waiting_parcels
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.settings import StationSettings
from station_app.core.villagers import Villager, get_villager
from station_app.storage.sqlite_wrapper import Database

_PRODUCE = (
    ("脐橙", 600, 20),
    ("猕猴桃", 900, 14),
    ("土鸡蛋", 2400, 25),
    ("生姜", 700, 60),
    ("红薯", 300, 45),
    ("板栗", 1200, 30),
    ("香菇", 2600, 10),
)
_ITEMS = (
    ("美的电饭煲 3L", 19_900),
    ("儿童羽绒服", 12_800),
    ("老人手机", 16_900),
    ("电动车电瓶 48V", 42_000),
    ("保温水壶", 3_990),
    ("农用喷雾器", 8_800),
    ("学生书包", 5_900),
    ("电热毯 双人", 7_900),
    ("不锈钢炒锅", 6_500),
)


@dataclass
class VillageActivity:
    """Draws villager activity from `rng`; counts what it did."""

    db: Database
    rng: random.Random
    settings: StationSettings
    villagers: list[Villager] = field(default_factory=list)
    agency_orders: int = 0
    parcels: int = 0
    repayments: int = 0
    lots: int = 0
    shipments: int = 0
    payouts: int = 0

    @classmethod
    def load(cls, db: Database, rng: random.Random, settings: StationSettings) -> VillageActivity:
        """Activity over the station's villagers (none: nothing villager-related happens)."""
        ids = [r[0] for r in db.execute("SELECT id FROM villagers WHERE active = 1 ORDER BY id")]
        return cls(db, rng, settings, [get_villager(db, i) for i in ids])

    def account_tenders(self, total_fen: int) -> list[Tender] | None:
        """Now and then a villager with room on the account buys on credit."""
        with_credit = [v for v in self.villagers if v.credit_limit_fen]
        if not with_credit or total_fen == 0 or self.rng.random() >= 0.08:
            return None
        villager = self.rng.choice(with_credit)
        if balance_fen(self.db, villager.id) + total_fen > villager.credit_limit_fen:
            return None
        return [Tender(PaymentMethod.ACCOUNT, total_fen, villager_id=villager.id)]

    def run_day(self, ticker: SteppingClock, clock: Clock, staff: Operator) -> None:
        """Move yesterday's orders on, take new ones, hand parcels over, collect repayments."""
        if not self.villagers:
            return
        rng = self.rng
        for order in list_orders(self.db, limit=1000):
            # Seconds, not minutes: a long history of orders must still end before the
            # evening's close (at most 1000 × 10 s).
            ticker.advance(timedelta(seconds=rng.randint(1, 10)))
            roll = rng.random()
            if order.status == "created":
                mark_placed(
                    self.db,
                    order.id,
                    f"P{rng.randrange(10**12):012d}",
                    platform_cost_fen(order),
                    staff,
                    clock,
                )
            elif order.status == "placed" and roll < 0.05:
                cancel_order(self.db, order.id, "缺货", staff, clock)
            elif order.status == "placed":
                mark_shipped(self.db, order.id, f"YT{rng.randrange(10**13):013d}", staff, clock)
            elif order.status == "shipped" and roll < 0.7:
                tracking = self._tracking_of(order.id)
                register_arrival(self.db, tracking, clock, operator=staff)
                self.parcels += 1
            elif order.status == "cancelled":
                record_refund(
                    self.db,
                    order.id,
                    order.spent_fen,
                    order.collected_fen,
                    PaymentMethod.CASH,
                    staff,
                    clock,
                )
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            self._new_order(clock, staff)
        for _ in range(rng.randint(2, 8)):
            villager = rng.choice(self.villagers)
            register_arrival(
                self.db,
                f"SF{rng.randrange(10**13):013d}",
                clock,
                operator=staff,
                recipient_name=villager.name,
                recipient_phone=villager.phone or "",
                carrier=rng.choice(CARRIERS[:-1]),
            )
            self.parcels += 1
        self._hand_over_some(clock, staff)
        self._consign(clock, staff)
        for villager_id, _, owed, _ in debtors(self.db)[: rng.randint(0, 3)]:
            ticker.advance(timedelta(minutes=rng.randint(5, 40)))
            repay(
                self.db,
                villager_id,
                max(100, owed * rng.choice((25, 50, 100)) // 100),
                rng.choice((PaymentMethod.CASH, PaymentMethod.WECHAT)),
                staff,
                clock,
            )
            self.repayments += 1

    def _consign(self, clock: Clock, staff: Operator) -> None:
        """Farmers bring produce; yesterday's lots ship; settled money is paid out."""
        rng = self.rng
        waiting = [
            lot for lot in list_lots(self.db, "received") if not lot.is_expired(clock.today())
        ]
        if waiting:
            ship_lots(self.db, [lot.id for lot in waiting], "县物流车", staff, self.settings, clock)
            self.shipments += 1
        for _ in range(rng.choice((0, 0, 1, 2, 3))):
            product, price, shelf_life = rng.choice(_PRODUCE)
            crates = rng.randint(1, 8)
            intake_lot(
                self.db,
                rng.choice(self.villagers).id,
                product,
                rng.choice(GRADES[:3]),
                crates,
                0,
                crates * rng.randint(8_000, 25_000) + crates * 600,
                600,
                clock.today() - timedelta(days=rng.randint(0, 2)),
                shelf_life,
                price,
                800,
                staff,
                self.settings,
                clock,
            )
            self.lots += 1
        for villager_id, _, _ in farmer_balances(self.db):
            for settlement in unpaid_settlements(self.db, villager_id):
                pay_out(
                    self.db,
                    settlement.id,
                    rng.choice((PaymentMethod.CASH, PaymentMethod.WECHAT)),
                    "",
                    staff,
                    clock,
                )
                self.payouts += 1

    def _new_order(self, clock: Clock, staff: Operator) -> None:
        rng = self.rng
        villager = rng.choice(self.villagers)
        item, price = rng.choice(_ITEMS)
        total = price + 1000 + 500
        deposit = total if rng.random() < 0.6 else total // 2
        create_order(
            self.db,
            villager.id,
            rng.choice(PLATFORMS[:4]),
            item,
            1,
            price,
            1000,
            500,
            [Tender(PaymentMethod.CASH, deposit)],
            staff,
            self.settings,
            clock,
        )
        self.agency_orders += 1

    def _hand_over_some(self, clock: Clock, staff: Operator) -> None:
        for parcel, _ in waiting_parcels(self.db, clock, overdue_days=7):
            if self.rng.random() < 0.5:
                continue
            due = 0
            if parcel.agency_order_id:
                due = get_order(self.db, parcel.agency_order_id).due_from_villager_fen
            hand_over(
                self.db, parcel.id, staff, clock, [Tender(PaymentMethod.CASH, due)] if due else []
            )

    def _tracking_of(self, order_id: str) -> str:
        row = self.db.execute(
            "SELECT json_extract(detail, '$.tracking_no') FROM agency_order_history "
            "WHERE order_id = ? AND status = 'shipped'",
            [order_id],
        ).fetchone()
        return str(row[0])
