"""The HTTP API on a real uvicorn server: upload results, limits, change feed, OpenAPI."""

from __future__ import annotations

import gzip
import json
import logging
import socket
import time

import pytest
import requests

from county_hub.stats import hub_stats
from tests.county_hub.conftest import OTHER_STATION, STATION, RunningHub
from tests.county_hub.signing import error_code, gzip_json, refund_event, sale_event, statuses
from tests.county_hub.village import SAMPLES, event


def test_ping_is_unsigned_and_gives_time_and_version(hub: RunningHub):
    body = requests.get(hub.url + "/v1/ping", timeout=10).json()
    assert body["ok"] is True
    assert body["version"] == 1
    assert body["time"].endswith("Z")


def test_new_events_are_accepted_and_stored_once(hub: RunningHub):
    sale = sale_event(1, 350)
    events = [sale, refund_event(2, sale, 350)]
    assert statuses(hub.station.upload(events)) == ["accepted", "accepted"]
    assert hub.store.event_counts(STATION) == {"refund.completed": 1, "sale.completed": 1}


def test_replaying_a_batch_gives_duplicates_and_no_double_counting(hub: RunningHub):
    events = [sale_event(1, 350), sale_event(2, 1200, [("wechat", 1200)])]
    assert statuses(hub.station.upload(events)) == ["accepted", "accepted"]
    before = hub_stats(hub.store, STATION)
    assert statuses(hub.station.upload(events)) == ["duplicate", "duplicate"]
    assert statuses(hub.station.upload(events[1:])) == ["duplicate"]
    after = hub_stats(hub.store, STATION)
    assert after == before
    assert (after.sales_count, after.net_fen) == (2, 1550)


def test_same_event_twice_in_one_batch_is_stored_once(hub: RunningHub):
    sale = sale_event(1, 350)
    assert statuses(hub.station.upload([sale, sale])) == ["accepted", "duplicate"]
    assert hub.store.event_counts(STATION) == {"sale.completed": 1}


def test_bad_events_are_rejected_with_a_reason_and_the_rest_accepted(hub: RunningHub):
    good = sale_event(1, 350)
    unknown = {**sale_event(2, 100), "kind": "x.y"}
    no_total = sale_event(3, 100)
    del no_total["payload"]["total_fen"]
    bad_payment = sale_event(4, 100, [("cash", "1.00")])  # type: ignore[list-item]
    response = hub.station.upload([good, unknown, no_total, bad_payment])
    results = response.json()["results"]
    assert [r["event_id"] for r in results] == [good["event_id"], unknown["event_id"],
                                                no_total["event_id"], bad_payment["event_id"]]
    assert statuses(response) == ["accepted", "rejected", "rejected", "rejected"]
    assert results[1]["reason"] == "unknown kind 'x.y'"
    assert "total_fen" in results[2]["reason"]
    assert "payments[0].amount_fen" in results[3]["reason"]
    assert hub.store.event_counts(STATION) == {"sale.completed": 1}


def test_every_village_kind_is_accepted_and_a_bad_one_rejected_with_its_reason(hub: RunningHub):
    events = [event(seq, kind) for seq, kind in enumerate(sorted(SAMPLES), start=1)]
    no_lot = event(len(events) + 1, "lot.received")
    del no_lot["payload"]["lot_code"]
    response = hub.station.upload([*events, no_lot])
    assert statuses(response) == ["accepted"] * len(events) + ["rejected"]
    assert response.json()["results"][-1]["reason"] == "missing payload field 'lot_code'"
    assert hub.store.event_counts(STATION) == dict.fromkeys(sorted(SAMPLES), 1)
    assert statuses(hub.station.upload(events)) == ["duplicate"] * len(events)


def test_a_rejected_event_is_accepted_once_fixed_and_resent(hub: RunningHub):
    sale = sale_event(1, 350)
    del sale["payload"]["receipt_no"]
    assert statuses(hub.station.upload([sale])) == ["rejected"]
    sale["payload"]["receipt_no"] = "20261126-T1-00001"
    assert statuses(hub.station.upload([sale])) == ["accepted"]


def test_each_station_has_its_own_event_ids(hub: RunningHub):
    sale = sale_event(1, 350)
    assert statuses(hub.station.upload([sale])) == ["accepted"]
    assert statuses(hub.other.upload([sale])) == ["accepted"]


def test_an_empty_batch_gives_no_results(hub: RunningHub):
    assert statuses(hub.station.upload([])) == []


def test_a_body_over_2_mib_is_too_large_and_nothing_is_stored(hub: RunningHub):
    body = gzip_json({"station_id": STATION, "events": [sale_event(1, 350)]})
    body += b"\0" * (2 * 1024 * 1024 + 1 - len(body))
    response = hub.station.send("POST", "/v1/events", body)
    assert (response.status_code, error_code(response)) == (413, "too_large")
    assert hub.store.event_counts() == {}


def test_a_zip_bomb_stops_at_16_mib(hub: RunningHub):
    padding = " " * (16 * 1024 * 1024)
    body = gzip.compress(json.dumps({"station_id": STATION, "events": [], "pad": padding})
                         .encode())
    assert len(body) < 100_000
    response = hub.station.send("POST", "/v1/events", body)
    assert (response.status_code, error_code(response)) == (413, "too_large")


def test_more_than_200_events_is_too_large(hub: RunningHub):
    response = hub.station.upload([sale_event(i, 1) for i in range(201)])
    assert (response.status_code, error_code(response)) == (413, "too_large")
    assert hub.store.event_counts() == {}


