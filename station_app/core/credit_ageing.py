"""How old villagers' unpaid credit (赊账) is: ageing buckets per villager, first in first out.

A repayment, a refund onto the account or a negative adjustment pays off the oldest
charges first (FIFO), whatever charge it was made against: what is left unpaid is the
newest charges, each aged from its station-local day to the as-of day. The buckets are
0–30, 31–60, 61–90 and over 90 days. Computed in one SQL statement with a running sum
(window function) over the ledger, so no villager's entries are loaded into Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from station_app.core.clock import Clock
from station_app.core.local_days import day_end_utc
from station_app.storage.sqlite_wrapper import Database

BUCKET_LIMITS_DAYS = (30, 60, 90)  # 0–30, 31–60, 61–90, then over 90


@dataclass(frozen=True)
class VillagerAgeing:
    """What one villager owed at the end of the as-of day, split by the age of the charges."""

    villager_id: str
    name: str
    owed_fen: int
    days_0_30_fen: int
    days_31_60_fen: int
    days_61_90_fen: int
    days_over_90_fen: int
    oldest_unpaid: str  # station-local YYYY-MM-DD of the oldest charge not yet paid off


@dataclass(frozen=True)
class CreditAgeing:
    """Everyone who owed at the end of `as_of`, most owed first, with the totals."""

    as_of: str
    villagers: tuple[VillagerAgeing, ...]

    @property
    def owed_fen(self) -> int:
        """What all villagers owed together at the end of `as_of`."""
        return sum(v.owed_fen for v in self.villagers)

    def bucket_totals_fen(self) -> tuple[int, int, int, int]:
        """The four buckets summed over all villagers: 0–30, 31–60, 61–90, over 90 days."""
        return (
            sum(v.days_0_30_fen for v in self.villagers),
            sum(v.days_31_60_fen for v in self.villagers),
            sum(v.days_61_90_fen for v in self.villagers),
            sum(v.days_over_90_fen for v in self.villagers),
        )


_AGEING = """
WITH l AS (
    SELECT villager_id, seq, at, amount_fen FROM villager_ledger WHERE at < :end
),
paid AS (
    SELECT villager_id, -sum(amount_fen) AS fen FROM l WHERE amount_fen < 0 GROUP BY villager_id
),
charges AS (
    SELECT villager_id, at, amount_fen,
           sum(amount_fen) OVER (PARTITION BY villager_id ORDER BY seq
                                 ROWS UNBOUNDED PRECEDING) AS upto
    FROM l WHERE amount_fen > 0
),
unpaid AS (
    -- FIFO: the payments cover the charges up to their total; the rest of each is unpaid.
    SELECT c.villager_id, date(c.at, :shift) AS day,
           max(0, min(c.amount_fen, c.upto - coalesce(p.fen, 0))) AS fen
    FROM charges c LEFT JOIN paid p ON p.villager_id = c.villager_id
),
aged AS (
    SELECT villager_id, day, fen, CAST(julianday(:as_of) - julianday(day) AS INTEGER) AS age
    FROM unpaid WHERE fen > 0
)
SELECT a.villager_id, v.name, sum(a.fen),
       sum(CASE WHEN a.age <= :b1 THEN a.fen ELSE 0 END),
       sum(CASE WHEN a.age > :b1 AND a.age <= :b2 THEN a.fen ELSE 0 END),
       sum(CASE WHEN a.age > :b2 AND a.age <= :b3 THEN a.fen ELSE 0 END),
       sum(CASE WHEN a.age > :b3 THEN a.fen ELSE 0 END),
       min(a.day)
FROM aged a JOIN villagers v ON v.id = a.villager_id
GROUP BY a.villager_id ORDER BY 3 DESC, v.name, a.villager_id
"""


def credit_ageing(db: Database, as_of: date, clock: Clock) -> CreditAgeing:
    """Unpaid credit at the end of the station-local day `as_of`, aged FIFO (see module)."""
    b1, b2, b3 = BUCKET_LIMITS_DAYS
    rows = db.execute(
        _AGEING,
        {
            "end": day_end_utc(as_of, clock.tz_offset_min),
            "shift": f"{clock.tz_offset_min} minutes",
            "as_of": as_of.isoformat(),
            "b1": b1,
            "b2": b2,
            "b3": b3,
        },
    )
    return CreditAgeing(as_of.isoformat(), tuple(VillagerAgeing(*r) for r in rows))


def owed_now_fen(db: Database) -> int:
    """What all villagers who owe owe together now, every ledger entry counted."""
    row = db.execute(
        "SELECT coalesce(sum(owed), 0) FROM (SELECT sum(amount_fen) AS owed FROM villager_ledger "
        "GROUP BY villager_id HAVING owed > 0)"
    ).fetchone()
    return int(row[0])
