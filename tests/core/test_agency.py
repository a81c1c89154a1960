"""What the agency board adds up: the open balances' totals."""

import pytest

from station_app.core.agency import (
    cancel_order,
    create_order,
    mark_placed,
    open_balance_totals,
    open_balances,
    record_refund,
)
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.villagers import add_villager


@pytest.fixture
def villagers(shop):
    return [
        add_villager(shop.db, name, phone, shop.clerk, shop.clock)
        for name, phone in (("王老汉", "13712345678"), ("李春花", "13712349863"))
    ]


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
        1000,
        500,
        tenders,
        shop.clerk,
        shop.settings,
        shop.clock,
    )


def test_the_open_balances_add_up_what_each_side_still_owes(shop, villagers):
    wang, li = villagers
    _order(shop, wang, 5_000)  # ¥164 still due at pickup
    _order(shop, li, 0)  # ¥214 still due at pickup
    cancelled = _order(shop, li, 21_400)
    mark_placed(shop.db, cancelled.id, "PDD1", 20_900, shop.clerk, shop.clock)
    cancel_order(shop.db, cancelled.id, "缺货", shop.clerk, shop.clock)
    # The platform refunds ¥100 of ¥209; ¥50 of the ¥214 paid goes back to her so far.
    record_refund(shop.db, cancelled.id, 10_000, 5_000, PaymentMethod.CASH, shop.clerk, shop.clock)
    totals = open_balance_totals(open_balances(shop.db))
    assert (
        totals.due_from_villagers_fen,
        totals.owed_to_villagers_fen,
        totals.platforms_owe_fen,
    ) == (16_400 + 21_400, 16_400, 10_900)


def test_no_open_balances_add_up_to_nothing():
    totals = open_balance_totals([])
    assert (
        totals.due_from_villagers_fen,
        totals.owed_to_villagers_fen,
        totals.platforms_owe_fen,
    ) == (0, 0, 0)
