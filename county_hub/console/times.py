"""Times on the console: UTC ISO-8601 in the database, the county's clock (UTC+8) on screen."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from county_hub.protocol import parse_time
from county_hub.storage.daily_totals import COUNTY_TZ_OFFSET_MIN

_COUNTY_TZ = timedelta(minutes=COUNTY_TZ_OFFSET_MIN)


def iso(now_s: float) -> str:
    """UTC ISO-8601 with milliseconds and a Z, as the hub stores times."""
    moment = datetime.fromtimestamp(now_s, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def county_today(now_s: float) -> date:
    """The county's date at Unix time `now_s`."""
    return (datetime.fromtimestamp(now_s, UTC) + _COUNTY_TZ).date()


def shown(moment_iso: str | None) -> str:
    """`2026-11-26 16:05` in county time, or `—` for none or unreadable text."""
    moment = parse_time(moment_iso) if moment_iso else None
    if moment is None:
        return "—"
    return (moment.astimezone(UTC) + _COUNTY_TZ).strftime("%Y-%m-%d %H:%M")
