"""Station-local days as UTC bounds that compare as text with stored stamps."""

from datetime import date

from station_app.core.local_days import day_end_utc, day_start_utc


def test_a_local_day_at_utc_plus_8_starts_at_16_00_utc_the_day_before():
    assert day_start_utc(date(2026, 3, 2), 480) == "2026-03-01T16:00:00.000Z"
    assert day_end_utc(date(2026, 3, 2), 480) == "2026-03-02T16:00:00.000Z"
    assert day_end_utc(date(2026, 12, 31), -60) == "2027-01-01T01:00:00.000Z"