def test_bad_gzip_and_bad_json_are_malformed(hub: RunningHub):
    cases = [
        b"not gzip at all",
        gzip.compress(b'{"station_id": "HN-ZZ-0001", "events": [')[:-6],  # truncated
        gzip.compress(b'{"station_id": "HN-ZZ-0001", "events": ['),
        gzip.compress(b"\xff\xfe not utf-8"),
        gzip_json([1, 2]),
        gzip_json({"station_id": STATION, "events": {}}),
        gzip_json({"station_id": STATION, "events": [{"seq": 1}]}),
        gzip_json({"station_id": STATION, "events": [{"event_id": "a", "seq": NaN}]}),
    ]
    for body in cases:
        response = hub.station.send("POST", "/v1/events", body)
        assert (response.status_code, error_code(response)) == (400, "malformed"), body
    assert hub.store.event_counts() == {}


NaN = float("nan")


def test_an_upload_without_gzip_encoding_is_malformed(hub: RunningHub):
    body = json.dumps({"station_id": STATION, "events": [sale_event(1, 1)]}).encode()
    headers = {"Content-Type": "application/json",
               **hub.station.headers("POST", "/v1/events", body)}
    response = hub.station.send("POST", "/v1/events", body, headers=headers)
    assert (response.status_code, error_code(response)) == (400, "malformed")


def test_changes_page_by_cursor_with_has_more(hub: RunningHub):
    cursors = hub.store.queue_changes(
        [("notice", {"title": f"t{i}", "body": "b"}) for i in range(5)], "2026-11-26T08:00:00Z")
    first = hub.station.changes(after=0, limit=2).json()
    assert [c["cursor"] for c in first["changes"]] == cursors[:2]
    assert first["next_cursor"] == cursors[1]
    assert first["has_more"] is True
    assert first["changes"][0] == {"cursor": cursors[0], "kind": "notice",
                                   "created_at": "2026-11-26T08:00:00Z",
                                   "data": {"title": "t0", "body": "b"}}
    second = hub.station.changes(after=first["next_cursor"], limit=3).json()
    assert [c["cursor"] for c in second["changes"]] == cursors[2:]
    assert second["has_more"] is False
    empty = hub.station.changes(after=second["next_cursor"]).json()
    assert empty == {"changes": [], "next_cursor": cursors[-1], "has_more": False}


def test_default_page_is_200(hub: RunningHub):
    hub.store.queue_changes([("notice", {"title": "t", "body": "b"})] * 201, "2026-11-26T08:00Z")
    page = hub.station.changes().json()
    assert (len(page["changes"]), page["has_more"]) == (200, True)


def test_a_station_sees_broadcasts_and_its_own_changes_only(hub: RunningHub):
    now = "2026-11-26T08:00:00.000Z"
    [everyone] = hub.store.queue_changes([("notice", {"title": "all", "body": "b"})], now)
    [mine] = hub.store.queue_changes(
        [("price.change", {"barcode": "6932780008140", "price_fen": 320})], now, STATION)
    [theirs] = hub.store.queue_changes([("notice", {"title": "2", "body": "b"})], now,
                                       OTHER_STATION)
    assert [c["cursor"] for c in hub.station.changes().json()["changes"]] == [everyone, mine]
    assert [c["cursor"] for c in hub.other.changes().json()["changes"]] == [everyone, theirs]


def test_bad_paging_parameters_are_malformed(hub: RunningHub):
    for after, limit in ((0, 0), (0, 501), (-1, 10), ("x", 10)):
        response = hub.station.changes(after=after, limit=limit)  # type: ignore[arg-type]
        assert (response.status_code, error_code(response)) == (400, "malformed")


def test_unknown_paths_answer_not_found_in_the_error_shape(hub: RunningHub):
    response = requests.get(hub.url + "/v2/events", timeout=10)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_openapi_describes_the_gzip_upload_and_the_signed_headers(hub: RunningHub):
    spec = requests.get(hub.url + "/openapi.json", timeout=10).json()
    assert {"/v1/ping", "/v1/events", "/v1/changes"} <= set(spec["paths"])
    upload = spec["paths"]["/v1/events"]["post"]
    assert "gzip" in upload["description"]
    assert upload["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/UploadBatch"}
    schemas = spec["components"]["schemas"]
    assert {"UploadBatch", "UploadEvent", "UploadResults", "ChangesPage", "ErrorBody"} <= \
        set(schemas)
    assert set(spec["components"]["securitySchemes"]) == {
        "X-Station-Id", "X-Timestamp", "X-Nonce", "X-Signature"}
    assert {"after", "limit"} <= {p["name"] for p in
                                  spec["paths"]["/v1/changes"]["get"]["parameters"]}


def test_an_upload_cut_off_midway_stores_nothing_and_logs_no_error(
        hub: RunningHub, caplog: pytest.LogCaptureFixture):
    body = gzip_json({"station_id": STATION, "events": [sale_event(1, 350)]})
    head = "".join(f"{k}: {v}\r\n" for k, v in hub.station.headers("POST", "/v1/events", body)
                   .items())
    port = int(hub.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as link:
        link.sendall(f"POST /v1/events HTTP/1.1\r\nHost: hub\r\nContent-Encoding: gzip\r\n"
                     f"Content-Length: {len(body)}\r\n{head}\r\n".encode() + body[:10])
    time.sleep(0.2)  # let the hub notice the disconnect
    assert hub.store.event_counts() == {}
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert statuses(hub.station.upload([sale_event(2, 350)])) == ["accepted"]
