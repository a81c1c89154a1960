import contextlib
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station_app.core.consignment import (
    apply_settlement,
    due_to_farmer_fen,
    farmer_balances,
    farmers_owed_total_fen,
    get_lot,
    intake_lot,
    list_lots,
    pay_out,
    ship_lots,
    trace_lot,
    unpaid_settlements,
    write_off_lot,
)
from station_app.core.errors import InputRefused
from station_app.core.payments import PaymentMethod
from station_app.core.villagers import add_villager


@pytest.fixture
def farmer(shop):
    return add_villager(shop.db, "赵果农", "13612345678", shop.clerk, shop.clock)


def oranges(shop, farmer, **overrides):
    args = dict(
        product="脐橙",
        grade="一级",
        crates=3,
        pieces=0,
        gross_g=31_500,
        tare_g_per_crate=500,
        harvest_date=shop.clock.today(),
        shelf_life_days=10,
        asking_price_fen_per_kg=600,
        commission_bp=800,
    )
    args.update(overrides)
    return intake_lot(
        shop.db, farmer.id, operator=shop.clerk, settings=shop.settings, clock=shop.clock, **args
    )


def settle(shop, lot, settlement_id="S1", outcome="sold", sale=18_000, due=15_000):
    fees = max(min(1560, sale - due), 0)
    with shop.db.atomic():
        return apply_settlement(
            shop.db,
            {
                "settlement_id": settlement_id,
                "lot_code": lot.lot_code,
                "outcome": outcome,
                "sold_g": lot.net_g,
                "sale_fen": sale,
                "hub_fees_fen": fees,
                "commission_fen": max(sale - due - fees, 0),
                "due_to_farmer_fen": due,
            },
            shop.clock.stamp(),
        )


def test_intake_weighs_net_and_codes_the_lot(shop, farmer):
    lot = oranges(shop, farmer)
    assert (lot.gross_g, lot.tare_g, lot.net_g, lot.status) == (31_500, 1500, 30_000, "received")
    today = shop.clock.today()
    assert lot.lot_code == f"{shop.settings.station_id}-T1-{today:%y%m%d}-01"
    assert lot.best_before == (today + timedelta(days=10)).isoformat()
    assert oranges(shop, farmer).lot_code.endswith("-02")


@pytest.mark.parametrize(
    "overrides",
    [
        {"gross_g": 0},
        {"gross_g": 5_000_001},
        {"tare_g_per_crate": 20_000},
        {"crates": 0},
        {"grade": "超级"},
        {"commission_bp": 6000},
        {"product": ""},
        {"asking_price_fen_per_kg": -1},
        {"shelf_life_days": 400},
    ],
)
def test_absurd_intake_is_refused_and_nothing_written(shop, farmer, overrides):
    with pytest.raises(InputRefused):
        oranges(shop, farmer, **overrides)
    assert list_lots(shop.db) == []


def test_harvest_in_the_future_is_refused(shop, farmer):
    with pytest.raises(InputRefused):
        oranges(shop, farmer, harvest_date=shop.clock.today() + timedelta(days=1))


def test_ship_settle_pay_out_and_trace(shop, farmer):
    lot = oranges(shop, farmer)
    manifest = ship_lots(shop.db, [lot.id], "县物流车", shop.clerk, shop.settings, shop.clock)
    assert manifest.startswith("M")
    assert get_lot(shop.db, lot.id).status == "shipped"
    assert settle(shop, lot) is True
    assert settle(shop, lot) is False  # the same page again changes nothing
    assert farmer_balances(shop.db) == [(farmer.id, "赵果农", 15_000)]
    [due] = unpaid_settlements(shop.db, farmer.id)
    paid = pay_out(shop.db, due.id, PaymentMethod.WECHAT, "WX998877", shop.clerk, shop.clock)
    assert paid.paid_out_at
    assert farmer_balances(shop.db) == []
    with pytest.raises(InputRefused, match="不能重复付款"):
        pay_out(shop.db, due.id, PaymentMethod.CASH, "", shop.clerk, shop.clock)
    steps = [step.what for step in trace_lot(shop.db, lot.lot_code)]
    # The names of core.statuses, the same words the lots board shows.
    assert steps == ["在站内", "已发往县中心", "已结算", "已付款给农户"]
    # Screens in other languages name the steps by their state, not by the Chinese text.
    assert [step.status for step in trace_lot(shop.db, lot.lot_code)] == [
        "received",
        "shipped",
        "settled",
        "paid_out",
    ]
    kinds = [r[0] for r in shop.db.execute("SELECT kind FROM outbox ORDER BY seq")]
    assert {"lot.received", "shipment.sent", "payout.made"} <= set(kinds)


