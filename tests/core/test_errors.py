"""Refusals carry their structure: a stable code and the input at fault, besides the words."""

from datetime import timedelta

import pytest

from station_app.core.agency import create_order, mark_placed, mark_shipped, record_refund
from station_app.core.cart import WeightRequired
from station_app.core.consignment import intake_lot, ship_lots, write_off_lot
from station_app.core.errors import (
    InputRefused,
    NotFound,
    PaymentIncomplete,
    PermissionRequired,
    StationError,
)
from station_app.core.operators import SignInLocked
from station_app.core.parcels import register_arrival
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.villagers import add_villager


def test_a_refusal_without_a_code_takes_its_kinds_code():
    assert [
        error.code
        for error in (
            StationError("甲", "a"),
            InputRefused("甲", "a"),
            NotFound("甲", "a"),
            PermissionRequired("甲", "a"),
            PaymentIncomplete("甲", "a"),
        )
    ] == ["refused", "input_refused", "not_found", "owner_required", "payment_incomplete"]


def test_a_refusal_keeps_the_code_and_field_it_was_raised_with():
    error = InputRefused("手机号不对", "Bad phone", "phone", code="phone_invalid")
    assert (error.code, error.field, error.text("en"), error.text()) == (
        "phone_invalid",
        "phone",
        "Bad phone",
        "手机号不对",
    )


def test_every_refusal_can_be_read_for_a_field_whatever_its_kind():
    assert NotFound("甲", "a").field is None
    assert PermissionRequired("甲", "a", field="limit_fen").field == "limit_fen"


def test_concerning_names_the_field_and_code_for_a_shared_check():
    error = InputRefused("金额不能为负数", "Amount cannot be negative").concerning(
        "spent_fen", "spent_out_of_range"
    )
    assert (error.field, error.code) == ("spent_fen", "spent_out_of_range")
    assert InputRefused("甲", "a", code="x").concerning("f").code == "x"


@pytest.fixture
def farmer(shop):
    return add_villager(shop.db, "王大山", "13712341592", shop.clerk, shop.clock)


def _intake(shop, farmer, *, crates=3, gross_g=31_500, tare_g=500, days_ago=0, commission=800):
    return intake_lot(
        shop.db,
        farmer.id,
        "脐橙",
        "一级",
        crates,
        0,
        gross_g,
        tare_g,
        shop.clock.today() - timedelta(days=days_ago),
        10,
        600,
        commission,
        shop.clerk,
        shop.settings,
        shop.clock,
    )


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"tare_g": 11_000}, "tare_not_below_gross", "tare_g_per_crate"),
        ({"gross_g": 0}, "gross_out_of_range", "gross_g"),
        ({"crates": 0}, "crates_out_of_range", "crates"),
        ({"days_ago": 90}, "harvest_date_out_of_range", "harvest_date"),
        ({"commission": 6_000}, "commission_out_of_range", "commission_bp"),
    ],
)
def test_an_intake_refusal_names_its_code_and_the_input_at_fault(shop, farmer, kwargs, code, field):
    with pytest.raises(InputRefused) as refused:
        _intake(shop, farmer, **kwargs)
    assert (refused.value.code, refused.value.field) == (code, field)


def test_a_write_off_without_a_reason_names_the_reason(shop, farmer):
    lot = _intake(shop, farmer)
    with pytest.raises(InputRefused) as refused:
        write_off_lot(shop.db, lot.id, "spoiled", " ", shop.clerk, shop.clock)
    assert (refused.value.code, refused.value.field) == ("reason_length", "reason")


def test_a_shipment_without_a_carrier_names_the_carrier(shop, farmer):
    lot = _intake(shop, farmer)
    with pytest.raises(InputRefused) as refused:
        ship_lots(shop.db, [lot.id], " ", shop.clerk, shop.settings, shop.clock)
    assert (refused.value.code, refused.value.field) == ("carrier_length", "carrier")


@pytest.mark.parametrize(
    ("tracking", "phone", "carrier", "code", "field"),
    [
        ("12", "", None, "tracking_invalid", "tracking_no"),
        ("1234567890123", "", None, "carrier_not_detected", "carrier"),
        ("JT1234567890123", "", "无名快递", "carrier_unknown", "carrier"),
        ("JT1234567890123", "12345", None, "phone_invalid", "recipient_phone"),
    ],
)
def test_an_arrival_refusal_names_its_code_and_the_input_at_fault(
    shop, tracking, phone, carrier, code, field
):
    with pytest.raises(InputRefused) as refused:
        register_arrival(
            shop.db,
            tracking,
            shop.clock,
            operator=shop.clerk,
            carrier=carrier,
            recipient_phone=phone,
        )
    assert (refused.value.code, refused.value.field) == (code, field)


def test_a_parcel_registered_twice_is_refused_as_already_in(shop):
    register_arrival(shop.db, "JT1234567890123", shop.clock, operator=shop.clerk)
    with pytest.raises(InputRefused) as refused:
        register_arrival(shop.db, "JT1234567890123", shop.clock, operator=shop.clerk)
    assert (refused.value.code, refused.value.field) == ("parcel_already_in", "tracking_no")


@pytest.mark.parametrize(
    ("name", "phone", "code", "field"),
    [
        ("", "13700000001", "name_length", "name"),
        ("李四", "23700000001", "phone_invalid", "phone"),
        ("李四", "13712341592", "phone_taken", "phone"),
    ],
)
def test_a_new_villager_refusal_names_its_code_and_the_input_at_fault(
    shop, farmer, name, phone, code, field
):
    with pytest.raises(InputRefused) as refused:
        add_villager(shop.db, name, phone, shop.clerk, shop.clock)
    assert (refused.value.code, refused.value.field) == (code, field)


def test_an_agency_step_refusal_names_the_input_at_fault(shop, farmer):
    order = create_order(
        shop.db,
        farmer.id,
        "拼多多",
        "电饭煲",
        1,
        19_900,
        1000,
        500,
        [Tender(PaymentMethod.CASH, 21_400)],
        shop.clerk,
        shop.settings,
        shop.clock,
    )
    with pytest.raises(InputRefused) as placed:
        mark_placed(shop.db, order.id, "", 20_900, shop.clerk, shop.clock)
    with pytest.raises(InputRefused) as spent:
        mark_placed(shop.db, order.id, "PDD1", -1, shop.clerk, shop.clock)
    mark_placed(shop.db, order.id, "PDD1", 20_900, shop.clerk, shop.clock)
    with pytest.raises(InputRefused) as shipped:
        mark_shipped(shop.db, order.id, "12", shop.clerk, shop.clock)
    assert [(e.value.code, e.value.field) for e in (placed, spent, shipped)] == [
        ("platform_order_no_length", "platform_order_no"),
        ("spent_out_of_range", "spent_fen"),
        ("tracking_invalid", "tracking_no"),
    ]
    with pytest.raises(InputRefused) as refund:
        record_refund(shop.db, order.id, -5, 0, PaymentMethod.CASH, shop.clerk, shop.clock)
    assert (refund.value.code, refund.value.field) == (
        "platform_refund_out_of_range",
        "platform_refund_fen",
    )


def test_the_refusals_a_screen_reacts_to_by_kind_have_their_own_codes(shop):
    assert WeightRequired(shop.rice).code == "weight_required"
    assert SignInLocked("请稍候", "Wait", 30).code == "sign_in_locked"
