"""Credit ageing on a hand-built ledger: repayments pay off the oldest charges first."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from station_app.core.clock import Clock, SteppingClock, iso
from station_app.core.credit import charge_account, credit_back, repay
from station_app.core.credit_ageing import credit_ageing, owed_now_fen
from station_app.core.payments import PaymentMethod
from station_app.core.villagers import add_villager
from station_app.storage.transaction import write_transaction


@pytest.fixture
def wang(shop):
    return add_villager(shop.db, "王老汉", "13712345678", shop.clerk, shop.clock)


def _at(day: date, hour_local: int = 10) -> str:
    # A stamp at `hour_local` o'clock station time (UTC+8) on `day`.
    return iso(datetime(day.year, day.month, day.day, hour_local, tzinfo=UTC) - timedelta(hours=8))


def _charge(shop, villager, fen, day, hour_local=10):
    with write_transaction(shop.db):
        charge_account(
            shop.db, villager.id, fen, "sale", "ref", shop.clerk, _at(day, hour_local), shop.owner
        )


def _repay(shop, villager, fen, day):
    moment = datetime(day.year, day.month, day.day, 2, tzinfo=UTC)  # 10:00 local
    repay(
        shop.db,
        villager.id,
        fen,
        PaymentMethod.CASH,
        shop.clerk,
        Clock(480, SteppingClock(moment)),
    )


def _buckets(row):
    return (row.days_0_30_fen, row.days_31_60_fen, row.days_61_90_fen, row.days_over_90_fen)


def test_a_repayment_pays_off_the_oldest_charges_first(shop, wang):
    _charge(shop, wang, 5_000, date(2026, 1, 1))
    _charge(shop, wang, 3_000, date(2026, 2, 15))
    _charge(shop, wang, 2_000, date(2026, 3, 20))
    _repay(shop, wang, 6_000, date(2026, 3, 25))  # all of 1 Jan, 1,000 of 15 Feb

    [row] = credit_ageing(shop.db, date(2026, 4, 30), shop.clock).villagers
    assert (row.name, row.owed_fen, row.oldest_unpaid) == ("王老汉", 4_000, "2026-02-15")
    # 15 Feb is 74 days before 30 April, 20 March 41 days.
    assert _buckets(row) == (0, 2_000, 2_000, 0)


def test_ageing_as_of_an_earlier_day_ignores_what_came_later(shop, wang):
    _charge(shop, wang, 5_000, date(2026, 1, 1))
    _charge(shop, wang, 3_000, date(2026, 2, 15))
    _charge(shop, wang, 2_000, date(2026, 3, 20))
    _repay(shop, wang, 6_000, date(2026, 3, 25))

    [row] = credit_ageing(shop.db, date(2026, 3, 22), shop.clock).villagers
    # Before the repayment: 80, 35 and 2 days old.
    assert (row.owed_fen, row.oldest_unpaid) == (10_000, "2026-01-01")
    assert _buckets(row) == (2_000, 3_000, 5_000, 0)
    assert credit_ageing(shop.db, date(2025, 12, 31), shop.clock).villagers == ()


@pytest.mark.parametrize(
    ("age_days", "bucket"), [(0, 0), (30, 0), (31, 1), (60, 1), (61, 2), (90, 2), (91, 3)]
)
def test_the_bucket_edges_are_30_60_and_90_days(shop, wang, age_days, bucket):
    as_of = date(2026, 6, 30)
    _charge(shop, wang, 1_000, as_of - timedelta(days=age_days))
    [row] = credit_ageing(shop.db, as_of, shop.clock).villagers
    expected = [0, 0, 0, 0]
    expected[bucket] = 1_000
    assert list(_buckets(row)) == expected


def test_a_charge_is_aged_from_its_station_local_day(shop, wang):
    # 01:00 on 2 January at the station is still 1 January in UTC.
    _charge(shop, wang, 1_000, date(2026, 1, 2), hour_local=1)
    [row] = credit_ageing(shop.db, date(2026, 2, 1), shop.clock).villagers
    assert row.oldest_unpaid == "2026-01-02"
    assert _buckets(row) == (1_000, 0, 0, 0)  # 30 days, not 31
    # ... and it is on the books by the end of 2 January, not of 1 January.
    assert credit_ageing(shop.db, date(2026, 1, 1), shop.clock).villagers == ()


def test_a_refund_on_the_account_also_pays_off_the_oldest_charge(shop, wang):
    _charge(shop, wang, 4_000, date(2026, 1, 1))
    _charge(shop, wang, 1_500, date(2026, 3, 1))
    with write_transaction(shop.db):  # the March goods come back
        credit_back(shop.db, wang.id, 1_500, "refund", shop.clerk, _at(date(2026, 3, 2)))
    [row] = credit_ageing(shop.db, date(2026, 3, 10), shop.clock).villagers
    # FIFO whatever the refund was for: 1,500 of January is paid, all of March still owed.
    assert (row.owed_fen, _buckets(row)) == (4_000, (1_500, 0, 2_500, 0))


def test_villagers_who_owe_nothing_are_left_out_and_the_most_owed_comes_first(shop, wang):
    li = add_villager(shop.db, "李春花", "13712349863", shop.clerk, shop.clock)
    zhao = add_villager(shop.db, "赵大伯", "13712340000", shop.clerk, shop.clock)
    _charge(shop, wang, 1_000, date(2026, 1, 1))
    _charge(shop, li, 3_000, date(2026, 1, 1))
    _charge(shop, zhao, 2_000, date(2026, 1, 1))
    _repay(shop, zhao, 2_000, date(2026, 1, 5))
    ageing = credit_ageing(shop.db, date(2026, 1, 31), shop.clock)
    assert [(v.name, v.owed_fen) for v in ageing.villagers] == [
        ("李春花", 3_000),
        ("王老汉", 1_000),
    ]
    assert ageing.owed_fen == 4_000 == owed_now_fen(shop.db)
    assert ageing.bucket_totals_fen() == (4_000, 0, 0, 0)
