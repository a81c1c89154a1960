"""What a cold start loads: the scan field without the network stack or sqlite-utils.

The start is the cold-start bench's own (`bench.gui_figures.COUNTER_START`).

Sync, updates and ESC/POS rendering run later, on worker threads, and import their
libraries there; loading them at start cost a fifth of the cold start (docs/performance.md).
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

REPORT = """
import json
print(json.dumps({m: m in sys.modules for m in sys.argv[2:]}))
"""


def test_signing_in_to_the_checkout_loads_no_sync_update_or_printer_library(demo_db_path):
    # With the shift open, the clerk's sign-in goes straight to the checkout.
    db = open_database(demo_db_path)
    settings = load_settings(db)
    open_shift(db, 20_000, sign_in(db, "1234", Clock()), settings, Clock())
    db.close()
    done = run_python(COUNTER_START + REPORT, str(demo_db_path), *LATER)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert [m for m, present in loaded.items() if present] == []
