"""The station's own per-day totals ride with each upload batch (`status.days`)."""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from station_app.core.reports import day_report
from station_app.core.simulation import simulate
from station_app.storage import open_database
from station_app.sync.sync_job import run_sync
from tests.sync.conftest import FAST_RETRY, FAST_TIMEOUTS, link
from tests.sync.hub_standin import StandInHub


def _local_day(payload: dict) -> str:
    moment = datetime.fromisoformat(payload["created_at"].replace("Z", "+00:00"))
    return (moment + timedelta(minutes=payload["tz_offset_min"])).date().isoformat()


def _simulated_station(path: Path, url: str) -> None:
    db = open_database(path)
    link(db, url)
    simulate(db, days=2, seed=9)
    db.close()


def test_each_batch_reports_its_days_as_sent_so_far_and_the_last_report_is_the_days_report(
    hub: StandInHub, demo_db_path: Path
):
    _simulated_station(demo_db_path, hub.url)
    run_sync(demo_db_path, retry=FAST_RETRY, timeouts=FAST_TIMEOUTS, batch_size=40)
    batches = [json.loads(gzip.decompress(p.body)) for p in hub.state.upload_posts()]
    assert len(batches) > 3
    sent: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # day -> count, net of events sent
    last: dict[str, dict] = {}
    for batch in batches:
        days_here = set()
        for event in batch["events"]:
            payload = event["payload"]
            if event["kind"] == "sale.completed":
                day = _local_day(payload)
                sent[day][0] += 1
                sent[day][1] += payload["total_fen"]
                days_here.add(day)
            elif event["kind"] == "refund.completed":
                day = _local_day(payload)
                sent[day][1] -= payload["total_fen"]
                days_here.add(day)
        reported = batch["status"].get("days", [])
        # Only the days of this batch's sales and refunds, each as sent up to this batch:
        # the sales still queued behind it are not counted yet.
        assert {d["date"] for d in reported} == days_here
        for entry in reported:
            assert [entry["sales_count"], entry["net_fen"]] == sent[entry["date"]], entry
            last[entry["date"]] = entry
    db: Database = open_database(demo_db_path)
    try:
        for day, entry in last.items():
            report = day_report(db, datetime.fromisoformat(day).date())
            assert (entry["sales_count"], entry["net_fen"]) == (report.sales_count, report.net_fen)
    finally:
        db.close()
    assert len(last) == 2


def test_the_runs_cache_of_queued_records_gives_the_same_totals_as_reading_the_outbox(
    hub: StandInHub, demo_db_path: Path
):
    from station_app.storage.transaction import write_transaction
    from station_app.sync.day_totals import QueuedRecords, batch_day_totals
    from station_app.sync.outbox import mark_delivered_many, pending_events

    _simulated_station(demo_db_path, hub.url)
    db = open_database(demo_db_path)
    queued = QueuedRecords(db)
    after, compared = 0, 0
    while batch := pending_events(db, 40, after_seq=after):
        assert batch_day_totals(db, batch, queued) == batch_day_totals(db, batch)
        compared += bool(batch_day_totals(db, batch))
        with write_transaction(db):
            mark_delivered_many(db, [("accepted", e.seq) for e in batch], "t")
        after = batch[-1].seq
        if compared == 2:
            # Sales rung up while the sync runs are queued behind it, on a day whose
            # figures the run has already summed: the cache must see them.
            summed = date.fromisoformat(batch_day_totals(db, batch)[-1].date)
            simulate(db, days=1, seed=11, start=summed)
    assert compared > 3
    db.close()


def test_a_sale_named_by_two_queued_events_is_left_out_until_its_last_one_is_sent(
    hub: StandInHub, demo_db_path: Path
):
    from station_app.storage.transaction import write_transaction
    from station_app.sync.day_totals import QueuedRecords, batch_day_totals
    from station_app.sync.outbox import mark_delivered_many, pending_events

    _simulated_station(demo_db_path, hub.url)
    db = open_database(demo_db_path)
    first_sale = db.execute(
        "SELECT seq, payload FROM outbox WHERE kind = 'sale.completed' ORDER BY seq LIMIT 1"
    ).fetchone()
    # The same sale's event again at the end of the queue (as a restored copy could hold).
    with write_transaction(db):
        db.execute(
            "INSERT INTO outbox(event_id, kind, payload, created_at) "
            "VALUES ('again', 'sale.completed', ?, '2026-12-01T00:00:00.000Z')",
            [first_sale[1]],
        )
    queued = QueuedRecords(db)
    batch = pending_events(db, 500, after_seq=first_sale[0] - 1)[:1]
    day = batch_day_totals(db, batch)[0]
    assert batch_day_totals(db, batch, queued) == batch_day_totals(db, batch)
    # Its day as reported leaves the sale out: its later event is still queued.
    total = json.loads(first_sale[1])["total_fen"]
    report = day_report(db, date.fromisoformat(day.date))
    assert day.net_fen <= report.net_fen - total
    after = 0
    while batch := pending_events(db, 40, after_seq=after):
        assert batch_day_totals(db, batch, queued) == batch_day_totals(db, batch)
        with write_transaction(db):
            mark_delivered_many(db, [("accepted", e.seq) for e in batch], "t")
        after = batch[-1].seq
    db.close()
