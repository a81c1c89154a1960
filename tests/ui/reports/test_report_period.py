"""The periods the keys name and the ones a keeper types."""

from datetime import date

import pytest

from station_app.core.errors import InputRefused
from station_app.ui.common.key_map import PageAction
from station_app.ui.reports.report_period import Period, parse_period, preset_period

THURSDAY = date(2026, 3, 5)


@pytest.mark.parametrize(
    ("action", "first", "last"),
    [
        (PageAction.TODAY, THURSDAY, THURSDAY),
        (PageAction.YESTERDAY, date(2026, 3, 4), date(2026, 3, 4)),
        (PageAction.THIS_WEEK, date(2026, 3, 2), THURSDAY),  # from Monday
        (PageAction.THIS_MONTH, date(2026, 3, 1), THURSDAY),
        (PageAction.LAST_MONTH, date(2026, 2, 1), date(2026, 2, 28)),
    ],
)
def test_each_key_names_its_period(action, first, last):
    assert preset_period(action, THURSDAY) == Period(first, last)


def test_last_month_in_january_is_december_of_the_year_before():
    assert preset_period(PageAction.LAST_MONTH, date(2026, 1, 10)) == Period(
        date(2025, 12, 1), date(2025, 12, 31)
    )


@pytest.mark.parametrize(
    "typed",
    [
        "2026-03-01..2026-03-31",
        " 2026-03-01 .. 2026-03-31 ",
        "2026-03-01~2026-03-31",
        "2026-03-01 至 2026-03-31",
        "2026-03-01-2026-03-31",
        "2026/3/1 2026/3/31",
        "20260301-20260331",
        "2026-03",
        "202603",
    ],
)
def test_a_range_or_a_month_can_be_typed_many_ways(typed):
    assert parse_period(typed) == Period(date(2026, 3, 1), date(2026, 3, 31))


def test_one_day_is_a_period_and_reads_back_as_typed():
    period = parse_period("2026.3.5")
    assert period == Period(THURSDAY, THURSDAY)
    assert period.text() == "2026-03-05"
    assert parse_period(Period(date(2026, 3, 1), THURSDAY).text()).days == 5


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("last week", "period_unreadable"),
        ("2026-03-01..", "period_unreadable"),
        ("2026-02-30", "period_no_such_day"),
        ("2026-13", "period_unreadable"),
        ("2026-03-31..2026-03-01", "period_reversed"),
        ("1990-01-01..1990-01-02", "period_out_of_range"),
        ("2000-01-01..2099-01-01", "period_too_long"),
    ],
)
def test_a_bad_period_is_refused_with_a_reason(typed, code):
    with pytest.raises(InputRefused) as refused:
        parse_period(typed)
    assert refused.value.code == code
    assert refused.value.field in {"period", "first", "last"}
