"""The station's own per-day totals that ride with an upload batch (`status.days`).

For each local day of a sale or refund in the batch: the sales rung up that day and the
net (sales less refunds), from the station's own `sales` and `refunds` tables. Sales
and refunds whose events still wait in the outbox after this batch are left out, so
once the hub has stored the batch its figures for those days must be these; whatever
differs is an event the hub never got or refused, which the county's reconciliation
page shows.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from station_app.storage.sqlite_wrapper import Database
from station_app.sync.outbox import OutboxEvent
from village_protocol.events import REFUND_COMPLETED, SALE_COMPLETED
from village_protocol.upload_status import StationDay

# The table and the payload key naming each money record's row.
_RECORDS = ((SALE_COMPLETED, "sales", "sale_id"), (REFUND_COMPLETED, "refunds", "refund_id"))


def _marks(count: int) -> str:
    return ",".join("?" * count)


def _days_of(db: Database, batch: Sequence[OutboxEvent]) -> list[str]:
    """The local dates of the sales and refunds the batch carries."""
    days: set[str] = set()
    for kind, table, key in _RECORDS:
        ids = [str(e.payload.get(key)) for e in batch if e.kind == kind]
        if ids:
            days.update(
                row[0]
                for row in db.execute(
                    f"SELECT DISTINCT local_date FROM {table} WHERE id IN ({_marks(len(ids))})",
                    ids,
                )
            )
    return sorted(days)


class QueuedRecords:
    """The sales and refunds of the queued events, by seq: read once per run, then topped up.

    Each batch's totals leave out the records whose events are sent later. Extracting
    those ids from every later payload for every batch made an upload of 10,000 events
    quadratic; here each payload is read once (its record's id by SQLite's JSON, with
    the record's day and amount), and a batch's totals are its days' totals less the
    records queued behind it, found by bisection. Only this sync takes an event out of
    the queue (under the sync lock), so between batches the queue only grows (new sales,
    a keeper's "send again"): when the count of later queued events (of any kind)
    differs from what is kept, they are read again.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        # In seq order: seq, and its record (kind, id, local date, amount) or None.
        self._seqs: list[int] = []
        self._records: list[tuple[str, str, str, int] | None] = []
        self._queued: list[int] = []
        # (kind, day) -> the last seq naming each of its records, ascending, and the
        # running sums of their amounts (a record counts once, however many events name
        # it, and is queued behind `after` exactly when its last event is).
        self._last_seqs: dict[tuple[str, str], list[int]] = {}
        self._sums: dict[tuple[str, str], list[int]] = {}
        self._read(0)
        # table -> (its largest rowid when read, {day: (count, amount)}). Sales and
        # refunds are only ever added, so a day's figures hold until a row is added.
        self._days: dict[str, tuple[int, dict[str, tuple[int, int]]]] = {}

    def _read(self, after: int) -> None:
        parts = [
            f"SELECT o.seq, o.kind, r.id, r.local_date, r.total_fen FROM outbox o "
            f"LEFT JOIN {table} r ON r.id = json_extract(o.payload, '$.{key}') "
            f"WHERE o.status = 'queued' AND o.seq > ? AND o.kind = '{kind}'"
            for kind, table, key in _RECORDS
        ]
        rows = sorted(self._db.execute(" UNION ALL ".join(parts), [after] * len(parts)).fetchall())
        # Every queued seq, of any kind: counted from the queue's own index alone, they
        # show when the queue changed without reading a row.
        self._queued = [
            row[0]
            for row in self._db.execute(
                "SELECT seq FROM outbox WHERE status = 'queued' AND seq > ? ORDER BY seq", [after]
            )
        ]
        self._seqs = [row[0] for row in rows]
        self._records = [
            None if row[2] is None else (row[1], row[2], row[3], int(row[4])) for row in rows
        ]
        last: dict[tuple[str, str], tuple[int, str, int]] = {}
        for seq, record in zip(self._seqs, self._records, strict=True):
            if record is not None:
                kind, record_id, day, amount = record
                last[kind, record_id] = (seq, day, amount)
        self._last_seqs, self._sums = {}, {}
        for (kind, _), (seq, day, amount) in sorted(last.items(), key=lambda item: item[1][0]):
            self._last_seqs.setdefault((kind, day), []).append(seq)
            sums = self._sums.setdefault((kind, day), [0])
            sums.append(sums[-1] + amount)

    def _fresh(self, after: int) -> None:
        """Read the queue after `after` again if it changed since it was read."""
        queued = self._db.execute(
            "SELECT count(*) FROM outbox WHERE status = 'queued' AND seq > ?", [after]
        ).fetchone()[0]
        if queued != len(self._queued) - bisect.bisect_right(self._queued, after):
            self._read(after)

    def days_of(self, first: int, last: int) -> list[str]:
        """The local dates of the records whose events have seqs `first` to `last`."""
        self._fresh(first - 1)
        start = bisect.bisect_left(self._seqs, first)
        end = bisect.bisect_right(self._seqs, last)
        return sorted({record[2] for record in self._records[start:end] if record is not None})

    def later(self, after: int, kind: str, day: str) -> tuple[int, int]:
        """(count, amount) of `kind`'s records of `day` queued with seq above `after`.

        As read by the last `days_of`, whose first seq is at most `after`: the queue only
        grows, so an event queued since would have changed that count too.
        """
        last_seqs = self._last_seqs.get((kind, day), [])
        sums = self._sums.get((kind, day), [0])
        start = bisect.bisect_right(last_seqs, after)
        return len(last_seqs) - start, sums[-1] - sums[start]

    def day_figures(self, table: str, days: list[str]) -> dict[str, tuple[int, int]]:
        """(count, amount) of `table`'s rows on each of `days`; kept while none is added.

        Ten thousand queued sales of one day made every batch sum that day again.
        """
        newest = self._db.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
        kept_at, kept = self._days.get(table, (None, {}))
        if kept_at != newest:
            kept = {}
            self._days[table] = (newest, kept)
        missing = [day for day in days if day not in kept]
        if missing:
            kept.update({day: (0, 0) for day in missing})
            for day, count, amount in self._db.execute(
                f"SELECT local_date, count(*), coalesce(sum(total_fen), 0) FROM {table} "
                f"WHERE local_date IN ({_marks(len(missing))}) GROUP BY local_date",
                missing,
            ):
                kept[day] = (int(count), int(amount))
        return {day: kept[day] for day in days}


def batch_day_totals(
    db: Database, batch: Sequence[OutboxEvent], queued: QueuedRecords | None = None
) -> tuple[StationDay, ...]:
    """The station's totals of each local day the batch's sales and refunds fall on.

    `batch` is queued events in seq order, every queued event between its first and its
    last (as `outbox.pending_events` reads them). `queued` (one per sync run) saves
    reading every later payload again for each batch, and parsing the batch's own.
    """
    if not batch:
        return ()
    days = _days_of(db, batch) if queued is None else queued.days_of(batch[0].seq, batch[-1].seq)
    if not days:
        return ()
    after = batch[-1].seq
    figures = {day: [0, 0] for day in days}
    if queued is not None:
        return _totals_less_later(figures, queued, after)
    for kind, table, key in _RECORDS:
        # Records whose event is sent later: not the hub's yet, so not in this report.
        later = (
            f"SELECT json_extract(payload, '$.{key}') FROM outbox "
            "WHERE status = 'queued' AND seq > ? AND kind = ? "
            f"AND json_extract(payload, '$.{key}') IS NOT NULL"
        )
        for day, count, amount in db.execute(
            f"SELECT local_date, count(*), coalesce(sum(total_fen), 0) FROM {table} "
            f"WHERE local_date IN ({_marks(len(days))}) AND id NOT IN ({later}) "
            "GROUP BY local_date",
            [*days, after, kind],
        ):
            _add(figures[day], kind, int(count), int(amount))
    return tuple(StationDay(day, count, net) for day, (count, net) in figures.items())


def _add(figure: list[int], kind: str, count: int, amount: int) -> None:
    if kind == SALE_COMPLETED:
        figure[0] += count
        figure[1] += amount
    else:
        figure[1] -= amount


def _totals_less_later(
    figures: dict[str, list[int]], queued: QueuedRecords, after: int
) -> tuple[StationDay, ...]:
    """Each day's own totals, less the records whose events are queued behind `after`."""
    days = list(figures)
    for kind, table, _ in _RECORDS:
        for day, (count, amount) in queued.day_figures(table, days).items():
            if count:
                _add(figures[day], kind, count, amount)
            later_count, later_amount = queued.later(after, kind, day)
            if later_count:
                _add(figures[day], kind, -later_count, -later_amount)
    return tuple(StationDay(day, count, net) for day, (count, net) in figures.items())
