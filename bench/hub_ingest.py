"""Hub ingest under load: many stations uploading at once to `serve --workers 2`.

`python -m bench.hub_ingest` provisions `--stations` stations on a fresh hub database
(a SQLite file; the PostgreSQL database `hub_ingest_bench`, recreated), starts the real
hub (`python -m county_hub serve --workers 2`) on 127.0.0.1 and runs `--clients` client
processes. Each client owns some of the stations and uploads their events (sales with
lines and payments, some refunds and shift closings) in 200-event gzip batches signed
exactly as a station signs them (`station_app.sync.protocol.encode_batch`,
`station_app.sync.signing`), one batch in flight per client.

Bounded: at most `--events` events in all, and clients stop sending after `--seconds`.

Baseline, measured in the same run on the same server: the same clients POST the same
bodies to `/v1/events` signed with a wrong secret. The hub reads the body, looks the
station up and checks the HMAC, then answers 401 without storing anything, so
ingest / baseline is the hub's own cost of validating and storing a batch.

Figures (bench/timing.Figure, the format of bench/results.json) go to
bench/hub_ingest_results.json: events/s (target_kind "min") and the latency of one
200-event batch (p99) per backend, and the run's checks (accepted, stored rows).
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.timing import Figure, percentile
from station_app.core.ids import uuid7
from station_app.sync.outbox import OutboxEvent
from station_app.sync.protocol import encode_batch
from station_app.sync.signing import signed_headers
from village_protocol.limits import MAX_EVENTS_PER_BATCH

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_DATABASE = "hub_ingest_bench"
BACKENDS = ("sqlite", "postgresql")
UPLOAD_PATH = "/v1/events"
# Issue 17's targets, for PostgreSQL: throughput and one batch's p99 under that load.
TARGET_EVENTS_PER_S = 20_000.0
TARGET_BATCH_P99_MS = 500.0
PRODUCTS = [
    ("6901234567892", "可口可乐 500ml", 300),
    ("6920202888883", "康师傅红烧牛肉面", 450),
    ("6902083881085", "娃哈哈纯净水 596ml", 200),
    ("6901028075763", "中华香烟(软)", 4500),
    ("6903148042441", "金龙鱼大豆油 5L", 6990),
    ("6921168509256", "农夫山泉 550ml", 200),
    ("6920459905012", "旺旺雪饼 84g", 650),
    ("6901035603959", "洗洁精 1.5kg", 1290),
]
METHODS = ("cash", "cash", "cash", "wechat", "alipay")


@dataclass
class ClientPlan:
    """What one client process uploads: its stations, their secrets, the event count."""

    index: int
    port: int
    stations: list[tuple[str, str]]  # (station id, secret)
    events: int
    deadline_s: float  # seconds after the start signal when the client stops sending
    seed: int


@dataclass
class ClientResult:
    """What one client saw: per-batch latencies and the hub's verdicts."""

    index: int
    latencies_ms: list[float] = field(default_factory=list)
    events_sent: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    http_errors: dict[int, int] = field(default_factory=dict)
    finished_at: float = 0.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _sale(rng: random.Random, station_id: str, seq: int, at: str) -> dict[str, Any]:
    lines = []
    total = 0
    for number, (code, name, price) in enumerate(rng.sample(PRODUCTS, rng.randint(1, 4)), 1):
        quantity = rng.randint(1, 3)
        total += price * quantity
        lines.append(
            {
                # As the station names a sale's lines: by their number in the sale.
                "line_id": str(number),
                "product_id": f"p-{code}",
                "code": code,
                "name": name,
                "unit_price_fen": price,
                "quantity": quantity,
                "weight_g": None,
                "discount_fen": 0,
                "total_fen": price * quantity,
            }
        )
    return {
        "station_id": station_id,
        "sale_id": uuid7(),
        "receipt_no": f"{at[:10].replace('-', '')}-T1-{seq:06d}",
        "terminal_id": "T1",
        "seq": seq,
        "created_at": at,
        "tz_offset_min": 480,
        "operator": "店主",
        "subtotal_fen": total,
        "discount_fen": 0,
        "rounding_fen": 0,
        "total_fen": total,
        "lines": lines,
        "payments": [
            {
                "method": rng.choice(METHODS),
                "amount_fen": total,
                "reference": "",
                "villager_id": None,
            }
        ],
    }


