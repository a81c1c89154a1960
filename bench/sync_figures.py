"""Sync with the reference hub on 127.0.0.1: upload 10,000 events, download 100,000 changes.

Each figure has a baseline measured in the same run, on the same work:

- upload: the very bodies the station sends (same batches, same status), POSTed with bare
  `requests` to a fresh hub that accepts them, once before and once after the station's
  run (the mean of the two); the old baseline, the same bodies again to the station's hub
  (which answers "duplicate", less work for the hub), is in the note;
- upload side by side: PouchDB replicating the same events as JSON documents from a local
  PouchDB to `express-pouchdb` (leveldb on both ends, PouchDB's durable default), when
  `node` and `npm` are here (bench/pouchdb/, installed into the bench cache);
- download: bare `requests` GETs of the same pages plus bare `executemany` of the same
  price updates, one transaction per page, on the same station.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from bench.dataset import Dataset
from bench.timing import Figure
from station_app import __version__
from station_app.core.cart import Cart
from station_app.core.catalog import find_by_code
from station_app.core.clock import Clock
from station_app.core.operators import sign_in
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.sales import complete_sale
from station_app.core.settings import load_settings
from station_app.storage import open_database
from station_app.sync.day_totals import batch_day_totals
from station_app.sync.link import provision_link
from station_app.sync.outbox import OutboxEvent, pending_count, pending_events
from station_app.sync.protocol import encode_batch
from station_app.sync.signing import signed_headers
from station_app.sync.sync_job import PAGE_LIMIT, run_sync
from village_protocol.limits import MAX_EVENTS_PER_BATCH
from village_protocol.upload_status import upload_status

ROOT = Path(__file__).resolve().parent.parent
POUCHDB = ROOT / "bench" / "pouchdb"
STATION_ID = "BENCH-0001"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Hub:
    def __init__(self, folder: Path) -> None:
        self.db_url = f"sqlite:///{folder / 'hub.db'}"
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def command(self, *args: str) -> str:
        name, *rest = args
        done = subprocess.run(
            [sys.executable, "-m", "county_hub", name, "--db", self.db_url, *rest],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        )
        return done.stdout.strip()

    def __enter__(self) -> _Hub:
        self.command("stations")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "county_hub",
                "serve",
                "--db",
                self.db_url,
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(200):
            try:
                if requests.get(self.url + "/v1/ping", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("the hub did not start")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)


def _queue_sales(ds: Dataset, count: int, rng: random.Random) -> None:
    db = open_database(ds.path)
    settings, clock = load_settings(db), Clock()
    clerk = sign_in(db, "1234", clock)
    products = [
        p
        for p in (find_by_code(db, rng.choice(ds.barcodes), {}).product for _ in range(200))
        if not p.is_weighed
    ]
    for _ in range(count):
        cart = Cart()
        for product in rng.sample(products, rng.randint(1, 4)):
            cart.add_product(product)
        complete_sale(
            db, cart, [Tender(PaymentMethod.CASH, cart.totals().total_fen)], clerk, settings, clock
        )
    db.close()


def _catalog_csv(ds: Dataset, path: Path, count: int) -> int:
    db = open_database(ds.path)
    rows = db.execute(
        "SELECT (SELECT group_concat(barcode, '|') FROM product_barcodes b "
        "WHERE b.product_id = p.id), p.name, p.unit, p.price_fen + 10, p.is_weighed, p.plu "
        "FROM products p LIMIT ?",
        [count],
    ).fetchall()
    db.close()
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["barcode", "name", "unit", "price", "category", "weighed", "plu"])
        for barcodes, name, unit, price, weighed, plu in rows:
            writer.writerow(
                [barcodes or "", name, unit, f"{price / 100:.2f}", "", weighed, plu or ""]
            )
    return len(rows)


def _station_batches(ds: Dataset) -> tuple[list[OutboxEvent], list[bytes]]:
    """The queued events, and the bodies the station's sync will send for them.

    Same batches and the same status (queue after the batch, no last error, the days'
    totals), computed as `sync_job._upload_all` does before each batch is sent.
    """
    db = open_database(ds.path)
    queued = pending_count(db)
    events: list[OutboxEvent] = []
    bodies = []
    while True:
        chunk = pending_events(db, MAX_EVENTS_PER_BATCH, after_seq=events[-1].seq if events else 0)
        if not chunk:
            break
        events += chunk
        status = upload_status(__version__, queued - len(events), None, batch_day_totals(db, chunk))
        bodies.append(encode_batch(STATION_ID, chunk, status).body)
    db.close()
    return events, bodies


def _post_bare(url: str, secret: str, bodies: list[bytes]) -> float:
    """Seconds to POST `bodies` with one bare `requests` session."""
    started = time.perf_counter()
    with requests.Session() as session:
        for body in bodies:
            headers = signed_headers(
                STATION_ID, secret, "POST", "/v1/events", body, int(time.time())
            ).as_dict()
            headers |= {"Content-Type": "application/json", "Content-Encoding": "gzip"}
            session.post(
                url + "/v1/events", data=body, headers=headers, timeout=60
            ).raise_for_status()
    return time.perf_counter() - started


def _fresh_hub_post(work: Path, name: str, bodies: list[bytes]) -> float:
    """The bare baseline on a hub of its own that stores every event for the first time."""
    folder = work / name
    folder.mkdir()
    with _Hub(folder) as hub:
        secret = hub.command("add-station", STATION_ID, "--name", "基准测试站")
        return _post_bare(hub.url, secret, bodies)


def _bare_download(ds: Dataset, url: str, secret: str) -> float:
    """Seconds to GET every page of the feed and apply its prices with bare executemany."""
    db = open_database(ds.path)
    started = time.perf_counter()
    cursor = 0
    with requests.Session() as session:
        while True:
            target = f"/v1/changes?after={cursor}&limit={PAGE_LIMIT}"
            headers = signed_headers(STATION_ID, secret, "GET", target, b"", int(time.time()))
            answer = session.get(url + target, headers=headers.as_dict(), timeout=60)
            answer.raise_for_status()
            page = answer.json()
            at = Clock().stamp()
            db.execute("BEGIN IMMEDIATE")
            db.conn.executemany(
                "UPDATE products SET price_fen = ?, updated_at = ? WHERE id = "
                "(SELECT product_id FROM product_barcodes WHERE barcode = ?)",
                [
                    (c["data"]["price_fen"], at, c["data"]["barcodes"][0])
                    for c in page["changes"]
                    if c["kind"] == "product.upsert" and c["data"].get("barcodes")
                ],
            )
            db.execute("UPDATE sync_state SET cursor = ? WHERE id = 1", [page["next_cursor"]])
            db.conn.commit()
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
    seconds = time.perf_counter() - started
    db.close()
    return seconds


def _npm_install(cache: Path) -> Path | None:
    """bench/pouchdb's packages installed into the bench cache; None without node or npm."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return None
    target = cache / "pouchdb"
    target.mkdir(parents=True, exist_ok=True)
    wanted = (POUCHDB / "package.json").read_bytes()
    stamp = target / "package.json"
    if not (target / "node_modules").is_dir() or not stamp.exists() or stamp.read_bytes() != wanted:
        stamp.write_bytes(wanted)
        done = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=target,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0:
            print(f"PouchDB side-by-side skipped: npm install failed: {done.stderr[-500:]}")
            stamp.unlink()
            return None
    return target / "node_modules"


