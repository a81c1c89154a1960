"""Pull the plug in the middle of a stream of sales: nothing partial, nothing doubled."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from station_app.storage import open_database

ROOT = Path(__file__).resolve().parents[2]

SELLER = """
import sys
from station_app.storage import open_database
from station_app.core.cart import Cart
from station_app.core.catalog import get_product
from station_app.core.clock import Clock
from station_app.core.operators import sign_in
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.sales import complete_sale
from station_app.core.settings import load_settings

db = open_database(sys.argv[1])
clock = Clock()
clerk = sign_in(db, "1234", clock)
settings = load_settings(db)
ids = [r[0] for r in db.execute("SELECT id FROM products WHERE is_weighed = 0 LIMIT 40")]
products = [get_product(db, i) for i in ids]
n = 0
while True:
    cart = Cart()
    for k in range(1 + n % 5):
        cart.add_product(products[(n * 7 + k) % len(products)], 1 + k)
    complete_sale(db, cart, [Tender(PaymentMethod.CASH, cart.totals().total_fen + 100)],
                  clerk, settings, clock)
    n += 1
    print(n, flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("kill_after_s", [0.4, 0.9, 1.5])
def test_sigkill_mid_stream_leaves_only_whole_sales(demo_db_path, kill_after_s):
    with subprocess.Popen(
        [sys.executable, "-c", SELLER, str(demo_db_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as process:
        assert process.stdout is not None
        first = process.stdout.readline()  # the seller is selling before the clock starts
        assert first.strip() == "1"
        time.sleep(kill_after_s)
        os.kill(process.pid, signal.SIGKILL)
        reported = [int(line) for line in [first, *process.stdout.read().split()] if line.strip()]

    db = open_database(demo_db_path)
    try:
        _assert_whole_sales_only(db, max(reported))
    finally:
        db.close()


def _assert_whole_sales_only(db, last_reported):
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    sales = db.execute("SELECT count(*) FROM sales").fetchone()[0]
    # Every sale the seller saw committed is there; at most one more committed unseen.
    assert last_reported <= sales <= last_reported + 1
    orphans = db.execute(
        "SELECT count(*) FROM sales s WHERE NOT EXISTS (SELECT 1 FROM sale_lines l "
        "WHERE l.sale_seq = s.seq) "
        "OR NOT EXISTS (SELECT 1 FROM payments p WHERE p.sale_seq = s.seq)"
    ).fetchone()[0]
    assert orphans == 0
    assert (
        db.execute(
            "SELECT count(*) FROM sale_lines WHERE sale_seq NOT IN (SELECT seq FROM sales)"
        ).fetchone()[0]
        == 0
    )
    events = db.execute(
        "SELECT json_extract(payload, '$.sale_id') AS sale_id, count(*) FROM outbox "
        "WHERE kind = 'sale.completed' GROUP BY sale_id"
    ).fetchall()
    assert len(events) == sales
    assert all(n == 1 for _, n in events)
    assert set(r[0] for r in events) == set(r[0] for r in db.execute("SELECT id FROM sales"))
    # Each product's level is the sum of its history (moves and sold lines): no sale
    # moved stock without its lines, or the other way round.
    drift = db.execute(
        "SELECT count(*) FROM stock_levels l LEFT JOIN (SELECT product_id, sum(delta) AS "
        "total FROM stock_history GROUP BY product_id) h ON h.product_id = l.product_id "
        "WHERE l.on_hand IS NOT coalesce(h.total, 0)"
    ).fetchone()[0]
    assert drift == 0
    sold = db.execute("SELECT count(*) FROM stock_history WHERE reason = 'sale'").fetchone()[0]
    assert sold == db.execute("SELECT count(*) FROM sale_lines").fetchone()[0] > 0
