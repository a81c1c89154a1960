"""Agency money over a period, and the open balances as they stood at its end."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from station_app.core.agency import (
    agency_day_totals,
    cancel_order,
    create_order,
    mark_placed,
    open_balance_totals,
    open_balances,
    record_refund,
)
from station_app.core.agency_period import agency_period
from station_app.core.clock import Clock, SteppingClock
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.villagers import add_villager

DAY = date(2026, 3, 2)


@pytest.fixture
def ticking(shop):
    ticker = SteppingClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))  # 09:00 local
    shop.clock = Clock(shop.settings.tz_offset_min, ticker)
    return ticker


@pytest.fixture
def wang(shop):
    return add_villager(shop.db, "王老汉", "13712345678", shop.clerk, shop.clock)


def _order(shop, villager, collected_fen):
    # ¥199 + ¥10 shipping + ¥5 service fee = ¥214
    tenders = [Tender(PaymentMethod.CASH, collected_fen)] if collected_fen else []
    return create_order(
        shop.db,
        villager.id,
        "拼多多",
        "电饭煲",
        1,
        19_900,
        1_000,
        500,
        tenders,
        shop.clerk,
        shop.settings,
        shop.clock,
    )


def test_the_period_sums_the_days_and_fees_count_on_the_day_of_the_order(shop, ticking, wang):
    first = _order(shop, wang, 21_400)
    mark_placed(shop.db, first.id, "PDD1", 20_900, shop.clerk, shop.clock)
    ticking.advance(timedelta(days=1))
    _order(shop, wang, 5_000)
    figures = agency_period(shop.db, DAY, DAY + timedelta(days=1), shop.clock)
    days = [agency_day_totals(shop.db, (DAY + timedelta(days=n)).isoformat()) for n in (0, 1)]
    assert (figures.orders_created, figures.service_fee_fen) == (2, 1_000)
    assert figures.collected_fen == sum(d.collected_fen for d in days) == 26_400
    assert figures.spent_fen == 20_900
    assert figures.due_from_villagers_fen == 21_400 - 5_000


def test_refunds_outstanding_are_those_open_at_the_end_of_the_period(shop, ticking, wang):
    order = _order(shop, wang, 21_400)
    mark_placed(shop.db, order.id, "PDD1", 20_900, shop.clerk, shop.clock)
    ticking.advance(timedelta(days=1))
    cancel_order(shop.db, order.id, "缺货", shop.clerk, shop.clock)
    ticking.advance(timedelta(days=1))
    record_refund(shop.db, order.id, 10_000, 5_000, PaymentMethod.CASH, shop.clerk, shop.clock)

    before_cancel = agency_period(shop.db, DAY, DAY, shop.clock)
    assert (before_cancel.owed_to_villagers_fen, before_cancel.platforms_owe_fen) == (0, 0)
    cancelled = agency_period(shop.db, DAY, DAY + timedelta(days=1), shop.clock)
    assert (cancelled.owed_to_villagers_fen, cancelled.platforms_owe_fen) == (21_400, 20_900)
    assert cancelled.due_from_villagers_fen == 0
    refunded = agency_period(shop.db, DAY, DAY + timedelta(days=2), shop.clock)
    assert (refunded.owed_to_villagers_fen, refunded.platforms_owe_fen) == (16_400, 10_900)
    assert (refunded.platform_refund_fen, refunded.paid_back_fen) == (10_000, 5_000)
    # Up to today, the same as the agency board's open balances.
    now = open_balance_totals(open_balances(shop.db))
    assert (now.owed_to_villagers_fen, now.platforms_owe_fen, now.due_from_villagers_fen) == (
        refunded.owed_to_villagers_fen,
        refunded.platforms_owe_fen,
        refunded.due_from_villagers_fen,
    )
