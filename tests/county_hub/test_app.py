"""The HTTP API on a real uvicorn server: upload results, limits, change feed, OpenAPI."""

from __future__ import annotations

import gzip
import json
import logging
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from county_hub.app import create_app
from county_hub.stats import hub_stats
from county_hub.storage import HubStore
from tests.county_hub.conftest import OTHER_STATION, STATION, RunningHub, serving
from tests.county_hub.signing import (
    StationDouble,
    error_code,
    gzip_json,
    refund_event,
    sale_event,
    statuses,
)
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
    assert [r["event_id"] for r in results] == [
        good["event_id"],
        unknown["event_id"],
        no_total["event_id"],
        bad_payment["event_id"],
    ]
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
    body = gzip.compress(json.dumps({"station_id": STATION, "events": [], "pad": padding}).encode())
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
    ]
    for body in cases:
        response = hub.station.send("POST", "/v1/events", body)
        assert (response.status_code, error_code(response)) == (400, "malformed"), body
    assert hub.store.event_counts() == {}


def test_an_upload_without_gzip_encoding_is_malformed(hub: RunningHub):
    body = json.dumps({"station_id": STATION, "events": [sale_event(1, 1)]}).encode()
    headers = {
        "Content-Type": "application/json",
        **hub.station.headers("POST", "/v1/events", body),
    }
    response = hub.station.send("POST", "/v1/events", body, headers=headers)
    assert (response.status_code, error_code(response)) == (400, "malformed")


def test_changes_page_by_cursor_with_has_more(hub: RunningHub):
    cursors = hub.store.queue_changes(
        [("notice", {"title": f"t{i}", "body": "b"}) for i in range(5)], "2026-11-26T08:00:00Z"
    )
    first = hub.station.changes(after=0, limit=2).json()
    assert [c["cursor"] for c in first["changes"]] == cursors[:2]
    assert first["next_cursor"] == cursors[1]
    assert first["has_more"] is True
    assert first["changes"][0] == {
        "cursor": cursors[0],
        "kind": "notice",
        "created_at": "2026-11-26T08:00:00Z",
        "data": {"title": "t0", "body": "b"},
    }
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
        [("price.change", {"barcode": "6932780008140", "price_fen": 320})], now, STATION
    )
    [theirs] = hub.store.queue_changes(
        [("notice", {"title": "2", "body": "b"})], now, OTHER_STATION
    )
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
        "$ref": "#/components/schemas/UploadBatch"
    }
    schemas = spec["components"]["schemas"]
    assert {"UploadBatch", "UploadEvent", "UploadResults", "ChangesPage", "ErrorBody"} <= set(
        schemas
    )
    assert set(spec["components"]["securitySchemes"]) == {
        "X-Station-Id",
        "X-Timestamp",
        "X-Nonce",
        "X-Signature",
    }
    assert {"after", "limit"} <= {
        p["name"] for p in spec["paths"]["/v1/changes"]["get"]["parameters"]
    }


def test_openapi_lists_the_protocols_kinds_data_shapes_and_limits(hub: RunningHub):
    from village_protocol import protocol_limits
    from village_protocol.changes import CHANGE_FIELDS, CHANGE_KINDS
    from village_protocol.events import EVENT_KINDS
    from village_protocol.limits import DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT

    spec = requests.get(hub.url + "/openapi.json", timeout=10).json()
    schemas = spec["components"]["schemas"]
    assert schemas["UploadEvent"]["properties"]["kind"]["enum"] == list(EVENT_KINDS)
    assert schemas["ChangeOut"]["properties"]["kind"]["enum"] == list(CHANGE_KINDS)
    upsert = schemas["ChangeData.product.upsert"]
    assert list(upsert["properties"]) == [f.name for f in CHANGE_FIELDS["product.upsert"]]
    assert "plu" not in upsert["required"]
    assert spec["info"]["x-limits"] == protocol_limits()
    [limit] = [p for p in spec["paths"]["/v1/changes"]["get"]["parameters"] if p["name"] == "limit"]
    assert (limit["schema"]["maximum"], limit["schema"]["default"]) == (
        MAX_PAGE_LIMIT,
        DEFAULT_PAGE_LIMIT,
    )


