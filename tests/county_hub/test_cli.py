"""`python -m county_hub ...` as county staff and scripts run it, in a subprocess."""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from county_hub.cli import _parser
from county_hub.storage import open_store
from county_hub.upload import store_batch
from tests.county_hub.conftest import STATION, RunningHub
from tests.county_hub.signing import refund_event, sale_event, statuses
from tests.county_hub.village import event, lot_received, shipment

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "resources" / "demo" / "catalog.csv"
NOW = "2026-11-26T08:00:00.000Z"


class _AnyTime(str):
    """Equal to any UTC ISO-8601 time the hub writes (it stamps changes with its clock)."""

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, str)
            and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", other) is not None
        )

    __hash__ = str.__hash__


ANY_TIME = _AnyTime()


def hub_cli(
    *args: object, db: str | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("COUNTY_HUB_DB", None)
    command = [sys.executable, "-m", "county_hub", *map(str, args)]
    if db is not None:
        command += ["--db", db]
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_add_station_prints_the_secret_once_on_stdout(db_url: str):
    result = hub_cli("add-station", "HN-ZZ-0001", "--name", "张庄村服务站", db=db_url)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"[0-9a-f]{64}\n", result.stdout)
    store = open_store(db_url)
    assert store.secret_of("HN-ZZ-0001") == result.stdout.strip()
    store.close()
    again = hub_cli("add-station", "HN-ZZ-0001", "--name", "x", db=db_url)
    assert again.returncode == 1
    assert again.stderr == "error: station HN-ZZ-0001 already exists\n"
    assert again.stdout == ""


