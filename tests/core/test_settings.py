import json

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


def test_a_saved_setting_is_sent_to_the_hub_with_its_audit_row(db):
    at = "2026-01-01T00:00:00.000Z"
    change_setting(db, "receipt_footer", "  欢迎再来  ", at)
    [(kind, payload, sent_at)] = db.execute(
        "SELECT kind, payload, created_at FROM outbox"
    ).fetchall()
    assert (kind, json.loads(payload), sent_at) == (
        "settings.changed",
        {"key": "receipt_footer", "value": "欢迎再来"},
        at,
    )
    audit = db.execute("SELECT action, subject_id FROM audit_log").fetchall()
    assert audit[-1] == ("settings.changed", "receipt_footer")


def test_the_hub_link_and_this_pcs_folders_are_saved_but_not_sent(db, tmp_path):
    change_setting(db, "hub_url", "https://hub.example.cn", "2026-01-01T00:00:00.000Z")
    change_setting(db, "backup_dir", str(tmp_path), "2026-01-01T00:00:00.000Z")
    assert load_settings(db).hub_url == "https://hub.example.cn"
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0


def test_delivered_payloads_are_kept_90_days_by_default(db):
    assert load_settings(db).outbox_retention_days == 90


@pytest.mark.parametrize(("text", "days"), [("1", 1), (" 30 ", 30), ("3650", 3650)])
def test_the_outbox_retention_is_a_whole_number_of_days(db, text, days):
    change_setting(db, "outbox_retention_days", text, "2026-01-01T00:00:00.000Z")
    assert load_settings(db).outbox_retention_days == days


@pytest.mark.parametrize("text", ["0", "-5", "3651", "90d", ""])
def test_an_absurd_outbox_retention_is_refused(text):
    with pytest.raises(InputRefused, match="outbox_retention_days"):
        parse_setting("outbox_retention_days", text)
