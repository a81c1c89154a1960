"""Dropping the payloads of long-delivered outbox events, so the station file stops growing.

A delivered event is stored at the hub for good (station, event id), and a new PC is
rebuilt from the hub's copy (station_app/sync/recovery.py), so after
`outbox_retention_days` the station keeps only the row: seq, event id, kind, times and
delivery state, with `{}` as payload and `payload_pruned_at` set. Queued and rejected
events keep their payloads whatever their age: the hub does not have them. Triggers of
migration 0010 let only staged delivered rows be rewritten, and a pruned event can never
be queued again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlite_utils import Database

from station_app.core.clock import iso
from station_app.storage.migration_0010_outbox_pruning import KEPT_COLUMNS, PRUNED_PAYLOAD
from station_app.storage.transaction import write_transaction

# Small write transactions: a sale rung up meanwhile waits at most one batch.
PRUNE_BATCH = 500
# One sync prunes at most this many; a station upgraded with a year of events catches
# up over a few syncs instead of holding one GUI sync for minutes.
MAX_PRUNED_PER_RUN = 200_000

# Read through the index of unpruned rows, and only up to the last event made before the
# cutoff: with nothing to prune (most syncs), the search reads no row. Scanning the whole
# outbox for it took a second at a million events, at every sync.
_STAGE = f"""
INSERT INTO outbox_pruning({KEPT_COLUMNS})
SELECT {KEPT_COLUMNS} FROM outbox INDEXED BY outbox_unpruned
WHERE payload_pruned_at IS NULL AND seq <= :upto AND status = 'delivered'
    AND sent_at < :cutoff AND created_at < :cutoff
ORDER BY seq LIMIT :batch
"""
_REWRITE = f"""
INSERT INTO outbox({KEPT_COLUMNS}, payload, payload_pruned_at)
SELECT {KEPT_COLUMNS}, '{PRUNED_PAYLOAD}', :at FROM outbox_pruning ORDER BY seq
"""


def last_seq_before(db: Database, cutoff: str) -> int:
    """The seq of the last event made before `cutoff` (0 if none), by bisection on seq.

    Events get their seq as they are made, so `created_at` rises with seq; where a clock
    was set back it does not, and an event made "before" the cutoff but after a later one
    may fall beyond the bound: it is pruned at a later sync, once the cutoff passes the
    events around it. The bound only narrows the search; the WHERE clause still decides.
    """
    # Two statements: SQLite answers a lone min() or max() from the key's ends, but
    # scans the table for both in one.
    low = db.execute("SELECT min(seq) FROM outbox").fetchone()[0]
    high = db.execute("SELECT max(seq) FROM outbox").fetchone()[0]
    if low is None:
        return 0

    def made_at(seq: int) -> tuple[int, str]:
        row = db.execute(
            "SELECT seq, created_at FROM outbox WHERE seq >= ? ORDER BY seq LIMIT 1", [seq]
        ).fetchone()
        return int(row[0]), str(row[1])

    if made_at(low)[1] >= cutoff:
        return 0
    while low < high:  # made_at(low) is before the cutoff
        middle = (low + high + 1) // 2
        if made_at(middle)[1] < cutoff:
            low = middle
        else:
            high = middle - 1
    return made_at(low)[0]


def _prune_batch(db: Database, cutoff: str, upto: int, at: str, batch: int) -> int:
    """Stage up to `batch` rows, delete them and write them back with `{}`: one transaction.

    Deleting (not UPDATE) is what lets SQLite merge the emptied pages.
    """
    with write_transaction(db):
        staged = db.execute(_STAGE, {"cutoff": cutoff, "upto": upto, "batch": batch}).rowcount
        if staged:
            db.execute("DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox_pruning)")
            written = db.execute(_REWRITE, {"at": at}).rowcount
            if written != staged:  # the transaction rolls back: no row may go missing
                raise RuntimeError(f"outbox pruning wrote back {written} of {staged} rows")
            db.execute("DELETE FROM outbox_pruning")
    return staged


def prune_delivered_payloads(
    db: Database,
    now: datetime,
    retention_days: int,
    *,
    batch_size: int = PRUNE_BATCH,
    max_rows: int = MAX_PRUNED_PER_RUN,
    should_stop: Callable[[], bool] | None = None,
) -> int:
    """Empty the payloads of events delivered and created over `retention_days` before `now`.

    Each batch of at most `batch_size` rows is its own write transaction; stops after
    `max_rows` or when `should_stop()` says so. Returns how many payloads were dropped;
    running it again at once drops none.
    """
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    cutoff = iso(now - timedelta(days=retention_days))
    at = iso(now)
    upto = last_seq_before(db, cutoff)  # events made from now on are past the cutoff
    pruned = 0
    while upto and pruned < max_rows and not (should_stop is not None and should_stop()):
        batch = min(batch_size, max_rows - pruned)
        done = _prune_batch(db, cutoff, upto, at, batch)
        pruned += done
        if done < batch:
            break
    return pruned


def pruned_count(db: Database) -> int:
    """How many outbox events are kept as a row without their payload."""
    row = db.execute("SELECT count(*) FROM outbox WHERE payload_pruned_at IS NOT NULL").fetchone()
    return int(row[0])
