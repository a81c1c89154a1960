"""Consignment over a period: taken in, shipped, settled, paid out and still owed at its end."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from station_app.core.clock import Clock, SteppingClock
from station_app.core.consignment import (
    apply_settlement,
    farmer_balances,
    farmers_owed_total_fen,
    intake_lot,
    pay_out,
    ship_lots,
    unpaid_settlements,
)
from station_app.core.consignment_period import consignment_period
from station_app.core.payments import PaymentMethod
from station_app.core.villagers import add_villager

DAY = date(2026, 3, 2)


@pytest.fixture
def ticking(shop):
    ticker = SteppingClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))  # 09:00 local
    shop.clock = Clock(shop.settings.tz_offset_min, ticker)
    return ticker


def _lot(shop, farmer, gross_g):
    return intake_lot(
        shop.db,
        farmer.id,
        product="脐橙",
        grade="一级",
        crates=2,
        pieces=0,
        gross_g=gross_g,
        tare_g_per_crate=500,
        harvest_date=shop.clock.today(),
        shelf_life_days=10,
        asking_price_fen_per_kg=600,
        commission_bp=800,
        operator=shop.clerk,
        settings=shop.settings,
        clock=shop.clock,
    )


def _settle(shop, lot, settlement_id, sale_fen, due_fen):
    with shop.db.atomic():
        apply_settlement(
            shop.db,
            {
                "settlement_id": settlement_id,
                "lot_code": lot.lot_code,
                "outcome": "sold",
                "sold_g": lot.net_g,
                "sale_fen": sale_fen,
                "hub_fees_fen": 1_000,
                "commission_fen": sale_fen - due_fen - 1_000,
                "due_to_farmer_fen": due_fen,
            },
            shop.clock.stamp(),
        )


def test_each_step_counts_on_its_day_and_the_debt_to_farmers_is_as_of_the_end(shop, ticking):
    zhao = add_villager(shop.db, "赵果农", "13612345678", shop.clerk, shop.clock)
    qian = add_villager(shop.db, "钱果农", "13612340000", shop.clerk, shop.clock)
    a, b = _lot(shop, zhao, 21_000), _lot(shop, qian, 11_000)  # 20 kg and 10 kg net
    ship_lots(shop.db, [a.id, b.id], "县物流车", shop.clerk, shop.settings, shop.clock)
    ticking.advance(timedelta(days=1))
    _settle(shop, a, "S1", 12_000, 10_000)
    _settle(shop, b, "S2", 6_000, 4_500)
    ticking.advance(timedelta(days=1))
    [settlement] = unpaid_settlements(shop.db, zhao.id)
    pay_out(shop.db, settlement.id, PaymentMethod.CASH, "", shop.clerk, shop.clock)

    intake = consignment_period(shop.db, DAY, DAY, shop.clock)
    assert (intake.lots_taken_in, intake.taken_in_g) == (2, 30_000)
    assert (intake.shipments, intake.lots_shipped, intake.shipped_g) == (1, 2, 30_000)
    assert (intake.settlements, intake.owed_to_farmers_fen) == (0, 0)

    settled = consignment_period(
        shop.db, DAY + timedelta(days=1), DAY + timedelta(days=1), shop.clock
    )
    assert (settled.lots_taken_in, settled.shipments, settled.settlements) == (0, 0, 2)
    assert (settled.sold_g, settled.sale_fen, settled.hub_fees_fen) == (30_000, 18_000, 2_000)
    assert (settled.commission_fen, settled.settled_due_fen) == (1_500, 14_500)
    assert (settled.owed_to_farmers_fen, settled.farmers_owed) == (14_500, 2)

    whole = consignment_period(shop.db, DAY, DAY + timedelta(days=2), shop.clock)
    assert (whole.payouts, whole.paid_out_fen) == (1, 10_000)
    assert (whole.owed_to_farmers_fen, whole.farmers_owed) == (4_500, 1)
    assert whole.owed_to_farmers_fen == farmers_owed_total_fen(farmer_balances(shop.db))
