import pytest

from station_app.core.errors import InputRefused
from station_app.core.settings import change_setting, load_settings, parse_setting


def test_parcels_count_as_overdue_after_a_week_by_default(db):
    assert load_settings(db).parcel_overdue_days == 7


def test_overdue_days_is_a_whole_number_of_days_that_is_stored(db):
    assert parse_setting("parcel_overdue_days", " 3 ") == 3
    settings = change_setting(db, "parcel_overdue_days", "10", "2026-01-01T00:00:00.000Z")
    assert settings.parcel_overdue_days == 10
    assert load_settings(db).parcel_overdue_days == 10


@pytest.mark.parametrize("text", ["0", "-1", "366", "seven", ""])
def test_absurd_overdue_days_are_refused(text):
    with pytest.raises(InputRefused, match="parcel_overdue_days"):
        parse_setting("parcel_overdue_days", text)
