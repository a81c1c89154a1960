"""What the villagers page heads its list with: how many owe, and how much together."""

from station_app.core.cart import Cart
from station_app.core.credit import owed_in_total_fen, repay
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.sales import complete_sale
from station_app.core.villagers import add_villager, set_credit_limit


def _on_account(shop, villager, buckets):
    cart = Cart()
    cart.add_product(shop.noodles, buckets)  # ¥4.50 each
    complete_sale(
        shop.db,
        cart,
        [Tender(PaymentMethod.ACCOUNT, cart.totals().total_fen, villager_id=villager.id)],
        shop.clerk,
        shop.settings,
        shop.clock,
    )


def test_the_total_owed_counts_only_those_who_still_owe(shop):
    people = [
        set_credit_limit(
            shop.db,
            add_villager(shop.db, name, phone, shop.clerk, shop.clock).id,
            50_000,
            shop.owner,
            shop.clock,
        )
        for name, phone in (
            ("张大山", "13800138000"),
            ("李春花", "13712349863"),
            ("王老汉", "13712345678"),
        )
    ]
    _on_account(shop, people[0], 4)  # owes ¥18.00
    _on_account(shop, people[1], 2)  # owes ¥9.00, then repays it all
    repay(shop.db, people[1].id, 900, PaymentMethod.CASH, shop.clerk, shop.clock)
    _on_account(shop, people[2], 1)  # owes ¥4.50, repays ¥2.00
    repay(shop.db, people[2].id, 200, PaymentMethod.WECHAT, shop.clerk, shop.clock)
    assert owed_in_total_fen(shop.db) == (2, 1_800 + 250)


def test_nobody_owing_is_zero_villagers_and_zero_fen(shop):
    assert owed_in_total_fen(shop.db) == (0, 0)
