"""Rebuild the old-schema station databases that tests/storage/test_upgrades.py upgrades.

Each fixture is made by the real code of an earlier commit, not by today's code:

    .venv/bin/python tools/make_schema_fixtures.py            # every version below
    .venv/bin/python tools/make_schema_fixtures.py 5          # only schema version 5

For each schema version N in `VERSIONS` it checks out the commit into a temporary git
worktree (/tmp/schema-N, removed afterwards; the main checkout is not touched), runs that
version's

    main.py --data-dir D init --demo
    main.py --data-dir D simulate --days 2 --seed 7 --start 2026-03-01

with this repository's .venv python. The simulation never pays a farmer (that needs a
settlement from the hub) and two days of seed 7 take in no lots, so `CONSIGN` then runs,
with the same old code: two lots weighed in and shipped, the hub's `lot.settled` change
for one applied as the sync applies it, and that farmer paid out. It then copies
D/station.db, checkpointed, in rollback journal mode (a single file: no -wal to forget)
and VACUUMed, to tests/storage/fixtures/station_schema_000N.db (gzipped, .db.gz, if over
1 MB).

Which commits: a fixture must hold the schema that migrations 0001…N create *today*,
or the test would upgrade a database that no station can have. Before commit 69daf0c
the landed migrations 0001–0003 were still being edited in place (villagers and the
'account' payment method folded into 0001 by 4bc8662, search indexes by 7001dcd,
`products.search_rowid` by 69daf0c; 0002/0003 were empty until 67101c9), so the
commits where 0001…0004 first landed made databases that today's migrations do not
describe, and no commit ever ran 0001…0004 in their final form without 0005. The
versions with real old code are therefore 5 (the last commit before 0006 landed),
6 (the commit where 0006 landed: a database the previous release fully migrated) and 7
(c175ee2, where 0007 landed: the last commit before 0008_shifts). The
test checks that each fixture's schema is exactly what today's migrations up to N
create, which is also the proof that no landed migration has changed since.
"""

from __future__ import annotations

import gzip
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
FIXTURES = ROOT / "tests" / "storage" / "fixtures"
# schema version -> the commit whose code makes it (see the docstring for why these)
VERSIONS: dict[int, str] = {
    5: "d941cac",  # last commit before 0006_anchor_lockout
    6: "2329996",  # 0006_anchor_lockout landed
    7: "c175ee2",  # 0007_operator_pins landed (issue 12), the last commit before 0008
    8: "6c78c94",  # 0008_shifts listed, 0009_stock not yet (issue 13)
    9: "04e2140",  # 0009_stock landed, 0010_outbox_pruning not yet (issue 17)
    10: "550ec30",  # 0010_outbox_pruning landed, 0011_stock_levels not yet
    11: "187464a",  # 0011_stock_levels landed, 0012_compact_history not yet
    12: "ff35b63",  # 0012_compact_history landed, 0013_audit_hashes not yet
    13: "e10ae17",  # 0013_audit_hashes landed, 0014_payment_keys not yet
    14: "9b4cdbd",  # 0014_payment_keys landed, 0015_sale_keys not yet
    15: "4814d62",
    16: "289253b",  # 0016_line_ids committed, 0017_line_numbers not yet
    17: "97fa78f",  # 0017_line_numbers landed, 0018_last_signed_in not yet
}
MAX_PLAIN_BYTES = 1_000_000
SIMULATE = ("simulate", "--days", "2", "--seed", "7", "--start", "2026-03-01")
# Run by the old code in its worktree, the data folder as argument; uses only services
# that exist unchanged in every commit of VERSIONS.
CONSIGN = """
import sys
from datetime import UTC, datetime, timedelta

from station_app.core.clock import Clock, SteppingClock
from station_app.core.consignment import intake_lot, pay_out, ship_lots
from station_app.core.hub_changes import LOT_SETTLED, apply_hub_change
from station_app.core.operators import get_operator
from station_app.core.payments import PaymentMethod
from station_app.core.settings import load_settings
from station_app.storage.database import open_database
from station_app.storage.transaction import write_transaction

db = open_database(sys.argv[1] + "/station.db")
settings = load_settings(db)
ticker = SteppingClock(datetime(2026, 3, 3, 1, 0, tzinfo=UTC))
clock = Clock(settings.tz_offset_min, ticker)
owner = get_operator(db, db.execute(
    "SELECT id FROM operators WHERE role = 'owner' ORDER BY created_at, id").fetchone()[0])
farmers = [r[0] for r in db.execute("SELECT id FROM villagers ORDER BY created_at, id LIMIT 2")]
lots = []
for farmer, (product, gross_g) in zip(farmers, (("脐橙", 49_800), ("土鸡蛋", 31_800))):
    lots.append(intake_lot(db, farmer, product, "一级", 3, 0, gross_g, 600,
                           clock.today() - timedelta(days=1), 20, 600, 800, owner, settings,
                           clock))
    ticker.advance(timedelta(minutes=7))
ship_lots(db, [lot.id for lot in lots], "县物流车", owner, settings, clock)
ticker.advance(timedelta(hours=6))
sold = lots[0]
sale_fen = sold.net_g * 600 // 1000
commission_fen = sale_fen * 800 // 10_000
with write_transaction(db):
    apply_hub_change(db, 1, LOT_SETTLED, clock.stamp(), {
        "settlement_id": "fixture-settlement-1", "lot_code": sold.lot_code,
        "outcome": "sold", "sold_g": sold.net_g, "sale_fen": sale_fen, "hub_fees_fen": 300,
        "commission_fen": commission_fen,
        "due_to_farmer_fen": sale_fen - 300 - commission_fen,
        "settled_at": clock.stamp()}, clock.stamp())
ticker.advance(timedelta(hours=1))
pay_out(db, "fixture-settlement-1", PaymentMethod.CASH, "", owner, clock)
db.close()
"""