def test_an_upload_cut_off_midway_stores_nothing_and_logs_no_error(
    store: HubStore, caplog: pytest.LogCaptureFixture
):
    app = create_app(store)
    handled = threading.Event()

    async def telling_when_handled(scope: Any, receive: Any, send: Any) -> None:
        try:
            await app(scope, receive, send)
        finally:
            handled.set()

    secret = store.add_station(STATION, "张庄村服务站", "2026-11-26T08:00:00.000Z")
    with serving(telling_when_handled) as url:
        station = StationDouble(url, STATION, secret)
        body = gzip_json({"station_id": STATION, "events": [sale_event(1, 350)]})
        head = "".join(
            f"{k}: {v}\r\n" for k, v in station.headers("POST", "/v1/events", body).items()
        )
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as link:
            link.sendall(
                f"POST /v1/events HTTP/1.1\r\nHost: hub\r\n"
                f"Content-Encoding: gzip\r\nContent-Length: {len(body)}\r\n"
                f"{head}\r\n".encode()
                + body[:10]
            )
        assert handled.wait(10), "the hub never finished the cut-off request"
        assert store.event_counts() == {}
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert statuses(station.upload([sale_event(2, 350)])) == ["accepted"]
        station.close()


# -- payloads must mean something (money, methods, kinds) ------------------------------


def _sale_with(**payload: Any) -> dict[str, Any]:
    sale = sale_event(1, 500)
    sale["payload"].update(payload)
    return sale


def _refund_with(**payload: Any) -> dict[str, Any]:
    refund = refund_event(2, sale_event(1, 500), 500)
    refund["payload"].update(payload)
    return refund


NONSENSE = {
    "a negative total": (sale_event(1, -500), "payload field 'subtotal_fen' must not be negative"),
    "a total of 10**30": (sale_event(1, 10**30), "is beyond a 64-bit integer"),
    "a total over ¥10,000,000": (sale_event(1, 10**12), "must be at most 1000000000 (fen)"),
    "payments that do not add up": (
        sale_event(1, 500, [("cash", 200), ("wechat", 200)]),
        "the payments add up to 400, not total_fen 500",
    ),
    "lines that do not add up": (
        _sale_with(lines=[{"name": "水", "quantity": 1, "discount_fen": 0, "total_fen": 50}]),
        "the lines before their discounts add up to 50, not subtotal_fen 500",
    ),
    "a total that is not subtotal less discount": (
        _sale_with(discount_fen=100),
        "the subtotal less discount and rounding add up to 400",
    ),
    "an unknown payment method": (
        sale_event(1, 500, [("coupon", 500)]),
        "'payments[0].method' must be one of cash, wechat, alipay, unionpay, account",
    ),
    "an infinite number": (
        _sale_with(note=float("inf")),
        "payload field 'note' is not a finite number",
    ),
    "a refund by an unknown method": (
        refund_event(2, sale_event(1, 500), 500, "gold"),
        "'method' must be one of cash",
    ),
    "a refund whose lines do not add up": (
        _refund_with(total_fen=400),
        "the refunded lines add up to 500, not total_fen 400",
    ),
    "a repayment that adds to the debt": (
        event(1, "credit.entry", kind="repayment", amount_fen=500),
        "'amount_fen' must be at most -1",
    ),
    "an unknown ledger kind": (
        event(1, "credit.entry", kind="gift"),
        "'kind' must be one of sale, agency, refund",
    ),
    "more collected than the agency order's total": (
        event(1, "agency.created", collected=[{"method": "cash", "amount_fen": 9500}]),
        "the 'collected' entries add up to 9500, more than total_fen 9400",
    ),
    "an agency total that is not its parts": (
        event(1, "agency.created", total_fen=9000),
        "quantity × item price, shipping and service fee add up to 9400, not total_fen 9000",
    ),
    "an unknown agency status": (
        event(1, "agency.status_changed", status="lost"),
        "'status' must be one of created",
    ),
    "platform money paid in cash": (
        event(
            1,
            "agency.status_changed",
            money=[{"kind": "spent", "method": "cash", "amount_fen": 8900}],
        ),
        "'money[0].method' must be one of platform",
    ),
    "an unknown carrier": (
        event(1, "parcel.arrived", carrier="UPS"),
        "'carrier' must be one of 顺丰",
    ),
    "a net weight that is not gross less tare": (
        event(1, "lot.received", net_g=60_000),
        "gross less tare add up to 50000",
    ),
    "a payout onto the farmer's account": (
        event(1, "payout.made", method="account"),
        "'method' must be one of cash, wechat",
    ),
}


