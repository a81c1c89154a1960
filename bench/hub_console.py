"""The county console at scale: 500 stations and 10 million events on PostgreSQL.

`python -m bench.hub_console` (`make bench-hub`) builds a fresh database straight in
PostgreSQL with `generate_series` (events, the daily tables the hub keeps on upload,
lots, the stations' own reported days), serves the real hub app with uvicorn on
127.0.0.1 and times the console's pages over HTTP as a signed-in operator: the
dashboard, the stations list, one station, the consignment page, the reconciliation.
It then times `python -m county_hub stats`: one station's day in process (`hub_stats`,
baseline: the same figures recounted from the payloads as stats did before the kept
totals) and as a real CLI run, and the peak memory (ru_maxrss) of the CLI over all
stations (baseline: the CLI's own start-up, `--version`).
`--stations 5 --events 5000` is the smoke size. Results go to bench/hub_results.json
in the format of bench/results.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import requests

from bench.postgres_db import database_url, drop_database, fresh_database
from bench.run import machine
from bench.timing import Figure, sample_ms, summarise

HERE = Path(__file__).resolve().parent
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DAYS = 60
CHUNK = 1_000_000
PASSWORD = "bench-password-1"
# A page the county office waits for: p99 within a second at full size.
TARGET_MS = 1000.0
# `stats --station ID --date D` within 50 ms; `stats` of all stations within 100 MB.
STATS_TARGET_MS = 50.0
STATS_TARGET_MB = 100.0
# Not B-0001: event i is station i % N's, and with N = 500 every one of B-0001's is a
# 50th event, a lot, so it has no sales.
STATS_STATION = "B-0002"
# The figures after the pages', in order (the smoke test checks the names).
STATS_FIGURES = (
    "stats --station --date, in process (hub_stats)",
    "stats --station --date, CLI run",
    "stats all stations, all days, in process (hub_stats)",
    "stats all stations, CLI peak memory (ru_maxrss)",
)


def _station(expr: str) -> str:
    return f"('B-' || lpad(({expr})::text, 4, '0'))"


def build(url: str, stations: int, events: int, today: datetime, log: Any = print) -> float:
    """Stations, events, daily totals, lots and reported days; returns seconds taken."""
    from county_hub.storage import open_store

    started = time.perf_counter()
    open_store(url).close()  # the hub's own schema, by its migrations
    first_day = (today - timedelta(days=DAYS - 1)).strftime("%Y-%m-%d")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO stations(id, name, secret, active, created_at) SELECT "
            f"{_station('s')}, '第' || s || '村服务站', md5(s::text), 1, "
            "'2026-01-01T00:00:00.000Z' "
            "FROM generate_series(1, %s) s",
            [stations],
        )
        # Event i belongs to station i % N, on day (i / N) % DAYS, at a second of
        # 00:00-15:59 UTC (the same date at the station, UTC+8); every 50th is a farmer's
        # lot, the rest sales.
        for low in range(0, events, CHUNK):
            high = min(events, low + CHUNK) - 1
            conn.execute(
                "INSERT INTO events(station_id, event_id, seq, kind, created_at, payload, "
                "received_at) SELECT st, 'e-' || i, i / %(n)s::bigint + 1, kind, at, "
                "CASE WHEN kind = 'sale.completed' THEN json_build_object('sale_id', 's-' || i, "
                "'created_at', at, 'tz_offset_min', 480, 'subtotal_fen', fen, 'discount_fen', 0, "
                "'rounding_fen', 0, 'total_fen', fen, 'payments', "
                "json_build_array(json_build_object('method', 'cash', 'amount_fen', fen)))::text "
                "ELSE json_build_object('lot_id', 'lot-' || i, 'lot_code', st || '-L-' || i, "
                "'villager_id', 'v-' || (i %% %(n)s), 'product', '脐橙', 'grade', '一级', "
                "'net_g', 30000)::text END, at FROM (SELECT i, "
                f"{_station('1 + i %% %(n)s::bigint')} AS st, "
                "CASE WHEN i %% 50 = 0 THEN 'lot.received' ELSE 'sale.completed' END AS kind, "
                "100 + (i * 7919) %% 9900 AS fen, to_char(%(first)s::timestamp + "
                "((i / %(n)s) %% %(days)s) * interval '1 day' + (i %% 57600) * interval "
                "'1 second', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS at "
                "FROM generate_series(%(low)s::bigint, %(high)s::bigint) i) g",
                {"n": stations, "first": first_day, "days": DAYS, "low": low, "high": high},
            )
            log(f"  events {high + 1:,}/{events:,} ({time.perf_counter() - started:.0f} s)")
        conn.execute(
            "INSERT INTO events(station_id, event_id, seq, kind, created_at, payload, "
            f"received_at) SELECT {_station('1 + s %% %(n)s')}, 'v-e-' || s, 0, 'villager.added', "
            "%(at)s, json_build_object('villager_id', 'v-' || s, 'name', '农户' || s)::text, "
            "%(at)s FROM generate_series(0, %(n)s - 1) s",
            {"n": stations, "at": f"{first_day}T00:00:00.000Z"},
        )
        # What the hub keeps as it stores each upload (daily_totals.py), in one pass here.
        conn.execute(
            "INSERT INTO station_days(station_id, day, events_received, sales_count, gross_fen, "
            "sales_fen, net_fen) SELECT station_id, substr(created_at, 1, 10), count(*), "
            "count(*) FILTER (WHERE kind = 'sale.completed'), "
            "coalesce(sum((payload::jsonb ->> 'total_fen')::bigint), 0), "
            "coalesce(sum((payload::jsonb ->> 'total_fen')::bigint), 0), "
            "coalesce(sum((payload::jsonb ->> 'total_fen')::bigint), 0) FROM events "
            "GROUP BY station_id, substr(created_at, 1, 10)"
        )
        conn.execute(
            "INSERT INTO station_day_payments(station_id, day, method, amount_fen) "
            "SELECT station_id, day, 'cash', net_fen FROM station_days"
        )
        stamp = today.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        conn.execute(
            "INSERT INTO station_health(station_id, last_upload_at, last_sync_at, app_version, "
            "queue_length, status_at, rejected_total, tz_offset_min) SELECT id, "
            "CASE WHEN right(id, 2) = '07' THEN '2026-01-02T00:00:00.000Z' ELSE %s END, "
            "CASE WHEN right(id, 2) = '07' THEN NULL ELSE %s END, '0.1.0', 0, %s, 0, 480 "
            "FROM stations",
            [stamp, stamp, stamp],
        )
        # The stations' own totals: equal, but one station-day in a hundred is off by a sale.
        conn.execute(
            "INSERT INTO station_reported_days(station_id, day, sales_count, net_fen, "
            "reported_at) SELECT station_id, day, sales_count + CASE WHEN "
            "(hashtext(station_id || day) %% 100) = 0 THEN 1 ELSE 0 END, net_fen, %s "
            "FROM station_days",
            [stamp],
        )
        # Every intake shipped; nine in ten settled, the rest waiting for the hub.
        conn.execute(
            "INSERT INTO lots(station_id, lot_code, received_event_id, lot_id, net_g, "
            "shipped_at, settlements, settled_g, state) SELECT station_id, "
            "payload::jsonb ->> 'lot_code', event_id, payload::jsonb ->> 'lot_id', 30000, "
            "created_at, 0, 0, CASE WHEN id % 10 = 0 THEN 'shipped' ELSE 'settled' END "
            "FROM events WHERE kind = 'lot.received'"
        )
        # What station_totals.py keeps on upload: events per kind, and the sections (here
        # only consignment lots: the other village kinds are not in this data set); no
        # shift is in it, so station_day_shifts stays empty.
        conn.execute(
            "INSERT INTO station_kind_counts(station_id, kind, events) "
            "SELECT station_id, kind, count(*) FROM events GROUP BY station_id, kind"
        )
        conn.execute(
            "INSERT INTO station_sections(station_id, consignment_lots, consignment_net_g) "
            "SELECT s.id, count(e.id), coalesce(sum((e.payload::jsonb ->> 'net_g')::bigint), 0) "
            "FROM stations s LEFT JOIN events e ON e.station_id = s.id "
            "AND e.kind = 'lot.received' GROUP BY s.id"
        )
        conn.execute("ANALYZE")
    return time.perf_counter() - started


@contextmanager
def serving(url: str) -> Iterator[str]:
    """The real hub app over the bench database, on a free loopback port."""
    import uvicorn

    from county_hub.app import create_app
    from county_hub.storage import open_store

    store = open_store(url)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(
        uvicorn.Config(create_app(store), log_level="warning", lifespan="off", ws="none")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(10)
        store.close()


def _signed_in(url: str, base: str) -> requests.Session:
    from county_hub.console.passwords import hash_password
    from county_hub.storage import open_store
    from county_hub.storage.database import StoreError

    store = open_store(url)
    # A --reuse run finds the account of the run that built the database.
    with contextlib.suppress(StoreError):
        store.users.add("bench", "viewer", hash_password(PASSWORD), "2026-01-01T00:00:00.000Z", "b")
    store.close()
    session = requests.Session()
    form = session.get(f"{base}/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token is not None
    answer = session.post(
        f"{base}/login",
        data={"csrf_token": token.group(1), "name": "bench", "password": PASSWORD, "next": "/"},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 303, answer.text[:300]
    return session


def pages(stations: int) -> list[tuple[str, str]]:
    """(figure name, path) of each page timed."""
    last_page = max(1, (stations + 49) // 50)
    return [
        ("county dashboard /", "/"),
        ("stations list /stations", "/stations"),
        ("stations sorted by events today, last page", f"/stations?sort=-today&page={last_page}"),
        ("one station /stations/{id}", "/stations/B-0001"),
        ("consignment /lots", "/lots"),
        ("reconciliation /reconciliation (14 days)", "/reconciliation"),
        ("reconciliation, mismatches of 60 days", "/reconciliation?only=mismatch&from="),
        ("reconciliation export .xlsx (14 days)", "/export/reconciliation.xlsx"),
    ]


def measure(url: str, stations: int, samples: int) -> list[Figure]:
    """Each page's time over HTTP (rendering included), `samples` times after a warm-up."""
    first = (datetime.now(UTC) + timedelta(hours=8) - timedelta(days=DAYS - 1)).date()
    figures = []
    with serving(url) as base:
        session = _signed_in(url, base)
        for name, path in pages(stations):
            target = path + first.isoformat() if path.endswith("from=") else path

            def fetch(target: str = target) -> None:
                answer = session.get(f"{base}{target}", timeout=120)
                assert answer.status_code == 200, (target, answer.status_code)

            durations = sample_ms(fetch, samples, warmup=2)
            figures.append(summarise(name, durations, target=TARGET_MS))
    return figures


