"""The period report: its figures are the sums of the day reports, over random simulated days."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station_app.core.agency import agency_day_totals
from station_app.core.clock import Clock, SteppingClock
from station_app.core.errors import InputRefused
from station_app.core.local_days import day_end_utc
from station_app.core.payments import PaymentMethod
from station_app.core.period_report import MAX_PERIOD_DAYS, build_period_report, check_period
from station_app.core.reports import day_report
from station_app.core.shifts import close_shift, open_shift, shifts_of_day
from station_app.core.simulation import simulate
from station_app.storage import open_database

_SUMMED = (
    "sales_count",
    "gross_fen",
    "discount_fen",
    "rounding_fen",
    "refund_count",
    "refunds_fen",
    "net_fen",
)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _scalar(db, sql, params):
    return db.execute(sql, params).fetchone()[0]


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(1, 10**6),
    days=st.integers(1, 3),
    start=st.dates(date(2024, 1, 1), date(2027, 12, 31)),
    before=st.integers(0, 2),
    after=st.integers(0, 2),
)
def test_period_figures_are_the_sums_of_the_day_reports(
    demo_db_path, seed, days, start, before, after
):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "station.db"
        shutil.copy(demo_db_path, path)
        db = open_database(path)
        try:
            simulate(db, days, seed, start)
            first, last = start - timedelta(days=before), start + timedelta(days=days + after - 1)
            clock = Clock()
            calls: list[tuple[int, int]] = []
            report = build_period_report(db, first, last, clock, lambda d, t: calls.append((d, t)))
            one_day = [day_report(db, day) for day in _days(first, last)]

            assert report.days == tuple(one_day)
            for key in _SUMMED:
                assert getattr(report.summary, key) == sum(getattr(d, key) for d in one_day), key
            for method in PaymentMethod:
                assert report.summary.payments_fen[method.value] == sum(
                    d.payments_fen[method.value] for d in one_day
                )
            assert sum(h.net_fen for h in report.hours) == report.summary.net_fen
            assert sum(h.sales_count for h in report.hours) == report.summary.sales_count
            assert [h.hour for h in report.hours] == list(range(24))

            span = [first.isoformat(), last.isoformat()]
            lines_fen, lines = db.execute(
                "SELECT coalesce(sum(l.total_fen), 0), count(*) FROM sale_lines l "
                "JOIN sales s ON s.seq = l.sale_seq WHERE s.local_date BETWEEN ? AND ?",
                span,
            ).fetchone()
            assert sum(c.amount_fen for c in report.categories) == lines_fen
            assert sum(c.lines for c in report.categories) == lines
            assert report.margin.costed_lines + report.margin.uncosted_lines == lines
            assert sum(c.refunded_fen for c in report.categories) == _scalar(
                db,
                "SELECT coalesce(sum(rl.amount_fen), 0) FROM refund_lines rl "
                "JOIN refunds r ON r.id = rl.refund_id WHERE r.local_date BETWEEN ? AND ?",
                span,
            )

            agency_days = [agency_day_totals(db, d.isoformat()) for d in _days(first, last)]
            for key in ("orders_created", "collected_fen", "spent_fen", "service_fee_fen"):
                assert getattr(report.agency, key) == sum(getattr(a, key) for a in agency_days)

            owed_at_end = _scalar(
                db,
                "SELECT coalesce(sum(b), 0) FROM (SELECT sum(amount_fen) AS b FROM "
                "villager_ledger WHERE at < ? GROUP BY villager_id HAVING b > 0)",
                [day_end_utc(last, clock.tz_offset_min)],
            )
            assert report.credit.owed_fen == owed_at_end
            assert sum(report.credit.bucket_totals_fen()) == owed_at_end

            # The stored close figures are the ones the shifts' own reports compute.
            assert [
                (s.shift_id, s.expected_cash_fen, s.counted_cash_fen, s.over_short_fen)
                for s in report.shifts.shifts
            ] == [
                (s.shift_id, s.expected_cash_fen, s.counted_cash_fen, s.over_short_fen)
                for day in _days(first, last)
                for s in shifts_of_day(db, day, clock)
            ]
            assert calls == [(n, calls[-1][1]) for n in range(1, calls[-1][1] + 1)]
        finally:
            db.close()


def test_a_period_json_has_the_one_day_keys_summed_and_every_section(demo_db):
    simulate(demo_db, 2, 7, date(2026, 3, 1))
    report = build_period_report(demo_db, date(2026, 3, 1), date(2026, 3, 2), Clock())
    data = report.as_json()
    assert set(report.summary.as_json()) <= set(data)
    assert data["date"] == "2026-03-01..2026-03-02"
    assert (data["from"], data["to"]) == ("2026-03-01", "2026-03-02")
    assert [d["date"] for d in data["days"]] == ["2026-03-01", "2026-03-02"]
    assert set(data["days"][0]) == set(report.summary.as_json())
    assert data["net_fen"] == sum(d["net_fen"] for d in data["days"])
    for key in ("categories", "top_products", "credit_ageing", "hours", "margin", "agency"):
        assert key in data
    assert set(data["top_products"]) == {"by_amount", "by_quantity", "by_weight"}


@pytest.mark.parametrize(
    ("first", "last", "code"),
    [
        (date(2026, 3, 2), date(2026, 3, 1), "period_reversed"),
        (date(2016, 1, 1), date(2026, 3, 1), "period_too_long"),
        (date(1999, 12, 31), date(2000, 1, 2), "period_out_of_range"),
        (date(2100, 12, 30), date(9999, 12, 31), "period_out_of_range"),
    ],
)
def test_a_reversed_or_absurd_period_is_refused_in_both_languages(db, first, last, code):
    with pytest.raises(InputRefused) as refused:
        build_period_report(db, first, last, Clock())
    assert refused.value.code == code
    assert refused.value.zh and refused.value.en and refused.value.zh != refused.value.en


def test_the_longest_period_allowed_is_max_period_days(db):
    first = date(2020, 1, 1)
    check_period(first, first + timedelta(days=MAX_PERIOD_DAYS - 1))
    with pytest.raises(InputRefused):
        check_period(first, first + timedelta(days=MAX_PERIOD_DAYS))
    report = build_period_report(db, first, first + timedelta(days=MAX_PERIOD_DAYS - 1), Clock())
    assert len(report.days) == MAX_PERIOD_DAYS
    assert report.summary.net_fen == 0


def test_the_shifts_of_the_period_carry_their_over_and_short(shop):
    ticker = SteppingClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    clock = Clock(shop.settings.tz_offset_min, ticker)
    open_shift(shop.db, 10_000, shop.clerk, shop.settings, clock)
    ticker.advance(timedelta(hours=8))
    close_shift(shop.db, shop.owner, shop.settings, clock, counted_fen=9_950)  # ¥0.50 short
    ticker.advance(timedelta(hours=16))  # the next morning, 09:00 local on 3 March
    open_shift(shop.db, 10_000, shop.clerk, shop.settings, clock)
    ticker.advance(timedelta(hours=8))
    close_shift(shop.db, shop.owner, shop.settings, clock, counted_fen=10_120)  # ¥1.20 over
    ticker.advance(timedelta(hours=16))
    open_shift(shop.db, 5_000, shop.clerk, shop.settings, clock)  # 4 March, still open

    both = build_period_report(shop.db, date(2026, 3, 2), date(2026, 3, 4), clock)
    assert [s.over_short_fen for s in both.shifts.shifts] == [-50, 120, None]
    assert (both.shifts.closed, both.shifts.over_short_fen) == (2, 70)
    assert [s.expected_cash_fen for s in both.shifts.shifts] == [10_000, 10_000, 5_000]
    assert [s.counted_cash_fen for s in both.shifts.shifts] == [9_950, 10_120, None]
    first = build_period_report(shop.db, date(2026, 3, 2), date(2026, 3, 2), clock)
    assert [s.over_short_fen for s in first.shifts.shifts] == [-50]
