"""The report of a period (station-local days first..last): one call, one frozen tree.

`build_period_report` gathers everything a report page, an export or `report --from
--to --json` shows: the summary (the one-day report's keys over the period), every day,
every hour of day, categories, top products, margin, credit ageing, agency money,
consignment and the period's shifts. Each section is SQL aggregates (see
`core.sales_breakdown` for what the amounts mean); `progress(done, total)` is called
after each section, so a page can show how far a long period is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import TypeVar

from station_app.core.agency_period import AgencyPeriodFigures, agency_period
from station_app.core.clock import Clock
from station_app.core.consignment_period import ConsignmentPeriodFigures, consignment_period
from station_app.core.credit_ageing import CreditAgeing, credit_ageing, owed_now_fen
from station_app.core.errors import InputRefused
from station_app.core.reports import DayReport, period_report
from station_app.core.sales_breakdown import (
    CategoryFigures,
    HourFigures,
    MarginFigures,
    TopProducts,
    categories_of,
    days_of,
    hours_of,
    margin_of,
    top_products_of,
)
from station_app.core.shifts import shift_figures
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import read_snapshot

MAX_PERIOD_DAYS = 3660  # ten years and a little: more is a typing slip
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
# summary, days, hours, categories, products, margin, credit, agency, consignment, shifts
_SECTIONS = 10

Progress = Callable[[int, int], None]
_T = TypeVar("_T")


@dataclass(frozen=True)
class ShiftLine:
    """One shift of the period: its drawer as counted at the close (the Z report), in fen.

    A closed shift's figures are the ones stored when it was closed and signed off; a
    shift still open shows its expected cash so far and no count.
    """

    shift_id: str
    terminal_id: str
    opened_at: str
    closed_at: str | None
    opened_by: str
    closed_by: str | None
    float_fen: int
    expected_cash_fen: int
    counted_cash_fen: int | None
    over_short_fen: int | None
    note: str


@dataclass(frozen=True)
class ShiftTotals:
    """The period's shifts (opened on one of its days), oldest first, with over/short."""

    shifts: tuple[ShiftLine, ...]

    @property
    def closed(self) -> int:
        """How many of them were closed with a cash count."""
        return sum(1 for s in self.shifts if s.over_short_fen is not None)

    @property
    def over_short_fen(self) -> int:
        """Over (positive) or short (negative) of the closed shifts together."""
        return sum(s.over_short_fen or 0 for s in self.shifts)


def shifts_of_period(db: Database, first: date, last: date, clock: Clock) -> ShiftTotals:
    """Every shift opened on the station-local days `first` to `last`, oldest first.

    One query over the stored closes; only a shift still open is figured live
    (`shifts.shift_figures`), since its drawer is not counted yet.
    """
    lines = []
    for row in db.execute(
        "SELECT s.id, s.terminal_id, s.opened_at, c.closed_at, ob.name, cb.name, s.float_fen, "
        "c.expected_cash_fen, c.counted_cash_fen, c.over_short_fen, coalesce(c.note, '') "
        "FROM shifts s LEFT JOIN shift_closes c ON c.shift_id = s.id "
        "JOIN operators ob ON ob.id = s.opened_by LEFT JOIN operators cb ON cb.id = c.closed_by "
        "WHERE s.local_date BETWEEN ? AND ? ORDER BY s.opened_at, s.id",
        [first.isoformat(), last.isoformat()],
    ).fetchall():
        line = ShiftLine(*row)
        if line.closed_at is None:
            live = shift_figures(db, line.shift_id, clock)
            line = replace(line, expected_cash_fen=live.expected_cash_fen)
        lines.append(line)
    return ShiftTotals(tuple(lines))


