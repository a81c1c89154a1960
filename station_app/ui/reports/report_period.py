"""Which days a report covers: the keys' periods (today … last month) and typed ranges.

A typed period is one day (`2026-03-05`), one month (`2026-03`) or two days with a
separator between them (`2026-03-01..2026-03-31`, `~`, `至`, `到`, `-` or a space); a day
may also be written `2026/3/5`, `2026.3.5` or `20260305`. Reversed, over-long or
out-of-range periods are refused by core's `check_period`, with its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from station_app.core.errors import InputRefused
from station_app.core.period_report import check_period
from station_app.ui.common.key_map import PageAction

_DAY = r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{8}"
_MONTH = r"\d{4}[-/.]\d{1,2}|\d{6}"
_SEPARATOR = r"\s*(?:\.\.|~|～|至|到|-|—|–)\s*|\s+"
_RANGE = re.compile(rf"\s*({_DAY})(?:(?:{_SEPARATOR})({_DAY}))?\s*")
_ONE_MONTH = re.compile(rf"\s*({_MONTH})\s*")


@dataclass(frozen=True)
class Period:
    """The station-local days `first` to `last`, both included."""

    first: date
    last: date

    @property
    def days(self) -> int:
        """How many days the period covers."""
        return (self.last - self.first).days + 1

    def text(self) -> str:
        """The period as typed back into the field: `2026-03-05` or `2026-03-01..2026-03-31`."""
        if self.first == self.last:
            return self.first.isoformat()
        return f"{self.first.isoformat()}..{self.last.isoformat()}"


def _month_of(day: date) -> Period:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return Period(day.replace(day=1), following - timedelta(days=1))


def preset_period(action: PageAction, today: date) -> Period:
    """The period a key names, seen from the station's `today`; a week starts on Monday."""
    if action is PageAction.TODAY:
        return Period(today, today)
    if action is PageAction.YESTERDAY:
        yesterday = today - timedelta(days=1)
        return Period(yesterday, yesterday)
    if action is PageAction.THIS_WEEK:
        return Period(today - timedelta(days=today.weekday()), today)
    if action is PageAction.THIS_MONTH:
        return Period(today.replace(day=1), today)
    if action is PageAction.LAST_MONTH:
        return _month_of(today.replace(day=1) - timedelta(days=1))
    raise ValueError(f"{action} names no period")


def _unreadable(text: str) -> InputRefused:
    return InputRefused(
        f"看不懂日期“{text}”：请输入 2026-03-01..2026-03-31 这样的日期范围，"
        "或一天 2026-03-05、一个月 2026-03；也可按 F2–F6",
        f"Cannot read the dates “{text}”: type a range such as 2026-03-01..2026-03-31, "
        "one day 2026-03-05 or one month 2026-03; or press F2–F6",
        "period",
        code="period_unreadable",
    )


def _day(token: str) -> date:
    digits = (
        re.split(r"[-/.]", token) if not token.isdigit() else [token[:4], token[4:6], token[6:]]
    )
    try:
        return date(int(digits[0]), int(digits[1]), int(digits[2]))
    except ValueError:
        raise InputRefused(
            f"没有 {token} 这一天，请检查月份和日期",
            f"There is no day {token}: check the month and the day",
            "period",
            code="period_no_such_day",
        ) from None


def parse_period(text: str) -> Period:
    """The period `text` names (see the module).

    Raises:
        InputRefused: unreadable, no such day, reversed, too long or out of range.
    """
    typed = text.strip()
    month = _ONE_MONTH.fullmatch(typed)
    if month is not None:
        token = month.group(1)
        year, number = (token[:4], token[4:]) if token.isdigit() else re.split(r"[-/.]", token)
        try:
            period = _month_of(date(int(year), int(number), 1))
        except ValueError:
            raise _unreadable(typed) from None
    else:
        found = _RANGE.fullmatch(typed)
        if found is None:
            raise _unreadable(typed)
        first = _day(found.group(1))
        last = _day(found.group(2)) if found.group(2) else first
        period = Period(first, last)
    check_period(period.first, period.last)
    return period