@pytest.mark.parametrize("case", sorted(NONSENSE))
def test_an_event_whose_money_or_kinds_make_no_sense_is_rejected_and_not_counted(
    hub: RunningHub, case: str
):
    bad, reason = NONSENSE[case]
    good = sale_event(2, 350)
    response = hub.station.upload([bad, good])
    assert statuses(response) == ["rejected", "accepted"]
    assert reason in response.json()["results"][0]["reason"]
    assert hub.store.event_counts(STATION) == {"sale.completed": 1}
    stats = hub_stats(hub.store)
    assert (stats.sales_count, stats.net_fen, stats.payments_fen["cash"]) == (1, 350, 350)
    assert stats.credit == {"entries": 0, "balance_fen": 0}


def test_a_number_json_reads_as_infinity_is_rejected_never_stored(hub: RunningHub):
    # 1e400 and the non-JSON words Infinity / NaN all become floats no amount can be.
    text = json.dumps({"station_id": STATION, "events": [_sale_with(note=7)]})
    for literal in ("1e400", "Infinity", "-Infinity", "NaN"):
        body = gzip.compress(text.replace('"note": 7', f'"note": {literal}').encode())
        response = hub.station.send("POST", "/v1/events", body)
        assert statuses(response) == ["rejected"], literal
        assert (
            response.json()["results"][0]["reason"] == "payload field 'note' is not a finite number"
        )
    assert hub.store.event_counts() == {}


# -- an event id is one event -----------------------------------------------------------


def test_an_event_id_resent_with_another_payload_is_a_conflict_and_the_first_kept(hub: RunningHub):
    sale = sale_event(1, 350)
    forged = json.loads(json.dumps(sale))
    forged["payload"].update(
        subtotal_fen=35_000,
        total_fen=35_000,
        lines=[{"quantity": 1, "discount_fen": 0, "total_fen": 35_000}],
        payments=[{"method": "cash", "amount_fen": 35_000}],
    )
    response = hub.station.upload([sale, forged, sale])
    assert statuses(response) == ["accepted", "rejected", "duplicate"]
    assert response.json()["results"][1]["reason"].startswith("conflict: ")
    # Later, in another batch, too; an identical copy is still only a duplicate.
    later = hub.station.upload([forged, sale])
    assert statuses(later) == ["rejected", "duplicate"]
    assert later.json()["results"][0]["reason"].startswith("conflict: ")
    assert hub_stats(hub.store, STATION).net_fen == 350


# -- text that cannot be stored ---------------------------------------------------------


def _ascii_upload(hub: RunningHub, events: list[dict[str, Any]]) -> requests.Response:
    """Upload with JSON's \\u escapes, the way a lone surrogate can travel in valid UTF-8."""
    body = gzip.compress(json.dumps({"station_id": STATION, "events": events}).encode())
    return hub.station.send("POST", "/v1/events", body)


def test_malformed_text_anywhere_rejects_that_event_only(hub: RunningHub):
    surrogate, nul = "\ud800", "\u0000"
    bad_id = sale_event(1, 100)
    bad_id["event_id"] = "0193-" + surrogate
    nul_id = sale_event(2, 100)
    nul_id["event_id"] = "0193-" + nul
    cases = [
        (_sale_with(receipt_no="20261126-T1-" + surrogate), "payload field 'receipt_no'"),
        (
            _sale_with(
                lines=[
                    {"name": "水" + surrogate, "quantity": 1, "discount_fen": 0, "total_fen": 500}
                ]
            ),
            "payload field 'lines[0].name'",
        ),
        (_sale_with(**{"note" + surrogate: 1}), "a payload key under 'payload'"),
        (_sale_with(operator="王" + nul), "payload field 'operator' holds malformed text"),
        ({**sale_event(3, 100), "kind": "sale." + surrogate}, "kind holds malformed text"),
        ({**sale_event(4, 100), "kind": "sale" + nul}, "kind holds malformed text"),
        ({**sale_event(5, 100), "created_at": "2026-11-26" + nul}, "created_at holds"),
        (bad_id, "event_id holds malformed text"),
        (nul_id, "event_id holds malformed text (a NUL character)"),
    ]
    good = sale_event(9, 350)
    response = _ascii_upload(hub, [event for event, _ in cases] + [good])
    assert statuses(response) == ["rejected"] * len(cases) + ["accepted"]
    results = response.json()["results"]
    for (_, reason), result in zip(cases, results, strict=False):
        assert reason in result["reason"]
    # An id that cannot be sent back as UTF-8 is answered with the surrogate spelt out.
    assert results[7]["event_id"] == "0193-\\ud800"
    assert results[8]["event_id"] == "0193-\x00"
    assert hub.store.event_counts() == {"sale.completed": 1}


