"""The stations' own day totals, kept with their uploads and set beside the hub's figures."""

from __future__ import annotations

from county_hub.storage import HubStore
from county_hub.upload import store_batch
from tests.county_hub.signing import refund_event, sale_event
from village_protocol.upload_status import StationDay, UploadStatus

DAY = "2026-11-26"


def _status(*days: StationDay) -> UploadStatus:
    return UploadStatus("0.1.0", 0, None, days or None)


def test_a_reported_day_matches_until_the_station_counts_a_sale_the_hub_does_not_have(
    store: HubStore,
):
    store.add_station("HN-ZZ-0001", "张庄", "2026-11-01T00:00:00.000Z")
    sale = sale_event(1, 4200, [("cash", 4200)], created_at=f"{DAY}T02:00:00.000Z")
    refund = refund_event(2, sale, 1000, "cash", created_at=f"{DAY}T03:00:00.000Z")
    store_batch(
        store,
        "HN-ZZ-0001",
        [sale, refund],
        f"{DAY}T04:00:00.000Z",
        _status(StationDay(DAY, 1, 3200)),
    )
    [row] = store.reconciliation.days(DAY, DAY)
    assert (row.hub_sales_count, row.hub_net_fen, row.station_net_fen, row.mismatch) == (
        1,
        3200,
        3200,
        False,
    )
    # A later batch: the station says 2 sales now, the hub got no second one.
    store_batch(store, "HN-ZZ-0001", [], f"{DAY}T05:00:00.000Z", _status(StationDay(DAY, 2, 4000)))
    [row] = store.reconciliation.days(DAY, DAY, only_mismatch=True)
    assert (row.station_sales_count, row.station_net_fen, row.reported_at) == (
        2,
        4000,
        f"{DAY}T05:00:00.000Z",
    )
    assert store.reconciliation.counts(DAY, DAY) == (1, 1)


def test_an_old_stations_days_are_listed_as_not_reported_never_as_mismatched(store: HubStore):
    store.add_station("HN-ZZ-0002", "李庄", "2026-11-01T00:00:00.000Z")
    sale = sale_event(1, 900, [("cash", 900)], created_at=f"{DAY}T02:00:00.000Z")
    store_batch(store, "HN-ZZ-0002", [sale], f"{DAY}T04:00:00.000Z", UploadStatus("0.0.9", 0, None))
    [row] = store.reconciliation.days(DAY, DAY)
    assert (row.reported, row.mismatch, row.hub_net_fen) == (False, False, 900)
    assert store.reconciliation.days(DAY, DAY, only_mismatch=True) == []
    assert store.reconciliation.counts(DAY, DAY, "HN-ZZ-0002") == (1, 0)


def test_a_day_the_station_reported_but_the_hub_has_nothing_of_is_a_mismatch(store: HubStore):
    store.add_station("HN-ZZ-0003", "王庄", "2026-11-01T00:00:00.000Z")
    store_batch(
        store, "HN-ZZ-0003", [], f"{DAY}T04:00:00.000Z", _status(StationDay("2026-11-25", 5, 2500))
    )
    [row] = store.reconciliation.days("2026-11-20", DAY)
    assert (row.day, row.hub_sales_count, row.station_sales_count, row.mismatch) == (
        "2026-11-25",
        0,
        5,
        True,
    )
