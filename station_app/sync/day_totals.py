"""The station's own per-day totals that ride with an upload batch (`status.days`).

For each local day of a sale or refund in the batch: the sales rung up that day and the
net (sales less refunds), from the station's own `sales` and `refunds` tables. Sales
and refunds whose events still wait in the outbox after this batch are left out, so
once the hub has stored the batch its figures for those days must be these; whatever
differs is an event the hub never got or refused, which the county's reconciliation
page shows.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

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


def batch_day_totals(db: Database, batch: Sequence[OutboxEvent]) -> tuple[StationDay, ...]:
    """The station's totals of each local day the batch's sales and refunds fall on."""
    days = _days_of(db, batch)
    if not days:
        return ()
    after = batch[-1].seq
    figures = {day: [0, 0] for day in days}
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
            if kind == SALE_COMPLETED:
                figures[day][0] += int(count)
                figures[day][1] += int(amount)
            else:
                figures[day][1] -= int(amount)
    return tuple(StationDay(day, count, net) for day, (count, net) in figures.items())