def _refund(sale: dict[str, Any], seq: int, at: str) -> dict[str, Any]:
    line = sale["lines"][0]
    return {
        "station_id": sale["station_id"],
        "refund_id": uuid7(),
        "refund_no": f"R{sale['receipt_no']}",
        "sale_id": sale["sale_id"],
        "receipt_no": sale["receipt_no"],
        "method": sale["payments"][0]["method"],
        "total_fen": line["unit_price_fen"],
        "reason": "顾客退货",
        "created_at": at,
        "lines": [
            {"sale_line_id": line["line_id"], "quantity": 1, "amount_fen": line["unit_price_fen"]}
        ],
    }


def _shift(at: str, cash_fen: int) -> dict[str, Any]:
    return {
        "shift_id": uuid7(),
        "terminal_id": "T1",
        "opened_at": at,
        "closed_at": at,
        "opened_by": "店主",
        "closed_by": "店主",
        "float_fen": 20_000,
        "cash_sales_fen": cash_fen,
        "cash_refunds_fen": 0,
        "agency_cash_in_fen": 0,
        "agency_cash_out_fen": 0,
        "credit_repayments_cash_fen": 0,
        "payouts_cash_fen": 0,
        "pay_in_fen": 0,
        "pay_out_fen": 0,
        "expected_cash_fen": 20_000 + cash_fen,
        "counted_cash_fen": 20_000 + cash_fen,
        "over_short_fen": 0,
        "payments_fen": {"cash": cash_fen},
    }


def station_events(station_id: str, count: int, rng: random.Random) -> Iterator[OutboxEvent]:
    """`count` events of one station in its seq order, about one a minute until now.

    Mostly sales; every 30th a refund of the sale before, every 200th a shift closing.
    """
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=count)
    last_sale: dict[str, Any] | None = None
    for seq in range(1, count + 1):
        at = _iso(start + timedelta(minutes=seq, milliseconds=rng.randint(0, 59_999)))
        if seq % 200 == 0:
            kind, payload = "shift.closed", _shift(at, rng.randint(0, 500_000))
        elif seq % 30 == 0 and last_sale is not None:
            kind, payload = "refund.completed", _refund(last_sale, seq, at)
        else:
            kind, payload = "sale.completed", _sale(rng, station_id, seq, at)
            last_sale = payload
        yield OutboxEvent(seq, uuid7(), kind, payload, at, None)


def _bodies(plan: ClientPlan) -> list[tuple[str, str, bytes, int]]:
    """The client's batches, interleaved across its stations: (id, secret, body, events)."""
    rng = random.Random(plan.seed)
    share, extra = divmod(plan.events, len(plan.stations))
    per_station: list[list[tuple[str, str, bytes, int]]] = []
    for n, (station_id, secret) in enumerate(plan.stations):
        events = list(station_events(station_id, share + (n < extra), rng))
        per_station.append(
            [
                (station_id, secret, encode_batch(station_id, chunk).body, len(chunk))
                for chunk in (
                    events[i : i + MAX_EVENTS_PER_BATCH]
                    for i in range(0, len(events), MAX_EVENTS_PER_BATCH)
                )
            ]
        )
    # Round-robin, so the client's stations take turns, as stations syncing at once do.
    out = []
    for i in range(max((len(b) for b in per_station), default=0)):
        out += [batches[i] for batches in per_station if i < len(batches)]
    return out