@dataclass(frozen=True)
class PeriodReport:
    """Everything about the station-local days `first` to `last`; money fen, weights grams."""

    first: date
    last: date
    tz_offset_min: int
    summary: DayReport  # `date` is "first..last" (or the day); equals the sum of `days`
    days: tuple[DayReport, ...]  # every day of the period, zeros on days without sales
    hours: tuple[HourFigures, ...]  # 0–23, station-local
    categories: tuple[CategoryFigures, ...]
    top_products: TopProducts
    margin: MarginFigures
    credit: CreditAgeing  # as of the end of `last`
    owed_now_fen: int  # what villagers owe now, whatever the period
    agency: AgencyPeriodFigures
    consignment: ConsignmentPeriodFigures
    shifts: ShiftTotals

    def as_json(self) -> dict[str, object]:
        """The stable shape of `report --from --to --json`: the one-day keys summed, then more.

        `days` holds one-day report objects; `credit_ageing` one object per villager.
        """
        margin = self.margin
        top = self.top_products
        return {
            **self.summary.as_json(),
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "days": [day.as_json() for day in self.days],
            "hours": [{**asdict(h), "net_fen": h.net_fen} for h in self.hours],
            "categories": [{**asdict(c), "net_fen": c.net_fen} for c in self.categories],
            "top_products": {
                "by_amount": [asdict(p) for p in top.by_amount],
                "by_quantity": [asdict(p) for p in top.by_quantity],
                "by_weight": [asdict(p) for p in top.by_weight],
            },
            "margin": {
                **asdict(margin),
                "margin_fen": margin.margin_fen,
                "margin_bp": margin.margin_bp,
            },
            "credit_ageing": [asdict(v) for v in self.credit.villagers],
            "credit": {
                "as_of": self.credit.as_of,
                "owed_fen": self.credit.owed_fen,
                "owed_now_fen": self.owed_now_fen,
                "buckets_fen": list(self.credit.bucket_totals_fen()),
            },
            "agency": asdict(self.agency),
            "consignment": asdict(self.consignment),
            "shifts": {
                "count": len(self.shifts.shifts),
                "closed": self.shifts.closed,
                "over_short_fen": self.shifts.over_short_fen,
                "list": [asdict(s) for s in self.shifts.shifts],
            },
        }


def check_period(first: date, last: date) -> None:
    """Refuse a reversed period, one longer than `MAX_PERIOD_DAYS`, or dates out of range."""
    if first > last:
        raise InputRefused(
            f"开始日期 {first} 晚于结束日期 {last}，请对调",
            f"The first day {first} is after the last day {last}: swap them",
            "first",
            code="period_reversed",
        )
    if first < FIRST_DAY or last > LAST_DAY:
        raise InputRefused(
            f"报表日期须在 {FIRST_DAY} 到 {LAST_DAY} 之间",
            f"Report dates must lie within {FIRST_DAY} to {LAST_DAY}",
            "first" if first < FIRST_DAY else "last",
            code="period_out_of_range",
        )
    if (last - first).days + 1 > MAX_PERIOD_DAYS:
        raise InputRefused(
            f"报表最长 {MAX_PERIOD_DAYS} 天，请缩短日期范围",
            f"A report covers at most {MAX_PERIOD_DAYS} days: shorten the period",
            "last",
            code="period_too_long",
        )


def build_period_report(
    db: Database,
    first: date,
    last: date,
    clock: Clock,
    progress: Progress | None = None,
) -> PeriodReport:
    """The report of the station-local days `first` to `last` inclusive; reads only.

    `clock` gives the station's offset and "now" for a shift still open.

    Raises:
        InputRefused: the period is reversed, too long or out of range (`check_period`).
    """
    check_period(first, last)
    with read_snapshot(db):
        return _build(db, first, last, clock, progress)


def _build(
    db: Database, first: date, last: date, clock: Clock, progress: Progress | None
) -> PeriodReport:
    done = 0

    def step(value: _T) -> _T:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, _SECTIONS)
        return value

    summary = step(period_report(db, first, last))
    days = step(days_of(db, first, last))
    hours = step(hours_of(db, first, last))
    categories = step(categories_of(db, first, last))
    top = step(top_products_of(db, first, last))
    margin = step(margin_of(db, first, last))
    credit = step(credit_ageing(db, last, clock))
    agency = step(agency_period(db, first, last, clock))
    consignment = step(consignment_period(db, first, last, clock))
    shifts = step(shifts_of_period(db, first, last, clock))
    return PeriodReport(
        first,
        last,
        clock.tz_offset_min,
        summary,
        days,
        hours,
        categories,
        top,
        margin,
        credit,
        owed_now_fen(db),
        agency,
        consignment,
        shifts,
    )
