"""Recovery from the real hub on 127.0.0.1: simulate and sync a station, rebuild it into
an empty folder with `main.py recover`, and compare it with the old one and the hub."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

from station_app.core.settings import load_settings
from station_app.storage import open_database
from station_app.sync.outbox_pruning import prune_delivered_events
from tests.sync.test_end_to_end import main_py

DAYS = 30
START = date(2026, 3, 1)
MONEY = (
    "sales_count",
    "gross_fen",
    "discount_fen",
    "rounding_fen",
    "refund_count",
    "refunds_fen",
    "net_fen",
    "payments_fen",
)


def _balances(path):
    db = open_database(path)
    try:
        return dict(
            db.execute(
                "SELECT villager_id, sum(amount_fen) FROM villager_ledger GROUP BY villager_id"
            ).fetchall()
        )
    finally:
        db.close()


def _receipts(path):
    db = open_database(path)
    try:
        return {r[0] for r in db.execute("SELECT receipt_no FROM sales")}
    finally:
        db.close()


def _open_orders(folder):
    report = main_py("--data-dir", folder, "agency-report", "--json")
    assert report.returncode == 0, report.stderr
    return sorted(json.loads(report.stdout)["open_orders"], key=lambda o: o["order_no"])


def _waiting_parcels(path):
    db = open_database(path)
    try:
        return sorted(
            db.execute(
                "SELECT p.id, p.tracking_no, p.carrier, p.recipient_name, p.recipient_phone, "
                "p.agency_order_id, p.pickup_code, p.arrived_at, p.source FROM parcels p "
                "WHERE NOT EXISTS (SELECT 1 FROM parcel_handovers h WHERE h.parcel_id = p.id)"
            ).fetchall()
        )
    finally:
        db.close()


def _handed_over(path):
    db = open_database(path)
    try:
        return sorted(db.execute("SELECT parcel_id, at FROM parcel_handovers").fetchall())
    finally:
        db.close()


def _lots(path):
    from station_app.core.consignment import list_lots

    db = open_database(path)
    try:
        return sorted(
            (lot.lot_code, lot.villager_id, lot.net_g, lot.status) for lot in list_lots(db)
        )
    finally:
        db.close()


def _farmer_balances(path):
    from station_app.core.consignment import farmer_balances

    db = open_database(path)
    try:
        return sorted(farmer_balances(db))
    finally:
        db.close()


def _sold_stock(path):
    """What sales and refunds moved, per product: the lines rebuilt move it again."""
    db = open_database(path)
    try:
        return dict(
            db.execute(
                "SELECT product_id, sum(delta) FROM stock_history "
                "WHERE reason IN ('sale', 'refund') GROUP BY product_id"
            ).fetchall()
        )
    finally:
        db.close()


def _settle_shipped(real_hub, station):
    """The hub sells every shipped lot: the first only in part, the others whole."""
    from station_app.core.consignment import list_lots

    db = open_database(station.db_path)
    try:
        shipped = list_lots(db, "shipped")
    finally:
        db.close()
    assert shipped
    for number, lot in enumerate(shipped):
        sale = lot.net_g * lot.asking_price_fen_per_kg // 1000
        sold_g = lot.net_g // 2 if number == 0 else lot.net_g
        real_hub.command(
            "settle-lot", "--station", station.station_id, "--lot", lot.lot_code,
            "--outcome", "partial" if number == 0 else "sold", "--sold-g", str(sold_g),
            "--sale-fen", str(sale), "--hub-fees-fen", str(sale // 20),
            "--commission-fen", str(sale // 10),
        )  # fmt: skip


def _pay_some_farmers(path):
    from station_app.core.clock import Clock
    from station_app.core.consignment import farmer_balances, pay_out, unpaid_settlements
    from station_app.core.operators import sign_in
    from station_app.core.payments import PaymentMethod

    db = open_database(path)
    try:
        clerk = sign_in(db, "1234", Clock())
        owed = farmer_balances(db)
        assert len(owed) >= 2
        for villager_id, _name, _fen in owed[: len(owed) // 2]:
            for settlement in unpaid_settlements(db, villager_id):
                pay_out(db, settlement.id, PaymentMethod.WECHAT, "WX1", clerk, Clock())
    finally:
        db.close()


def _simulate(folder, start, days, seed):
    simulated = main_py("--data-dir", folder, "simulate", "--days", days, "--seed", seed,
                        "--start", start.isoformat())  # fmt: skip
    assert simulated.returncode == 0, simulated.stderr
    assert main_py("--data-dir", folder, "sync").returncode == 0


def _recover(folder, real_hub, station):
    return main_py(
        "--data-dir", folder, "recover", "--station-id", station.station_id,
        "--hub", real_hub.url, "--secret", station.secret,
    )  # fmt: skip


def test_a_recovered_station_reproduces_every_day_and_continues_without_collisions(
    real_hub, hub_station, tmp_path
):
    old = hub_station.db_path.parent
    _simulate(old, START, DAYS, "12")
    # The hub settles the shipped lots; the keeper pays some farmers, the others are owed.
    _settle_shipped(real_hub, hub_station)
    assert main_py("--data-dir", old, "sync").returncode == 0
    _pay_some_farmers(hub_station.db_path)
    assert main_py("--data-dir", old, "sync").returncode == 0
    # The old PC had pruned every delivered payload: recovery must not need them.
    db = open_database(hub_station.db_path)
    try:
        events = db.execute("SELECT count(*) FROM outbox").fetchone()[0]
        later = datetime.now(UTC) + timedelta(days=2)
        assert prune_delivered_events(db, later, 1, max_rows=10**9) == events > 0
    finally:
        db.close()
    new = tmp_path / "recovered"
    recovered = _recover(new, real_hub, hub_station)
    assert recovered.returncode == 0, recovered.stderr
    assert "sync: 0 events sent" in recovered.stdout
    for day in (START + timedelta(days=n) for n in range(DAYS)):
        report = json.loads(
            main_py("--data-dir", new, "report", "--date", day.isoformat(), "--json").stdout
        )
        hub = real_hub.stats(hub_station.station_id, day.isoformat())
        assert {k: report[k] for k in MONEY} == {k: hub[k] for k in MONEY}, day
        assert report["sales_count"] > 0
    assert _balances(new / "station.db") == _balances(hub_station.db_path)
    sold = _sold_stock(hub_station.db_path)
    assert sold and _sold_stock(new / "station.db") == sold
    old_orders = _open_orders(old)
    assert old_orders and _open_orders(new) == old_orders
    old_parcels = _waiting_parcels(hub_station.db_path)
    assert old_parcels and _waiting_parcels(new / "station.db") == old_parcels
    assert _handed_over(new / "station.db") == _handed_over(hub_station.db_path)
    old_lots = _lots(hub_station.db_path)
    assert {"settled", "partially_settled", "received"} <= {s for *_, s in old_lots}
    assert _lots(new / "station.db") == old_lots
    old_owed = _farmer_balances(hub_station.db_path)
    assert old_owed and _farmer_balances(new / "station.db") == old_owed
    assert "payout.made" in recovered.stdout.split("not rebuilt")[0]
    verified = main_py("--data-dir", new, "verify-audit")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "confirmed by the hub" in verified.stdout
    again = main_py("--data-dir", new, "sync")
    assert "0 events sent" in again.stdout
    # The next day's sales continue the receipt numbers and reach the hub.
    old_receipts = _receipts(hub_station.db_path)
    next_day = (START + timedelta(days=DAYS)).isoformat()
    assert main_py("--data-dir", new, "simulate", "--days", 1, "--seed", "13",
                   "--start", next_day).returncode == 0  # fmt: skip
    fresh = _receipts(new / "station.db") - old_receipts
    assert fresh and max(fresh) > max(old_receipts)
    assert not (fresh & old_receipts)
    synced = main_py("--data-dir", new, "sync")
    assert synced.returncode == 0, synced.stderr
    assert "0 rejected" in synced.stdout
    assert re.search(r"sync: [1-9]\d* events sent", synced.stdout), synced.stdout


def test_recover_refuses_a_folder_that_already_holds_a_station(real_hub, hub_station):
    refused = _recover(hub_station.db_path.parent, real_hub, hub_station)
    assert refused.returncode == 1
    [line] = refused.stderr.strip().splitlines()
    assert line.startswith("error:") and "empty folder" in line


def test_recovery_brings_back_the_last_saved_value_of_each_setting(real_hub, hub_station, tmp_path):
    old = hub_station.db_path.parent
    for name, value in (
        ("station_name", "旧名字服务站"),
        ("station_name", "青山村服务站"),
        ("receipt_footer", "赊账请按时还款"),
    ):
        changed = main_py("--data-dir", old, "settings", name, value)
        assert changed.returncode == 0, changed.stderr
    assert main_py("--data-dir", old, "sync").returncode == 0
    new = tmp_path / "recovered"
    recovered = _recover(new, real_hub, hub_station)
    assert recovered.returncode == 0, recovered.stderr
    db = open_database(new / "station.db")
    try:
        settings = load_settings(db)
    finally:
        db.close()
    assert (settings.station_name, settings.receipt_footer) == ("青山村服务站", "赊账请按时还款")
    assert settings.hub_url == real_hub.url and settings.station_id == hub_station.station_id