# Runs the command as its own child and reports that child's ru_maxrss. Linux starts a
# process's ru_maxrss at the peak of the memory it exec'd from, so a child spawned
# straight from this (large) bench process would report the bench's own size; this small
# interpreter in between (a bare `python -S`, ~10 MB) is what the child is measured over.
_RUSAGE_OF_CHILD = """import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, *sys.argv[1:]])
_, status, usage = os.wait4(pid, 0)
sys.stderr.write(f"{usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}\\n")
"""


def _cli_run(args: list[str]) -> tuple[float, float, str]:
    """(wall ms, peak resident MB, stdout) of one `python -m county_hub` subprocess."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-S", "-c", _RUSAGE_OF_CHILD, "-m", "county_hub", *args],
        capture_output=True,
        text=True,
        cwd=HERE.parent,
        check=True,
    )
    elapsed = (time.perf_counter() - start) * 1000
    maxrss_kib, code = done.stderr.strip().splitlines()[-1].split()
    assert code == "0", done.stderr[-2000:]
    return elapsed, int(maxrss_kib) / 1024, done.stdout  # ru_maxrss is in KiB on Linux


def _day_of_data(url: str) -> date:
    """The middle one of the measured station's days with sales."""
    with psycopg.connect(url) as conn:
        days = [
            row[0]
            for row in conn.execute(
                "SELECT day FROM station_days WHERE station_id = %s AND sales_count > 0 "
                "ORDER BY day",
                [STATS_STATION],
            )
        ]
    assert days, f"{STATS_STATION} has no sales"
    return date.fromisoformat(days[len(days) // 2])


def measure_stats(url: str, samples: int) -> list[Figure]:
    """`stats` of one station's day (in process and CLI) and of all stations (memory)."""
    from county_hub.stats import hub_stats, recount_stats
    from county_hub.storage import open_store

    day = _day_of_data(url)
    store = open_store(url)
    try:
        kept = hub_stats(store, STATS_STATION, day)
        assert kept.sales_count > 0, "no sales on the measured day"
        recount = [
            summarise("", sample_ms(lambda: recount_stats(store, STATS_STATION, day), 3, warmup=1))
        ]
        assert recount_stats(store, STATS_STATION, day) == kept
        one_day = sample_ms(lambda: hub_stats(store, STATS_STATION, day), samples * 10, warmup=5)
        everyone = sample_ms(lambda: hub_stats(store), samples, warmup=2)
    finally:
        store.close()
    cli_args = ["stats", "--db", url, "--station", STATS_STATION, "--date", day.isoformat()]
    cli_runs = [_cli_run([*cli_args, "--json"]) for _ in range(3)]
    assert json.loads(cli_runs[0][2]) == kept.as_json()
    startup = [_cli_run(["--version"]) for _ in range(3)]
    all_runs = [_cli_run(["stats", "--db", url, "--json"]) for _ in range(3)]
    start_ms = summarise("", [r[0] for r in startup])
    start_mb = summarise("", [r[1] for r in startup])
    return [
        summarise(
            STATS_FIGURES[0],
            one_day,
            target=STATS_TARGET_MS,
            baseline=recount[0].p99,
            note=f"{STATS_STATION} on {day}; baseline: recount_stats (payloads, as before)",
        ),
        summarise(
            STATS_FIGURES[1],
            [r[0] for r in cli_runs],
            target_kind="median",
            baseline=start_ms.median,
            note="python -m county_hub stats --station --date --json, wall time with "
            "interpreter start; baseline: python -m county_hub --version",
        ),
        summarise(STATS_FIGURES[2], everyone, note="python -m county_hub stats, in process"),
        summarise(
            STATS_FIGURES[3],
            [r[1] for r in all_runs],
            unit="MB",
            target=STATS_TARGET_MB,
            target_kind="median",
            baseline=start_mb.median,
            note=f"wall {statistics.median(r[0] for r in all_runs):.0f} ms; "
            "baseline: python -m county_hub --version",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    """Build, measure, print and write the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.hub_console", description=__doc__)
    parser.add_argument("--stations", type=int, default=500)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--samples", type=int, default=20, help="requests per page")
    parser.add_argument("--server", default=DEFAULT_URL, help="PostgreSQL server URL")
    parser.add_argument("--database", default="hub_bench", help="database to (re)create")
    parser.add_argument("--out", type=Path, default=HERE / "hub_results.json")
    parser.add_argument("--drop", action="store_true", help="drop the database afterwards")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the database an earlier run built with the same sizes (no build)",
    )
    args = parser.parse_args(argv)
    name = args.database
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,40}", name):
        parser.error("--database: lower-case letters, digits and _")
    started = time.perf_counter()
    url = database_url(args.server, name) if args.reuse else fresh_database(args.server, name)
    try:
        print(f"hub: {args.stations} stations, {args.events:,} events in PostgreSQL", flush=True)
        if args.reuse:
            built = 0.0  # built by an earlier run; its time is in that run's results
        else:
            built = build(url, args.stations, args.events, datetime.now(UTC), log=print)
            print(f"built in {built:.0f} s", flush=True)
        figures = measure(url, args.stations, args.samples)
        figures += measure_stats(url, args.samples)
    finally:
        if args.drop:
            drop_database(args.server, name)
    for figure in figures:
        unit, ratio = figure.unit, "-" if figure.ratio is None else f"{figure.ratio:.3f}"
        print(
            f"{figure.name:<54} median {figure.median:9.1f} {unit:<2}   "
            f"p99 {figure.p99:9.1f} {unit:<2}   ratio {ratio}"
        )
    with psycopg.connect(args.server) as conn:
        server_version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
    result = {
        "machine": machine() | {"postgresql": server_version},
        "size": {"stations": args.stations, "events": args.events, "days": DAYS},
        "build_seconds": round(built, 1),
        "seconds": round(time.perf_counter() - started, 1),
        "figures": [
            asdict(f) | {"meets_target": f.meets_target, "ratio": f.ratio} for f in figures
        ],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
