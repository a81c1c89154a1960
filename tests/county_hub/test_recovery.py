"""Recovery at the real hub on 127.0.0.1 (SQLite and PostgreSQL): a station pages through
its own events in seq order, and after `POST /v1/recovery` one new audit chain replaces
the terminal's confirmed anchor, once, shown by `python -m county_hub anchors`."""

from __future__ import annotations

import json

from county_hub.cli import main as hub_main
from tests.county_hub.conftest import STATION, RunningHub
from tests.county_hub.signing import StationDouble, error_code, sale_event

OLD, NEW, OTHER = "a" * 64, "b" * 64, "c" * 64


def _anchor(station: StationDouble, seq: int, digest: str, prior: tuple[int, str] | None):
    body = {
        "station_id": station.station_id,
        "terminal_id": "T1",
        "seq": seq,
        "hash": digest,
        "prior": None if prior is None else {"seq": prior[0], "hash": prior[1]},
    }
    return station.send("POST", "/v1/anchor", json.dumps(body).encode())


def _recovery(station: StationDouble):
    body = json.dumps({"station_id": station.station_id, "terminal_id": "T1"}).encode()
    return station.send("POST", "/v1/recovery", body)


def test_a_station_pages_through_only_its_own_events_in_seq_order(hub: RunningHub):
    mine = [sale_event(seq, 100 * seq) for seq in (3, 1, 2, 5, 4)]
    assert hub.station.upload(mine).status_code == 200
    assert hub.other.upload([sale_event(9, 900)]).status_code == 200
    seen, after = [], 0
    while True:
        page = hub.station.send("GET", f"/v1/events/mine?after={after}&limit=2").json()
        seen += [(e["seq"], e["payload"]["total_fen"]) for e in page["events"]]
        after = page["next_after"]
        if not page["has_more"]:
            break
    assert seen == [(1, 100), (2, 200), (3, 300), (4, 400), (5, 500)]


def test_the_events_page_refuses_an_unsigned_request_and_a_page_over_the_limit(hub: RunningHub):
    unsigned = hub.station.session.get(hub.station.base_url + "/v1/events/mine", timeout=10)
    assert unsigned.status_code == 401
    too_big = hub.station.send("GET", "/v1/events/mine?after=0&limit=501")
    assert error_code(too_big) == "malformed"


def test_without_a_recovery_a_new_chain_is_refused(hub: RunningHub):
    assert _anchor(hub.station, 40, OLD, None).status_code == 200
    assert _anchor(hub.station, 1, NEW, None).status_code == 409


def test_after_a_recovery_one_new_chain_start_is_accepted_and_then_only_forward(
    hub: RunningHub, db_url: str, capsys
):
    assert hub.station.upload([sale_event(1, 100), sale_event(2, 200)]).status_code == 200
    assert _anchor(hub.station, 40, OLD, None).status_code == 200
    recorded = _recovery(hub.station)
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["events"] == 2 and recorded.json()["up_to_seq"] == 2
    restarted = _anchor(hub.station, 1, NEW, None)
    assert restarted.status_code == 200, restarted.text
    assert restarted.json()["anchor"]["seq"] == 1
    # Used once: a second new chain is refused, the recovered one moves forward as usual.
    assert _anchor(hub.station, 1, OTHER, None).status_code == 409
    assert _anchor(hub.station, 2, OTHER, (1, NEW)).status_code == 200
    [recovery] = hub.store.recoveries(STATION)
    assert (recovery.old_seq, recovery.old_hash, recovery.new_seq) == (40, OLD, 1)
    assert hub_main(["anchors", "--db", db_url]) == 0
    shown = capsys.readouterr().out
    assert "RECOVERED" in shown and "old head row 40" in shown and "new chain from row 1" in shown