def test_add_station_with_hub_url_prints_a_provisioning_code_and_its_qr(
    db_url: str, tmp_path: Path
):
    from village_protocol.provisioning import Provisioning, read_provisioning_code

    png = tmp_path / "code.png"
    result = hub_cli(
        "add-station", "HN-ZZ-0001", "--name", "张庄村服务站",
        "--hub-url", "https://hub.county.example", "--qr-png", png, db=db_url,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    secret, code = result.stdout.splitlines()
    assert read_provisioning_code(code) == Provisioning(
        "https://hub.county.example", "HN-ZZ-0001", secret
    )
    assert "shown only once" in result.stderr.split("provisioning code", 1)[1]
    assert "█" in result.stderr  # the QR code, drawn for the eye on the terminal
    assert png.read_bytes().startswith(b"\x89PNG")


def test_add_station_with_a_bad_hub_url_adds_no_station(db_url: str):
    result = hub_cli("add-station", "HN-ZZ-0001", "--name", "x", "--hub-url", "hub", db=db_url)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "--hub-url" in result.stderr
    listing = hub_cli("stations", db=db_url)
    assert "HN-ZZ-0001" not in listing.stdout


def test_bad_arguments_exit_2_with_one_line():
    result = hub_cli("add-station", "张庄", "--name", "x")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "station id" in result.stderr


def test_the_default_database_is_hub_db_in_the_current_folder(tmp_path: Path):
    assert hub_cli("add-station", "A", "--name", "a", cwd=tmp_path).returncode == 0
    assert (tmp_path / "hub.db").exists()
    listing = hub_cli("stations", cwd=tmp_path)
    assert listing.stdout.startswith("A\tactive\t")


def test_an_unreachable_database_is_one_line_and_exit_1():
    result = hub_cli("stats", db="postgresql://hub:pw@127.0.0.1:1/hub")
    assert result.returncode == 1
    assert result.stderr.startswith("error: cannot open postgresql database hub")
    assert result.stderr.count("\n") == 1


def test_stats_json_has_the_stable_keys_and_the_known_figures(db_url: str):
    store = open_store(db_url)
    store.add_station("HN-ZZ-0001", "a", NOW)
    sale = sale_event(1, 1200, [("wechat", 1000), ("cash", 200)])
    shift = event(3, "shift.closed")  # ¥281.60 expected, ¥281.10 counted: ¥0.50 short
    store_batch(store, "HN-ZZ-0001", [sale, refund_event(2, sale, 300, "cash"), shift], NOW)
    store.close()
    result = hub_cli("stats", "--station", "HN-ZZ-0001", "--json", db=db_url)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats == {
        "station": "HN-ZZ-0001",
        "date": None,
        "events": {"refund.completed": 1, "sale.completed": 1, "shift.closed": 1},
        "sales_count": 1,
        "gross_fen": 1200,
        "discount_fen": 0,
        "rounding_fen": 0,
        "refund_count": 1,
        "refunds_fen": 300,
        "net_fen": 900,
        "payments_fen": {"cash": -100, "wechat": 1000, "alipay": 0, "unionpay": 0, "account": 0},
        "credit": {"entries": 0, "balance_fen": 0},
        "agency": {
            "orders": 0,
            "collected_fen": 0,
            "spent_fen": 0,
            "platform_refund_fen": 0,
            "paid_back_fen": 0,
        },
        "parcels": {"arrived": 0, "handed_over": 0},
        "consignment": {"lots": 0, "net_g": 0, "shipments": 0, "payouts": 0, "payouts_fen": 0},
        "shifts": {
            "closed": 1,
            "short": 1,
            "over": 0,
            "over_short_fen": -50,
            "expected_cash_fen": 28_160,
            "counted_cash_fen": 28_110,
        },
    }
    text = hub_cli("stats", "--date", "2026-11-26", db=db_url)
    assert "净额 net         ¥9.00" in text.stdout
    assert (
        "班次 shifts      1 closed, 1 short, 0 over, over/short -¥0.50, "
        "expected ¥281.60, counted ¥281.10\n"
    ) in text.stdout
    other_day = hub_cli("stats", "--date", "2026-11-25", db=db_url).stdout
    assert "班次 shifts      0 closed, 0 short, 0 over, over/short ¥0.00," in other_day
    assert hub_cli("stats", "--station", "NOPE", db=db_url).stderr == "error: no station NOPE\n"


def test_stats_sum_the_village_events(tmp_path: Path):
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    store = open_store(db)
    store.add_station("A", "a", NOW)
    store_batch(
        store,
        "A",
        [
            event(1, "credit.entry", amount_fen=1200),
            event(2, "agency.created"),
            event(3, "parcel.arrived"),
            lot_received(4, "A-261126-01", 12_500),
            event(5, "payout.made", amount_fen=4000),
        ],
        NOW,
    )
    store.close()
    stats = json.loads(hub_cli("stats", "--json", db=db).stdout)
    assert (stats["credit"], stats["agency"]["collected_fen"], stats["parcels"]["arrived"]) == (
        {"entries": 1, "balance_fen": 1200},
        4700,
        1,
    )
    assert stats["consignment"] == {
        "lots": 1,
        "net_g": 12_500,
        "shipments": 0,
        "payouts": 1,
        "payouts_fen": 4000,
    }
    text = hub_cli("stats", "--station", "A", db=db).stdout
    assert "赊账 credit      1 entries, balance ¥12.00\n" in text
    assert "代销 consignment 1 lots, 12.500 kg, 0 shipments, 1 payouts ¥40.00\n" in text


def test_parcel_arrived_reaches_only_its_station_over_http(hub: RunningHub, db_url: str):
    result = hub_cli(
        "parcel-arrived",
        "--station",
        STATION,
        "--tracking",
        "sf1234567890123",
        "--carrier",
        "顺丰",
        "--name",
        "王秀英",
        "--phone",
        "13800138000",
        db=db_url,
    )
    assert result.returncode == 0, result.stderr
    [cursor] = re.fullmatch(
        rf"parcel.arrived queued at cursor (\d+) for station {STATION}\n", result.stdout
    ).groups()  # type: ignore[union-attr]
    assert hub.station.changes().json()["changes"] == [
        {
            "cursor": int(cursor),
            "kind": "parcel.arrived",
            "created_at": ANY_TIME,
            "data": {
                "tracking_no": "SF1234567890123",
                "carrier": "顺丰",
                "recipient_name": "王秀英",
                "recipient_phone": "13800138000",
            },
        }
    ]
    assert hub.other.changes().json()["changes"] == []
    # Without --carrier the hub tells it from the number as the station would; a plain
    # digit number stays null for the keeper to choose.
    for number, carrier in (("YT1234567890123", "圆通"), ("773012345678901", None)):
        bare = hub_cli("parcel-arrived", "--station", STATION, "--tracking", number, db=db_url)
        assert bare.returncode == 0, bare.stderr
        assert hub.station.changes(after=int(cursor)).json()["changes"][-1]["data"] == {
            "tracking_no": number,
            "carrier": carrier,
            "recipient_name": "",
            "recipient_phone": "",
        }


def test_parcel_arrived_refusals_are_one_line(tmp_path: Path):
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    hub_cli("add-station", STATION, "--name", "a", db=db)
    hub_cli("parcel-arrived", "--station", STATION, "--tracking", "SF1234567890123", db=db)
    for args, code, message in [
        (
            ("--tracking", "SF1234567890123"),
            1,
            "error: parcel SF1234567890123 was already "
            f"announced to station {STATION} (cursor 1)\n",
        ),
        (
            ("--tracking", "12345"),
            1,
            "error: tracking number '12345' must be 8-30 letters or digits\n",
        ),
        (
            ("--tracking", "SF1234567890124", "--phone", "110"),
            1,
            "error: phone '110' is not a mainland mobile number (11 digits, 1…)\n",
        ),
        ((), 2, None),
    ]:
        result = hub_cli("parcel-arrived", "--station", STATION, *args, db=db)
        assert (result.returncode, result.stdout, result.stderr.count("\n")) == (code, "", 1)
        assert message is None or result.stderr == message
    unknown = hub_cli("parcel-arrived", "--station", "NOPE", "--tracking", "SF1234567890125", db=db)
    assert (unknown.returncode, unknown.stderr) == (1, "error: no station NOPE\n")


def _settle(db: str, *args: object) -> subprocess.CompletedProcess[str]:
    return hub_cli("settle-lot", "--station", STATION, *args, db=db)


def test_settle_lot_prints_the_id_and_the_station_gets_the_settlement(hub: RunningHub, db_url: str):
    lot = f"{STATION}-261126-01"
    sent = [lot_received(1, lot, 50_000), shipment(2, (lot, 50_000))]
    assert statuses(hub.station.upload(sent)) == ["accepted", "accepted"]
    result = _settle(
        db_url,
        "--lot",
        lot,
        "--outcome",
        "partial",
        "--sold-g",
        "20000",
        "--sale-fen",
        "12000",
        "--hub-fees-fen",
        "600",
        "--commission-fen",
        "960",
        "--reason",
        "一级",
    )
    assert result.returncode == 0, result.stderr
    settlement_id = result.stdout.strip()
    assert re.fullmatch(r"[0-9a-f-]{36}\n", result.stdout)
    assert result.stderr.startswith(
        f"lot {lot} partial: 20,000 g, sale ¥120.00, hub fees "
        "¥6.00, commission ¥9.60, due to the farmer ¥104.40;"
    )
    [change] = hub.station.changes().json()["changes"]
    assert (change["kind"], change["data"]) == (
        "lot.settled",
        {
            "settlement_id": settlement_id,
            "lot_code": lot,
            "outcome": "partial",
            "sold_g": 20_000,
            "sale_fen": 12_000,
            "hub_fees_fen": 600,
            "commission_fen": 960,
            "due_to_farmer_fen": 10_440,
            "reason": "一级",
            "settled_at": change["created_at"],
        },
    )
    assert hub.other.changes().json()["changes"] == []
    over = _settle(
        db_url, "--lot", lot, "--outcome", "sold", "--sold-g", "30001", "--sale-fen", "1"
    )
    assert (over.returncode, over.stdout) == (1, "")
    assert over.stderr == (
        f"error: 30,001 g sold is more than the 30,000 g left of lot {lot} "
        "(net 50,000 g, 20,000 g already settled)\n"
    )
    rest = _settle(
        db_url, "--lot", lot, "--outcome", "sold", "--sold-g", "30000", "--sale-fen", "18000"
    )
    assert rest.returncode == 0, rest.stderr
    assert len(hub.station.changes().json()["changes"]) == 2


def test_settle_lot_refuses_unknown_lots_and_bad_arguments_in_one_line(tmp_path: Path):
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    hub_cli("add-station", STATION, "--name", "a", db=db)
    unknown = _settle(
        db, "--lot", "HN-ZZ-0001-261126-09", "--outcome", "sold", "--sold-g", "1", "--sale-fen", "1"
    )
    assert (unknown.returncode, unknown.stdout) == (1, "")
    assert unknown.stderr == f"error: no lot HN-ZZ-0001-261126-09 received from station {STATION}\n"
    for bad in (
        ("--outcome", "lost", "--sold-g", "1", "--sale-fen", "1"),
        ("--outcome", "sold", "--sold-g", "-1", "--sale-fen", "1"),
        ("--outcome", "sold", "--sold-g", "1.5", "--sale-fen", "1"),
        ("--outcome", "sold", "--sold-g", "1"),
    ):
        result = _settle(db, "--lot", "X", *bad)
        assert (result.returncode, result.stderr.count("\n")) == (2, 1), bad
    nobody = hub_cli(
        "settle-lot",
        "--station",
        "NOPE",
        "--lot",
        "X",
        "--outcome",
        "sold",
        "--sold-g",
        "1",
        "--sale-fen",
        "1",
        db=db,
    )
    assert (nobody.returncode, nobody.stderr) == (1, "error: no station NOPE\n")


def test_publish_catalog_and_notice_queue_changes(tmp_path: Path):
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    hub_cli("add-station", "A", "--name", "a", db=db)
    result = hub_cli("publish-catalog", DEMO, db=db)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"{DEMO}: 431 rows, 431 product.upsert, 0 price.change, "
        "0 unchanged; queued for all stations\n"
    )
    notice = hub_cli(
        "notice", "--title", "停电通知", "--body", "明天上午停电", "--station", "A", db=db
    )
    assert notice.stdout == "notice queued at cursor 432 for station A\n"
    store = open_store(db)
    page, _ = store.changes_after("A", 431, 10)
    assert [(c.kind, c.data) for c in page] == [
        ("notice", {"title": "停电通知", "body": "明天上午停电"})
    ]
    store.close()
    bad = tmp_path / "bad.csv"
    bad.write_text("barcode,name,unit,price\n123,x,y,free\n", encoding="utf-8")
    refused = hub_cli("publish-catalog", bad, db=db)
    assert refused.returncode == 1
    assert refused.stderr == f"error: {bad}:2: price 'free' is not an amount in yuan\n"


