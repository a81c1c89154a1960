"""Sync with the reference hub on 127.0.0.1: upload 10,000 events, download 100,000 changes."""

from __future__ import annotations

import argparse
import csv
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from bench.dataset import Dataset
from bench.timing import Figure
from station_app.core.cart import Cart
from station_app.core.catalog import find_by_code
from station_app.core.clock import Clock
from station_app.core.operators import sign_in
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.sales import complete_sale
from station_app.core.settings import load_settings
from station_app.storage import open_database
from station_app.sync.link import provision_link
from station_app.sync.outbox import pending_count, pending_events
from station_app.sync.protocol import encode_batch
from station_app.sync.signing import signed_headers
from station_app.sync.sync_job import run_sync
from village_protocol.limits import MAX_EVENTS_PER_BATCH

ROOT = Path(__file__).resolve().parent.parent
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


def figures(
    ds: Dataset, samples: int, rng: random.Random, work: Path, options: argparse.Namespace
) -> list[Figure]:
    """Upload time and gzip bytes per event, a bare-requests baseline, download time."""
    events = 10_000 if ds.products >= 100_000 else 500
    changes = 100_000 if ds.products >= 100_000 else ds.products
    with _Hub(work) as hub:
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
        _queue_sales(ds, events, rng)
        db = open_database(ds.path)
        queued = pending_count(db)
        batches = []
        after = 0
        while True:
            chunk = pending_events(db, MAX_EVENTS_PER_BATCH, after_seq=after)
            if not chunk:
                break
            batches.append(encode_batch(STATION_ID, chunk).body)
            after = chunk[-1].seq
        db.close()
        wire = sum(len(body) for body in batches)
        started = time.perf_counter()
        run_sync(ds.path, trigger="bench")
        upload_s = time.perf_counter() - started
        # The same gzip bodies POSTed with bare requests (the hub answers "duplicate").
        started = time.perf_counter()
        with requests.Session() as session:
            for body in batches:
                headers = signed_headers(
                    STATION_ID, secret, "POST", "/v1/events", body, int(time.time())
                ).as_dict()
                headers |= {"Content-Type": "application/json", "Content-Encoding": "gzip"}
                session.post(
                    hub.url + "/v1/events", data=body, headers=headers, timeout=60
                ).raise_for_status()
        bare_s = time.perf_counter() - started
        published = _catalog_csv(ds, work / "catalog.csv", changes)
        hub.command("publish-catalog", str(work / "catalog.csv"), "--force")
        started = time.perf_counter()
        run_sync(ds.path, trigger="bench")
        download_s = time.perf_counter() - started
    return [
        Figure(
            f"sync upload of {queued} events",
            upload_s,
            upload_s,
            1,
            unit="s",
            target=10.0,
            target_kind="total",
            baseline=bare_s,
            note="baseline: bare requests POST of the same gzip batches",
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
        Figure(
            f"sync download of {published} product changes",
            download_s,
            download_s,
            1,
            unit="s",
            target=60.0,
            target_kind="total",
        ),
    ]
