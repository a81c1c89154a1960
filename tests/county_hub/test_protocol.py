"""Version 1's event kinds and required payload fields."""

from __future__ import annotations

from typing import Any

import pytest

from county_hub.protocol import check_event, is_station_id
from tests.county_hub.signing import refund_event, sale_event
from tests.county_hub.village import REQUIRED, REQUIRED_IN_ENTRIES, SAMPLES, event
from village_protocol.events import EventRefused


def _reason(event: dict[str, Any]) -> str:
    with pytest.raises(EventRefused) as caught:
        check_event(event)
    return str(caught.value)


def test_sales_and_refunds_from_a_station_pass():
    sale = sale_event(1, 350, [("cash", 200), ("wechat", 150)])
    assert check_event(sale).kind == "sale.completed"
    assert check_event(refund_event(2, sale, 100)).payload["total_fen"] == 100


def test_unknown_kinds_are_refused_by_name():
    assert _reason({**sale_event(1, 1), "kind": "till.opened"}) == "unknown kind 'till.opened'"


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_each_village_kind_from_a_station_passes(kind: str):
    checked = check_event(event(1, kind))
    assert (checked.kind, checked.payload) == (kind, SAMPLES[kind])


@pytest.mark.parametrize(
    ("kind", "field"), [(kind, field) for kind, fields in REQUIRED.items() for field in fields]
)
def test_each_required_village_field_is_named_when_missing(kind: str, field: str):
    missing = event(1, kind)
    del missing["payload"][field]
    assert _reason(missing) == f"missing payload field '{field}'"


@pytest.mark.parametrize(("kind", "entries", "field"), REQUIRED_IN_ENTRIES)
def test_each_required_field_of_a_list_entry_is_named_when_missing(
    kind: str, entries: str, field: str
):
    missing = event(1, kind)
    del missing["payload"][entries][0][field]
    assert _reason(missing) == f"missing payload field '{entries}[0].{field}'"


def test_only_the_required_fields_are_required():
    # Optional station fields (phone, carrier, detail...) may be absent or null.
    for kind, required in REQUIRED.items():
        payload = {name: SAMPLES[kind][name] for name in required}
        assert check_event(event(1, kind) | {"payload": payload}).kind == kind


@pytest.mark.parametrize(
    ("kind", "change", "reason"),
    [
        ("villager.added", {"name": ""}, "'name' must be a non-empty string"),
        ("villager.credit_limit_set", {"credit_limit_fen": -1}, "'credit_limit_fen' must not be"),
        ("credit.entry", {"amount_fen": "12.00"}, "'amount_fen' must be an integer (fen)"),
        ("agency.created", {"collected": {"cash": 100}}, "'collected' must be a list"),
        ("agency.created", {"collected": ["cash"]}, "'collected[0]' must be an object"),
        ("agency.created", {"total_fen": True}, "'total_fen' must be an integer"),
        (
            "agency.status_changed",
            {"money": [{"kind": "tip", "method": "cash", "amount_fen": 1}]},
            "'money[0].kind' must be one of collected, spent, platform_refund, paid_back",
        ),
        ("agency.status_changed", {"collected_fen": -5}, "'collected_fen' must not be negative"),
        ("lot.received", {"net_g": 1.5}, "'net_g' must be an integer (grams)"),
        ("lot.received", {"net_g": -1}, "'net_g' must not be negative"),
        (
            "shipment.sent",
            {"lots": [{"lot_id": "a", "lot_code": "b", "net_g": "9"}]},
            "'lots[0].net_g' must be an integer (grams)",
        ),
        ("lot.spoiled", {"reason": ""}, "'reason' must be a non-empty string"),
        ("payout.made", {"amount_fen": -100}, "'amount_fen' must not be negative"),
        ("parcel.arrived", {"tracking_no": None}, "'tracking_no' must be a non-empty string"),
    ],
)
def test_wrong_village_values_are_refused(kind: str, change: dict[str, Any], reason: str):
    assert reason in _reason(event(1, kind, **change))


def test_credit_entries_may_be_negative():
    # Repayments and refunds take money off the account.
    assert (
        check_event(
            event(1, "credit.entry", kind="repayment", amount_fen=-500, method="cash")
        ).payload["amount_fen"]
        == -500
    )


def test_pickup_money_must_itemise_collected_fen_exactly():
    pickup = {
        "status": "picked_up",
        "detail": {},
        "collected_fen": 4700,
        "money": [
            {"kind": "collected", "method": "cash", "amount_fen": 2700},
            {"kind": "collected", "method": "account", "amount_fen": 2000},
        ],
    }
    assert check_event(event(1, "agency.status_changed", **pickup)).kind == "agency.status_changed"
    pickup["collected_fen"] = 4000
    assert (
        _reason(event(1, "agency.status_changed", **pickup))
        == "the 'collected' money entries add up to 4700, not collected_fen 4000"
    )


@pytest.mark.parametrize("field", ["sale_id", "receipt_no", "total_fen", "lines", "payments"])
def test_each_required_sale_field_is_named_when_missing(field: str):
    sale = sale_event(1, 350)
    del sale["payload"][field]
    assert field in _reason(sale)


@pytest.mark.parametrize("field", ["refund_id", "refund_no", "sale_id", "method", "total_fen"])
def test_each_required_refund_field_is_named_when_missing(field: str):
    refund = refund_event(2, sale_event(1, 350), 350)
    del refund["payload"][field]
    assert field in _reason(refund)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"total_fen": True}, "total_fen"),
        ({"total_fen": 1.5}, "total_fen"),
        ({"sale_id": ""}, "sale_id"),
        ({"payments": [{"method": "cash"}]}, "payments[0].amount_fen"),
        ({"payments": ["cash"]}, "payments[0]"),
        ({"lines": {}}, "lines"),
    ],
)
def test_wrong_types_are_refused(change: dict[str, Any], reason: str):
    sale = sale_event(1, 350)
    sale["payload"].update(change)
    assert reason in _reason(sale)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"seq": "1"}, "seq"),
        ({"seq": 2**63}, "seq"),
        ({"kind": 7}, "kind"),
        ({"created_at": "yesterday"}, "created_at"),
        ({"created_at": "2026-11-26T08:00:00"}, "created_at"),
        ({"payload": []}, "payload"),
    ],
)
def test_a_bad_envelope_is_refused(change: dict[str, Any], reason: str):
    assert reason in _reason({**sale_event(1, 350), **change})


def test_station_ids_are_letters_digits_and_dashes_up_to_32():
    assert is_station_id("HN-ZZ-0001")
    assert not is_station_id("")
    assert not is_station_id("HN ZZ")
    assert not is_station_id("A" * 33)
    assert not is_station_id("张庄")
