"""What a cold start loads: the scan field without the network stack or sqlite-utils.

The start is the cold-start bench's own (`bench.gui_figures.COUNTER_START`).

Sync, updates and ESC/POS rendering run later, on worker threads, and import their
libraries there; loading them at start cost a fifth of the cold start (docs/performance.md).
The sign-in screen comes up without the checkout's modules (they load while the PIN is
hashed), and the checkout without what a sale does not need (loaded on first use).
"""

from __future__ import annotations

import json

from bench.gui_figures import COUNTER_START
from station_app.core.clock import Clock
from station_app.core.operators import sign_in
from station_app.core.settings import load_settings
from station_app.core.shifts import open_shift
from station_app.storage import open_database
from tests.helpers import run_python

# Modules a start must not load before the scan field has focus.
LATER = (
    "PySide6.QtTest",
    "requests",
    "urllib3",
    "tenacity",
    "tufup",
    "escpos",
    "station_app.sync.sync_job",
    "station_app.sync.hub_client",
    "station_app.sync.update_check",
    "station_app.update.fetch",
    # The printer transports (sockets, serial, USB) load on the first send.
    "station_app.printing.printer_link",
    "socket",
    # Only applying migrations needs it (storage.sqlite_wrapper): 60 ms of the start.
    "sqlite_utils",
    "click",
)

# What the checkout loads the first time it is used, not before its scan field is ready.
ON_USE = (
    "station_app.ui.checkout.refund_flow",
    "station_app.core.refunds",
    "station_app.printing.refund_receipt",
    "station_app.ui.common.villager_flow",
    "station_app.ui.printing.printing_flow",
    "station_app.printing.receipt_layout",
    "station_app.printing.layout_codec",
    "station_app.printing.reprints",
    "station_app.printing.slips",
    "station_app.core.agency",
    "station_app.ui.sync.sync_page",
    "station_app.ui.sync.sync_worker",
    "station_app.ui.setup.setup_controller",
)
CHECKOUT = (
    "station_app.ui.checkout.checkout_controller",
    "station_app.ui.checkout.checkout_view",
    "station_app.ui.workspace",
    "station_app.ui.checkout.cart_model",
)
# The bench's start up to the shown sign-in screen: no PIN typed.
SIGN_IN_SCREEN = COUNTER_START[: COUNTER_START.index("for digit in")]

REPORT = """
import json
print(json.dumps({m: m in sys.modules for m in sys.argv[2:]}))
"""


def _open_shift(db_path):
    # With the shift open, the clerk's sign-in goes straight to the checkout.
    db = open_database(db_path)
    settings = load_settings(db)
    open_shift(db, 20_000, sign_in(db, "1234", Clock()), settings, Clock())
    db.close()


def _loaded(script, db_path, modules):
    done = run_python(script + REPORT, str(db_path), *modules)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return [m for m, present in found.items() if present]


def test_signing_in_to_the_checkout_loads_no_sync_update_or_printer_library(demo_db_path):
    _open_shift(demo_db_path)
    assert _loaded(COUNTER_START, demo_db_path, LATER) == []


def test_the_checkout_is_ready_before_what_a_sale_does_not_need_is_loaded(demo_db_path):
    _open_shift(demo_db_path)
    assert _loaded(COUNTER_START, demo_db_path, ON_USE + CHECKOUT) == list(CHECKOUT)


def test_the_sign_in_screen_shows_before_the_checkout_is_loaded(demo_db_path):
    _open_shift(demo_db_path)
    assert _loaded(SIGN_IN_SCREEN, demo_db_path, CHECKOUT) == []
