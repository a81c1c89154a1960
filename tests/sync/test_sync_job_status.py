"""Each upload batch tells the hub the station's app version, queue left and last error."""

from __future__ import annotations

import gzip
import json

import pytest

from station_app import __version__
from station_app.sync.errors import HubUnreachable
from station_app.sync.sync_job import run_sync
from tests.sync.conftest import FAST_RETRY, FAST_TIMEOUTS, queue_sales


def _statuses(hub):
    return [json.loads(gzip.decompress(p.body)).get("status") for p in hub.state.upload_posts()]


def test_each_batch_carries_the_version_and_what_stays_queued_after_it(hub, station, station_path):
    queue_sales(station, 25)
    run_sync(station_path, retry=FAST_RETRY, timeouts=FAST_TIMEOUTS, batch_size=10)
    assert _statuses(hub) == [
        {"app_version": __version__, "queue_length": queue, "last_error": None}
        for queue in (15, 5, 0)
    ]


def test_the_next_sync_reports_the_error_the_last_one_ended_with(hub, station, station_path):
    queue_sales(station, 1)
    hub.state.override = lambda seen: (503, b"{}", {}) if seen.method == "POST" else None
    with pytest.raises(HubUnreachable):
        run_sync(station_path, retry=FAST_RETRY, timeouts=FAST_TIMEOUTS)
    hub.state.override = None
    run_sync(station_path, retry=FAST_RETRY, timeouts=FAST_TIMEOUTS)
    last = _statuses(hub)[-1]
    assert last is not None and "HubUnreachable: hub answered 503" in last["last_error"]
    assert last["queue_length"] == 0