def fixture_path(version: int) -> Path:
    """Where the fixture of schema `version` goes (before any .gz)."""
    return FIXTURES / f"station_schema_{version:04d}.db"


def build(version: int, commit: str) -> Path:
    """Make the fixture of `version` with the code of `commit`; return the file written."""
    worktree = Path(f"/tmp/schema-{version}")
    if worktree.exists():
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)], check=True
        )
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(worktree), commit], check=True
    )
    try:
        with tempfile.TemporaryDirectory() as data:
            # Run inside the worktree, so its own station_app is imported, not ours.
            for command in (("init", "--demo"), SIMULATE):
                subprocess.run(
                    [str(PYTHON), "main.py", "--data-dir", data, *command], cwd=worktree, check=True
                )
            subprocess.run([str(PYTHON), "-c", CONSIGN, data], cwd=worktree, check=True)
            return _store(Path(data) / "station.db", version)
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)], check=True
        )


def _store(source: Path, version: int) -> Path:
    target = fixture_path(version)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "station.db"
        conn = sqlite3.connect(source)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("VACUUM INTO ?", (str(copy),))
        finally:
            conn.close()
        conn = sqlite3.connect(copy)
        try:
            conn.execute("PRAGMA journal_mode=DELETE")
            conn.execute("VACUUM")
        finally:
            conn.close()
        for stale in (target, target.with_name(target.name + ".gz")):
            stale.unlink(missing_ok=True)
        if copy.stat().st_size <= MAX_PLAIN_BYTES:
            shutil.copyfile(copy, target)
            return target
        packed = target.with_name(target.name + ".gz")
        with copy.open("rb") as raw, gzip.GzipFile(packed, "wb", mtime=0) as out:
            shutil.copyfileobj(raw, out)
        return packed


def main(argv: list[str]) -> int:
    """Build the versions named in `argv`, or all of them."""
    wanted = [int(arg) for arg in argv] or sorted(VERSIONS)
    for version in wanted:
        if version not in VERSIONS:
            print(f"no commit known for schema version {version}", file=sys.stderr)
            return 1
        written = build(version, VERSIONS[version])
        print(f"schema {version}: {written.relative_to(ROOT)} ({written.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
