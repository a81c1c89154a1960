import gzip
import json
import logging
import sqlite3
import threading

import pytest

from station_app.core.catalog import find_by_code
from station_app.core.clock import Clock
from station_app.core.outbox import NewEvent, enqueue_event
from station_app.core.settings import load_settings
from station_app.storage import open_database
from station_app.sync.errors import HubAuthRefused, HubBadResponse, HubUnreachable, NotLinked
from station_app.sync.lock import SyncLock
from station_app.sync.outbox import (
    DeliveryStatus,
    pending_count,
    rejected_count,
    rejected_events,
    requeue_rejected,
)
from station_app.sync.sync_job import (
    PAGE_LIMIT,
    SyncProgress,
    read_cursor,
    run_sync,
)
from station_app.sync.sync_log import log_path
from station_app.sync.sync_status import sync_status
from tests.helpers import count
from tests.sync.conftest import FAST_RETRY, FAST_TIMEOUTS, link, queue_sales
from tests.sync.hub_standin import SECRET, STATION

COLA = "6932780008140"


def sync(path, **kwargs):
    return run_sync(path, retry=FAST_RETRY, timeouts=FAST_TIMEOUTS, **kwargs)


def _statuses(db):
    return [r[0] for r in db.execute("SELECT status FROM outbox ORDER BY seq")]


def test_everything_queued_is_delivered_in_batches_in_seq_order(hub, station, station_path):
    queue_sales(station, 25)
    seen = []
    outcome = sync(station_path, batch_size=10, progress=seen.append)
    assert (outcome.sent, outcome.accepted, outcome.rejected_total) == (25, 25, 0)
    assert pending_count(station) == 0
    assert set(_statuses(station)) == {"delivered"}
    posted = [json.loads(gzip.decompress(p.body))["events"] for p in hub.state.upload_posts()]
    assert [len(batch) for batch in posted] == [10, 10, 5]
    assert [e["seq"] for batch in posted for e in batch] == list(range(1, 26))
    assert [p for p in seen if p.phase == "upload"] == [
        SyncProgress("upload", 0, 25),
        SyncProgress("upload", 10, 25),
        SyncProgress("upload", 20, 25),
        SyncProgress("upload", 25, 25),
    ]
    assert len(hub.state.events) == 25


def test_rejected_events_stay_visible_with_the_hubs_reason_and_are_not_resent(
    hub, station, station_path
):
    queue_sales(station, 2)
    with station.atomic():
        enqueue_event(station, NewEvent("villager.added", {"name": "王大妈"}), Clock().stamp())
    queue_sales(station, 1, start=3)
    outcome = sync(station_path)
    assert (outcome.accepted, outcome.rejected, outcome.rejected_total) == (3, 1, 1)
    [rejected] = rejected_events(station)
    assert rejected.kind == "villager.added"
    assert rejected.status is DeliveryStatus.REJECTED
    assert rejected.rejected_reason == "unknown kind 'villager.added'"
    assert pending_count(station) == 0
    posts = len(hub.state.upload_posts())
    again = sync(station_path)
    assert (again.sent, again.rejected_total) == (0, 1)
    assert len(hub.state.upload_posts()) == posts


def test_a_requeued_rejection_goes_again_after_the_hub_learnt_the_kind(hub, station, station_path):
    with station.atomic():
        enqueue_event(station, NewEvent("villager.added", {"name": "王大妈"}), Clock().stamp())
    sync(station_path)
    assert rejected_count(station) == 1
    assert requeue_rejected(station, Clock().stamp()) == 1
    import tests.sync.hub_standin as standin

    standin.KNOWN_KINDS = (*standin.KNOWN_KINDS, "villager.added")
    try:
        outcome = sync(station_path)
    finally:
        standin.KNOWN_KINDS = standin.KNOWN_KINDS[:-1]
    assert (outcome.accepted, outcome.rejected_total) == (1, 0)
    assert _statuses(station) == ["delivered"]


def test_the_next_batch_goes_out_before_the_answered_one_is_recorded(hub, station, station_path):
    # The station's file is write-locked from the first batch's arrival until the
    # second's: the second can only arrive if it was sent before the first is recorded
    # (recording waits for the lock). Recorded first, the sync would wait for a lock
    # that only the second batch's arrival releases.
    queue_sales(station, 15)
    holder = sqlite3.connect(station_path, check_same_thread=False, isolation_level=None)
    arrivals: list[int] = []

    def hold_the_file(seen):
        if seen.method == "POST" and seen.path.endswith("/events"):
            arrivals.append(len(json.loads(gzip.decompress(seen.body))["events"]))
            if len(arrivals) == 1:
                holder.execute("BEGIN IMMEDIATE")
            elif len(arrivals) == 2:
                delivered = holder.execute(
                    "SELECT count(*) FROM outbox WHERE status = 'delivered'"
                ).fetchone()[0]
                arrivals.append(delivered)
                holder.execute("ROLLBACK")
        return None

    hub.state.override = hold_the_file
    try:
        outcome = sync(station_path, batch_size=10)
    finally:
        holder.close()
    assert arrivals == [10, 5, 0]  # the first batch was still unrecorded
    assert (outcome.sent, outcome.accepted) == (15, 15)
    assert set(_statuses(station)) == {"delivered"}


