"""Figures measured in core, without Qt: scan, search, sale, reports, size."""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from time import perf_counter_ns

from sqlite_utils import Database

from bench.dataset import Dataset
from bench.timing import Figure, sample_ms, summarise
from station_app.core.cart import Cart
from station_app.core.catalog import find_by_code, get_product, search_products
from station_app.core.clock import Clock
from station_app.core.ids import uuid7
from station_app.core.operators import sign_in
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.reports import day_report, period_report
from station_app.core.sales import complete_sale
from station_app.core.search_terms import pinyin_of
from station_app.core.settings import StationSettings, load_settings
from station_app.storage import open_database
from station_app.storage.database import connect
from station_app.sync.outbox_pruning import prune_delivered_events


def scan_figures(ds: Dataset, samples: int, rng: random.Random) -> list[Figure]:
    """Barcode → line in the cart, against a bare indexed SELECT of the same barcode."""
    db = open_database(ds.path)
    prefixes = load_settings(db).scale_prefixes
    codes = [rng.choice(ds.barcodes) for _ in range(samples + 20)]
    state = {"cart": Cart(), "n": 0}

    def scan() -> None:
        if state["n"] % 20 == 0:
            state["cart"] = Cart()
        code = codes[state["n"] % len(codes)]
        state["n"] += 1
        state["cart"].add_scan(find_by_code(db, code, prefixes))  # type: ignore[union-attr]

    raw = sqlite3.connect(ds.path)
    # A draw of its own: given the scan's codes, the bare SELECT would always read the
    # pages the scan had just brought in from the disk or the OS (on a fresh copy of the
    # file, each first read is a page fault), and the first-touch cost fall on one side.
    bare_codes = [rng.choice(ds.barcodes) for _ in range(samples + 20)]
    position = iter(range(10**9))

    # The same row the cart line needs, by the same indexes: the product's fields, its
    # category's name and its first barcode (the line's code). A SELECT of product_id
    # alone would time less than a scan has to read.
    bare_sql = (
        "SELECT p.id, p.name, p.unit, p.price_fen, p.is_weighed, p.plu, c.name, "
        "(SELECT min(barcode) FROM product_barcodes b WHERE b.product_id = p.id) "
        "FROM product_barcodes pb JOIN products p ON p.id = pb.product_id "
        "LEFT JOIN categories c ON c.id = p.category_id WHERE pb.barcode = ? AND p.active = 1"
    )

    def bare() -> None:
        raw.execute(bare_sql, [bare_codes[next(position) % len(bare_codes)]]).fetchone()

    ours, base = _alternating(scan, bare, samples, warmup=20)
    baseline = summarise("baseline", base)
    raw.close()
    db.close()
    return [
        summarise(
            "scan → cart line (core)",
            ours,
            target=2.0,
            baseline=baseline.p99,
            ratio_target=2.0,
            note="baseline: bare SQLite SELECT by barcode of the columns the line needs",
        )
    ]


def search_figures(ds: Dataset, samples: int, rng: random.Random) -> list[Figure]:
    """Search as you type: pinyin initials, full pinyin, name substring; top 20."""
    db = open_database(ds.path)
    ids = [r[0] for r in db.execute("SELECT id FROM products ORDER BY random() LIMIT 500")]
    names = [get_product(db, i).name for i in ids]
    queries: dict[str, list[str]] = {"initials": [], "full pinyin": [], "name substring": []}
    for name in names:
        full, initials = pinyin_of(name)
        queries["initials"].append(initials[: rng.randint(2, 4)])
        queries["full pinyin"].append(full[: rng.randint(3, 8)])
        han = [c for c in name if "\u4e00" <= c <= "\u9fff"]
        start = rng.randrange(max(1, len(han) - 1))
        queries["name substring"].append("".join(han[start : start + 2]))
    figures = []
    for kind, texts in queries.items():
        counter = iter(range(10**9))
        durations = sample_ms(
            lambda texts=texts, counter=counter: search_products(
                db, texts[next(counter) % len(texts)], 20
            ),
            samples,
        )
        figures.append(summarise(f"search: {kind} (core, top 20)", durations, target=15.0))
    db.close()
    return figures


