import pytest

from station_app.core.agency import TRANSITIONS as AGENCY_TRANSITIONS
from station_app.core.consignment import TRANSITIONS as LOT_TRANSITIONS
from station_app.core.statuses import (
    STATUS_NAMES,
    AgencyStatus,
    JobStatus,
    LotStatus,
    ParcelStatus,
    PayoutStatus,
    status_name,
)
from village_protocol.events import AGENCY_STATUSES

KINDS = [AgencyStatus, LotStatus, PayoutStatus, ParcelStatus, JobStatus]


def test_agency_status_values_are_the_protocols_status_list_in_order():
    assert tuple(AgencyStatus) == AGENCY_STATUSES


@pytest.mark.parametrize("kind", KINDS)
def test_every_status_has_a_chinese_and_an_english_name(kind):
    assert set(STATUS_NAMES[kind]) == set(kind)
    for status in kind:
        zh, en = status_name(status, "zh_CN"), status_name(status, "en")
        assert zh and en and zh != en
        assert not zh.isascii() and en.isascii()


def test_a_shared_value_is_named_by_its_own_kind():
    # "shipped" is a value of both; a lot goes to the hub, an order comes from a seller.
    assert AgencyStatus.SHIPPED == LotStatus.SHIPPED
    assert status_name(AgencyStatus.SHIPPED) == "已发货"
    assert status_name(LotStatus.SHIPPED) == "已发往县中心"
    assert status_name(LotStatus.RETURNED, "en") == "Returned to the farmer"


def test_the_transition_tables_cover_every_state():
    assert set(AGENCY_TRANSITIONS) == set(AgencyStatus)
    assert set(LOT_TRANSITIONS) == set(LotStatus)


def test_a_status_is_stored_and_sent_as_its_plain_value():
    import json

    assert json.dumps({"status": AgencyStatus.PICKED_UP}) == '{"status": "picked_up"}'
    assert f"agency.{AgencyStatus.RETURN_REQUESTED}" == "agency.return_requested"


def test_a_refused_step_names_the_orders_state_as_the_board_does(demo_db, settings, clock, clerk):
    from station_app.core.agency import create_order, mark_shipped
    from station_app.core.errors import InputRefused
    from station_app.core.villagers import find_villagers

    buyer = find_villagers(demo_db, "1592")[0]
    order = create_order(
        demo_db, buyer.id, "淘宝", "雨靴", 1, 3_000, 0, 0, [], clerk, settings, clock
    )
    with pytest.raises(InputRefused) as refused:
        mark_shipped(demo_db, order.id, "YT1234567890123", clerk, clock)
    # Once "已下单登记" here and "已登记，未下单" on the board: one order, two names.
    assert "当前为“已登记，未下单”，不能改为“已发货”" in refused.value.text("zh_CN")


def test_a_refused_settlement_names_the_lots_state_as_the_board_does(
    demo_db, settings, clock, clerk
):
    from station_app.core.consignment import apply_settlement, intake_lot
    from station_app.core.errors import InputRefused
    from station_app.core.villagers import find_villagers
    from station_app.storage.transaction import write_transaction

    farmer = find_villagers(demo_db, "1592")[0]
    lot = intake_lot(
        demo_db,
        farmer.id,
        "脐橙",
        "一级",
        1,
        0,
        10_000,
        500,
        clock.today(),
        10,
        600,
        800,
        clerk,
        settings,
        clock,
    )
    with pytest.raises(InputRefused) as refused, write_transaction(demo_db):
        apply_settlement(
            demo_db,
            {
                "settlement_id": "S1",
                "lot_code": lot.lot_code,
                "outcome": "sold",
                "sold_g": 9_500,
                "sale_fen": 5_700,
                "hub_fees_fen": 0,
                "commission_fen": 456,
                "due_to_farmer_fen": 5_244,
            },
            clock.stamp(),
        )
    assert "当前为“在站内”，不能改为“已结算”" in refused.value.text("zh_CN")
