"""Agency money (代购) over a period, and what was still owed at its end.

The money moved is summed by each row's station-local day, as `agency.agency_day_totals`
does for one day; service fees count on the day the order was taken. What was still
owed is each order's position at the end of the period's last day: its latest state
then, and its money rows up to then, with the rules of `core.agency` (an order in a
refund state owes nothing more to the station; its money flows back).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from station_app.core.agency import REFUND_STATES
from station_app.core.clock import Clock
from station_app.core.local_days import day_end_utc
from station_app.storage.sqlite_wrapper import Database


@dataclass(frozen=True)
class AgencyPeriodFigures:
    """Agency orders and money of a period, and the open balances at its end, all fen."""

    orders_created: int
    collected_fen: int
    spent_fen: int
    service_fee_fen: int
    platform_refund_fen: int
    paid_back_fen: int
    due_from_villagers_fen: int  # still to collect on orders going ahead
    owed_to_villagers_fen: int  # refunds the station still owes villagers
    platforms_owe_fen: int  # refunds the platforms still owe the station


_OPEN_AT_END = f"""
WITH money AS (
    SELECT order_id,
           sum(CASE WHEN kind = 'collected' THEN amount_fen ELSE 0 END) AS collected,
           sum(CASE WHEN kind = 'spent' THEN amount_fen ELSE 0 END) AS spent,
           sum(CASE WHEN kind = 'platform_refund' THEN amount_fen ELSE 0 END) AS refunded,
           sum(CASE WHEN kind = 'paid_back' THEN amount_fen ELSE 0 END) AS paid_back
    FROM agency_money WHERE at < :end GROUP BY order_id
),
orders AS (
    SELECT o.total_fen,
           (SELECT h.status FROM agency_order_history h WHERE h.order_id = o.id AND h.at < :end
            ORDER BY h.seq DESC LIMIT 1) IN ({", ".join(f"'{s.value}'" for s in REFUND_STATES)})
               AS refunding,
           coalesce(m.collected, 0) AS collected, coalesce(m.spent, 0) AS spent,
           coalesce(m.refunded, 0) AS refunded, coalesce(m.paid_back, 0) AS paid_back
    FROM agency_orders o LEFT JOIN money m ON m.order_id = o.id WHERE o.created_at < :end
)
SELECT coalesce(sum(CASE WHEN refunding THEN 0 ELSE total_fen - collected END), 0),
       coalesce(sum(CASE WHEN refunding THEN max(collected - paid_back, 0) ELSE 0 END), 0),
       coalesce(sum(CASE WHEN refunding THEN max(spent - refunded, 0) ELSE 0 END), 0)
FROM orders
"""


def agency_period(db: Database, first: date, last: date, clock: Clock) -> AgencyPeriodFigures:
    """Agency money of the station-local days `first` to `last`, and what was open at the end."""
    span = [first.isoformat(), last.isoformat()]
    sums = dict(
        db.execute(
            "SELECT kind, sum(amount_fen) FROM agency_money WHERE local_date BETWEEN ? AND ? "
            "GROUP BY kind",
            span,
        ).fetchall()
    )
    count, fees = db.execute(
        "SELECT count(*), coalesce(sum(service_fee_fen), 0) FROM agency_orders "
        "WHERE local_date BETWEEN ? AND ?",
        span,
    ).fetchone()
    due, owed, platforms = db.execute(
        _OPEN_AT_END, {"end": day_end_utc(last, clock.tz_offset_min)}
    ).fetchone()
    return AgencyPeriodFigures(
        count,
        sums.get("collected", 0),
        sums.get("spent", 0),
        fees,
        sums.get("platform_refund", 0),
        sums.get("paid_back", 0),
        due,
        owed,
        platforms,
    )
