"""The hub ingest bench runs end to end at a tiny size and its events really land."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bench import hub_ingest
from tests.helpers import postgres_server


@pytest.mark.parametrize("backend", hub_ingest.BACKENDS)
def test_the_ingest_bench_stores_every_event_once(backend: str, tmp_path: Path) -> None:
    argv = ["--backends", backend, "--stations", "3", "--clients", "2", "--events", "1300"]
    name = f"hub_ingest_smoke_{os.getpid()}"
    if backend == "postgresql":
        argv += [
            "--server",
            postgres_server(hub_ingest.DEFAULT_SERVER),
            "--database",
            name,
            "--drop",
        ]
    out = tmp_path / "hub_ingest_results.json"
    assert hub_ingest.main([*argv, "--out", str(out)]) == 0
    results = json.loads(out.read_text("utf-8"))
    (run,) = results["runs"]
    # 1,300 events over 3 stations: batches of 200 and a short last batch per station.
    assert run["ingest"]["events"] == 1300
    assert run["ingest"]["statuses"] == {"accepted": 1300}
    assert run["ingest"]["http_errors"] == {}
    # The rows are really in the hub's database, each (station, event id) once.
    assert run["stored"] == {"rows": 1300, "distinct": 1300}
    assert run["all_accepted"] is True
    # The baseline stored nothing: every one of its requests was refused at the HMAC.
    assert run["baseline"]["statuses"] == {}
    assert run["baseline"]["http_errors"] == {"401": run["baseline"]["batches"]}
    throughput, latency = results["figures"]
    assert throughput["target_kind"] == "min" and throughput["unit"] == "ev/s"
    assert throughput["median"] > 0 and throughput["baseline"] > 0
    assert latency["p99"] >= latency["median"] > 0
    if backend == "postgresql":
        assert throughput["target"] == hub_ingest.TARGET_EVENTS_PER_S
        assert latency["target"] == hub_ingest.TARGET_BATCH_P99_MS
        assert throughput["meets_target"] == (throughput["median"] >= throughput["target"])


def test_the_batches_are_what_a_station_sends() -> None:
    """Every generated event passes the hub's own validation, refunds and shifts included."""
    import random

    from county_hub.protocol import check_event

    events = list(hub_ingest.station_events("BENCH-IN-0001", 400, random.Random(3)))
    kinds = {event.kind for event in events}
    assert kinds == {"sale.completed", "refund.completed", "shift.closed"}
    assert [event.seq for event in events] == list(range(1, 401))
    for event in events:
        check_event(
            {
                "event_id": event.event_id,
                "seq": event.seq,
                "kind": event.kind,
                "created_at": event.created_at,
                "payload": event.payload,
            }
        )
