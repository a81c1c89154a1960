"""The sales of a period broken down: per day, per hour, per category, top products, margin.

Every figure is one SQL aggregate over the period's rows; Python only sees the grouped
results (a day, an hour, a category or a top-20 row), so a ten-year period over a
million sales costs a few grouped scans, not a million rows in memory.

What the amounts mean, so the figures can be read together:

- Per day and per hour: the same money as the one-day report — sale totals (after every
  discount and 抹零) minus refunds, each counted on its own station-local day and hour.
- Per category and per product: line amounts, i.e. what each line cost after its own
  discount but before a whole-sale discount and 抹零 (those belong to a receipt, not to a
  line, and show in the summary). Refunds are a separate column: the refunded amount of
  the period's refunds, by the category or product of the refunded line. The category
  is the product's category now, since lines do not store it.
- Margin: sale lines keep no cost, so a line's cost is the product's current average
  cost (`products.avg_cost_fen`, kept by receiving). Lines whose product has no cost
  yet are left out of the margin and counted instead. Refunds are not deducted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from station_app.core.money import GRAMS_PER_KG
from station_app.core.payments import PaymentMethod
from station_app.core.reports import DayReport
from station_app.storage.sqlite_wrapper import Database

TOP_PRODUCTS = 20
BASIS_POINTS = 10_000  # shares and rates are integer basis points: 2534 = 25.34 %


@dataclass(frozen=True)
class HourFigures:
    """One hour of the station-local day (0–23) summed over the period, in fen."""

    hour: int
    sales_count: int
    sales_fen: int
    refund_count: int
    refunds_fen: int

    @property
    def net_fen(self) -> int:
        """Sale totals minus refunds in this hour."""
        return self.sales_fen - self.refunds_fen


@dataclass(frozen=True)
class CategoryFigures:
    """Line amounts of one category; `category` None is the goods with no category."""

    category: str | None
    lines: int
    amount_fen: int
    refunded_fen: int
    share_bp: int  # of all categories' `amount_fen`, in basis points

    @property
    def net_fen(self) -> int:
        """Line amounts minus the refunds of the category's lines."""
        return self.amount_fen - self.refunded_fen


@dataclass(frozen=True)
class ProductFigures:
    """One product's lines in the period: units for counted goods, grams for weighed ones."""

    product_id: str | None  # None: a line rung up without a catalog product
    name: str
    unit: str
    is_weighed: bool
    quantity: int  # units sold (counted goods); lines for weighed goods
    weight_g: int  # grams sold (weighed goods); 0 for counted goods
    amount_fen: int
    refunded_fen: int


@dataclass(frozen=True)
class TopProducts:
    """The top 20 by amount (all goods), by units (counted goods) and by grams (weighed goods).

    Units and grams are never ranked together: a bottle and a gram are not comparable.
    """

    by_amount: tuple[ProductFigures, ...]
    by_quantity: tuple[ProductFigures, ...]
    by_weight: tuple[ProductFigures, ...]


@dataclass(frozen=True)
class MarginFigures:
    """Gross margin of the lines whose product has a known average cost, in fen."""

    costed_lines: int
    revenue_fen: int  # line amounts of the costed lines
    cost_fen: int  # avg_cost_fen × units, or × grams / 1000 (half-up) for weighed goods
    uncosted_lines: int  # lines left out: no product, or no cost received yet
    uncosted_fen: int

    @property
    def margin_fen(self) -> int:
        """Revenue minus cost of the costed lines."""
        return self.revenue_fen - self.cost_fen

    @property
    def margin_bp(self) -> int | None:
        """Margin as basis points of revenue, half-up; None without costed revenue."""
        return _share_bp(self.margin_fen, self.revenue_fen) if self.revenue_fen else None


