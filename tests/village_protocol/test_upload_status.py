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
