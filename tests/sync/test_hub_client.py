import gzip
import json
import random
import threading
import time

import pytest

from station_app.sync.errors import (
    HubAuthRefused,
    HubBadResponse,
    HubRejected,
    HubUnreachable,
)
from station_app.sync.http_policy import RetryPolicy, Timeouts
from station_app.sync.hub_client import HubClient
from station_app.sync.link import HubLink
from station_app.sync.outbox import OutboxEvent
from tests.sync.conftest import FAST_RETRY, FAST_TIMEOUTS
from tests.sync.hub_standin import SECRET, STATION


def _client(
    hub, secret=SECRET, station=STATION, retry=FAST_RETRY, timeouts=FAST_TIMEOUTS, **kwargs
):
    return HubClient(HubLink(hub.url, station, secret), retry=retry, timeouts=timeouts, **kwargs)


def _events(n, kind="sale.completed"):
    return [
        OutboxEvent(seq, f"0000-{seq}", kind, {"total_fen": seq}, "2026-11-26T08:00:00.000Z", None)
        for seq in range(1, n + 1)
    ]


def _json_answer(document, status=200):
    return status, json.dumps(document).encode(), {}


def test_ping_needs_no_signature(hub):
    with _client(hub) as client:
        assert client.ping().version == 1
    assert "X-Signature" not in hub.state.requests[-1].headers


def test_upload_is_signed_gzip_in_seq_order_and_answered_per_event(hub):
    with _client(hub) as client:
        results = client.upload_events(_events(3))
    assert [r.status for r in results] == ["accepted"] * 3
    post = hub.state.upload_posts()[0]
    assert post.headers["Content-Encoding"] == "gzip"
    assert post.headers["Content-Type"] == "application/json"
    assert [e["seq"] for e in json.loads(gzip.decompress(post.body))["events"]] == [1, 2, 3]


def test_the_same_batch_again_is_duplicate_and_unknown_kinds_are_rejected(hub):
    with _client(hub) as client:
        client.upload_events(_events(2))
        again = client.upload_events(_events(2) + _events(3, "parcel.arrived")[2:])
    assert [(r.status, r.reason) for r in again] == [
        ("duplicate", None),
        ("duplicate", None),
        ("rejected", "unknown kind 'parcel.arrived'"),
    ]


def test_every_try_is_signed_afresh_so_a_retry_is_no_replay(hub):
    answers = iter([_json_answer({"error": {"code": "internal", "message": ""}}, 503)])
    hub.state.override = lambda seen: next(answers, None)
    with _client(hub) as client:
        assert [r.status for r in client.upload_events(_events(1))] == ["accepted"]
    nonces = [r.headers["X-Nonce"] for r in hub.state.upload_posts()]
    assert len(nonces) == 2 and nonces[0] != nonces[1]


def test_5xx_is_retried_with_growing_jittered_waits_then_gives_up(hub):
    hub.state.override = lambda seen: _json_answer({"error": {"code": "internal"}}, 500)
    waits = []
    policy = RetryPolicy(retries=4, base_delay_s=1.0, jitter=0.5)
    with (
        _client(hub, retry=policy, sleep=waits.append, rng=random.Random(7)) as client,
        pytest.raises(HubUnreachable) as raised,
    ):
        client.fetch_changes(0)
    assert raised.value.code == "internal"
    assert len(hub.state.requests) == 5  # first try and 4 retries
    assert len(waits) == 4
    for n, wait in enumerate(waits):
        assert 0.5 * 2**n <= wait <= 1.5 * 2**n
    assert len(set(waits)) == 4


def test_waits_stop_growing_at_the_cap_however_long_the_link_is_down():
    policy = RetryPolicy(base_delay_s=15.0, jitter=0.5, max_delay_s=300.0)
    rng = random.Random(1)
    assert 7.5 <= policy.delay(0, rng) <= 22.5
    # Probing every few minutes for days counts thousands of tries.
    assert all(150.0 <= policy.delay(n, rng) <= 450.0 for n in (5, 100, 5000))