def _share_bp(part: int, whole: int) -> int:
    # Half-up in integers, the sign kept (a margin can be negative).
    if whole == 0:
        return 0
    sign = -1 if (part < 0) != (whole < 0) else 1
    return sign * ((abs(part) * BASIS_POINTS * 2 + abs(whole)) // (2 * abs(whole)))


def _span(first: date, last: date) -> list[str]:
    return [first.isoformat(), last.isoformat()]


def days_of(db: Database, first: date, last: date) -> tuple[DayReport, ...]:
    """A `DayReport` for every day from `first` to `last`, zeros on days without sales.

    Each equals `reports.day_report` of its day; four grouped queries build them all.
    """
    span = _span(first, last)
    sales = {
        r[0]: r[1:]
        for r in db.execute(
            "SELECT local_date, count(*), sum(subtotal_fen), sum(discount_fen), "
            "sum(rounding_fen), sum(total_fen) FROM sales WHERE local_date BETWEEN ? AND ? "
            "GROUP BY local_date",
            span,
        )
    }
    refunds = {
        r[0]: r[1:]
        for r in db.execute(
            "SELECT local_date, count(*), sum(total_fen) FROM refunds "
            "WHERE local_date BETWEEN ? AND ? GROUP BY local_date",
            span,
        )
    }
    methods: dict[str, dict[str, int]] = {}
    for day, method, amount in db.execute(
        "SELECT s.local_date, p.method, sum(p.amount_fen) FROM payments p "
        "JOIN sales s ON s.seq = p.sale_seq WHERE s.local_date BETWEEN ? AND ? GROUP BY 1, 2",
        span,
    ):
        methods.setdefault(day, {})[method] = amount
    for day, method, amount in db.execute(
        "SELECT local_date, method, sum(total_fen) FROM refunds "
        "WHERE local_date BETWEEN ? AND ? GROUP BY 1, 2",
        span,
    ):
        by_day = methods.setdefault(day, {})
        by_day[method] = by_day.get(method, 0) - amount
    reports = []
    for offset in range((last - first).days + 1):
        day = (first + timedelta(days=offset)).isoformat()
        count, gross, discount, rounding, total = sales.get(day, (0, 0, 0, 0, 0))
        refund_count, refunded = refunds.get(day, (0, 0))
        paid = methods.get(day, {})
        reports.append(
            DayReport(
                day,
                count,
                gross,
                discount,
                rounding,
                refund_count,
                refunded,
                total - refunded,
                {m.value: paid.get(m.value, 0) for m in PaymentMethod},
            )
        )
    return tuple(reports)


def hours_of(db: Database, first: date, last: date) -> tuple[HourFigures, ...]:
    """Sales and refunds per station-local hour of day, all 24 hours, over the period."""
    span = _span(first, last)
    # Each row carries the offset it was stamped with, so the hour is the one the keeper saw.
    hour = "CAST(strftime('%H', created_at, tz_offset_min || ' minutes') AS INTEGER)"
    sales = {
        r[0]: r[1:]
        for r in db.execute(
            f"SELECT {hour}, count(*), sum(total_fen) FROM sales "
            "WHERE local_date BETWEEN ? AND ? GROUP BY 1",
            span,
        )
    }
    refunds = {
        r[0]: r[1:]
        for r in db.execute(
            f"SELECT {hour}, count(*), sum(total_fen) FROM refunds "
            "WHERE local_date BETWEEN ? AND ? GROUP BY 1",
            span,
        )
    }
    return tuple(HourFigures(h, *sales.get(h, (0, 0)), *refunds.get(h, (0, 0))) for h in range(24))


_PERIOD_LINES = (
    "FROM sale_lines l JOIN sales s ON s.seq = l.sale_seq "
    "LEFT JOIN products p ON p.id = l.product_id WHERE s.local_date BETWEEN ? AND ?"
)
_PERIOD_REFUND_LINES = (
    "FROM refund_lines rl JOIN refunds r ON r.id = rl.refund_id JOIN sales s ON s.id = r.sale_id "
    "JOIN sale_lines l ON l.sale_seq = s.seq AND l.id = rl.sale_line_id "
    "LEFT JOIN products p ON p.id = l.product_id "
    "WHERE r.local_date BETWEEN ? AND ?"
)


def categories_of(db: Database, first: date, last: date) -> tuple[CategoryFigures, ...]:
    """Line amounts per category, largest first; goods without a category are one row."""
    span = _span(first, last)
    sold = {
        r[0]: r[1:]
        for r in db.execute(
            f"SELECT p.category_id, count(*), sum(l.total_fen) {_PERIOD_LINES} GROUP BY 1", span
        )
    }
    refunded = dict(
        db.execute(
            f"SELECT p.category_id, sum(rl.amount_fen) {_PERIOD_REFUND_LINES} GROUP BY 1", span
        ).fetchall()
    )
    ids = [i for i in {*sold, *refunded} if i is not None]
    names = dict(
        db.execute(
            "SELECT id, name FROM categories WHERE id IN (SELECT value FROM json_each(?))",
            [f"[{','.join(str(i) for i in ids)}]"],
        ).fetchall()
    )
    whole = sum(amount for _lines, amount in sold.values())
    rows = []
    for category_id in {*sold, *refunded}:
        lines, amount = sold.get(category_id, (0, 0))
        rows.append(
            CategoryFigures(
                names.get(category_id) if category_id is not None else None,
                lines,
                amount,
                refunded.get(category_id, 0),
                _share_bp(amount, whole),
            )
        )
    # Uncategorised sorts by its amount like any other; ties by name, unnamed last.
    rows.sort(key=lambda c: (-c.amount_fen, c.category is None, c.category or ""))
    return tuple(rows)


# One product per catalog id; a line without a product is grouped by its name and unit.
_PRODUCT_KEY = "coalesce(l.product_id, '~' || l.name || '|' || l.unit)"
_TOP_SELECT = f"""
WITH sold AS (
    SELECT {_PRODUCT_KEY} AS key, l.product_id, max(coalesce(p.name, l.name)) AS name,
           max(coalesce(p.unit, l.unit)) AS unit, l.weight_g IS NOT NULL AS weighed,
           sum(CASE WHEN l.weight_g IS NULL THEN l.quantity ELSE 1 END) AS quantity,
           coalesce(sum(l.weight_g), 0) AS weight_g, sum(l.total_fen) AS amount_fen
    {_PERIOD_LINES} {{where}} GROUP BY key, weighed
),
back AS (
    SELECT {_PRODUCT_KEY} AS key, l.weight_g IS NOT NULL AS weighed,
           sum(rl.amount_fen) AS refunded_fen
    {_PERIOD_REFUND_LINES} GROUP BY key, weighed
)
SELECT sold.product_id, sold.name, sold.unit, sold.weighed, sold.quantity, sold.weight_g,
       sold.amount_fen, coalesce(back.refunded_fen, 0)
FROM sold LEFT JOIN back ON back.key = sold.key AND back.weighed = sold.weighed
ORDER BY {{order}}, sold.name, sold.key LIMIT ?
"""


def _top(
    db: Database, first: date, last: date, where: str, order: str
) -> tuple[ProductFigures, ...]:
    span = _span(first, last)
    sql = _TOP_SELECT.format(where=where, order=order)
    return tuple(
        ProductFigures(r[0], r[1], r[2], bool(r[3]), r[4], r[5], r[6], r[7])
        for r in db.execute(sql, [*span, *span, TOP_PRODUCTS])
    )


def top_products_of(db: Database, first: date, last: date) -> TopProducts:
    """The period's top 20 products by amount, by units (counted) and by grams (weighed)."""
    return TopProducts(
        _top(db, first, last, "", "sold.amount_fen DESC"),
        _top(db, first, last, "AND l.weight_g IS NULL", "sold.quantity DESC"),
        _top(db, first, last, "AND l.weight_g IS NOT NULL", "sold.weight_g DESC"),
    )


def margin_of(db: Database, first: date, last: date) -> MarginFigures:
    """Gross margin over the period's lines whose product has an average cost (see module)."""
    known = "p.avg_cost_fen IS NOT NULL"
    cost = (
        f"CASE WHEN l.weight_g IS NULL THEN p.avg_cost_fen * l.quantity "
        f"ELSE (p.avg_cost_fen * l.weight_g + {GRAMS_PER_KG // 2}) / {GRAMS_PER_KG} END"
    )
    row = db.execute(
        f"SELECT coalesce(sum({known}), 0), "
        f"coalesce(sum(CASE WHEN {known} THEN l.total_fen ELSE 0 END), 0), "
        f"coalesce(sum(CASE WHEN {known} THEN {cost} ELSE 0 END), 0), "
        f"coalesce(sum(NOT {known}), 0), "
        f"coalesce(sum(CASE WHEN {known} THEN 0 ELSE l.total_fen END), 0) {_PERIOD_LINES}",
        _span(first, last),
    ).fetchone()
    return MarginFigures(*row)
