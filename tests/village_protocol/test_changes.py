"""One set of change shapes: the hub builds its feed with them, the station checks with them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from county_hub.catalog import plan_changes, read_catalog
from county_hub.parcels import parcel_data
from station_app.core.hub_changes import APPLIERS
from village_protocol.changes import (
    CHANGE_KINDS,
    MAX_NOTICE_TITLE,
    ChangeMalformed,
    ChangeRefused,
    check_change,
    data_schema,
)

ROOT = Path(__file__).resolve().parents[2]
SETTLEMENT: dict[str, Any] = {
    "settlement_id": "H-1",
    "lot_code": "HN-ZZ-0001-T1-261202-03",
    "outcome": "sold",
    "sold_g": 19_000,
    "sale_fen": 11_400,
    "hub_fees_fen": 500,
    "commission_fen": 900,
    "due_to_farmer_fen": 10_000,
    "reason": "",
    "settled_at": "2026-11-26T08:00:00.000Z",
}


def test_the_station_applies_every_kind_the_protocol_has():
    assert tuple(APPLIERS) == CHANGE_KINDS


def test_every_change_the_hub_builds_from_the_demo_catalog_passes():
    changes = plan_changes(read_catalog(ROOT / "resources" / "demo" / "catalog.csv"), {})
    assert len(changes) == 431
    for kind, data in changes:
        check_change(kind, data)


def test_a_parcel_announcement_without_a_carrier_passes():
    check_change("parcel.arrived", parcel_data("773012345678901"))


def test_an_unknown_kind_is_refused_not_malformed():
    with pytest.raises(ChangeRefused, match=r"unknown change kind 'shift\.closed'"):
        check_change("shift.closed", {})


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("product.retire", {"barcodes": None}),
        ("product.retire", {"barcodes": []}),
        ("price.change", {"plu": True, "price_fen": 100}),
        ("parcel.arrived", {"tracking_no": 12345678}),
        ("lot.settled", {**SETTLEMENT, "sold_g": "19000"}),
        ("notice", ["title", "body"]),
    ],
)
def test_a_field_missing_or_of_the_wrong_type_is_malformed(kind: str, data: Any):
    with pytest.raises(ChangeMalformed):
        check_change(kind, data)


def test_a_plu_may_come_as_a_number_and_a_category_as_null():
    check_change("product.retire", {"plu": 1001})
    check_change("price.change", {"plu": 1001, "price_fen": 620})


def test_a_notice_over_its_title_limit_is_refused():
    check_change("notice", {"title": "停" * MAX_NOTICE_TITLE, "body": ""})
    with pytest.raises(ChangeRefused, match="notice too long"):
        check_change("notice", {"title": "停" * (MAX_NOTICE_TITLE + 1), "body": ""})


@pytest.mark.parametrize(
    ("change", "fault"),
    [
        ({"outcome": "lost"}, "outcome must be one of sold, partial, rejected"),
        ({"sale_fen": 100_000_001}, "sale_fen must be 0 to 100000000"),
        ({"hub_fees_fen": -1}, "hub_fees_fen must be 0 to 100000000"),
        ({"due_to_farmer_fen": 11_401}, "due_to_farmer_fen is more than sale_fen"),
    ],
)
def test_an_implausible_settlement_is_refused_with_the_fault(change: dict[str, Any], fault: str):
    check_change("lot.settled", SETTLEMENT)
    with pytest.raises(ChangeRefused) as caught:
        check_change("lot.settled", {**SETTLEMENT, **change})
    assert str(caught.value) == f"Implausible settlement H-1: {fault}"


def test_the_data_schema_lists_required_and_nullable_fields():
    schema = data_schema("parcel.arrived")
    assert schema["required"] == ["tracking_no"]
    assert schema["properties"]["carrier"] == {"type": ["string", "integer", "null"]}
