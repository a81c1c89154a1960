from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from station_app.core.consignment import (
    apply_settlement,
    get_lot,
    intake_lot,
    pay_out,
    ship_lots,
    trace_lot,
    unpaid_settlements,
)
from station_app.core.payments import PaymentMethod
from station_app.core.villagers import find_villagers
from station_app.storage.transaction import write_transaction
from station_app.ui.consignment.consignment_models import (
    FarmerBalanceModel,
    FarmerOwed,
    LotModel,
    SettlementModel,
    SettlementRow,
    ShipmentLotModel,
    TraceModel,
    trace_detail_text,
)


@pytest.fixture
def lots(demo_db, settings, clock, clerk):
    """A fresh lot, an expired one, and one shipped, settled by the hub and paid out."""
    villager = find_villagers(demo_db, "1592")[0]

    def lot(days_ago=0, shelf=10, crates=3):
        return intake_lot(
            demo_db,
            villager.id,
            "脐橙",
            "一级",
            crates,
            0,
            31_500,
            500,
            clock.today() - timedelta(days=days_ago),
            shelf,
            600,
            800,
            clerk,
            settings,
            clock,
        )

    fresh, expired, sold = lot(), lot(days_ago=5, shelf=2), lot(crates=1)
    ship_lots(demo_db, [sold.id], "县物流车", clerk, settings, clock)
    with write_transaction(demo_db):
        apply_settlement(
            demo_db,
            {
                "settlement_id": "S1",
                "lot_code": sold.lot_code,
                "outcome": "partial",
                "sold_g": 20_000,
                "sale_fen": 12_000,
                "hub_fees_fen": 600,
                "commission_fen": 960,
                "due_to_farmer_fen": 10_440,
            },
            clock.stamp(),
        )
    return [get_lot(demo_db, lot.id) for lot in (sold, expired, fresh)]


def test_lot_models_pass_the_model_tester(qtmodeltester, lots, clock):
    for model in (LotModel(clock), ShipmentLotModel(clock)):
        model.set_records(lots)
        qtmodeltester.check(model, force_py=True)
    shipment = ShipmentLotModel(clock)
    shipment.set_records(lots)
    shipment.toggle(0)
    qtmodeltester.check(shipment, force_py=True)
    qtmodeltester.check(LotModel(clock), force_py=True)


def test_an_expired_lot_at_the_station_reads_red(lots, clock, qapp):
    model = LotModel(clock)
    model.set_records(lots)
    assert [model.expired(lot) for lot in lots] == [False, True, False]
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(2, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    row = [model.index(2, c).data() for c in range(model.columnCount())]
    assert row[1:] == [
        "王大山",
        "脐橙 Grade 1",
        "3",
        "30.000 kg",
        lots[2].best_before,
        "At the station",
    ]
    assert model.index(1, 6).data() == "Expired! F7"
    assert model.index(0, 6).data() == "Partly settled"


def test_all_waiting_ticks_only_lots_that_may_still_ship(lots, clock, qapp):
    model = ShipmentLotModel(clock)
    waiting = lots[1:]
    model.set_records(waiting)
    assert model.choose_all_fresh() == 1
    assert model.chosen == [waiting[1]]
    assert [model.index(r, 0).data() for r in range(2)] == ["", "✔"]
    model.toggle(1)
    assert model.chosen == []


def test_balance_and_settlement_models_pass_the_model_tester(qtmodeltester, demo_db, lots, qapp):
    sold = lots[0]
    balances = FarmerBalanceModel()
    balances.set_records([FarmerOwed(sold.villager_id, "王大山", "13003141592", 1, 10_440)])
    qtmodeltester.check(balances, force_py=True)
    assert [balances.index(0, c).data() for c in range(4)] == [
        "王大山",
        "130****1592",
        "1",
        "¥104.40",
    ]
    settlements = SettlementModel()
    settlements.set_records(
        [SettlementRow(s, sold) for s in unpaid_settlements(demo_db, sold.villager_id)]
    )
    qtmodeltester.check(settlements, force_py=True)
    assert [settlements.index(0, c).data() for c in range(2, 8)] == [
        "Partly sold",
        "20.000 kg",
        "¥120.00",
        "¥6.00",
        "¥9.60",
        "¥104.40",
    ]


def test_trace_model_names_each_step_and_its_details(qtmodeltester, demo_db, lots, clerk, clock):
    sold = lots[0]
    pay_out(demo_db, "S1", PaymentMethod.WECHAT, "42000001", clerk, clock)
    steps = trace_lot(demo_db, sold.lot_code)
    model = TraceModel(clock)
    model.set_records(steps)
    qtmodeltester.check(model, force_py=True)
    assert [model.index(r, 1).data() for r in range(4)] == [
        "At the station",
        "Shipped to the hub",
        "Partly settled",
        "Paid to the farmer",
    ]
    assert trace_detail_text(steps[0]).startswith("brought by 王大山，脐橙 Grade 1，net 31.000 kg")
    assert trace_detail_text(steps[-1]) == "paid ¥104.40，WeChat Pay"


def test_lot_states_and_the_payout_step_read_in_the_installed_language(demo_db, lots, clock, qapp):
    from station_app.ui.common.translation import install_translators

    board = LotModel(clock)
    board.set_records(lots)
    trace = TraceModel(clock)
    trace.set_records(trace_lot(demo_db, lots[0].lot_code))
    installed = install_translators(qapp, "zh_CN")
    try:
        assert board.index(2, 6).data() == "在站内"
        assert [trace.index(r, 1).data() for r in range(trace.rowCount())] == [
            "在站内",
            "已发往县中心",
            "部分结算",
        ]
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
    assert board.index(0, 6).data() == "Partly settled"
