"""Decoding an upload body: gzip within limits, JSON shape, per-event results."""

from __future__ import annotations

import gzip
import json
import zlib

import pytest

from county_hub.errors import HubRefusal
from county_hub.storage import HubStore
from county_hub.upload import gunzip, parse_batch, read_upload, store_batch
from tests.county_hub.signing import sale_event


def _refusal(call, *args) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(HubRefusal) as caught:
        call(*args)
    return caught.value.status, caught.value.code


def test_gunzip_reads_one_or_several_members():
    assert gunzip(gzip.compress(b"abc")) == b"abc"
    assert gunzip(gzip.compress(b"ab") + gzip.compress(b"c")) == b"abc"


def test_gunzip_allows_exactly_the_limit_and_refuses_one_byte_more():
    assert gunzip(gzip.compress(b"x" * 1000), limit=1000) == b"x" * 1000
    assert _refusal(gunzip, gzip.compress(b"x" * 1001), 1000) == (413, "too_large")


def test_gunzip_stops_a_bomb_early():
    bomb = zlib.compressobj(9, zlib.DEFLATED, 31)
    body = bomb.compress(b"\0" * (64 * 1024 * 1024)) + bomb.flush()
    assert len(body) < 100_000
    assert _refusal(gunzip, body, 1024 * 1024) == (413, "too_large")


@pytest.mark.parametrize(
    "body", [b"", b"plain", gzip.compress(b"abc")[:-3], gzip.compress(b"abc") + b"trailing junk"]
)
def test_gunzip_refuses_bad_or_truncated_gzip(body: bytes):
    assert _refusal(gunzip, body) == (400, "malformed")


def test_parse_batch_checks_the_envelope():
    ok = json.dumps({"station_id": "A", "events": [{"event_id": "e1"}]}).encode()
    assert parse_batch(ok, "A") == [{"event_id": "e1"}]
    assert _refusal(parse_batch, ok, "B") == (401, "station_mismatch")
    for bad in (
        b"{",
        b"[]",
        b'{"station_id": 1, "events": []}',
        b'{"station_id": "A"}',
        b'{"station_id": "A", "events": [{"event_id": ""}]}',
    ):
        assert _refusal(parse_batch, bad, "A") == (400, "malformed"), bad
    # A non-finite number is that one event's fault, not the batch's.
    [odd] = parse_batch(b'{"station_id": "A", "events": [{"event_id": "e", "seq": NaN}]}', "A")
    assert odd["seq"] != odd["seq"]


@pytest.mark.parametrize(
    ("number", "plain"),
    [
        ("12", True),
        ("18446744073709551616", False),  # past 64 bits: a float to the fast parser
        ("-9223372036854775809", False),
        ("1e400", False),  # not finite once read
    ],
)
def test_every_body_reads_as_the_standard_library_reads_it(number: str, plain: bool):
    text = f'{{"station_id": "A", "events": [{{"event_id": "e", "seq": {number}, "n": "米"}}]}}'
    events, _, is_plain = read_upload(text.encode(), "A")
    assert events == json.loads(text)["events"]
    assert type(events[0]["seq"]) is type(json.loads(text)["events"][0]["seq"])
    assert is_plain is plain


def test_store_batch_answers_in_request_order(store: HubStore):
    store.add_station("A", "a", "2026-11-26T08:00:00Z")
    good, bad = sale_event(1, 100), {**sale_event(2, 100), "seq": -1}
    results = store_batch(store, "A", [bad, good, good], "2026-11-26T08:00:00Z")
    assert [(r.event_id, r.status) for r in results] == [
        (bad["event_id"], "rejected"),
        (good["event_id"], "accepted"),
        (good["event_id"], "duplicate"),
    ]
    assert results[0].reason == "seq must be a non-negative integer"
