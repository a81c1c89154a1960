import pytest
from PySide6.QtCore import Qt

from station_app.core.agency import create_order, get_order, mark_placed, order_history
from station_app.core.clock import Clock
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.villagers import find_villagers
from station_app.ui.agency.agency_models import (
    AgencyOrderModel,
    OpenBalanceModel,
    OrderHistoryModel,
    history_detail_text,
)


@pytest.fixture
def orders(demo_db, settings, clock, clerk):
    villager = find_villagers(demo_db, "1592")[0]
    paid = create_order(
        demo_db,
        villager.id,
        "拼多多",
        "电饭煲",
        2,
        9_950,
        1000,
        500,
        [Tender(PaymentMethod.CASH, 21_400)],
        clerk,
        settings,
        clock,
    )
    deposit = create_order(
        demo_db,
        villager.id,
        "淘宝",
        "雨靴",
        1,
        3_000,
        0,
        300,
        [Tender(PaymentMethod.CASH, 1_000)],
        clerk,
        settings,
        clock,
    )
    mark_placed(demo_db, paid.id, "PDD001", 20_900, clerk, clock)
    return [get_order(demo_db, paid.id), get_order(demo_db, deposit.id)]


def test_board_model_passes_the_model_tester(qtmodeltester, orders, clock):
    model = AgencyOrderModel(clock)
    model.set_orders(orders)
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(AgencyOrderModel(clock), force_py=True)


def test_board_shows_item_quantity_money_due_and_status(orders, clock, qapp):
    model = AgencyOrderModel(clock)
    model.set_orders(orders)
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(2)]
    assert rows[0][2:] == [
        "王大山",
        "Pinduoduo",
        "电饭煲 × 2",
        "¥214.00",
        "",
        "Ordered on the platform",
    ]
    assert rows[1][5:] == ["¥33.00", "¥23.00", "Taken, not ordered yet"]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Order no."


def test_balances_model_passes_the_model_tester_and_shows_age(qtmodeltester, orders, clock):
    model = OpenBalanceModel(clock)
    model.set_orders(orders[1:])
    qtmodeltester.check(model, force_py=True)
    assert [model.index(0, c).data() for c in range(3, 7)] == ["¥23.00", "", "", "0"]
    older = OpenBalanceModel(Clock(source=lambda: clock.now().replace(year=clock.now().year + 1)))
    older.set_orders(orders[1:])
    assert int(older.index(0, 6).data()) >= 365


def test_history_model_passes_the_model_tester(qtmodeltester, demo_db, orders, clock):
    model = OrderHistoryModel(clock)
    model.set_entries(order_history(demo_db, orders[0].id))
    qtmodeltester.check(model, force_py=True)
    assert model.index(1, 1).data() == "Ordered on the platform"
    assert model.index(1, 2).data() == "店员"
    assert "PDD001" in model.index(1, 3).data() and "¥209.00" in model.index(1, 3).data()


def test_history_details_name_the_refund_method(demo_db, orders):
    from station_app.core.agency import HistoryEntry

    entry = HistoryEntry(
        "refunded",
        "2025-03-01T00:00:00.000Z",
        "店主",
        {"platform_refund_fen": 100, "paid_back_fen": 100, "method": "wechat"},
    )
    assert history_detail_text(entry) == "platform refunded ¥1.00，paid back ¥1.00 (WeChat Pay)"


def test_a_partial_refund_shows_as_in_progress_with_what_is_left_owed(
    demo_db, orders, settings, clock, clerk, qapp
):
    from station_app.core.agency import cancel_order, record_refund

    cancel_order(demo_db, orders[0].id, "", clerk, clock)
    partly = record_refund(demo_db, orders[0].id, 5_000, 4_000, PaymentMethod.CASH, clerk, clock)
    balances = OpenBalanceModel(clock)
    balances.set_orders([partly])
    assert [balances.index(0, c).data() for c in range(2, 6)] == [
        "Refund in progress",
        "",
        "¥174.00",
        "¥159.00",
    ]
    history = OrderHistoryModel(clock)
    history.set_entries(order_history(demo_db, partly.id))
    assert history.index(3, 1).data() == "Refund in progress"
    assert history.index(3, 3).data() == (
        "platform refunded ¥50.00，paid back ¥40.00 (Cash)，platform still owes ¥159.00，"
        "villager still owed ¥174.00"
    )


def test_states_read_in_the_installed_language_from_core_table(orders, clock, qapp):
    from station_app.ui.common.translation import install_translators, ui_language

    model = AgencyOrderModel(clock)
    model.set_orders(orders)
    assert ui_language() == "en"
    installed = install_translators(qapp, "zh_CN")
    try:
        assert ui_language() == "zh_CN"
        assert [model.index(r, 7).data() for r in range(2)] == ["已在平台下单", "已登记，未下单"]
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
    assert model.index(1, 7).data() == "Taken, not ordered yet"
