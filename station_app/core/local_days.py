"""Station-local days as UTC instants, for tables that store only a UTC `at` stamp."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from station_app.core.clock import iso


def day_start_utc(day: date, tz_offset_min: int) -> str:
    """The UTC ISO stamp (as `Clock.stamp` writes them) of local midnight starting `day`.

    Stamps compare as text, so `start <= at < end` selects a local day's rows.
    """
    local_midnight = datetime.combine(day, time(), UTC)
    return iso(local_midnight - timedelta(minutes=tz_offset_min))


def day_end_utc(day: date, tz_offset_min: int) -> str:
    """The UTC ISO stamp of the first instant after the station-local `day`."""
    return day_start_utc(day + timedelta(days=1), tz_offset_min)
