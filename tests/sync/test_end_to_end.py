"""Station ⇄ real county hub on 127.0.0.1: simulate, sync, reconcile to the fen."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date

from station_app.core.simulation import simulate
from station_app.storage import open_database
from station_app.sync.hub_client import HubClient
from station_app.sync.link import load_link
from station_app.sync.sync_job import run_sync
from tests.sync.conftest import FAST_RETRY, FAST_TIMEOUTS, link
from tests.sync.fault_proxy import FaultProxy
from tests.sync.real_hub import ROOT
from tests.sync.reconcile import days_from, reconcile


def main_py(*args):
    env = {k: v for k, v in os.environ.items() if k not in ("STATION_DATA_DIR", "DISPLAY")}
    return subprocess.run(
        [sys.executable, "main.py", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_simulated_days_reach_the_hub_and_reconcile_to_the_fen(real_hub, hub_station):
    folder = hub_station.db_path.parent
    simulated = main_py(
        "--data-dir", folder, "simulate", "--days", "3", "--seed", "11", "--start", "2026-03-01"
    )
    assert simulated.returncode == 0, simulated.stderr
    result = main_py("--data-dir", folder, "sync")
    # Every kind the demo writes (sales, villagers, credit, agency, parcels, lots) is known.
    assert result.returncode == 0, result.stderr
    figures = reconcile(
        real_hub, hub_station.station_id, hub_station.db_path, days_from("2026-03-01", 3)
    )
    assert figures.sales_count >= 120
    assert {
        "sale.completed",
        "villager.added",
        "credit.entry",
        "parcel.arrived",
        "lot.received",
    } <= set(figures.hub_events)
    again = main_py("--data-dir", folder, "sync")
    assert again.returncode == 0
    assert "0 events sent" in again.stdout


def test_catalog_prices_and_notices_come_down_and_stay_applied_once(
    real_hub, hub_station, tmp_path
):
    csv = tmp_path / "county.csv"
    csv.write_text(
        "barcode,name,unit,price,category\n"
        "6932780008140,可口可乐 500ml,瓶,3.50,饮料\n"
        "6901234567892,县里新品酱油,瓶,8.50,调味品\n",
        encoding="utf-8",
    )
    real_hub.command("publish-catalog", str(csv))
    real_hub.command(
        "notice", "--title", "停电通知", "--body", "周六检修", "--station", hub_station.station_id
    )
    outcome = run_sync(hub_station.db_path, retry=FAST_RETRY, timeouts=FAST_TIMEOUTS, page_limit=1)
    assert (outcome.changes_applied, outcome.changes_skipped) == (3, 0)
    db = open_database(hub_station.db_path)
    price = db.execute(
        "SELECT p.price_fen FROM products p JOIN product_barcodes b "
        "ON b.product_id = p.id WHERE b.barcode = '6932780008140'"
    ).fetchone()
    assert price == (350,)
    assert db.execute("SELECT title FROM hub_notices").fetchall() == [("停电通知",)]
    db.close()
    again = run_sync(hub_station.db_path, retry=FAST_RETRY, timeouts=FAST_TIMEOUTS)
    assert again.changes_applied == 0 and again.cursor == outcome.cursor


def test_a_wrong_pc_clock_is_corrected_against_the_real_hub(real_hub, hub_station):
    db = open_database(hub_station.db_path)
    with HubClient(load_link(db), now=lambda: time.time() - 2 * 3600, retry=FAST_RETRY) as client:
        assert client.fetch_changes(0).next_cursor >= 0
        assert abs(client.clock_offset_s - 2 * 3600) < 60
    db.close()


def test_refused_credentials_exit_4_and_store_nothing(real_hub, hub_station):
    folder = hub_station.db_path.parent
    db = open_database(hub_station.db_path)
    link(db, real_hub.url, secret="ab" * 32, station=hub_station.station_id)
    db.close()
    wrong_secret = main_py("--data-dir", folder, "sync")
    assert wrong_secret.returncode == 4
    assert "bad_signature" in wrong_secret.stderr
    # Another station's id with this station's secret.
    other = "HN-T-OTHER"
    real_hub.add_station(other)
    db = open_database(hub_station.db_path)
    link(db, real_hub.url, secret=hub_station.secret, station=other)
    db.close()
    wrong_station = main_py("--data-dir", folder, "sync")
    assert wrong_station.returncode == 4
    for station in (hub_station.station_id, other):
        assert real_hub.stats(station)["events"] == {}


def test_tampered_and_replayed_requests_are_refused_by_the_hub(real_hub, hub_station):
    db = open_database(hub_station.db_path)
    simulate(db, 1, seed=3, start=date(2026, 3, 5))
    with FaultProxy(real_hub.port) as proxy:
        link(db, proxy.url, secret=hub_station.secret, station=hub_station.station_id)
        db.close()
        proxy.plan("POST", "/v1/events", "tamper")
        tampered = main_py("--data-dir", hub_station.db_path.parent, "sync")
        assert tampered.returncode == 4 and "bad_signature" in tampered.stderr
        assert real_hub.stats(hub_station.station_id)["events"] == {}
        proxy.plan("POST", "/v1/events", "replay")
        assert main_py("--data-dir", hub_station.db_path.parent, "sync").returncode == 0
        [replayed] = proxy.state.replays
        assert b" 401 " in replayed.split(b"\r\n", 1)[0] and b"replayed_nonce" in replayed
    db = open_database(hub_station.db_path)
    link(db, real_hub.url, secret=hub_station.secret, station=hub_station.station_id)
    db.close()
    reconcile(real_hub, hub_station.station_id, hub_station.db_path, ["2026-03-05"])


def test_consignment_and_parcels_round_trip_through_the_hub(real_hub, hub_station):
    from station_app.core.clock import Clock
    from station_app.core.consignment import farmer_balances, list_lots, pay_out
    from station_app.core.consignment import unpaid_settlements as unpaid
    from station_app.core.operators import sign_in
    from station_app.core.parcels import find_parcels
    from station_app.core.payments import PaymentMethod

    folder = hub_station.db_path.parent
    station = hub_station.station_id
    assert (
        main_py(
            "--data-dir", folder, "simulate", "--days", "4", "--seed", "5", "--start", "2026-05-01"
        ).returncode
        == 0
    )
    assert main_py("--data-dir", folder, "sync").returncode == 0
    db = open_database(hub_station.db_path)
    shipped = list_lots(db, "shipped")
    assert shipped, "the simulation ships lots the day after intake"
    for lot in shipped:
        sale = lot.net_g * lot.asking_price_fen_per_kg // 1000
        real_hub.command(
            "settle-lot",
            "--station",
            station,
            "--lot",
            lot.lot_code,
            "--outcome",
            "sold",
            "--sold-g",
            str(lot.net_g),
            "--sale-fen",
            str(sale),
            "--hub-fees-fen",
            str(sale // 20),
            "--commission-fen",
            str(sale // 10),
        )
    real_hub.command(
        "parcel-arrived",
        "--station",
        station,
        "--tracking",
        "SF9876543210123",
        "--carrier",
        "顺丰",
        "--name",
        "王大山",
        "--phone",
        "13003141592",
    )
    db.close()
    assert main_py("--data-dir", folder, "sync").returncode == 0
    db = open_database(hub_station.db_path)
    assert [p.tracking_no for p in find_parcels(db, "SF9876543210123")] == ["SF9876543210123"]
    assert all(
        lot.status == "settled" for lot in list_lots(db) if lot.id in {s.id for s in shipped}
    )
    clerk = sign_in(db, "1234", Clock())
    for villager_id, _name, _owed in farmer_balances(db):
        for settlement in unpaid(db, villager_id):
            pay_out(db, settlement.id, PaymentMethod.CASH, "", clerk, Clock())
    paid = db.execute("SELECT count(*), sum(amount_fen) FROM farmer_payouts").fetchone()
    assert paid[0] == len(shipped)
    credit = db.execute("SELECT count(*), sum(amount_fen) FROM villager_ledger").fetchone()
    parcels = db.execute("SELECT count(*) FROM parcels").fetchone()[0]
    lots = db.execute("SELECT count(*), sum(net_g) FROM lots").fetchone()
    db.close()
    assert main_py("--data-dir", folder, "sync").returncode == 0
    hub = real_hub.stats(station)
    assert (hub["consignment"]["payouts"], hub["consignment"]["payouts_fen"]) == paid
    assert (hub["consignment"]["lots"], hub["consignment"]["net_g"]) == lots
    assert (hub["credit"]["entries"], hub["credit"]["balance_fen"]) == credit
    assert hub["parcels"]["arrived"] == parcels
