"""Faults between station and real hub: cut, dropped, replayed and stalled requests, and
SIGKILL of the sync job mid-upload and mid-download. After recovery the two reconcile
exactly: money per day to the fen, each event once, cursors consistent.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import struct
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from station_app.core.barcodes import make_ean13
from station_app.core.simulation import simulate
from station_app.storage import open_database
from station_app.sync.errors import HubUnreachable
from station_app.sync.http_policy import RetryPolicy, Timeouts
from station_app.sync.hub_client import HubClient
from station_app.sync.link import HubLink
from station_app.sync.sync_job import PAGE_LIMIT, read_cursor, run_sync
from tests.sync.conftest import link
from tests.sync.fault_proxy import FaultProxy
from tests.sync.real_hub import ROOT
from tests.sync.reconcile import days_from, reconcile
from village_protocol.limits import DEFAULT_PAGE_LIMIT

START = "2026-04-01"
# Patient enough to ride out each planned fault, quick enough for a test.
RETRY = RetryPolicy(retries=3, base_delay_s=0.02, jitter=0.5)
TIMEOUTS = Timeouts(connect_s=2.0, read_s=0.6)


def _prepare(station, hub, days=2, seed=21):
    db = open_database(station.db_path)
    simulate(db, days, seed, date.fromisoformat(START))
    db.close()


def _point_at(station, url):
    db = open_database(station.db_path)
    link(db, url, secret=station.secret, station=station.station_id)
    db.close()


def _publish_catalog(hub, tmp_path, count):
    rows = ["barcode,name,unit,price,category"]
    rows += [
        f"{make_ean13(f'69{n:010d}')},县里商品{n},个,{1 + n % 50}.{n % 100:02d},杂货"
        for n in range(1, count + 1)
    ]
    path = tmp_path / "county.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    hub.command("publish-catalog", str(path))


def _upserts_applied(db_path):
    """(product changes the audit log records applied, distinct hub cursors among them).

    One at a time each has a `hub.product_upserted` row; a run applied in bulk is listed
    in one `hub.products_updated` row.
    """
    db = open_database(db_path)
    rows = db.execute(
        "WITH applied(cursor) AS ("
        " SELECT json_extract(detail, '$.cursor') FROM audit_log"
        " WHERE action = 'hub.product_upserted'"
        " UNION ALL SELECT json_extract(c.value, '$.cursor')"
        " FROM audit_log a, json_each(a.detail, '$.changes') c"
        " WHERE a.action = 'hub.products_updated')"
        " SELECT count(*), count(DISTINCT cursor) FROM applied"
    ).fetchone()
    db.close()
    return tuple(rows)


def _feed(hub, station):
    """The station's whole change feed on the hub: [(cursor, kind)] in order."""
    changes, cursor = [], 0
    with HubClient(HubLink(hub.url, station.station_id, station.secret)) as client:
        while True:
            page = client.fetch_changes(cursor, DEFAULT_PAGE_LIMIT)
            changes += [(c.cursor, c.kind) for c in page.changes]
            cursor = page.next_cursor
            if not page.has_more:
                return changes


def _upserts(changes):
    return sum(1 for _, kind in changes if kind == "product.upsert")


