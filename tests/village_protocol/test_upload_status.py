"""The optional `status` of an upload batch: cut to the limits when sent, bad fields dropped."""

from __future__ import annotations

from village_protocol.limits import MAX_APP_VERSION, MAX_LAST_ERROR
from village_protocol.upload_status import UploadStatus, read_upload_status, upload_status


def test_a_station_sends_its_values_cut_to_the_limits():
    status = upload_status("1" * 40, -3, "x" * 900)
    assert status == UploadStatus("1" * MAX_APP_VERSION, 0, "x" * MAX_LAST_ERROR)
    assert upload_status("0.1.0", 4, None).as_json() == {
        "app_version": "0.1.0",
        "queue_length": 4,
        "last_error": None,
    }


def test_the_hub_keeps_good_fields_and_drops_bad_ones_one_by_one():
    assert read_upload_status(None) is None
    assert read_upload_status(["0.1.0"]) is None
    assert read_upload_status(
        {"app_version": "0.1.0", "queue_length": True, "last_error": "a\0b"}
    ) == UploadStatus("0.1.0", None, None)
    assert read_upload_status(
        {"app_version": "v" * 33, "queue_length": 12, "last_error": "timed out"}
    ) == UploadStatus(None, 12, "timed out")


def test_a_stations_days_go_latest_first_cut_to_the_limit_and_none_when_empty():
    from village_protocol.limits import MAX_STATUS_DAYS
    from village_protocol.upload_status import StationDay

    assert upload_status("0.1.0", 0, None).days is None
    assert "days" not in upload_status("0.1.0", 0, None).as_json()
    days = tuple(
        StationDay(f"2026-{m:02d}-{d:02d}", 1, 100)
        for m in (1, 2, 3, 4, 5, 6, 7, 8)
        for d in range(1, 29)
    )
    sent = upload_status("0.1.0", 0, None, days)
    assert sent.days is not None and len(sent.days) == MAX_STATUS_DAYS
    assert sent.days[-1].date == "2026-08-28"
    assert sent.as_json()["days"][0] == {
        "date": sent.days[0].date,
        "sales_count": 1,
        "net_fen": 100,
    }


def test_the_hub_keeps_good_days_drops_bad_ones_and_old_stations_send_none():
    from village_protocol.upload_status import StationDay

    read = read_upload_status(
        {
            "app_version": "0.1.0",
            "queue_length": 0,
            "last_error": None,
            "days": [
                {"date": "2026-11-26", "sales_count": 3, "net_fen": -250},
                {"date": "2026-11-26", "sales_count": 9, "net_fen": 9},  # repeated: first stands
                {"date": "2026-02-30", "sales_count": 1, "net_fen": 1},
                {"date": "2026-11-27", "sales_count": True, "net_fen": 1},
                {"date": "2026-11-28", "sales_count": -1, "net_fen": 1},
                {"date": "20261129", "sales_count": 1, "net_fen": 1},
                "2026-11-30",
            ],
        }
    )
    assert read is not None and read.days == (StationDay("2026-11-26", 3, -250),)
    assert read_upload_status({"app_version": "0.1.0"}).days is None  # type: ignore[union-attr]
    too_many = [{"date": "2026-11-26", "sales_count": 1, "net_fen": 1}] * 201
    assert read_upload_status({"days": too_many}).days is None  # type: ignore[union-attr]
