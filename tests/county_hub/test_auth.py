"""Signed requests: the canonical string, and every refusal on a real server, nothing stored."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time

import pytest

from county_hub.auth import canonical_string, sign
from tests.county_hub.conftest import OTHER_STATION, STATION, RunningHub
from tests.county_hub.signing import error_code, gzip_json, sale_event, signature, statuses


def test_canonical_string_is_five_lines_without_trailing_newline():
    text = canonical_string("get", "/v1/changes?after=42&limit=200", "1795680000", "0" * 32, b"")
    assert text == (
        "GET\n/v1/changes?after=42&limit=200\n1795680000\n" + "0" * 32 + "\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )


def test_signature_is_hmac_sha256_keyed_by_the_secret_text():
    secret = "ab" * 32
    body = b"\x1f\x8b gzip bytes"
    wanted = hmac.new(
        secret.encode(),
        canonical_string("POST", "/v1/events", "1", "f" * 32, body).encode(),
        hashlib.sha256,
    ).hexdigest()
    assert sign(secret, "POST", "/v1/events", "1", "f" * 32, body) == wanted
    assert signature(secret, "POST", "/v1/events", "1", "f" * 32, body) == wanted


def _nothing_stored(hub: RunningHub) -> None:
    assert hub.store.event_counts() == {}


def test_a_wrong_secret_is_refused_and_its_nonce_not_kept(hub: RunningHub):
    events = [sale_event(1, 350)]
    response = hub.station.upload(events, secret="00" * 32, nonce="a" * 32)
    assert (response.status_code, error_code(response)) == (401, "bad_signature")
    _nothing_stored(hub)
    # The refused request burnt nothing: the real station may still use that nonce.
    assert statuses(hub.station.upload(events, nonce="a" * 32)) == ["accepted"]


def test_a_tampered_body_is_refused(hub: RunningHub):
    signed = gzip_json({"station_id": STATION, "events": [sale_event(1, 350)]})
    sent = gzip_json({"station_id": STATION, "events": [sale_event(1, 35000)]})
    headers = hub.station.headers("POST", "/v1/events", signed)
    response = hub.station.send("POST", "/v1/events", sent, headers=headers)
    assert (response.status_code, error_code(response)) == (401, "bad_signature")
    _nothing_stored(hub)


def test_a_tampered_query_string_is_refused(hub: RunningHub):
    headers = hub.station.headers("GET", "/v1/changes?after=0", b"")
    response = hub.station.send("GET", "/v1/changes?after=5", headers=headers)
    assert (response.status_code, error_code(response)) == (401, "bad_signature")


# A clock ahead gets closer to the hub's while the request travels: 310 rather than 301, so
# a second's delay on a loaded machine cannot bring it inside the window.
@pytest.mark.parametrize("skew", [-301, 310, -3600])
def test_a_timestamp_outside_300_s_is_stale(hub: RunningHub, skew: int):
    response = hub.station.upload([sale_event(1, 350)], timestamp=int(time.time()) + skew)
    assert (response.status_code, error_code(response)) == (401, "stale_timestamp")
    _nothing_stored(hub)


def test_a_timestamp_inside_the_window_is_accepted(hub: RunningHub):
    response = hub.station.upload([sale_event(1, 350)], timestamp=int(time.time()) - 280)
    assert statuses(response) == ["accepted"]


def test_a_replayed_request_is_refused_and_stores_nothing_more(hub: RunningHub):
    body = gzip_json({"station_id": STATION, "events": [sale_event(1, 350)]})
    headers = hub.station.headers("POST", "/v1/events", body)
    assert statuses(hub.station.send("POST", "/v1/events", body, headers=headers)) == ["accepted"]
    again = hub.station.send("POST", "/v1/events", body, headers=headers)
    assert (again.status_code, error_code(again)) == (401, "replayed_nonce")
    assert hub.store.event_counts() == {"sale.completed": 1}


def test_an_upload_reusing_a_nonce_stores_none_of_its_events(hub: RunningHub):
    # A nonce is the station's, whatever request used it first: an upload under a nonce
    # a GET used, or another upload used, stores none of its events.
    assert hub.station.changes(nonce="c" * 32).status_code == 200
    response = hub.station.upload([sale_event(1, 350), sale_event(2, 990)], nonce="c" * 32)
    assert (response.status_code, error_code(response)) == (401, "replayed_nonce")
    _nothing_stored(hub)
    assert statuses(hub.station.upload([sale_event(1, 350)], nonce="d" * 32)) == ["accepted"]
    again = hub.station.upload([sale_event(2, 990)], nonce="d" * 32)
    assert (again.status_code, error_code(again)) == (401, "replayed_nonce")
    assert hub.store.event_counts() == {"sale.completed": 1}


def test_a_nonce_is_per_station(hub: RunningHub):
    assert hub.station.changes(nonce="b" * 32).status_code == 200
    assert hub.other.changes(nonce="b" * 32).status_code == 200


def test_signing_with_another_stations_id_is_refused(hub: RunningHub):
    response = hub.station.upload(
        [sale_event(1, 350)], station_id=OTHER_STATION, body_station=OTHER_STATION
    )
    assert (response.status_code, error_code(response)) == (401, "bad_signature")
    _nothing_stored(hub)


def test_a_body_naming_another_station_is_refused(hub: RunningHub):
    response = hub.station.upload([sale_event(1, 350)], body_station=OTHER_STATION)
    assert (response.status_code, error_code(response)) == (401, "station_mismatch")
    _nothing_stored(hub)


def test_unknown_and_disabled_stations_are_refused(hub: RunningHub):
    response = hub.station.changes(station_id="HN-ZZ-9999")
    assert (response.status_code, error_code(response)) == (401, "unknown_station")
    hub.store.set_active(STATION, False)
    response = hub.station.upload([sale_event(1, 350)])
    assert (response.status_code, error_code(response)) == (401, "unknown_station")
    _nothing_stored(hub)


@pytest.mark.parametrize("header", ["X-Nonce", "X-Signature"])
def test_malformed_auth_headers_are_a_bad_signature(hub: RunningHub, header: str):
    headers = hub.station.headers("GET", "/v1/changes?after=0", b"")
    headers[header] = headers[header].upper()
    response = hub.station.send("GET", "/v1/changes?after=0", headers=headers)
    assert (response.status_code, error_code(response)) == (401, "bad_signature")


def test_missing_auth_headers_are_refused(hub: RunningHub):
    response = hub.station.session.get(hub.url + "/v1/changes", timeout=10)
    assert (response.status_code, error_code(response)) == (401, "unknown_station")


def test_refusals_are_logged_without_secret_or_signature(
    hub: RunningHub, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO, logger="county_hub")
    headers = hub.station.headers("GET", "/v1/changes?after=0", b"", secret="11" * 32)
    hub.station.send("GET", "/v1/changes?after=0", headers=headers)
    hub.station.upload([sale_event(1, 350)])
    assert "bad_signature" in caplog.text
    for secret_or_signature in (hub.station.secret, "11" * 32, headers["X-Signature"]):
        assert secret_or_signature not in caplog.text
