from datetime import timedelta

from PySide6.QtCore import Qt

from station_app.core.clock import iso
from station_app.core.parcels import Parcel
from station_app.ui.pickup.parcel_models import (
    OVERDUE_BACKGROUND,
    PICKED_UP_TEXT,
    ParcelColumn,
    ParcelModel,
    ParcelRow,
)


def _parcel(clock, days_ago, picked_up=False):
    arrived = iso(clock.now() - timedelta(days=days_ago))
    return Parcel(
        "p1",
        "SF1234567890123",
        "顺丰",
        "王大山",
        "13812341234",
        None,
        "123456",
        arrived,
        iso(clock.now()) if picked_up else None,
        "店员" if picked_up else None,
    )


def test_parcel_model_passes_the_model_tester(qtmodeltester, clock):
    model = ParcelModel(clock)
    model.set_records([ParcelRow(_parcel(clock, 9), True, 1_500), ParcelRow(_parcel(clock, 1))])
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(ParcelModel(clock), force_py=True)


def test_overdue_waiting_and_picked_up_parcels_read_differently(clock, qapp):
    model = ParcelModel(clock)
    model.set_records(
        [
            ParcelRow(_parcel(clock, 9), True, 1_500),
            ParcelRow(_parcel(clock, 1)),
            ParcelRow(_parcel(clock, 2, picked_up=True)),
        ]
    )
    assert model.index(0, ParcelColumn.STATE).data() == "Overdue! Days waiting: 9"
    assert model.index(0, ParcelColumn.DUE).data() == "¥15.00"
    assert model.index(0, ParcelColumn.PHONE).data() == "138****1234"
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole).color() == OVERDUE_BACKGROUND
    assert model.index(1, ParcelColumn.STATE).data() == "Days waiting: 1"
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(2, ParcelColumn.STATE).data().startswith("Picked up")
    assert model.index(2, 0).data(Qt.ItemDataRole.ForegroundRole).color() == PICKED_UP_TEXT
