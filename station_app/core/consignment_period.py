"""Consignment (代销) over a period: taken in, shipped, settled, paid out, still owed.

Lots, shipments and payouts count on their station-local day. A settlement counts on
the station-local day it reached the station (`received_at`): the hub's own
`settled_at` is the hub's clock and may arrive days later, after the period was read.
What is owed to farmers is every settlement received by the end of the period's last
day with no payout made by then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from station_app.core.clock import Clock
from station_app.core.local_days import day_end_utc, day_start_utc
from station_app.storage.sqlite_wrapper import Database


@dataclass(frozen=True)
class ConsignmentPeriodFigures:
    """A period's consignment, weights in grams and money in fen."""

    lots_taken_in: int
    taken_in_g: int  # net weight of the lots taken in
    shipments: int
    lots_shipped: int
    shipped_g: int
    settlements: int
    sold_g: int
    sale_fen: int  # what the hub sold the settled lots for
    hub_fees_fen: int
    commission_fen: int
    settled_due_fen: int  # what those settlements say is due to the farmers
    payouts: int
    paid_out_fen: int
    owed_to_farmers_fen: int  # at the end of the period: settled, not yet paid out
    farmers_owed: int


def consignment_period(
    db: Database, first: date, last: date, clock: Clock
) -> ConsignmentPeriodFigures:
    """Consignment of the station-local days `first` to `last` (see the module for dates)."""
    span = [first.isoformat(), last.isoformat()]
    start = day_start_utc(first, clock.tz_offset_min)
    end = day_end_utc(last, clock.tz_offset_min)
    lots = db.execute(
        "SELECT count(*), coalesce(sum(net_g), 0) FROM lots WHERE local_date BETWEEN ? AND ?",
        span,
    ).fetchone()
    shipped = db.execute(
        "SELECT count(DISTINCT s.id), count(sl.lot_id), coalesce(sum(l.net_g), 0) "
        "FROM shipments s LEFT JOIN shipment_lots sl ON sl.shipment_id = s.id "
        "LEFT JOIN lots l ON l.id = sl.lot_id WHERE s.local_date BETWEEN ? AND ?",
        span,
    ).fetchone()
    settled = db.execute(
        "SELECT count(*), coalesce(sum(sold_g), 0), coalesce(sum(sale_fen), 0), "
        "coalesce(sum(hub_fees_fen), 0), coalesce(sum(commission_fen), 0), "
        "coalesce(sum(due_to_farmer_fen), 0) FROM lot_settlements "
        "WHERE received_at >= ? AND received_at < ?",
        [start, end],
    ).fetchone()
    paid = db.execute(
        "SELECT count(*), coalesce(sum(amount_fen), 0) FROM farmer_payouts "
        "WHERE local_date BETWEEN ? AND ?",
        span,
    ).fetchone()
    owed = db.execute(
        "SELECT coalesce(sum(s.due_to_farmer_fen), 0), count(DISTINCT l.villager_id) "
        "FROM lot_settlements s JOIN lots l ON l.id = s.lot_id "
        "WHERE s.received_at < :end AND s.due_to_farmer_fen > 0 AND NOT EXISTS "
        "(SELECT 1 FROM farmer_payouts p WHERE p.settlement_id = s.id AND p.at < :end)",
        {"end": end},
    ).fetchone()
    return ConsignmentPeriodFigures(*lots, *shipped, *settled, *paid, *owed)
