"""Delivered events past the retention leave the outbox, counted; all else stays."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from station_app.core.cart import Cart
from station_app.core.catalog import get_product
from station_app.core.clock import Clock, SteppingClock, iso
from station_app.core.operators import sign_in
from station_app.core.outbox import NewEvent, enqueue_event
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.sales import complete_sale
from station_app.core.settings import change_setting, load_settings
from station_app.storage.transaction import write_transaction
from station_app.sync.errors import HubUnreachable
from station_app.sync.outbox import mark_delivered, mark_rejected, pending_events
from station_app.sync.outbox_pruning import (
    _STAGE,
    last_seq_before,
    prune_delivered_events,
    pruned_count,
)
from station_app.sync.sync_job import run_sync
from tests.sync.conftest import FAST_RETRY, FAST_TIMEOUTS

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
OLD = iso(NOW - timedelta(days=91))
RECENT = iso(NOW - timedelta(days=89))


def _event(db, at: str, n: int) -> int:
    with write_transaction(db):
        return enqueue_event(db, NewEvent("sale.completed", {"sale_id": f"s-{n}"}), at)


def _deliver(db, seq: int, at: str) -> None:
    with write_transaction(db):
        mark_delivered(db, seq, "accepted", at)


def _outbox(db) -> list[tuple]:
    return db.execute(
        "SELECT seq, event_id, kind, created_at, sent_at, status FROM outbox ORDER BY seq"
    ).fetchall()


def _payloads(db) -> dict[int, dict]:
    return {seq: json.loads(p) for seq, p in db.execute("SELECT seq, payload FROM outbox")}


@pytest.fixture
def mixed(db):
    """Old delivered, delivered within the retention, old but sent late, old queued, old
    rejected."""
    old_delivered = _event(db, OLD, 1)
    _deliver(db, old_delivered, OLD)
    recent = _event(db, RECENT, 2)
    _deliver(db, recent, RECENT)
    sent_late = _event(db, OLD, 3)
    _deliver(db, sent_late, RECENT)
    queued = _event(db, OLD, 4)
    rejected = _event(db, OLD, 5)
    with write_transaction(db):
        mark_rejected(db, rejected, "unknown kind", OLD)
    return old_delivered, recent, sent_late, queued, rejected


def test_only_events_delivered_and_made_before_the_retention_are_pruned(db, mixed):
    old_delivered, recent, sent_late, queued, rejected = mixed
    assert prune_delivered_events(db, NOW, 90) == 1
    payloads = _payloads(db)
    assert old_delivered not in payloads
    for kept, n in ((recent, 2), (sent_late, 3), (queued, 4), (rejected, 5)):
        assert payloads[kept] == {"sale_id": f"s-{n}"}
    assert pruned_count(db) == 1
    assert [e.payload for e in pending_events(db)] == [{"sale_id": "s-4"}]


def test_pruning_counts_what_it_deletes_and_a_second_run_prunes_nothing(db, mixed):
    rows = _outbox(db)
    assert prune_delivered_events(db, NOW, 90) == 1
    assert prune_delivered_events(db, NOW, 90) == 0
    assert _outbox(db) == rows[1:]
    counted = db.execute("SELECT day, kind, events, last_seq FROM outbox_pruned").fetchall()
    assert counted == [(OLD[:10], "sale.completed", 1, mixed[0])]


def test_pruned_events_are_counted_per_day_and_kind(db):
    days = [NOW - timedelta(days=d) for d in (120, 120, 120, 100)]
    for n, day in enumerate(days):
        at = iso(day)
        with write_transaction(db):
            kind = "sale.completed" if n else "shift.closed"
            seq = enqueue_event(db, NewEvent(kind, {"n": n}), at)
        _deliver(db, seq, at)
    assert prune_delivered_events(db, NOW, 90, batch_size=1) == 4  # one batch per event
    counted = db.execute(
        "SELECT day, kind, events, last_seq FROM outbox_pruned ORDER BY day, kind"
    ).fetchall()
    assert counted == [
        (iso(days[0])[:10], "sale.completed", 2, 3),
        (iso(days[0])[:10], "shift.closed", 1, 1),
        (iso(days[3])[:10], "sale.completed", 1, 4),
    ]
    assert pruned_count(db) == 4
    with write_transaction(db):  # a deleted seq is never handed out again
        assert enqueue_event(db, NewEvent("sale.completed", {"n": 9}), iso(NOW)) == 5


def test_a_longer_retention_keeps_more(db, mixed):
    assert prune_delivered_events(db, NOW, 92) == 0
    # 88 days: the event delivered 89 days ago and the one sent late are old too.
    assert prune_delivered_events(db, NOW, 88) == 3
    assert list(_payloads(db)) == [mixed[3], mixed[4]]


def test_pruning_goes_in_batches_and_stops_at_the_per_run_limit(db):
    seqs = [_event(db, OLD, n) for n in range(7)]
    for seq in seqs:
        _deliver(db, seq, OLD)
    assert prune_delivered_events(db, NOW, 90, batch_size=2, max_rows=5) == 5
    assert pruned_count(db) == 5
    assert prune_delivered_events(db, NOW, 90, batch_size=2) == 2
    assert _payloads(db) == {}


@pytest.mark.parametrize("which", range(5))
def test_no_outbox_row_can_be_deleted_unless_staged_for_pruning(db, mixed, which):
    with pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):
        db.execute("DELETE FROM outbox WHERE seq = ?", [mixed[which]])


@pytest.mark.parametrize("which", [3, 4])  # queued, rejected: the hub does not hold them
def test_an_undelivered_event_cannot_be_staged_for_pruning(db, mixed, which):
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        db.execute(
            "INSERT INTO outbox_pruning SELECT seq, event_id, kind, created_at, "
            "coalesce(sent_at, ''), status, hub_result, rejected_reason, rejected_at, attempts "
            "FROM outbox WHERE seq = ?",
            [mixed[which]],
        )


def test_a_successful_sync_prunes_the_events_older_than_the_setting(hub, station, station_path):
    ticker = SteppingClock(NOW)
    for n in range(3):
        _event(station, iso(NOW), n)
    change_setting(station, "outbox_retention_days", "30", iso(NOW))
    first = run_sync(
        station_path, retry=FAST_RETRY, timeouts=FAST_TIMEOUTS, clock=Clock(480, ticker)
    )
    assert (first.accepted, first.events_pruned) == (4, 0)
    ticker.advance(timedelta(days=31))
    later = run_sync(
        station_path, retry=FAST_RETRY, timeouts=FAST_TIMEOUTS, clock=Clock(480, ticker)
    )
    assert (later.sent, later.events_pruned) == (0, 4)
    assert pruned_count(station) == 4
    assert len(hub.state.events) == 4  # the hub still holds them


def test_a_failed_sync_prunes_nothing(station, station_path):
    _deliver(station, _event(station, OLD, 1), OLD)
    station.execute("UPDATE settings SET value = 'http://127.0.0.1:9' WHERE key = 'hub_url'")
    station.conn.commit()
    with pytest.raises(HubUnreachable):
        run_sync(
            station_path, retry=FAST_RETRY, timeouts=FAST_TIMEOUTS, clock=Clock(480, lambda: NOW)
        )
    assert pruned_count(station) == 0


def test_a_sale_takes_far_fewer_bytes_once_its_event_is_pruned(demo_db):
    # Regression guard, small and generous: about 3.4 kB a sale before, 1.6 kB after.
    clock = Clock()
    clerk = sign_in(demo_db, "1234", clock)
    settings = load_settings(demo_db)
    products = [
        get_product(demo_db, pid)
        for (pid,) in demo_db.execute("SELECT id FROM products WHERE is_weighed = 0 LIMIT 20")
    ]

    def used_bytes() -> int:
        demo_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages, free, size = (
            demo_db.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("page_count", "freelist_count", "page_size")
        )
        return (pages - free) * size

    before = used_bytes()
    sales = 400
    for n in range(sales):
        cart = Cart()
        for product in products[n % 7 : n % 7 + 1 + n % 5]:
            cart.add_product(product)
        total = cart.totals().total_fen
        complete_sale(demo_db, cart, [Tender(PaymentMethod.CASH, total)], clerk, settings, clock)
    with write_transaction(demo_db):
        for event in pending_events(demo_db, limit=10_000):
            mark_delivered(demo_db, event.seq, "accepted", clock.stamp())
    unpruned = (used_bytes() - before) / sales
    assert prune_delivered_events(demo_db, clock.now() + timedelta(days=91), 90) >= sales
    pruned = (used_bytes() - before) / sales
    assert pruned < 2_000 < unpruned


def test_the_search_reads_only_the_rows_up_to_the_cutoff(db):
    # Most syncs have nothing to prune: finding that must not read the whole outbox.
    for n in range(50):
        _deliver(db, _event(db, OLD if n < 30 else RECENT, n), OLD if n < 30 else RECENT)
    cutoff = iso(NOW - timedelta(days=90))
    assert last_seq_before(db, cutoff) == 30
    plan = " ".join(
        row[3]
        for row in db.execute(
            "EXPLAIN QUERY PLAN " + _STAGE, {"cutoff": cutoff, "upto": 30, "batch": 500}
        )
    )
    assert "USING INTEGER PRIMARY KEY (rowid<?)" in plan, plan
    assert prune_delivered_events(db, NOW, 90) == 30
    assert last_seq_before(db, iso(NOW - timedelta(days=400))) == 0


def test_an_event_made_under_a_clock_set_back_is_pruned_once_the_cutoff_passes_it(db):
    # seq 1 at day -100, seq 2 at day -80 (clock right), seq 3 at day -95 (clock set back)
    for n, days in enumerate((100, 80, 95)):
        at = iso(NOW - timedelta(days=days))
        _deliver(db, _event(db, at, n), at)
    assert prune_delivered_events(db, NOW, 90) == 1  # seq 3 lies beyond the bound
    assert list(_payloads(db)) == [2, 3]
    assert prune_delivered_events(db, NOW + timedelta(days=11), 90) == 2
    assert _payloads(db) == {}
