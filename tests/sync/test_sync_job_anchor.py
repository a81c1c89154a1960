"""The audit chain anchored at the real county hub: each sync has its head confirmed, and
`verify-audit` then catches what was deleted or re-hashed before that sync."""

from __future__ import annotations

import json

import pytest

from station_app.cli import main as station_main
from station_app.core.audit import chain_head, load_anchor
from station_app.core.clock import Clock
from station_app.core.operators import sign_in
from station_app.storage import open_database
from station_app.sync.hub_client import AnchorRefused
from station_app.sync.sync_job import AuditChainBroken, run_sync
from tests.audit_tamper import delete_all, delete_tail, drop_triggers, edit_and_rehash
from tests.sync.conftest import FAST_RETRY, FAST_TIMEOUTS, HubStation, link
from tests.sync.real_hub import RealHub


def _sync(hub_station):
    return run_sync(hub_station.db_path, retry=FAST_RETRY, timeouts=FAST_TIMEOUTS)


def _verify(hub_station, capsys, *extra):
    code = station_main(["--data-dir", str(hub_station.db_path.parent), "verify-audit", *extra])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _hub_anchors(real_hub, station_id):
    return json.loads(real_hub.command("anchors", "--station", station_id, "--json").stdout)


@pytest.fixture
def synced(real_hub, hub_station):
    """The demo station after one sync: its chain head confirmed by the hub."""
    _sync(hub_station)
    db = open_database(hub_station.db_path)
    anchor = load_anchor(db)
    db.close()
    return anchor


def test_a_sync_has_the_chain_head_confirmed_and_kept(real_hub, hub_station, synced):
    db = open_database(hub_station.db_path)
    head = chain_head(db)
    db.close()
    assert (synced.seq, synced.hash, synced.terminal_id) == (head.seq, head.hash, "T1")
    [kept] = _hub_anchors(real_hub, hub_station.station_id)["anchors"]
    assert (kept["terminal_id"], kept["seq"], kept["hash"]) == ("T1", head.seq, head.hash)
    assert kept["confirmed_at"] == synced.confirmed_at


def test_an_untampered_station_passes_verify_audit(hub_station, synced, capsys):
    code, text = _verify(hub_station, capsys)
    assert code == 0
    assert f"it reaches row {synced.seq}, confirmed by the hub at {synced.confirmed_at}" in text


def test_the_anchor_moves_forward_with_the_next_sync(real_hub, hub_station, synced):
    db = open_database(hub_station.db_path)
    sign_in(db, "8888", Clock())  # one more audit row
    db.close()
    _sync(hub_station)
    [kept] = _hub_anchors(real_hub, hub_station.station_id)["anchors"]
    assert kept["seq"] == synced.seq + 1


def test_a_deleted_tail_fails_verify_audit(hub_station, synced, capsys):
    db = open_database(hub_station.db_path)
    kept = delete_tail(db, 3)
    db.close()
    code, text = _verify(hub_station, capsys)
    assert code == 1
    assert (
        f"rows after {kept} are missing; the hub confirmed row {synced.seq} at "
        f"{synced.confirmed_at}"
    ) in text


def test_a_deleted_log_fails_verify_audit(hub_station, synced, capsys):
    db = open_database(hub_station.db_path)
    delete_all(db)
    db.close()
    code, text = _verify(hub_station, capsys)
    assert code == 1
    assert (
        f"rows after 0 are missing; the hub confirmed row {synced.seq} at {synced.confirmed_at}"
    ) in text


def test_an_edit_with_recomputed_hashes_fails_verify_audit(hub_station, synced, capsys):
    db = open_database(hub_station.db_path)
    edit_and_rehash(db, 2)
    db.close()
    code, text = _verify(hub_station, capsys)
    assert code == 1
    assert (
        f"row {synced.seq} no longer has the hash the hub confirmed at {synced.confirmed_at}"
    ) in text