def _sync_job(folder):
    env = {k: v for k, v in os.environ.items() if k not in ("STATION_DATA_DIR", "DISPLAY")}
    return subprocess.Popen(
        [sys.executable, "main.py", "--data-dir", str(folder), "sync"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill(process):
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL


def test_every_kind_of_network_fault_still_delivers_each_event_once(
    real_hub, hub_station, tmp_path, capsys
):
    _prepare(hub_station, real_hub)
    _publish_catalog(real_hub, tmp_path, 9)
    real_hub.command("notice", "--title", "检修", "--body", "周六停电")
    with FaultProxy(real_hub.port) as proxy:
        proxy.state.stall_s = 1.5
        for fault in ("cut_request", "drop_response", "replay", "cut_response", "stall"):
            proxy.plan("POST", "/v1/events", fault)
        for fault in ("drop_response", "stall", "cut_response", "cut_request"):
            proxy.plan("GET", "/v1/changes", fault)
        _point_at(hub_station, proxy.url)
        outcomes = []
        for _ in range(5):  # as the nightly job would, run until a run gets through
            try:
                outcomes.append(
                    run_sync(
                        hub_station.db_path,
                        retry=RETRY,
                        timeouts=TIMEOUTS,
                        batch_size=40,
                        page_limit=3,
                    )
                )
                break
            except HubUnreachable:
                continue
        assert outcomes, "no run got through"
        assert proxy.state.plan == []  # every planned fault happened
        # The hub processed the dropped and cut answers: those events came back duplicate.
        db = open_database(hub_station.db_path)
        accepted, duplicates = db.execute(
            "SELECT sum(accepted), sum(duplicate) FROM sync_runs"
        ).fetchone()
        db.close()
        assert duplicates > 0
        assert all(b"replayed_nonce" in r for r in proxy.state.replays)
    stored = sum(real_hub.stats(hub_station.station_id)["events"].values())
    # Each stored event was marked delivered once: as accepted, or as duplicate when
    # the hub's first answer was lost on the way.
    assert accepted + duplicates == stored
    _point_at(hub_station, real_hub.url)
    figures = reconcile(real_hub, hub_station.station_id, hub_station.db_path, days_from(START, 2))
    assert _upserts_applied(hub_station.db_path) == (_upserts(_feed(real_hub, hub_station)),) * 2
    with capsys.disabled():
        print(f"\nfault run reconciled: {figures.summary()}")


def test_sigkill_while_the_hub_answer_is_on_its_way_loses_and_doubles_nothing(
    real_hub, hub_station
):
    _prepare(hub_station, real_hub, days=2)
    with FaultProxy(real_hub.port) as proxy:
        proxy.plan("POST", "/v1/events", "hold_response")  # the first batch of 200
        _point_at(hub_station, proxy.url)
        job = _sync_job(hub_station.db_path.parent)
        assert proxy.state.held.wait(30), job.communicate()
        _kill(job)
    db = open_database(hub_station.db_path)
    delivered = db.execute("SELECT count(*) FROM outbox WHERE status = 'delivered'").fetchone()
    db.close()
    assert delivered == (0,)  # the station never heard the answer...
    stored = sum(real_hub.stats(hub_station.station_id)["events"].values())
    assert stored > 0  # ...though the hub had stored the batch
    _point_at(hub_station, real_hub.url)
    job = _sync_job(hub_station.db_path.parent)
    out, err = job.communicate(timeout=60)
    assert job.returncode == 0, err
    assert f"{stored} duplicate" in out
    reconcile(real_hub, hub_station.station_id, hub_station.db_path, days_from(START, 2))


def _cursor_reaches(db_path: Path, cursor: int, timeout_s: float = 60) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        db = open_database(db_path, migrate=False, create=False)
        try:
            if read_cursor(db) == cursor:
                return True
        finally:
            db.close()
        time.sleep(0.05)
    return False


def test_sigkill_mid_download_keeps_the_applied_page_and_repeats_nothing(
    real_hub, hub_station, tmp_path
):
    _publish_catalog(real_hub, tmp_path, 2 * PAGE_LIMIT + 50)
    feed = _feed(real_hub, hub_station)
    assert len(feed) > 2 * PAGE_LIMIT  # three of the sync's pages at least
    first_page = feed[:PAGE_LIMIT]
    with FaultProxy(real_hub.port) as proxy:
        proxy.plan("GET", "/v1/changes?after=", "replay")  # page 1 passes (and is replayed)
        proxy.plan("GET", "/v1/changes?after=", "hold_response")  # page 2 held
        _point_at(hub_station, proxy.url)
        job = _sync_job(hub_station.db_path.parent)
        assert proxy.state.held.wait(60), job.communicate()
        # Page 2 is fetched while page 1 is applied: killed once page 1 committed.
        assert _cursor_reaches(hub_station.db_path, first_page[-1][0]), job.communicate()
        _kill(job)
    db = open_database(hub_station.db_path)
    assert read_cursor(db) == first_page[-1][0]  # page 1 committed with its cursor
    db.close()
    assert _upserts_applied(hub_station.db_path) == (_upserts(first_page),) * 2
    _point_at(hub_station, real_hub.url)
    job = _sync_job(hub_station.db_path.parent)
    out, err = job.communicate(timeout=120)
    assert job.returncode == 0, err
    assert f"{len(feed) - PAGE_LIMIT} changes applied" in out
    assert _upserts_applied(hub_station.db_path) == (_upserts(feed),) * 2
    reconcile(real_hub, hub_station.station_id, hub_station.db_path, [])


def test_a_station_reset_mid_request_ends_only_that_proxy_connection():
    # A SIGKILLed sync job's connection ends in a reset; the proxy must take that as the
    # end of the connection, not die of it (an exception in its thread fails the run).
    with FaultProxy(9) as proxy:
        port = int(proxy.url.rsplit(":", 1)[1])
        station = socket.create_connection(("127.0.0.1", port), timeout=5)
        station.sendall(b"POST /v1/events HTTP/1.1\r\nContent-Length: 10\r\n")
        station.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        station.close()  # linger 0: the kernel resets the connection
        assert proxy.wait_connections_ended(1)
    assert proxy.state.log == []  # nothing reached the hub


@pytest.mark.slow
def test_random_sigkills_during_sync_leave_station_and_hub_consistent(
    real_hub, hub_station, tmp_path, capsys
):
    _prepare(hub_station, real_hub, days=3, seed=8)
    _publish_catalog(real_hub, tmp_path, 500)
    rng = random.Random(2026)
    kills = 0
    with FaultProxy(real_hub.port) as proxy:
        # A slow link stretches each run so the kills land all over it: while sending,
        # while waiting for an answer, while applying a page.
        proxy.state.delay_s = 0.25
        _point_at(hub_station, proxy.url)
        for _ in range(10):
            if kills == 4:
                break
            job = _sync_job(hub_station.db_path.parent)
            try:
                job.wait(rng.uniform(0.4, 1.4))
            except subprocess.TimeoutExpired:
                _kill(job)
                kills += 1
            else:
                job.communicate()
    _point_at(hub_station, real_hub.url)
    job = _sync_job(hub_station.db_path.parent)
    _out, err = job.communicate(timeout=120)
    assert job.returncode == 0, err
    figures = reconcile(real_hub, hub_station.station_id, hub_station.db_path, days_from(START, 3))
    applied, distinct = _upserts_applied(hub_station.db_path)
    assert applied == distinct == _upserts(_feed(real_hub, hub_station))
    assert kills >= 2
    assert figures.sales_count > 0
    with capsys.disabled():
        print(f"\nafter {kills} SIGKILLs, reconciled: {figures.summary()}")