@pytest.mark.parametrize(
    ("status", "code"), [(400, "malformed"), (404, "not_found"), (413, "too_large")]
)
def test_4xx_is_not_retried_and_is_a_rejection(hub, status, code):
    hub.state.override = lambda seen: _json_answer(
        {"error": {"code": code, "message": "m"}}, status
    )
    with _client(hub) as client, pytest.raises(HubRejected) as raised:
        client.upload_events(_events(1))
    assert (raised.value.status, raised.value.code) == (status, code)
    assert len(hub.state.requests) == 1


@pytest.mark.parametrize(
    ("secret", "station", "code"),
    [
        ("ab" * 32, STATION, "bad_signature"),
        (SECRET, "HN-ZZ-9999", "unknown_station"),
    ],
)
def test_wrong_credentials_are_auth_refused_with_the_hubs_code(hub, secret, station, code):
    with (
        _client(hub, secret=secret, station=station) as client,
        pytest.raises(HubAuthRefused) as raised,
    ):
        client.upload_events(_events(1))
    assert raised.value.code == code
    assert hub.state.events == {}


def test_a_wrong_pc_clock_is_corrected_from_the_hubs_ping(hub):
    with _client(hub, now=lambda: time.time() - 3 * 3600) as client:
        assert client.fetch_changes(0).changes == ()
        assert abs(client.clock_offset_s - 3 * 3600) < 5
        client.fetch_changes(0)  # signs with the hub's time from now on
    statuses = [r.path for r in hub.state.requests]
    assert statuses == [
        "/v1/changes?after=0&limit=200",
        "/v1/ping",
        "/v1/changes?after=0&limit=200",
        "/v1/changes?after=0&limit=200",
    ]


def test_a_refused_clock_fix_stays_refused(hub):
    hub.state.override = lambda seen: (
        None
        if seen.path == "/v1/ping"
        else _json_answer({"error": {"code": "stale_timestamp", "message": ""}}, 401)
    )
    with _client(hub) as client, pytest.raises(HubAuthRefused) as raised:
        client.fetch_changes(0)
    assert raised.value.code == "stale_timestamp"


def test_a_stalled_hub_times_out_as_unreachable(hub):
    given_up = threading.Event()

    def stall(seen):
        given_up.wait(10)  # answers only once the client has given up

    hub.state.override = stall
    try:
        with (
            _client(hub, timeouts=Timeouts(1.0, 0.2), retry=RetryPolicy(1, 0.01)) as client,
            pytest.raises(HubUnreachable, match="timed out"),
        ):
            client.fetch_changes(0)
    finally:
        given_up.set()
    assert len(hub.state.requests) == 2  # the first try and one retry


def test_nobody_listening_is_unreachable():
    link = HubLink("http://127.0.0.1:9", STATION, SECRET)
    with (
        HubClient(link, retry=RetryPolicy(0)) as client,
        pytest.raises(HubUnreachable, match="refused"),
    ):
        client.ping()


@pytest.mark.parametrize(
    "answer",
    [
        (200, b"<html>captive portal</html>", {}),
        (200, json.dumps({"results": []}).encode(), {}),
        (302, b"", {"Location": "http://example.com/"}),
        (204, b"", {}),
    ],
)
def test_strange_answers_are_bad_responses(hub, answer):
    hub.state.override = lambda seen: answer
    with _client(hub) as client, pytest.raises(HubBadResponse):
        client.upload_events(_events(1))
    assert len(hub.state.requests) == 1  # a redirect is never followed


def test_a_hub_url_with_a_path_prefix_signs_the_full_path(hub):
    prefixed = HubLink(hub.url + "/county", STATION, SECRET)
    hub.state.override = lambda seen: (
        _json_answer({"changes": [], "next_cursor": 0, "has_more": False})
        if seen.path.startswith("/county/v1/")
        else None
    )
    with HubClient(prefixed, retry=FAST_RETRY) as client:
        client.fetch_changes(0)
    assert hub.state.requests[-1].path == "/county/v1/changes?after=0&limit=200"
