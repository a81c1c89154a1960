"""One carrier detection for both sides: the hub's announcements and the station's scans."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from county_hub.parcels import parcel_data
from station_app.core import parcels as station_parcels
from station_app.core.clock import Clock
from station_app.core.hub_changes import apply_hub_change
from station_app.storage.transaction import write_transaction
from village_protocol.carriers import CARRIERS, detect_carrier, normalise_tracking

NOW = "2026-11-26T08:00:00.000Z"


@pytest.mark.parametrize(
    ("number", "carrier"),
    [
        ("SF123456789012", "顺丰"),
        ("SF1234567890123", "顺丰"),
        ("JD0012345678901", "京东"),
        ("YT1234567890123", "圆通"),
        ("JT1234567890123", "极兔"),
        ("EA123456789CN", "邮政EMS"),
        ("DPK123456789012", "德邦"),
        ("773012345678901", None),
        ("SF12345678901", None),
        ("SF1234567890123\n", None),
    ],
)
def test_the_number_format_tells_the_carrier_or_nothing(number: str, carrier: str | None):
    assert detect_carrier(number) == carrier


def test_tracking_numbers_are_normalised_as_carriers_print_them():
    assert normalise_tracking(" sf 1234 5678 9012 ") == "SF123456789012"
    assert normalise_tracking("1234567") is None
    assert normalise_tracking("单号12345678") is None


def test_the_station_uses_the_protocols_carriers_and_detection():
    assert station_parcels.detect_carrier is detect_carrier
    assert station_parcels.CARRIERS is CARRIERS


def test_a_parcel_the_hub_announces_gets_the_carrier_the_station_would_detect(db: Database):
    # The county announces the number alone; the station files the parcel under 顺丰,
    # exactly as if the keeper had scanned SF123456789012 at the counter.
    data = parcel_data("SF123456789012", name="王秀英")
    with write_transaction(db):
        apply_hub_change(db, 1, "parcel.arrived", NOW, data, NOW)
    announced = db.execute("SELECT carrier FROM parcels WHERE tracking_no = 'SF123456789012'")
    assert announced.fetchone()[0] == "顺丰"
    scanned = station_parcels.register_arrival(db, "SF123456789013", Clock(), operator=None)
    assert scanned.carrier == "顺丰"