def test_partial_settlements_each_pay_once(shop, farmer):
    lot = oranges(shop, farmer)
    ship_lots(shop.db, [lot.id], "县物流车", shop.clerk, shop.settings, shop.clock)
    settle(shop, lot, "S1", "partial", sale=9000, due=7000)
    settle(shop, lot, "S2", "sold", sale=8000, due=6000)
    assert get_lot(shop.db, lot.id).status == "settled"
    assert farmer_balances(shop.db)[0][2] == 13_000


def test_cannot_ship_twice_or_settle_before_shipping(shop, farmer):
    lot = oranges(shop, farmer)
    with pytest.raises(InputRefused), shop.db.atomic():
        settle(shop, lot)
    ship_lots(shop.db, [lot.id], "县物流车", shop.clerk, shop.settings, shop.clock)
    with pytest.raises(InputRefused, match="不能改为"):
        ship_lots(shop.db, [lot.id], "县物流车", shop.clerk, shop.settings, shop.clock)


def test_expired_lot_is_not_shipped_but_written_off(shop, farmer):
    lot = oranges(
        shop, farmer, harvest_date=shop.clock.today() - timedelta(days=5), shelf_life_days=2
    )
    with pytest.raises(InputRefused, match="过保质期"):
        ship_lots(shop.db, [lot.id], "县物流车", shop.clerk, shop.settings, shop.clock)
    spoiled = write_off_lot(shop.db, lot.id, "spoiled", "烂果过多", shop.clerk, shop.clock)
    assert spoiled.status == "spoiled"
    with pytest.raises(InputRefused):
        write_off_lot(shop.db, lot.id, "returned", "再退", shop.clerk, shop.clock)