def _post(
    conn: http.client.HTTPConnection, station_id: str, secret: str, body: bytes
) -> tuple[int, bytes]:
    headers = signed_headers(station_id, secret, "POST", UPLOAD_PATH, body, int(time.time()))
    conn.request(
        "POST",
        UPLOAD_PATH,
        body=body,
        headers=headers.as_dict()
        | {"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    response = conn.getresponse()
    data = response.read()
    if response.getheader("connection", "").lower() == "close":
        conn.close()
    return response.status, data


def _client(plan: ClientPlan, ready: Any, go: Any, baseline_done: Any, results: Any) -> None:
    """One client process: build its bodies, run the baseline pass, then the real upload."""
    batches = _bodies(plan)
    ready.put(plan.index)
    for phase, wrong_secret in (("baseline", True), ("ingest", False)):
        (go if phase == "baseline" else baseline_done).wait()
        result = ClientResult(plan.index)
        # Each station is its own PC with its own keep-alive connection: one shared by a
        # client's stations would pin all of them to whichever hub worker accepted it.
        conns: dict[str, http.client.HTTPConnection] = {}
        started = time.monotonic()
        for station_id, secret, body, count in batches:
            if time.monotonic() - started > plan.deadline_s:
                break
            conn = conns.get(station_id)
            if conn is None:
                conn = conns[station_id] = http.client.HTTPConnection(
                    "127.0.0.1", plan.port, timeout=120
                )
            # A wrong secret: the hub does everything up to the HMAC check, then 401.
            key = secret[::-1] if wrong_secret else secret
            begin = time.perf_counter()
            try:
                status, data = _post(conn, station_id, key, body)
            except (OSError, http.client.HTTPException):
                # The hub dropped the connection (after a 500, say): count it, go on.
                conn.close()
                status, data = 0, b""
            result.latencies_ms.append((time.perf_counter() - begin) * 1000)
            result.events_sent += count
            if status != 200:
                result.http_errors[status] = result.http_errors.get(status, 0) + 1
                continue
            for item in json.loads(data)["results"]:
                result.statuses[item["status"]] = result.statuses.get(item["status"], 0) + 1
        for conn in conns.values():
            conn.close()
        result.finished_at = time.time()
        results.put((phase, asdict(result)))


@dataclass
class PhaseFigures:
    """One phase (baseline or ingest) of one backend, summed over the clients."""

    wall_s: float
    events: int
    batches: int
    p50_ms: float
    p99_ms: float
    statuses: dict[str, int]
    http_errors: dict[str, int]

    @property
    def events_per_s(self) -> float:
        """Events sent per second of wall time, all clients together."""
        return self.events / self.wall_s if self.wall_s > 0 else 0.0


def _summarise(started: float, results: list[dict[str, Any]]) -> PhaseFigures:
    latencies = [ms for r in results for ms in r["latencies_ms"]]
    statuses: dict[str, int] = {}
    errors: dict[str, int] = {}
    for r in results:
        for key, value in r["statuses"].items():
            statuses[key] = statuses.get(key, 0) + value
        for key, value in r["http_errors"].items():
            errors[str(key)] = errors.get(str(key), 0) + value
    return PhaseFigures(
        wall_s=max(r["finished_at"] for r in results) - started,
        events=sum(r["events_sent"] for r in results),
        batches=len(latencies),
        p50_ms=statistics.median(latencies) if latencies else 0.0,
        p99_ms=percentile(latencies, 0.99) if latencies else 0.0,
        statuses=statuses,
        http_errors=errors,
    )


def provision(db_url: str, stations: int) -> list[tuple[str, str]]:
    """Create the hub schema and `stations` stations; (id, secret) of each."""
    from county_hub.storage import open_store

    store = open_store(db_url)
    try:
        now = _iso(datetime.now(UTC))
        return [
            (sid, store.add_station(sid, f"压测站{n:03d}", now))
            for n in range(1, stations + 1)
            for sid in [f"BENCH-IN-{n:04d}"]
        ]
    finally:
        store.close()


@contextmanager
def serving(db_url: str, workers: int, log_path: Path) -> Iterator[int]:
    """The real hub, `serve --workers N`, on a free 127.0.0.1 port; yields the port."""
    port = _free_port()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "county_hub",
                "serve",
                "--db",
                db_url,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"the hub exited; see {log_path}")
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                    conn.request("GET", "/v1/ping")
                    if conn.getresponse().status == 200:
                        conn.close()
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError("the hub did not start") from None
                    time.sleep(0.2)
            # Each worker answers its first request slower (imports, first connection):
            # a few pings so both workers are warm before the clock starts.
            for _ in range(4 * workers):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/v1/ping")
                conn.getresponse().read()
                conn.close()
            yield port
        finally:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


def stored_counts(db_url: str) -> dict[str, int]:
    """Rows in the hub's events table: all, and distinct (station, event id)."""
    from county_hub.storage import open_store

    store = open_store(db_url, migrate=False)
    try:
        with store.database.read() as conn:
            row = store.database.run(
                conn,
                "SELECT count(*), count(DISTINCT station_id || '/' || event_id) FROM events",
            ).fetchone()
    finally:
        store.close()
    return {"rows": int(row[0]), "distinct": int(row[1])}


def run_backend(
    backend: str, db_url: str, args: argparse.Namespace, log_path: Path
) -> dict[str, Any]:
    """Provision, serve, run the baseline then the upload; the phases' figures and checks."""
    stations = provision(db_url, args.stations)
    clients = min(args.clients, len(stations))
    share, extra = divmod(args.events, clients)
    ctx = multiprocessing.get_context("spawn")
    ready, results = ctx.Queue(), ctx.Queue()
    go, baseline_done = ctx.Event(), ctx.Event()
    with serving(db_url, args.workers, log_path) as port:
        plans = [
            ClientPlan(
                index=i,
                port=port,
                stations=stations[i::clients],
                events=share + (i < extra),
                deadline_s=args.seconds,
                seed=1000 + i,
            )
            for i in range(clients)
        ]
        processes = [
            ctx.Process(target=_client, args=(plan, ready, go, baseline_done, results))
            for plan in plans
        ]
        for process in processes:
            process.start()
        try:
            for _ in processes:
                ready.get(timeout=600)
            phases: dict[str, PhaseFigures] = {}
            for phase, signal in (("baseline", go), ("ingest", baseline_done)):
                started = time.time()
                signal.set()
                got = [results.get(timeout=args.seconds + 600) for _ in processes]
                assert all(name == phase for name, _ in got), got
                phases[phase] = _summarise(started, [r for _, r in got])
        finally:
            for process in processes:
                process.join(30)
                if process.is_alive():
                    process.terminate()
    counts = stored_counts(db_url)
    ingest = phases["ingest"]
    return {
        "backend": backend,
        "baseline": asdict(phases["baseline"]) | {"events_per_s": phases["baseline"].events_per_s},
        "ingest": asdict(ingest) | {"events_per_s": ingest.events_per_s},
        "stored": counts,
        "all_accepted": ingest.statuses.get("accepted", 0) == ingest.events == counts["rows"]
        and counts["rows"] == counts["distinct"]
        and not ingest.http_errors,
    }


def figures_of(run: dict[str, Any], stations: int, clients: int) -> list[Figure]:
    """Throughput and per-batch latency of one backend, each with its same-run baseline."""
    backend = run["backend"]
    ingest, baseline = run["ingest"], run["baseline"]
    targeted = backend == "postgresql"
    note = (
        "baseline: the same bodies from the same clients signed with a wrong secret "
        "(body read, station looked up, HMAC checked, 401, nothing stored)"
    )
    return [
        Figure(
            f"hub ingest events/s ({backend}, {stations} st × {clients} cl)",
            ingest["events_per_s"],
            ingest["events_per_s"],
            ingest["batches"],
            unit="ev/s",
            target=TARGET_EVENTS_PER_S if targeted else None,
            target_kind="min",
            baseline=baseline["events_per_s"],
            note=note,
        ),
        Figure(
            f"hub ingest one 200-event batch ({backend})",
            ingest["p50_ms"],
            ingest["p99_ms"],
            ingest["batches"],
            target=TARGET_BATCH_P99_MS if targeted else None,
            target_kind="p99",
            baseline=baseline["p99_ms"],
            note=note,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the load on each backend; print and write the figures. 1 if events went missing."""
    parser = argparse.ArgumentParser(prog="python -m bench.hub_ingest", description=__doc__)
    parser.add_argument("--server", default=DEFAULT_SERVER, help="PostgreSQL server URL")
    parser.add_argument("--database", default=DEFAULT_DATABASE, help="bench database (recreated)")
    parser.add_argument("--backends", default=",".join(BACKENDS), help="sqlite,postgresql")
    parser.add_argument("--stations", type=int, default=40)
    parser.add_argument("--clients", type=int, default=8, help="client processes")
    parser.add_argument("--workers", type=int, default=2, help="hub worker processes")
    parser.add_argument("--events", type=int, default=400_000, help="events in all, at most")
    parser.add_argument("--seconds", type=float, default=120.0, help="stop sending after this")
    parser.add_argument("--out", type=Path, default=HERE / "hub_ingest_results.json")
    parser.add_argument("--drop", action="store_true", help="drop the PostgreSQL database after")
    args = parser.parse_args(argv)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = set(backends) - set(BACKENDS)
    if unknown or not backends:
        parser.error(f"--backends: choose from {', '.join(BACKENDS)}")
    if args.stations < 1 or args.clients < 1 or args.events < 1:
        parser.error("--stations, --clients and --events must be positive")
    # Here, not at the top: the spawned clients import this module and need no psycopg.
    from bench.postgres_db import drop_database, fresh_database
    from bench.run import machine

    runs: list[dict[str, Any]] = []
    figures: list[Figure] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="hub-ingest-") as folder:
        work = Path(folder)
        for backend in backends:
            if backend == "sqlite":
                db_url = f"sqlite:///{work / 'hub.db'}"
            else:
                db_url = fresh_database(args.server, args.database)
            print(
                f"{backend}: {args.stations} stations, {args.clients} clients, "
                f"{args.events:,} events …",
                flush=True,
            )
            try:
                run = run_backend(backend, db_url, args, work / f"hub-{backend}.log")
            finally:
                if backend == "postgresql" and args.drop:
                    drop_database(args.server, args.database)
            runs.append(run)
            figures += figures_of(run, args.stations, min(args.clients, args.stations))
            ing, base = run["ingest"], run["baseline"]
            print(
                f"  ingest {ing['events_per_s']:,.0f} ev/s, batch p50 {ing['p50_ms']:.0f} ms "
                f"p99 {ing['p99_ms']:.0f} ms; baseline {base['events_per_s']:,.0f} ev/s, "
                f"p99 {base['p99_ms']:.0f} ms; stored {run['stored']['rows']:,} "
                f"(all accepted: {run['all_accepted']})",
                flush=True,
            )
    for figure in figures:
        verdict = {None: "", True: "ok", False: "MISSED"}[figure.meets_target]
        ratio = "" if figure.ratio is None else f" ×{figure.ratio:.2f} of baseline"
        print(
            f"{figure.name:<48} {figure.median:>10.1f} {figure.p99:>10.1f} {figure.unit:<4}"
            f" {verdict}{ratio}"
        )
    result = {
        "machine": machine(),
        "size": {
            "stations": args.stations,
            "clients": args.clients,
            "workers": args.workers,
            "events": args.events,
            "seconds_cap": args.seconds,
        },
        "seconds": round(time.perf_counter() - started, 1),
        "runs": runs,
        "figures": [
            asdict(f) | {"meets_target": f.meets_target, "ratio": f.ratio} for f in figures
        ],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"wrote {args.out}")
    return 0 if all(run["all_accepted"] for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