def test_the_next_sync_of_a_rehashed_log_is_refused_and_recorded_at_the_hub(
    real_hub, hub_station, synced
):
    db = open_database(hub_station.db_path)
    edit_and_rehash(db, 2)
    sign_in(db, "8888", Clock())  # a newer head, so the hub sees more than a repeat
    db.close()
    with pytest.raises(AnchorRefused, match="re-hashed"):
        _sync(hub_station)
    anchors = _hub_anchors(real_hub, hub_station.station_id)
    assert [a["seq"] for a in anchors["anchors"]] == [synced.seq]  # not moved
    [refused] = anchors["refused"]
    assert refused["seq"] == synced.seq + 1 and "re-hashed" in refused["reason"]
    db = open_database(hub_station.db_path)
    assert load_anchor(db) == synced  # the station keeps what the hub confirmed
    db.close()


def test_a_tail_deleted_with_the_kept_anchor_is_still_caught_by_asking_the_hub(
    hub_station, synced, capsys
):
    db = open_database(hub_station.db_path)
    kept = delete_tail(db, 2)
    drop_triggers(db)
    db.execute("DELETE FROM audit_anchor")
    db.close()
    code, _ = _verify(hub_station, capsys)
    assert code == 0  # the documented limit: without the kept anchor only the chain is left
    code, text = _verify(hub_station, capsys, "--hub")
    assert code == 1
    assert f"rows after {kept} are missing; the hub confirmed row {synced.seq}" in text


@pytest.fixture
def catalog_hub(tmp_path, demo_db_path):
    """A hub of its own (a catalog reaches every station of its hub), the demo station
    on it synced once: (hub, station, the anchor that sync kept)."""
    (tmp_path / "hub").mkdir()
    hub = RealHub(tmp_path / "hub").start()
    try:
        secret = hub.add_station("HN-C-0001")
        db = open_database(demo_db_path)
        link(db, hub.url, secret=secret, station="HN-C-0001")
        db.close()
        station = HubStation("HN-C-0001", secret, demo_db_path)
        _sync(station)
        db = open_database(demo_db_path)
        anchor = load_anchor(db)
        db.close()
        yield hub, station, anchor
    finally:
        hub.stop()


def _publish_prices(hub, tmp_path):
    csv = tmp_path / "county.csv"
    csv.write_text(
        "barcode,name,unit,price,category\n"
        "6932780008140,可口可乐 500ml,瓶,3.60,饮料\n"
        "6901234567892,县里新品酱油,瓶,8.50,调味品\n",
        encoding="utf-8",
    )
    hub.command("publish-catalog", str(csv))


def test_a_downloaded_catalog_is_anchored_with_the_rest_of_the_chain(catalog_hub, tmp_path, capsys):
    hub, station, synced = catalog_hub
    _publish_prices(hub, tmp_path)
    assert _sync(station).changes_applied == 2
    db = open_database(station.db_path)
    head, kept = chain_head(db), load_anchor(db)
    db.close()
    assert head.seq == synced.seq + 2  # one audit row per product change
    assert (kept.seq, kept.hash) == (head.seq, head.hash)
    assert _verify(station, capsys)[0] == 0


def test_an_altered_row_between_the_anchor_and_a_download_still_stops_the_anchoring(
    catalog_hub, tmp_path
):
    hub, station, synced = catalog_hub
    db = open_database(station.db_path)
    sign_in(db, "8888", Clock())  # a row the sync did not write
    drop_triggers(db)
    with db.conn:
        db.execute(
            "UPDATE audit_log SET detail = json_set(detail, '$.edited', 1) WHERE seq = ?",
            [synced.seq + 1],
        )
    db.close()
    _publish_prices(hub, tmp_path)
    with pytest.raises(AuditChainBroken, match=f"broken at row {synced.seq + 1} "):
        _sync(station)
    [kept] = _hub_anchors(hub, station.station_id)["anchors"]
    assert kept["seq"] == synced.seq