def _pouchdb_replication(
    events: list[OutboxEvent], work: Path, cache: Path
) -> dict[str, object] | None:
    """PouchDB (leveldb) replicating `events` to express-pouchdb (leveldb) on 127.0.0.1."""
    modules = _npm_install(cache)
    if modules is None:
        return None
    folder = work / "pouchdb"
    folder.mkdir()
    lines = folder / "events.jsonl"
    with lines.open("w", encoding="utf-8") as out:
        for e in events:
            out.write(
                json.dumps(
                    {
                        "event_id": e.event_id,
                        "seq": e.seq,
                        "kind": e.kind,
                        "created_at": e.created_at,
                        "payload": e.payload,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    env = os.environ | {"NODE_PATH": str(modules), "BATCH_SIZE": str(MAX_EVENTS_PER_BATCH)}
    script = str(POUCHDB / "replicate.js")
    port = _free_port()
    server = subprocess.Popen(
        ["node", script, "serve", str(folder / "server"), str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                if requests.get(f"http://127.0.0.1:{port}/", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            print("PouchDB side-by-side skipped: express-pouchdb did not start")
            return None
        done = subprocess.run(
            [
                "node",
                script,
                "push",
                str(lines),
                str(folder / "local"),
                f"http://127.0.0.1:{port}/events",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
    finally:
        server.terminate()
        server.wait(10)
    if done.returncode != 0:
        print(f"PouchDB side-by-side skipped: {done.stderr[-500:]}")
        return None
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    if result.get("remote_docs") != len(events):
        print(
            f"PouchDB side-by-side: the server holds {result.get('remote_docs')} of {len(events)}"
        )
    return result


def figures(
    ds: Dataset, samples: int, rng: random.Random, work: Path, options: argparse.Namespace
) -> list[Figure]:
    """Upload and download times with same-run baselines; PouchDB side by side."""
    events_wanted = 10_000 if ds.products >= 100_000 else 500
    changes = 100_000 if ds.products >= 100_000 else ds.products
    cache = Path(getattr(options, "cache_dir", ROOT / "bench" / ".cache"))
    station_hub = work / "hub"
    station_hub.mkdir()
    with _Hub(station_hub) as hub:
        secret = hub.command("add-station", STATION_ID, "--name", "基准测试站")
        db = open_database(ds.path)
        provision_link(
            db,
            station_id=STATION_ID,
            hub_url=hub.url,
            secret=secret,
            ca_bundle=None,
            at=Clock().stamp(),
        )
        db.close()
        # A station's first sync after linking checks its whole audit history and has the
        # hub anchor its head, once (10 s for a million sales); later syncs check only
        # the rows since. The figure is such a later sync, so this one is not timed.
        run_sync(ds.path, trigger="bench")
        _queue_sales(ds, events_wanted, rng)
        events, bodies = _station_batches(ds)
        queued = len(events)
        wire = sum(len(body) for body in bodies)
        bare_before = _fresh_hub_post(work, "bare-before", bodies)
        started = time.perf_counter()
        run_sync(ds.path, trigger="bench")
        upload_s = time.perf_counter() - started
        bare_after = _fresh_hub_post(work, "bare-after", bodies)
        bare_s = (bare_before + bare_after) / 2
        # The baseline before this round: the same bodies to the station's hub, which
        # now answers "duplicate" for each (it stores nothing).
        duplicate_s = _post_bare(hub.url, secret, bodies)
        # At full size only: the small run is a smoke test, and the npm install alone
        # (about 40 s on first use) would be most of it.
        pouch = None
        if ds.products >= 100_000:
            try:
                pouch = _pouchdb_replication(events, work, cache)
            except (OSError, subprocess.SubprocessError, ValueError) as error:
                print(f"PouchDB side-by-side skipped: {error}")
        published = _catalog_csv(ds, work / "catalog.csv", changes)
        hub.command("publish-catalog", str(work / "catalog.csv"), "--force")
        started = time.perf_counter()
        run_sync(ds.path, trigger="bench")
        download_s = time.perf_counter() - started
        bare_download_s = _bare_download(ds, hub.url, secret)
    result = [
        Figure(
            f"sync upload of {queued} events",
            upload_s,
            upload_s,
            1,
            unit="s",
            target=10.0,
            target_kind="total",
            baseline=bare_s,
            ratio_target=2.0,
            note=(
                "baseline: bare requests POST of the same gzip bodies to a fresh hub "
                f"(before {bare_before:.2f} s, after {bare_after:.2f} s); to the hub "
                f"answering duplicate {duplicate_s:.2f} s (×{upload_s / duplicate_s:.1f})"
            ),
        ),
        Figure(
            "gzip bytes on the wire per event",
            wire / max(queued, 1),
            wire / max(queued, 1),
            queued,
            unit="B",
            target=300.0,
            target_kind="total",
        ),
    ]
    if pouch is not None:
        pouch_s = float(pouch["replicate_s"])  # type: ignore[arg-type]
        result.append(
            Figure(
                f"PouchDB replication of the same {queued} events",
                pouch_s,
                pouch_s,
                1,
                unit="s",
                baseline=upload_s,
                ratio_target=3.0,
                ratio_at_least=True,
                note=(
                    f"PouchDB {pouch['pouchdb']} ({pouch['adapter']}) to express-pouchdb "
                    f"(leveldb) on 127.0.0.1, batch_size {pouch['batch_size']}; /base = "
                    f"PouchDB time / the station's upload time ({pouch_s / upload_s:.1f}×)"
                ),
            )
        )
    result.append(
        Figure(
            f"sync download of {published} product changes",
            download_s,
            download_s,
            1,
            unit="s",
            target=5.0,
            target_kind="total",
            baseline=bare_download_s,
            note=(
                f"baseline: bare requests GET of the same pages ({PAGE_LIMIT} a page) and "
                "bare executemany of their prices, one transaction a page"
            ),
        )
    )
    return result
