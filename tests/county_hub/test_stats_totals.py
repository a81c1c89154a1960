"""`stats` from the totals kept on upload equals the recount from every stored payload.

`hub_stats` sums `station_days`, `station_day_payments`, `station_kind_counts`,
`station_sections` and `station_day_shifts`; `recount_stats` streams the payloads
through `money_totals` / `village_totals` as `stats` did before those tables. On a
varied event set (three station clocks, batches, replays, conflicts, refunds and shifts
that take their station's clock from an earlier upload) every station, every day and
all days agree, on both engines, for uploads and for the migration's backfill.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from county_hub.stats import hub_stats, recount_stats
from county_hub.storage import HubStore, open_store
from county_hub.storage.daily_totals import backfill_daily_totals
from county_hub.storage.schema import MIGRATIONS, migrate
from county_hub.storage.station_totals import backfill_station_totals
from county_hub.upload import store_batch
from tests.county_hub.signing import refund_event, sale_event
from tests.county_hub.test_stats import _known_events, _known_shifts, _shift, _village_events
from tests.county_hub.village import event

NOW = "2026-11-26T10:00:00.000Z"
STATIONS = ("A", "B", "C")
FIRST_DAY = date(2026, 11, 23)
DAYS = [FIRST_DAY + timedelta(days=n) for n in range(6)]

# The version of the migration that made the station totals (its backfill's).
STATION_TOTALS_VERSION = 1 + next(
    i for i, steps in enumerate(MIGRATIONS) if backfill_station_totals in steps
)


def _batches() -> list[tuple[str, list[dict[str, Any]]]]:
    """(station, upload) in upload order; B runs on UTC+0, C on UTC-5, A on UTC+8."""
    a_money, a_shifts, village = _known_events(), _known_shifts(), _village_events()
    old_sale = sale_event(40, 600, created_at="2026-11-24T20:00:00.000Z")
    del old_sale["payload"]["tz_offset_min"]  # an older station: UTC+8 is assumed
    utc_sale = sale_event(
        1, 900, [("wechat", 900)], created_at="2026-11-25T10:00:00.000Z", tz_offset_min=0
    )
    west_sale = sale_event(
        1, 1500, [("cash", 1000), ("alipay", 500)], created_at="2026-11-26T03:00:00.000Z"
    )
    west_sale["payload"]["tz_offset_min"] = -300  # local 11-25 22:00
    undated = _shift(9, "2026-11-26T05:00:00.000Z", 2_000, 2_100)
    undated["payload"]["opened_at"] = "not a time"
    conflict = dict(village[1], payload={**village[1]["payload"], "amount_fen": 1})
    return [
        ("A", a_money[:3] + village[:12]),
        # The refunds and shifts arrive in a later upload: they take the station's clock
        # from the sales stored before it.
        ("A", a_money[3:] + a_shifts + village[12:] + [old_sale]),
        ("A", a_money + village[:5] + [conflict]),  # a replay, and one conflicting id
        ("B", [utc_sale, _shift(2, "2026-11-25T23:30:00.000Z", 1_000, 990)]),
        # Without an offset, 23:30 UTC is the 25th on B's clock (UTC+0), not the 26th.
        (
            "B",
            [
                refund_event(3, utc_sale, 400, "wechat", created_at="2026-11-25T23:30:00.000Z"),
                _shift(4, "2026-11-26T00:30:00.000Z", 3_000, 3_000),
                undated,
                event(5, "credit.entry", kind="sale", amount_fen=700),
            ],
        ),
        (
            "C",
            [
                west_sale,
                _shift(2, "2026-11-26T04:00:00.000Z", 5_000, 4_990),  # local 11-25 23:00
                refund_event(3, west_sale, 500, "alipay", created_at="2026-11-26T06:00:00.000Z"),
                event(4, "parcel.arrived", parcel_id="P9", tracking_no="ZT9000000000009"),
            ],
        ),
    ]


def _assert_kept_equals_recount(store: HubStore) -> None:
    for station in (*STATIONS, None):
        for day in (*DAYS, None):
            kept = hub_stats(store, station, day).as_json()
            assert kept == recount_stats(store, station, day).as_json(), (station, day)
    # Not vacuous: the set has money, shifts and sections on several days.
    everyone = hub_stats(store)
    assert everyone.refund_count == 4 and everyone.shifts["closed"] == 8
    assert everyone.credit["entries"] == 6 and everyone.parcels["arrived"] == 4
    assert sum(hub_stats(store, day=d).shifts["closed"] for d in DAYS) == 7  # one undated


def test_kept_totals_equal_the_recount_after_uploads(store: HubStore):
    for station in STATIONS:
        store.add_station(station, station.lower(), NOW)
    for station, events in _batches():
        store_batch(store, station, events, NOW)
    _assert_kept_equals_recount(store)
    # The UTC+0 refund without an offset is B's 25th, as its clock says.
    assert hub_stats(store, "B", date(2026, 11, 25)).refunds_fen == 400
    assert hub_stats(store, "B", date(2026, 11, 25)).shifts["closed"] == 1
    assert hub_stats(store, "C", date(2026, 11, 25)).shifts["short"] == 1


def test_a_hub_from_before_the_totals_gets_them_rebuilt_from_its_events(db_url: str):
    # Before the daily tables too, so both backfills rebuild from the same stored rows.
    old = open_store(db_url, migrate=False)
    before = next(i for i, steps in enumerate(MIGRATIONS) if backfill_daily_totals in steps)
    assert before < next(i for i, s in enumerate(MIGRATIONS) if backfill_station_totals in s)
    migrate(old.database, before)
    with old.database.write() as conn:
        for station in STATIONS:
            old.database.run(
                conn,
                "INSERT INTO stations(id, name, secret, active, created_at) VALUES (?,?,?,1,?)",
                [station, station.lower(), "s" * 64, NOW],
            )
        stored: set[tuple[str, str]] = set()
        for station, events in _batches():
            for item in events:
                if (station, item["event_id"]) in stored:
                    continue  # the replay and the conflict: an old hub kept the first
                stored.add((station, item["event_id"]))
                old.database.run(
                    conn,
                    "INSERT INTO events(station_id, event_id, seq, kind, created_at, payload, "
                    "received_at) VALUES (?,?,?,?,?,?,?)",
                    [
                        station,
                        item["event_id"],
                        item["seq"],
                        item["kind"],
                        item["created_at"],
                        json.dumps(item["payload"]),
                        NOW,
                    ],
                )
    old.close()
    upgraded = open_store(db_url)
    try:
        _assert_kept_equals_recount(upgraded)
    finally:
        upgraded.close()


def test_the_backfill_pages_through_more_events_than_one_page(db_url: str):
    # 1,203 credit entries: three pages of 500 and the tail; each page's rows count once.
    old = open_store(db_url, migrate=False)
    migrate(old.database, STATION_TOTALS_VERSION - 1)
    old.add_station("A", "a", NOW)
    with old.database.write() as conn:
        for n in range(1203):
            old.database.run(
                conn,
                "INSERT INTO events(station_id, event_id, seq, kind, created_at, payload, "
                "received_at) VALUES (?,?,?,?,?,?,?)",
                ["A", f"e{n}", n, "credit.entry", NOW, json.dumps({"amount_fen": 2}), NOW],
            )
    old.close()
    upgraded = open_store(db_url)
    try:
        stats = hub_stats(upgraded, "A")
        assert stats.credit == {"entries": 1203, "balance_fen": 2406}
        assert stats.events == {"credit.entry": 1203}
    finally:
        upgraded.close()
