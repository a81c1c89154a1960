"""Daily sales figures, in fen, for the CLI report and later the Z report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from station_app.core.payments import PaymentMethod
from station_app.storage.sqlite_wrapper import Database


@dataclass(frozen=True)
class DayReport:
    """One local day at the station. `net_fen` = sales totals − refunds = sum of `payments_fen`."""

    date: str
    sales_count: int
    gross_fen: int
    discount_fen: int
    rounding_fen: int
    refund_count: int
    refunds_fen: int
    net_fen: int
    payments_fen: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        """The stable JSON shape printed by `main.py report --json`."""
        return asdict(self)


def day_report(db: Database, day: date) -> DayReport:
    """Sum the sales and refunds whose station-local date is `day`."""
    return period_report(db, day, day)


def period_report(db: Database, first: date, last: date) -> DayReport:
    """Sum the sales and refunds of the station-local days `first` to `last` inclusive.

    `date` in the result is the day, or `first..last` for a longer period.
    """
    span = [first.isoformat(), last.isoformat()]
    count, gross, discount, rounding, total = db.execute(
        "SELECT count(*), coalesce(sum(subtotal_fen), 0), coalesce(sum(discount_fen), 0), "
        "coalesce(sum(rounding_fen), 0), coalesce(sum(total_fen), 0) "
        "FROM sales WHERE local_date BETWEEN ? AND ?",
        span,
    ).fetchone()
    refund_count, refunds = db.execute(
        "SELECT count(*), coalesce(sum(total_fen), 0) FROM refunds "
        "WHERE local_date BETWEEN ? AND ?",
        span,
    ).fetchone()
    by_method = {m.value: 0 for m in PaymentMethod}
    for method, amount in db.execute(
        "SELECT p.method, sum(p.amount_fen) FROM payments p JOIN sales s ON s.seq = p.sale_seq "
        "WHERE s.local_date BETWEEN ? AND ? GROUP BY p.method",
        span,
    ):
        by_method[method] += amount
    for method, amount in db.execute(
        "SELECT method, sum(total_fen) FROM refunds WHERE local_date BETWEEN ? AND ? "
        "GROUP BY method",
        span,
    ):
        by_method[method] -= amount
    label = span[0] if first == last else f"{span[0]}..{span[1]}"
    return DayReport(
        label, count, gross, discount, rounding, refund_count, refunds, total - refunds, by_method
    )