def sale_figures(ds: Dataset, samples: int, rng: random.Random) -> list[Figure]:
    """A 5-line sale with payment, outbox and audit, durable; against bare inserts.

    The baseline writes the same rows as the sale with plain SQL on its own connection
    with the same pragmas: the receipt counter, the sale, five lines (whose trigger moves
    their stock, as the sale's do), the payment, an audit row and an outbox event with a
    payload of the sale event's size. The two alternate, sale by sale, on one file: a WAL
    checkpoint (and its fsync) falls due every few dozen sales, and alternating lets it
    land on either side as it will rather than all on whichever side happened to run
    second.
    """
    db = open_database(ds.path)
    settings = load_settings(db)
    clock = Clock()
    clerk = sign_in(db, "1234", clock)
    products = [find_by_code(db, rng.choice(ds.barcodes), {}).product for _ in range(50)]
    products = [p for p in products if not p.is_weighed]
    payload: list[str] = []

    def sell() -> None:
        cart = Cart()
        for product in rng.sample(products, 5):
            cart.add_product(product)
        result = complete_sale(
            db,
            cart,
            [Tender(PaymentMethod.CASH, cart.totals().total_fen + 500)],
            clerk,
            settings,
            clock,
        )
        if not payload:
            payload.append(
                db.execute(
                    "SELECT payload FROM outbox WHERE seq = ?", [result.outbox_seq]
                ).fetchone()[0]
            )

    sell()  # the payload the baseline's event copies
    raw = connect(ds.path)  # the same pragmas: WAL, synchronous=FULL, foreign keys
    conn = raw.conn
    operator_id = clerk.id
    # Numbers the app's counter never reaches, unique across calls on one file.
    first = 10**8 + int(
        conn.execute("SELECT count(*) FROM sales WHERE receipt_no LIKE 'BARE-%'").fetchone()[0]
    )
    counter = iter(range(first, 10**9))

    def bare() -> None:
        n = next(counter)
        sale_id = uuid7()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO counters(name, value) VALUES ('bare', 1) "
            "ON CONFLICT(name) DO UPDATE SET value = value + 1"
        )
        conn.execute(
            "INSERT INTO sales VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                sale_id,
                n,
                f"BARE-{n}",
                "T9",
                operator_id,
                "2026-01-01T00:00:00Z",
                480,
                "2026-01-01",
                1500,
                0,
                0,
                1500,
                2000,
                500,
                None,
            ],
        )
        for line_no, product in enumerate(products[:5], start=1):
            line_id = uuid7()
            conn.execute(
                "INSERT INTO sale_lines(id, sale_seq, line_no, product_id, code, name, unit, "
                "unit_price_fen, quantity, weight_g, gross_fen, discount_fen, total_fen) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    line_id,
                    n,
                    line_no,
                    product.id,
                    None,
                    product.name,
                    product.unit,
                    300,
                    1,
                    None,
                    300,
                    0,
                    300,
                ],
            )
        conn.execute(
            "INSERT INTO payments(sale_seq, method, amount_fen, tendered_fen) VALUES (?,?,?,?)",
            [n, "cash", 1500, 2000],
        )
        # Chained like the app's rows (audit.py's formula), so the file still verifies
        # for the figures that sync it afterwards.
        seq, head = conn.execute(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        prev = bytes(head).hex()
        at = "2026-01-01T00:00:00Z"
        digest = hashlib.sha256(
            json.dumps(
                [prev, seq + 1, at, operator_id, "bare", sale_id, "{}"],
                ensure_ascii=False,
                separators=(",", ":"),
            ).encode()
        ).hexdigest()
        conn.execute(
            "INSERT INTO audit_log(seq, at, operator_id, action, subject_id, detail, hash) "
            "VALUES (?, ?, ?, 'bare', ?, '{}', ?)",
            [seq + 1, at, operator_id, sale_id, bytes.fromhex(digest)],
        )
        conn.execute(
            "INSERT INTO outbox(event_id, kind, payload, created_at) VALUES (?,?,?,?)",
            [uuid7(), "bare", payload[0], "2026-01-01T00:00:00Z"],
        )
        conn.execute("COMMIT")

    ours, base = _alternating(sell, bare, samples, warmup=5)
    baseline = summarise("baseline", base)
    raw.close()
    db.close()
    return [
        summarise(
            "complete a 5-line sale (durable)",
            ours,
            target=10.0,
            baseline=baseline.p99,
            ratio_target=2.0,
            note="baseline: bare SQLite transaction with the same rows and pragmas, "
            "alternating with the sales",
        )
    ]


def _alternating(
    ours: Callable[[], object], bare: Callable[[], object], count: int, *, warmup: int
) -> tuple[list[float], list[float]]:
    """Durations in ms of `ours` and `bare`, timed in turns.

    What the machine or the file does meanwhile (another process, a checkpoint) then
    falls on both alike, not on whichever ran second.
    """
    for _ in range(warmup):
        ours()
        bare()
    times: tuple[list[float], list[float]] = ([], [])
    for n in range(2 * count):
        action, into = (ours, times[0]) if n % 2 == 0 else (bare, times[1])
        start = perf_counter_ns()
        action()
        into.append((perf_counter_ns() - start) / 1e6)
    return times


def report_figures(ds: Dataset, samples: int, rng: random.Random) -> list[Figure]:
    """The day report and a 30-day report over all past sales."""
    db = open_database(ds.path)
    span = (ds.last_day - ds.first_day).days
    days = [ds.first_day + timedelta(days=rng.randrange(span + 1)) for _ in range(samples)]
    counter = iter(range(10**9))
    day = sample_ms(lambda: day_report(db, days[next(counter) % len(days)]), samples, warmup=3)
    months = max(10, samples // 10)
    counter = iter(range(10**9))

    def month() -> None:
        first = days[next(counter) % len(days)]
        period_report(db, first, first + timedelta(days=29))

    figures = [
        summarise("day report", day, target=100.0),
        summarise("30-day report", sample_ms(month, months, warmup=2), target=1000.0),
    ]
    db.close()
    return figures


def _used_bytes(db: Database) -> tuple[int, int]:
    """Bytes in use (pages not on the freelist, which new rows fill first) and file bytes."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages, free, size = (
        int(db.execute(f"PRAGMA {name}").fetchone()[0])
        for name in ("page_count", "freelist_count", "page_size")
    )
    return (pages - free) * size, pages * size


def size_figures(ds: Dataset) -> list[Figure]:
    """Bytes of database per stored sale, before and after the sync's outbox pruning.

    Every past sale carries its delivered `sale.completed` event; the station's day is the
    one after its last sale, so the last 90 days (the default retention) keep their payloads.
    """
    db = open_database(ds.path)
    # The figures before this one completed sales of their own (the sync's upload, the
    # sale timings), and their rows are in the bytes: count them too.
    sales = max(int(db.execute("SELECT count(*) FROM sales").fetchone()[0]), 1)
    before, file_before = _used_bytes(db)
    now = datetime.combine(ds.last_day + timedelta(days=1), time(), UTC)
    retention = StationSettings().outbox_retention_days  # the default (the dataset's is longer)
    pruned = prune_delivered_events(db, now, retention, max_rows=10**12)
    after, file_after = _used_bytes(db)
    db.close()
    return [
        Figure(
            "database bytes per sale, outbox unpruned",
            before / sales,
            before / sales,
            1,
            unit="B",
            note=f"{file_before / 1e6:.0f} MB for {sales} sales and {ds.products} products",
        ),
        Figure(
            "database bytes per sale",
            after / sales,
            after / sales,
            1,
            unit="B",
            target=1200.0,
            baseline=before / sales,
            note=f"after pruning {pruned} events delivered over {retention} days ago; "
            f"pages in use (file {file_after / 1e6:.0f} MB, its free pages reused first)",
        ),
    ]