# -- authentication before anything else ------------------------------------------------


@pytest.mark.parametrize("query", ["after=-1", "after=x&limit=0", "limit=501", ""])
def test_an_unsigned_change_request_is_401_whatever_its_query(hub: RunningHub, query: str):
    response = requests.get(f"{hub.url}/v1/changes?{query}", timeout=10)
    assert (response.status_code, error_code(response)) == (401, "unknown_station")


def test_an_unsigned_upload_is_refused_before_its_body_is_read(hub: RunningHub):
    port = int(hub.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as link:
        # Announces a megabyte and sends none of it: the hub answers at once.
        link.sendall(
            b"POST /v1/events HTTP/1.1\r\nHost: hub\r\nContent-Encoding: gzip\r\n"
            b"Content-Length: 1000000\r\n\r\n"
        )
        answer = _read_until_closed(link)
    assert answer.startswith(b"HTTP/1.1 401 ")
    assert b'"unknown_station"' in answer


def test_a_body_declared_over_2_mib_is_413_at_once_and_the_connection_closed(hub: RunningHub):
    port = int(hub.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as link:
        link.sendall(_signed_head(hub, 2 * 1024 * 1024 + 1))
        answer = _read_until_closed(link)
    assert answer.startswith(b"HTTP/1.1 413 ")


# -- stalled bodies do not hold the hub -------------------------------------------------


def _signed_head(hub: RunningHub, length: int) -> bytes:
    """Headers of an upload from a provisioned station; the body never comes."""
    headers = hub.station.headers("POST", "/v1/events", secrets.token_bytes(16))
    lines = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return (
        f"POST /v1/events HTTP/1.1\r\nHost: hub\r\nContent-Encoding: gzip\r\n"
        f"Content-Length: {length}\r\n{lines}\r\n"
    ).encode()


def _read_until_closed(link: socket.socket) -> bytes:
    """Everything the hub sends until it closes; socket.timeout if it never does."""
    received = b""
    while chunk := link.recv(65536):
        received += chunk
    return received


@pytest.fixture
def quick_hub(store: HubStore) -> Iterator[RunningHub]:
    """A hub that gives request bodies 1 s to arrive, over this test's store."""
    now = "2026-11-26T08:00:00.000Z"
    secret = store.add_station(STATION, "张庄村服务站", now)
    with serving(create_app(store, body_timeout_s=1.0)) as url:
        station = StationDouble(url, STATION, secret)
        yield RunningHub(url, store, station, station)
        station.close()


STALLED = 40


def test_stalled_uploads_are_closed_within_the_bound_while_ping_answers(quick_hub: RunningHub):
    port = int(quick_hub.url.rsplit(":", 1)[1])
    links = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(STALLED)]
    answers: list[bytes | None] = [None] * STALLED
    closed_after: list[float] = [0.0] * STALLED
    started = time.monotonic()
    try:
        for link in links:
            link.sendall(_signed_head(quick_hub, 100_000) + b"\x1f\x8b")

        def wait(i: int) -> None:
            try:
                answers[i] = _read_until_closed(links[i])
            except OSError:
                answers[i] = None  # still open after 5 s
            closed_after[i] = time.monotonic() - started

        readers = [threading.Thread(target=wait, args=(i,)) for i in range(STALLED)]
        for reader in readers:
            reader.start()
        # The hub keeps answering while the stalled uploads wait for their bodies.
        for _ in range(5):
            ping = requests.get(quick_hub.url + "/v1/ping", timeout=2)
            assert ping.status_code == 200
        for reader in readers:
            reader.join(10)
    finally:
        for link in links:
            link.close()
    assert all(answer is not None and answer.startswith(b"HTTP/1.1 408 ") for answer in answers)
    assert b'"timeout"' in answers[0]  # type: ignore[operator]
    assert max(closed_after) < 4.0
    assert quick_hub.store.event_counts() == {}
    assert statuses(quick_hub.station.upload([sale_event(1, 350)])) == ["accepted"]