def test_implausible_settlement_is_refused(shop, farmer):
    lot = oranges(shop, farmer)
    ship_lots(shop.db, [lot.id], "县物流车", shop.clerk, shop.settings, shop.clock)
    with pytest.raises(InputRefused):
        settle(shop, lot, due=20_000, sale=18_000)  # more due than sold
    with pytest.raises(InputRefused), shop.db.atomic():
        apply_settlement(shop.db, {"lot_code": lot.lot_code}, shop.clock.stamp())


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    parts=st.lists(st.tuples(st.integers(0, 50_000), st.integers(0, 100)), min_size=1, max_size=5),
    repeats=st.integers(1, 3),
)
def test_payouts_never_exceed_what_the_hub_settled(shop, farmer, parts, repeats):
    lot = oranges(shop, farmer)
    ship_lots(shop.db, [lot.id], "县物流车", shop.clerk, shop.settings, shop.clock)
    for n, (sale, share) in enumerate(parts):
        outcome = "sold" if n == len(parts) - 1 else "partial"
        for _ in range(repeats):  # the feed may deliver a page more than once
            settle(shop, lot, f"{lot.id}-{n}", outcome, sale=sale, due=sale * share // 100)
    for settlement in unpaid_settlements(shop.db, farmer.id):
        for _ in range(repeats):
            with contextlib.suppress(InputRefused):  # the second attempt is refused
                pay_out(shop.db, settlement.id, PaymentMethod.CASH, "", shop.clerk, shop.clock)
    paid = shop.db.execute("SELECT coalesce(sum(amount_fen), 0) FROM farmer_payouts").fetchone()[0]
    settled = shop.db.execute(
        "SELECT coalesce(sum(due_to_farmer_fen), 0) FROM lot_settlements"
    ).fetchone()[0]
    assert paid == settled


def test_lots_stamped_in_the_same_millisecond_list_newest_code_first(shop, farmer):
    from dataclasses import replace

    from station_app.core.clock import utc_now

    instant = utc_now()
    frozen = replace(shop.clock, source=lambda: instant)
    codes = [
        intake_lot(
            shop.db,
            farmer.id,
            "脐橙",
            "一级",
            1,
            0,
            10_000,
            0,
            frozen.today(),
            10,
            600,
            800,
            shop.clerk,
            shop.settings,
            frozen,
        ).lot_code
        for _ in range(3)
    ]
    assert [lot.lot_code for lot in list_lots(shop.db)] == codes[::-1]


def test_two_counter_pcs_of_one_station_never_hand_out_the_same_lot_code(shop, farmer, tmp_path):
    from dataclasses import replace

    from station_app.core.operators import Role, create_operator
    from station_app.core.settings import save_settings
    from station_app.core.villagers import add_villager
    from station_app.storage import open_database

    # The second PC has its own database, the same station id and its own terminal id.
    other_db = open_database(tmp_path / "pc2" / "station.db")
    other_settings = save_settings(other_db, station_id=shop.settings.station_id, terminal_id="T2")
    clerk2 = create_operator(other_db, "店员二", Role.CLERK, "2345", shop.clock)
    farmer2 = add_villager(other_db, "钱果农", "13712345678", clerk2, shop.clock)
    other = replace(shop, db=other_db, settings=other_settings, clerk=clerk2)
    first = oranges(shop, farmer)
    second = oranges(other, farmer2)
    day = f"{shop.clock.today():%y%m%d}"
    assert first.lot_code == f"{shop.settings.station_id}-T1-{day}-01"
    assert second.lot_code == f"{shop.settings.station_id}-T2-{day}-01"
    other_db.close()


def test_a_lot_stored_with_an_old_style_code_is_still_found_and_traced(shop, farmer):
    lot = oranges(shop, farmer)
    old_code = f"{shop.settings.station_id}-{shop.clock.today():%y%m%d}-07"
    # As a lot taken in before the terminal joined the code: its label keeps the old code.
    shop.db.execute("DROP TRIGGER lots_no_update")
    shop.db.execute("UPDATE lots SET lot_code = ? WHERE id = ?", [old_code, lot.id])
    assert get_lot(shop.db, old_code).id == lot.id
    assert get_lot(shop.db, f" {lot.id} ").lot_code == old_code
    assert trace_lot(shop.db, old_code)[0].status == "received"


def test_the_farmers_owed_total_is_what_is_settled_and_not_yet_paid_out(shop, farmer):
    other = add_villager(shop.db, "钱果农", "13612340000", shop.clerk, shop.clock)
    lots = [oranges(shop, farmer), oranges(shop, farmer), oranges(shop, other)]
    ship_lots(shop.db, [lot.id for lot in lots], "县物流车", shop.clerk, shop.settings, shop.clock)
    settle(shop, lots[0], "S1", due=15_000)
    settle(shop, lots[1], "S2", due=12_345)
    settle(shop, lots[2], "S3", due=8_000)
    pay_out(shop.db, "S2", PaymentMethod.CASH, "", shop.clerk, shop.clock)
    assert farmers_owed_total_fen(farmer_balances(shop.db)) == 15_000 + 8_000


def test_a_payout_of_all_a_farmers_settlements_pays_what_they_owe_together(shop, farmer):
    lots = [oranges(shop, farmer), oranges(shop, farmer)]
    ship_lots(shop.db, [lot.id for lot in lots], "县物流车", shop.clerk, shop.settings, shop.clock)
    settle(shop, lots[0], "S1", due=15_000)
    settle(shop, lots[1], "S2", due=12_345)
    assert due_to_farmer_fen(unpaid_settlements(shop.db, farmer.id)) == 27_345
    assert due_to_farmer_fen([]) == 0