def test_an_answer_lost_after_the_hub_stored_the_batch_ends_as_duplicates(
    hub, station, station_path
):
    queue_sales(station, 3)
    hub.state.garble_upload_answers = 1
    with pytest.raises(HubBadResponse):
        sync(station_path)
    assert pending_count(station) == 3  # nothing marked on a garbled answer
    assert len(hub.state.events) == 3  # though the hub has them
    outcome = sync(station_path)
    assert (outcome.accepted, outcome.duplicate) == (0, 3)
    assert len(hub.state.events) == 3
    assert set(_statuses(station)) == {"delivered"}


def test_changes_are_applied_and_the_cursor_stored(hub, demo_db_path):
    db = open_database(demo_db_path)
    link(db, hub.url)
    with db.atomic():  # only v1 kinds in this test's outbox
        db.execute("UPDATE outbox SET status = 'delivered'")
    hub.state.add_change("price.change", {"barcode": COLA, "price_fen": 350})
    hub.state.add_change("notice", {"title": "停电通知", "body": "周六检修"}, station=STATION)
    hub.state.add_change("notice", {"title": "别的站", "body": "x"}, station="HN-ZZ-0002")
    hub.state.add_change(
        "product.upsert",
        {
            "barcodes": ["6901234567892"],
            "name": "县里新品酱油",
            "unit": "瓶",
            "price_fen": 850,
            "is_weighed": False,
            "plu": None,
            "category": "调味品",
        },
    )
    hub.state.add_change("parcel.teleported", {"x": 1})
    outcome = sync(demo_db_path, page_limit=2)
    assert (outcome.changes_applied, outcome.changes_skipped, outcome.cursor) == (3, 1, 5)
    assert read_cursor(db) == 5
    scale = load_settings(db).scale_prefixes
    assert find_by_code(db, COLA, scale).product.price_fen == 350
    assert find_by_code(db, "6901234567892", scale).product.name == "县里新品酱油"
    assert [r[0] for r in db.execute("SELECT title FROM hub_notices")] == ["停电通知"]
    assert db.execute("SELECT cursor, kind FROM hub_change_skips").fetchall() == [
        (5, "parcel.teleported")
    ]
    pages = [r.path for r in hub.state.requests if r.path.startswith("/v1/changes")]
    assert pages == ["/v1/changes?after=0&limit=2", "/v1/changes?after=2&limit=2"]
    again = sync(demo_db_path)
    assert (again.changes_applied, again.cursor) == (0, 5)
    db.close()


def test_a_page_that_fails_midway_applies_nothing_and_keeps_the_cursor(hub, station, station_path):
    hub.state.add_change("notice", {"title": "一", "body": ""})
    hub.state.add_change("notice", {"title": "二", "body": ""})
    hub.state.add_change("notice", {"title": 3, "body": ""})  # malformed
    with pytest.raises(HubBadResponse, match="change 3"):
        sync(station_path, page_limit=2)
    assert read_cursor(station) == 2  # the first page stands, the second left no trace
    assert [r[0] for r in station.execute("SELECT title FROM hub_notices ORDER BY cursor")] == [
        "一",
        "二",
    ]
    assert "HubBadResponse" in sync_status(station).last_error


def test_the_next_page_is_fetched_while_the_one_before_it_is_applied(hub, station, station_path):
    for title in "一二三":
        hub.state.add_change("notice", {"title": title, "body": ""})
    # Another writer holds the station's lock from the moment the hub answers page 1,
    # so page 1 cannot commit until it lets go: on the hub's next request, or after 2 s.
    blocker = sqlite3.connect(station_path, check_same_thread=False, isolation_level=None)
    guard = threading.Lock()
    holding = threading.Event()
    fetched_while_held = threading.Event()

    def release() -> None:
        with guard:
            if holding.is_set():
                blocker.execute("COMMIT")
                holding.clear()

    def answer(seen):
        if seen.path == "/v1/changes?after=0&limit=2":
            with guard:
                blocker.execute("BEGIN IMMEDIATE")
                holding.set()
            threading.Timer(2.0, release).start()
        elif seen.path == "/v1/changes?after=2&limit=2":
            with guard:
                if holding.is_set():
                    fetched_while_held.set()
            release()
        return None

    hub.state.override = answer
    try:
        outcome = sync(station_path, page_limit=2)
    finally:
        release()
        blocker.close()
    assert fetched_while_held.is_set(), "page 2 was asked for only after page 1 committed"
    assert (outcome.changes_applied, outcome.cursor) == (3, 3)
    assert [r[0] for r in station.execute("SELECT title FROM hub_notices ORDER BY cursor")] == [
        "一",
        "二",
        "三",
    ]
    pages = [r.path for r in hub.state.requests if r.path.startswith("/v1/changes")]
    assert pages == ["/v1/changes?after=0&limit=2", "/v1/changes?after=2&limit=2"]


