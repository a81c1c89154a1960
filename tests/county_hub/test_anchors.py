"""Audit-chain anchors at the real hub on 127.0.0.1, on SQLite and PostgreSQL: confirmed
forward only, refused and recorded otherwise, and listed by `python -m county_hub anchors`."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from county_hub.cli import main as hub_main
from tests.county_hub.conftest import OTHER_STATION, STATION, RunningHub
from tests.county_hub.signing import StationDouble, error_code

H1, H2, H3 = "a" * 64, "b" * 64, "c" * 64


def _post(
    station: StationDouble,
    seq: int,
    digest: str,
    prior: tuple[int, str | None] | None,
    terminal: str = "T1",
    body_station: str | None = None,
) -> requests.Response:
    body = json.dumps(
        {
            "station_id": body_station or station.station_id,
            "terminal_id": terminal,
            "seq": seq,
            "hash": digest,
            "prior": None if prior is None else {"seq": prior[0], "hash": prior[1]},
        }
    )
    return station.send("POST", "/v1/anchor", body.encode())


def _get(station: StationDouble, terminal: str = "T1") -> dict[str, Any]:
    response = station.send("GET", f"/v1/anchor?terminal={terminal}")
    assert response.status_code == 200, response.text
    return dict(response.json())


def _refusals(hub: RunningHub) -> list[tuple[int, str]]:
    return [(r.seq, r.reason) for r in hub.store.anchor_refusals(STATION)]


def test_a_first_anchor_is_confirmed_and_then_shown(hub: RunningHub):
    assert _get(hub.station) == {"terminal_id": "T1", "anchor": None}
    confirmed = _post(hub.station, 40, H1, None)
    assert confirmed.status_code == 200, confirmed.text
    anchor = confirmed.json()["anchor"]
    assert (anchor["seq"], anchor["hash"]) == (40, H1)
    assert _get(hub.station)["anchor"] == anchor


def test_the_anchor_moves_forward_when_the_confirmed_row_still_matches(hub: RunningHub):
    _post(hub.station, 40, H1, None)
    moved = _post(hub.station, 55, H2, (40, H1))
    assert moved.status_code == 200 and moved.json()["anchor"]["seq"] == 55
    again = _post(hub.station, 55, H2, (55, H2))  # a retried request confirms it again
    assert again.status_code == 200 and again.json()["anchor"]["seq"] == 55
    assert [(a.seq, a.hash) for a in hub.store.anchor_heads(STATION)] == [(55, H2)]


def test_a_lower_seq_is_refused_and_recorded(hub: RunningHub):
    _post(hub.station, 40, H1, None)
    refused = _post(hub.station, 30, H2, (40, None))
    assert (refused.status_code, error_code(refused)) == (409, "anchor_refused")
    assert (
        "anchor seq 30 is lower than the last confirmed one (row 40"
        in refused.json()["error"]["message"]
    )
    assert [seq for seq, _ in _refusals(hub)] == [30]
    assert _get(hub.station)["anchor"]["seq"] == 40


def test_a_different_hash_at_the_same_seq_is_refused_and_recorded(hub: RunningHub):
    _post(hub.station, 40, H1, None)
    refused = _post(hub.station, 40, H2, (40, H2))
    assert refused.status_code == 409
    [(seq, reason)] = _refusals(hub)
    assert seq == 40 and reason.startswith("a different hash at seq 40")


def test_a_head_whose_confirmed_row_changed_or_vanished_is_refused(hub: RunningHub):
    _post(hub.station, 40, H1, None)
    assert _post(hub.station, 50, H3, (40, H2)).status_code == 409  # re-hashed
    assert _post(hub.station, 50, H3, (40, None)).status_code == 409  # row 40 gone
    assert _post(hub.station, 50, H3, None).status_code == 409  # did not show row 40
    reasons = [reason for _, reason in _refusals(hub)]
    assert "re-hashed" in reasons[0] and "lost rows" in reasons[1]
    assert "did not show its row 40" in reasons[2]
    assert _get(hub.station)["anchor"]["hash"] == H1


def test_each_terminal_and_station_keeps_its_own_anchor(hub: RunningHub):
    _post(hub.station, 40, H1, None)
    assert _post(hub.station, 3, H2, None, terminal="T2").status_code == 200
    assert _get(hub.other)["anchor"] is None
    body_for_another = _post(hub.station, 41, H2, (40, H1), body_station=OTHER_STATION)
    assert error_code(body_for_another) == "station_mismatch"


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        json.dumps(
            {"station_id": STATION, "terminal_id": "T1", "seq": 0, "hash": H1, "prior": None}
        ).encode(),
        json.dumps(
            {"station_id": STATION, "terminal_id": "T1", "seq": 1, "hash": "AB", "prior": None}
        ).encode(),
    ],
)
def test_a_malformed_anchor_is_refused_with_400(hub: RunningHub, body: bytes):
    response = hub.station.send("POST", "/v1/anchor", body)
    assert (response.status_code, error_code(response)) == (400, "malformed")


def test_an_unsigned_anchor_request_is_refused(hub: RunningHub):
    response = requests.get(hub.url + "/v1/anchor?terminal=T1", timeout=10)
    assert response.status_code == 401


def test_the_anchors_command_lists_heads_and_refusals(hub: RunningHub, db_url: str, capsys):
    _post(hub.station, 40, H1, None)
    _post(hub.station, 30, H2, (40, None))
    assert hub_main(["anchors", "--db", db_url, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [
        (a["station_id"], a["terminal_id"], a["seq"], a["hash"]) for a in listed["anchors"]
    ] == [(STATION, "T1", 40, H1)]
    assert [(r["station_id"], r["seq"]) for r in listed["refused"]] == [(STATION, 30)]
    assert hub_main(["anchors", "--db", db_url, "--station", STATION]) == 0
    text = capsys.readouterr().out
    assert f"{STATION}\tT1\trow 40\t{H1}" in text and f"REFUSED {STATION}\tT1\trow 30" in text


def test_a_station_sync_anchors_its_chain_and_a_rehashed_chain_is_refused(
    hub: RunningHub, demo_db_path
):
    # The station's own client and sync job against this hub, on each engine.
    from station_app.core.audit import chain_head, load_anchor
    from station_app.core.clock import Clock
    from station_app.core.operators import sign_in
    from station_app.storage import open_database
    from station_app.sync.http_policy import RetryPolicy, Timeouts
    from station_app.sync.hub_client import AnchorRefused
    from station_app.sync.link import provision_link
    from station_app.sync.sync_job import run_sync
    from tests.audit_tamper import edit_and_rehash

    db = open_database(demo_db_path)
    provision_link(
        db,
        station_id=STATION,
        hub_url=hub.url,
        secret=hub.station.secret,
        ca_bundle=None,
        at=Clock().stamp(),
    )
    db.close()
    fast = {"retry": RetryPolicy(retries=0), "timeouts": Timeouts(2.0, 10.0)}
    run_sync(demo_db_path, **fast)
    db = open_database(demo_db_path)
    head = chain_head(db)
    assert (load_anchor(db).seq, load_anchor(db).hash) == (head.seq, head.hash)
    edit_and_rehash(db, 5)
    sign_in(db, "8888", Clock())
    db.close()
    with pytest.raises(AnchorRefused):
        run_sync(demo_db_path, **fast)
    assert [a.seq for a in hub.store.anchor_heads(STATION)] == [head.seq]
    assert [seq for seq, _ in _refusals(hub)] == [head.seq + 1]
