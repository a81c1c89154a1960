"""Deleting long-delivered outbox events, so the station file stops growing.

A delivered event is stored at the hub for good (station, event id), and a new PC is
rebuilt from the hub's copy (station_app/sync/recovery.py), so after
`outbox_retention_days` the station drops the event's row and counts it in
`outbox_pruned` (events per UTC day of creation and kind, and the last seq). Queued
and rejected events stay whatever their age: the hub does not have them. The outbox
lets only delivered rows staged in `outbox_pruning` go (migrations 0010 and 0012), and
AUTOINCREMENT never gives a deleted seq to a new event.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from station_app.core.clock import iso
from station_app.storage.migration_0010_outbox_pruning import KEPT_COLUMNS
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction

# Small write transactions: a sale rung up meanwhile waits at most one batch.
PRUNE_BATCH = 500
# One sync prunes at most this many; a station upgraded with a year of events catches
# up over a few syncs instead of holding one GUI sync for minutes.
MAX_PRUNED_PER_RUN = 200_000

# Pruned rows are gone, so the oldest rows left are where the search starts; and it
# reads only up to the last event made before the cutoff: with nothing to prune (most
# syncs), it reads no row. Scanning the whole outbox took a second at a million events.
_STAGE = f"""
INSERT INTO outbox_pruning({KEPT_COLUMNS})
SELECT {KEPT_COLUMNS} FROM outbox
WHERE seq <= :upto AND status = 'delivered' AND sent_at < :cutoff AND created_at < :cutoff
ORDER BY seq LIMIT :batch
"""
# `WHERE true`: SQLite reads an upsert's ON after a bare SELECT as a join's.
_COUNT = """
INSERT INTO outbox_pruned(day, kind, events, last_seq)
SELECT substr(created_at, 1, 10), kind, count(*), max(seq) FROM outbox_pruning WHERE true
GROUP BY 1, 2
ON CONFLICT(day, kind) DO UPDATE
SET events = events + excluded.events, last_seq = max(last_seq, excluded.last_seq)
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


def _prune_batch(db: Database, cutoff: str, upto: int, batch: int) -> int:
    """Stage up to `batch` rows, count them by day and kind, delete them: one transaction."""
    with write_transaction(db):
        staged = db.execute(_STAGE, {"cutoff": cutoff, "upto": upto, "batch": batch}).rowcount
        if staged:
            db.execute(_COUNT)
            deleted = db.execute(
                "DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox_pruning)"
            ).rowcount
            if deleted != staged:  # the transaction rolls back: the counts must hold
                raise RuntimeError(f"outbox pruning deleted {deleted} of {staged} rows")
            db.execute("DELETE FROM outbox_pruning")
    return staged


def prune_delivered_events(
    db: Database,
    now: datetime,
    retention_days: int,
    *,
    batch_size: int = PRUNE_BATCH,
    max_rows: int = MAX_PRUNED_PER_RUN,
    should_stop: Callable[[], bool] | None = None,
) -> int:
    """Delete the events delivered and created over `retention_days` before `now`.

    Each batch of at most `batch_size` rows is its own write transaction; stops after
    `max_rows` or when `should_stop()` says so. Returns how many events were pruned;
    running it again at once prunes none.
    """
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    cutoff = iso(now - timedelta(days=retention_days))
    upto = last_seq_before(db, cutoff)  # events made from now on are past the cutoff
    pruned = 0
    while upto and pruned < max_rows and not (should_stop is not None and should_stop()):
        batch = min(batch_size, max_rows - pruned)
        done = _prune_batch(db, cutoff, upto, batch)
        pruned += done
        if done < batch:
            break
    return pruned


def pruned_count(db: Database) -> int:
    """How many delivered events have been pruned from the outbox."""
    return int(db.execute("SELECT coalesce(sum(events), 0) FROM outbox_pruned").fetchone()[0])