def test_a_page_fetched_early_is_not_applied_when_the_one_before_it_fails(
    hub, station, station_path
):
    hub.state.add_change("notice", {"title": 1, "body": ""})  # malformed, on page 1
    hub.state.add_change("notice", {"title": "二", "body": ""})
    hub.state.add_change("notice", {"title": "三", "body": ""})
    with pytest.raises(HubBadResponse, match="change 1"):
        sync(station_path, page_limit=2)
    assert read_cursor(station) == 0
    assert count(station, "hub_notices") == 0


def test_a_failed_fetch_of_the_next_page_keeps_the_page_before_it(hub, station, station_path):
    for title in "一二三":
        hub.state.add_change("notice", {"title": title, "body": ""})
    hub.state.override = lambda seen: (
        (503, b"{}", {}) if seen.path == "/v1/changes?after=2&limit=2" else None
    )
    with pytest.raises(HubUnreachable):
        sync(station_path, page_limit=2)
    assert read_cursor(station) == 2
    assert [r[0] for r in station.execute("SELECT title FROM hub_notices ORDER BY cursor")] == [
        "一",
        "二",
    ]


def test_an_unreachable_hub_changes_nothing_and_is_recorded(station, station_path):
    station.execute("UPDATE settings SET value = 'http://127.0.0.1:9' WHERE key = 'hub_url'")
    station.conn.commit()
    queue_sales(station, 2)
    with pytest.raises(HubUnreachable):
        sync(station_path)
    status = sync_status(station)
    assert (status.queued, status.last_success_at) == (2, None)
    assert "refused" in status.last_error
    assert station.execute("SELECT result FROM sync_runs").fetchall() == [("HubUnreachable",)]


def test_wrong_secret_is_auth_refused_and_nothing_is_marked(hub, station, station_path):
    link(station, hub.url, secret="ab" * 32)
    queue_sales(station, 1)
    with pytest.raises(HubAuthRefused):
        sync(station_path)
    assert pending_count(station) == 1


def test_a_station_never_linked_is_told_how(tmp_path):
    path = tmp_path / "station.db"
    open_database(path).close()
    with pytest.raises(NotLinked, match="init --station-id"):
        sync(path)


def test_the_log_rotates_in_dir_logs_and_never_holds_the_secret(hub, station, station_path):
    queue_sales(station, 3)
    station.execute("UPDATE hub_credentials SET secret = ?", ["ab" * 32])
    station.conn.commit()
    with pytest.raises(HubAuthRefused):
        sync(station_path)
    link(station, hub.url)
    sync(station_path)
    text = log_path(station_path.parent).read_text(encoding="utf-8")
    assert "sync done: 3 sent" in text and "HubAuthRefused" in text
    assert SECRET not in text and "ab" * 32 not in text
    handlers = logging.getLogger("station_app.sync").handlers
    assert handlers == []  # closed after the run


def test_a_second_sync_waits_for_the_lock_then_gives_up(station_path):
    from station_app.sync.errors import SyncBusy

    with SyncLock(station_path.parent), pytest.raises(SyncBusy, match="another sync"):
        sync(station_path, lock_wait_s=0.2)


def test_the_counter_can_sell_while_a_sync_waits_on_the_hub(hub, station, station_path):
    queue_sales(station, 1)
    released = threading.Event()

    def slow(seen):
        released.wait(5)

    hub.state.override = slow
    worker = threading.Thread(target=sync, args=(station_path,))
    worker.start()
    try:
        queue_sales(station, 1, start=2)  # would time out if the sync held a write lock
    finally:
        released.set()
        worker.join(10)
    assert count(station, "outbox") == 2


def test_a_new_station_id_reads_its_feed_from_the_start(hub, station, station_path):
    hub.state.add_change("notice", {"title": "一", "body": ""})
    assert sync(station_path).cursor == 1
    hub.state.stations["HN-ZZ-0002"] = SECRET
    link(station, hub.url, station="HN-ZZ-0002")
    outcome = sync(station_path)
    assert outcome.cursor == 1
    assert [r.path for r in hub.state.requests if r.path.startswith("/v1/changes")][
        -1
    ] == f"/v1/changes?after=0&limit={PAGE_LIMIT}"


def test_progress_is_drawn_in_place_on_a_terminal_only():
    import io

    from station_app.sync.sync_command import _TerminalProgress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen, file = Terminal(), io.StringIO()
    for stream in (screen, file):
        progress = _TerminalProgress(stream)
        progress(SyncProgress("upload", 0, 250))
        progress(SyncProgress("upload", 200, 250))
        progress(SyncProgress("download", 3, 0))
        progress.end()
    assert screen.getvalue().split("\r")[1:] == [
        f"{'events sent 0/250':<40}",
        f"{'events sent 200/250':<40}",
        f"{'changes received 3':<40}\n",
    ]
    assert file.getvalue() == ""