def test_disabled_station_is_listed_and_can_be_enabled(tmp_path: Path):
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    hub_cli("add-station", "A", "--name", "a", db=db)
    assert hub_cli("disable-station", "A", db=db).stdout == "station A disabled\n"
    assert hub_cli("stations", db=db).stdout.startswith("A\tdisabled\t")
    assert hub_cli("enable-station", "A", db=db).returncode == 0
    assert hub_cli("disable-station", "B", db=db).stderr == "error: no station B\n"


def test_every_command_has_help_with_db_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    action = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert {
        "serve",
        "add-station",
        "stats",
        "publish-catalog",
        "notice",
        "parcel-arrived",
        "settle-lot",
    } <= set(action.choices)
    for name, parser in action.choices.items():
        assert parser.description, name
        assert f"python -m county_hub {name}" in readme, name
        flags = [f for a in parser._actions for f in a.option_strings if f not in ("-h", "--help")]
        assert "--db" in flags, name
        for flag in flags:
            assert flag in readme, (name, flag)
    assert "--db URL" in hub_cli("stats", "--help").stdout


def test_serve_answers_ping_and_stops_on_sigterm(tmp_path: Path):
    # What a service manager does: start it, wait for the port, stop it with SIGTERM.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "county_hub",
            "serve",
            "--db",
            f"sqlite:///{tmp_path}/h.db",
            "--port",
            str(port),
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                ping = requests.get(f"http://127.0.0.1:{port}/v1/ping", timeout=1)
                break
            except requests.ConnectionError:
                assert server.poll() is None and time.monotonic() < deadline, "no hub"
                time.sleep(0.1)
        assert ping.json()["version"] == 1
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    # uvicorn shuts down cleanly, then re-raises the signal so the exit status tells why.
    assert server.returncode in (0, -signal.SIGTERM)
    assert "Application shutdown complete" in output
    assert f"data in sqlite file {tmp_path}/h.db" in output
