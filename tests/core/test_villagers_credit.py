import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station_app.core.cart import Cart
from station_app.core.credit import balance_fen, debtors, repay, statement
from station_app.core.errors import InputRefused, PermissionRequired
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.refunds import refund_sale
from station_app.core.sales import complete_sale
from station_app.core.villagers import (
    add_villager,
    check_mobile,
    find_villagers,
    set_credit_limit,
)

ACCOUNT, CASH = PaymentMethod.ACCOUNT, PaymentMethod.CASH


@pytest.fixture
def zhang(shop):
    villager = add_villager(
        shop.db, "张大山", "138 0013 8000", shop.clerk, shop.clock, village_group="三组"
    )
    return set_credit_limit(shop.db, villager.id, 50_000, shop.owner, shop.clock)


def sell_on_account(shop, villager, quantity, *, cash=0, approver=None):
    cart = Cart()
    cart.add_product(shop.noodles, quantity)  # ¥4.50 each
    total = cart.totals().total_fen
    tenders = [Tender(ACCOUNT, total - cash, villager_id=villager.id)]
    if cash:
        tenders.append(Tender(CASH, cash))
    return complete_sale(
        shop.db, cart, tenders, shop.clerk, shop.settings, shop.clock, credit_approver=approver
    ).sale


@pytest.mark.parametrize("phone", ["12800138000", "1380013800", "138001380001", "abc"])
def test_only_mainland_mobiles_are_accepted(phone):
    with pytest.raises(InputRefused):
        check_mobile(phone)


def test_find_villager_by_phone_tail_name_and_initials(shop, zhang):
    add_villager(shop.db, "李小红", "13900001111", shop.clerk, shop.clock)
    assert [v.name for v in find_villagers(shop.db, "8000")] == ["张大山"]
    assert [v.name for v in find_villagers(shop.db, "大山")] == ["张大山"]
    assert [v.name for v in find_villagers(shop.db, "zds")] == ["张大山"]
    assert [v.name for v in find_villagers(shop.db, "lxh")] == ["李小红"]


def test_same_phone_twice_is_refused(shop, zhang):
    with pytest.raises(InputRefused):
        add_villager(shop.db, "张小山", "13800138000", shop.clerk, shop.clock)


def test_sale_partly_on_account_puts_that_part_on_the_ledger(shop, zhang):
    sale = sell_on_account(shop, zhang, 4, cash=800)  # 18.00: 8.00 cash, 10.00 on account
    assert balance_fen(shop.db, zhang.id) == 1000
    assert [(p.method, p.amount_fen, p.villager_id) for p in sale.payments] == [
        (ACCOUNT, 1000, zhang.id),
        (CASH, 800, None),
    ]
    kinds = [r[0] for r in shop.db.execute("SELECT kind FROM outbox ORDER BY seq")]
    assert kinds[-2:] == ["credit.entry", "sale.completed"]


def test_over_the_limit_needs_the_owner(shop, zhang):
    with pytest.raises(PermissionRequired):
        sell_on_account(shop, zhang, 200)  # ¥900 > ¥500 limit
    assert balance_fen(shop.db, zhang.id) == 0
    assert shop.db.execute("SELECT count(*) FROM sales").fetchone()[0] == 0
    with pytest.raises(PermissionRequired):
        sell_on_account(shop, zhang, 200, approver=shop.clerk)
    sell_on_account(shop, zhang, 200, approver=shop.owner)
    assert balance_fen(shop.db, zhang.id) == 90_000


def test_repayment_reduces_the_balance_and_cannot_overpay(shop, zhang):
    sell_on_account(shop, zhang, 10)
    entry = repay(shop.db, zhang.id, 2000, PaymentMethod.WECHAT, shop.clerk, shop.clock)
    assert entry.balance_fen == 2500
    with pytest.raises(InputRefused):
        repay(shop.db, zhang.id, 2501, CASH, shop.clerk, shop.clock)
    with pytest.raises(InputRefused):
        repay(shop.db, zhang.id, 100, ACCOUNT, shop.clerk, shop.clock)
    assert [e.balance_fen for e in statement(shop.db, zhang.id)] == [4500, 2500]
    assert debtors(shop.db)[0][1:3] == ("张大山", 2500)


def test_refund_of_an_account_sale_credits_the_account(shop, zhang):
    sale = sell_on_account(shop, zhang, 2)
    result = refund_sale(
        shop.db,
        sale.receipt_no,
        {sale.lines[0].id: 1},
        ACCOUNT,
        shop.clerk,
        shop.owner,
        shop.settings,
        shop.clock,
    )
    assert balance_fen(shop.db, zhang.id) == 450
    assert [(e.kind, e.ref_no) for e in statement(shop.db, zhang.id)] == [
        ("sale", sale.receipt_no),
        ("refund", result.refund_no),
    ]


def test_ledger_rows_are_append_only(shop, zhang):
    sell_on_account(shop, zhang, 1)
    with pytest.raises(Exception, match="append-only"):
        shop.db.execute("UPDATE villager_ledger SET amount_fen = 1")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["buy", "repay"]), st.integers(1, 60)), min_size=1, max_size=12
    )
)
def test_balance_is_the_ledger_sum_and_never_over_the_limit_without_owner(shop, zhang, steps):
    for action, n in steps:
        try:
            if action == "buy":
                sell_on_account(shop, zhang, n)
            else:
                repay(shop.db, zhang.id, n * 100, CASH, shop.clerk, shop.clock)
        except (PermissionRequired, InputRefused):
            pass
        entries = statement(shop.db, zhang.id)
        assert balance_fen(shop.db, zhang.id) == sum(e.amount_fen for e in entries)
        assert 0 <= balance_fen(shop.db, zhang.id) <= zhang.credit_limit_fen


def test_villagers_are_listed_in_pinyin_order_with_their_balances(shop, zhang):
    from station_app.core.credit import balances_fen
    from station_app.core.villagers import list_villagers

    wang = add_villager(shop.db, "王五", "13900002222", shop.clerk, shop.clock)
    an = add_villager(shop.db, "安平", None, shop.clerk, shop.clock)
    assert [v.name for v in list_villagers(shop.db)] == ["安平", "王五", "张大山"]
    sell_on_account(shop, zhang, 2)
    assert balances_fen(shop.db, [zhang.id, wang.id, an.id]) == {
        zhang.id: 900,
        wang.id: 0,
        an.id: 0,
    }
    assert balances_fen(shop.db, []) == {}
