"""The stable command-line contract: subcommands, flags, exit codes and JSON keys."""

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORT_KEYS = {
    "date",
    "sales_count",
    "gross_fen",
    "discount_fen",
    "rounding_fen",
    "refund_count",
    "refunds_fen",
    "net_fen",
    "payments_fen",
}
# `init` for a real station (a plain `init` refuses: nobody could sign in).
REAL_STATION = ("--station-name", "张庄村服务站", "--owner-name", "张三", "--owner-pin", "7391")


def main_py(*args, env_extra=None, stdin=None):
    env = {k: v for k, v in os.environ.items() if k != "STATION_DATA_DIR"} | (env_extra or {})
    return subprocess.run(
        [sys.executable, "main.py", *map(str, args)],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("station")
    assert main_py("--data-dir", folder, "init", "--demo").returncode == 0
    result = main_py(
        "--data-dir", folder, "simulate", "--days", "2", "--seed", "5", "--start", "2026-03-01"
    )
    assert result.returncode == 0, result.stderr
    return folder


def test_init_demo_creates_station_db_and_is_idempotent(tmp_path):
    first = main_py("--data-dir", tmp_path, "init", "--demo")
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "station.db").exists()
    assert "8888" in first.stdout
    again = main_py("--data-dir", tmp_path, "init", "--demo")
    assert again.returncode == 0
    assert "already" in again.stdout


def test_data_dir_comes_from_the_environment_when_not_given(tmp_path):
    result = main_py("init", *REAL_STATION, env_extra={"STATION_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0
    assert (tmp_path / "station.db").exists()


def test_report_json_has_the_stable_keys_and_adds_up(simulated):
    result = main_py("--data-dir", simulated, "report", "--date", "2026-03-01", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == REPORT_KEYS
    assert set(report["payments_fen"]) == {"cash", "wechat", "alipay", "unionpay", "account"}
    assert report["date"] == "2026-03-01"
    assert report["sales_count"] >= 40
    assert sum(report["payments_fen"].values()) == report["net_fen"]
    assert report["net_fen"] == (
        report["gross_fen"]
        - report["discount_fen"]
        - report["rounding_fen"]
        - report["refunds_fen"]
    )


def test_simulate_is_deterministic_for_a_seed(simulated, tmp_path):
    main_py("--data-dir", tmp_path, "init", "--demo")
    main_py(
        "--data-dir", tmp_path, "simulate", "--days", "2", "--seed", "5", "--start", "2026-03-01"
    )
    for day in ("2026-03-01", "2026-03-02"):
        ours = main_py("--data-dir", tmp_path, "report", "--date", day, "--json").stdout
        theirs = main_py("--data-dir", simulated, "report", "--date", day, "--json").stdout
        assert json.loads(ours) == json.loads(theirs)


def test_report_defaults_to_today_and_prints_text(simulated):
    result = main_py("--data-dir", simulated, "report")
    assert result.returncode == 0
    assert "净额" in result.stdout


def test_simulate_default_ends_yesterday(tmp_path):
    main_py("--data-dir", tmp_path, "init", "--demo")
    assert main_py("--data-dir", tmp_path, "simulate", "--days", "1").returncode == 0
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    report = json.loads(
        main_py("--data-dir", tmp_path, "report", "--date", yesterday, "--json").stdout
    )
    # The station's day is UTC+8; around midnight UTC "yesterday" may differ by one.
    assert report["sales_count"] > 0 or date.today() != date.fromisoformat(yesterday)


def test_verify_audit_passes_then_fails_after_tampering(simulated, tmp_path):
    import shutil
    import sqlite3

    copy = tmp_path / "copy"
    shutil.copytree(simulated, copy)
    assert main_py("--data-dir", copy, "verify-audit").returncode == 0
    conn = sqlite3.connect(copy / "station.db")
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET detail = '{\"total_fen\": 1}' WHERE seq = 50")
    conn.commit()
    conn.close()
    result = main_py("--data-dir", copy, "verify-audit")
    assert result.returncode == 1
    assert "row 50" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ("report",),  # no database yet
        ("report", "--date", "2026-13-40"),
        ("simulate", "--days", "0"),
        ("import-catalog", "/nonexistent/catalog.csv"),
    ],
)
def test_errors_exit_non_zero_with_one_line(tmp_path, args):
    if args[0] in ("simulate", "import-catalog"):
        main_py("--data-dir", tmp_path, "init", "--demo")
    result = main_py("--data-dir", tmp_path, *args)
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_import_catalog_reports_bad_lines_and_imports_nothing(tmp_path):
    main_py("--data-dir", tmp_path, "init", *REAL_STATION)
    csv = tmp_path / "goods.csv"
    csv.write_text(
        "barcode,name,unit,price\n6901234567892,酱油,瓶,8.50\n"
        "6901234567893,醋,瓶,6.00\n6901234567908,盐,袋,-1\n",
        encoding="utf-8",
    )
    result = main_py("--data-dir", tmp_path, "import-catalog", csv)
    assert result.returncode == 1
    assert ":3:" in result.stderr and ":4:" in result.stderr
    assert "nothing imported" in result.stderr.splitlines()[-1]
    ok = tmp_path / "ok.csv"
    ok.write_text("barcode,name,unit,price\n6901234567892,酱油,瓶,8.50\n", encoding="utf-8")
    first = main_py("--data-dir", tmp_path, "import-catalog", ok)
    assert first.returncode == 0
    assert "1 new" in first.stdout
    again = main_py("--data-dir", tmp_path, "import-catalog", ok)
    assert "0 new, 0 updated, 1 unchanged" in again.stdout


def test_newer_database_is_refused_with_exit_1(tmp_path):
    import sqlite3

    main_py("--data-dir", tmp_path, "init", *REAL_STATION)
    conn = sqlite3.connect(tmp_path / "station.db")
    conn.execute(
        "INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
        "VALUES ('station', '9999_future', 'x')"
    )
    conn.commit()
    conn.close()
    result = main_py("--data-dir", tmp_path, "report")
    assert result.returncode == 1
    assert "9999_future" in result.stderr


def test_settings_lists_changes_and_refuses_bad_values(tmp_path):
    main_py("--data-dir", tmp_path, "init", "--demo")
    listing = main_py("--data-dir", tmp_path, "settings")
    assert "language = zh_CN" in listing.stdout
    changed = main_py("--data-dir", tmp_path, "settings", "language", "en")
    assert (changed.returncode, changed.stdout.strip()) == (0, "language = en")
    assert main_py("--data-dir", tmp_path, "settings", "language").stdout.strip() == "language = en"
    for name, value in [
        ("language", "fr"),
        ("receipt_columns", "500"),
        ("terminal_id", "柜台 1"),
        ("scale_prefixes", "{}x"),
        ("nonsense", "1"),
    ]:
        refused = main_py("--data-dir", tmp_path, "settings", name, value)
        assert refused.returncode == 1, (name, value)
        assert len(refused.stderr.strip().splitlines()) == 1
    assert main_py("--data-dir", tmp_path, "verify-audit").returncode == 0


# -- print -------------------------------------------------------------------------------------
def _station_copy(simulated, tmp_path):
    import shutil

    copy = tmp_path / "station"
    shutil.copytree(simulated, copy)
    return copy


def _a_receipt_with_weighed_lines(folder):
    import sqlite3

    conn = sqlite3.connect(folder / "station.db")
    row = conn.execute(
        "SELECT s.receipt_no FROM sales s JOIN sale_lines l ON l.sale_seq = s.seq "
        "WHERE l.weight_g IS NOT NULL LIMIT 1"
    ).fetchone()
    conn.close()
    return row[0]


def test_print_writes_the_bytes_and_the_picture_of_a_stored_receipt(simulated, tmp_path):
    from PIL import Image

    from station_app.printing.text_width import display_width
    from tests.printing.escpos_decode import decode

    folder = _station_copy(simulated, tmp_path)
    receipt_no = _a_receipt_with_weighed_lines(folder)
    out, png = tmp_path / "r.bin", tmp_path / "r.png"
    result = main_py("--data-dir", folder, "print", receipt_no, "--out", out, "--png", png)
    assert result.returncode == 0, result.stderr
    paper = decode(out.read_bytes())
    assert paper.texts[0].strip() == "重印 REPRINT"
    assert any(text.startswith("单号") and text.endswith(receipt_no) for text in paper.texts)
    assert any("kg × ￥" in text for text in paper.texts)
    assert all(line.columns <= 32 for line in paper.lines)
    assert all(display_width(text) <= 32 for text in paper.texts)
    with Image.open(png) as picture:
        assert picture.width == 384 and picture.height > 800
    assert main_py("--data-dir", folder, "verify-audit").returncode == 0


def test_print_test_page_in_raster_mode_at_80mm(simulated, tmp_path):
    from tests.printing.escpos_decode import decode

    folder = _station_copy(simulated, tmp_path)
    main_py("--data-dir", folder, "settings", "receipt_columns", "48")
    out = tmp_path / "page.bin"
    result = main_py("--data-dir", folder, "print", "--test-page", "--out", out, "--mode", "raster")
    assert result.returncode == 0, result.stderr
    paper = decode(out.read_bytes())
    assert paper.texts == [] and paper.events[-1] == "cut"
    assert {width for width, _ in paper.images} == {576}


def test_print_refuses_unknown_receipts_and_missing_arguments(simulated, tmp_path):
    folder = _station_copy(simulated, tmp_path)
    unknown = main_py(
        "--data-dir", folder, "print", "20990101-T1-00001", "--out", tmp_path / "x.bin"
    )
    assert unknown.returncode == 1
    assert unknown.stderr.startswith("error:") and "找不到" in unknown.stderr
    assert not (tmp_path / "x.bin").exists()
    assert main_py("--data-dir", folder, "print").returncode == 2
    assert main_py("--data-dir", folder, "print", "--mode", "utf8", "--test-page").returncode == 2


def test_print_without_a_file_sends_to_the_configured_printer(simulated, tmp_path):
    from tests.printing.fake_printer import FakePrinter, dead_port

    folder = _station_copy(simulated, tmp_path)
    for name, value in [
        ("printer_kind", "network"),
        ("printer_host", "127.0.0.1"),
        ("printer_timeout_ms", "500"),
    ]:
        assert main_py("--data-dir", folder, "settings", name, value).returncode == 0
    with FakePrinter() as printer:
        main_py("--data-dir", folder, "settings", "printer_port", printer.port)
        sent = main_py("--data-dir", folder, "print", "--test-page")
    assert sent.returncode == 0, sent.stderr
    assert "打印测试页".encode("gb18030") in printer.all_bytes
    main_py("--data-dir", folder, "settings", "printer_port", dead_port())
    failed = main_py("--data-dir", folder, "print", "--test-page")
    assert failed.returncode == 1
    assert "连不上打印机" in failed.stderr


def test_agency_report_lists_day_totals_and_open_orders(tmp_path):
    main_py("--data-dir", tmp_path, "init", "--demo")
    main_py(
        "--data-dir", tmp_path, "simulate", "--days", "6", "--seed", "2", "--start", "2026-02-01"
    )
    day = json.loads(
        main_py("--data-dir", tmp_path, "agency-report", "--date", "2026-02-03", "--json").stdout
    )
    assert {
        "date",
        "orders_created",
        "collected_fen",
        "spent_fen",
        "service_fee_fen",
        "platform_refund_fen",
        "paid_back_fen",
        "open_orders",
    } == set(day)
    assert day["date"] == "2026-02-03"
    assert all(
        order["due_from_villager_fen"]
        or order["owed_to_villager_fen"]
        or order["platform_owes_fen"]
        for order in day["open_orders"]
    )
    text = main_py("--data-dir", tmp_path, "agency-report", "--date", "2026-02-03")
    assert text.returncode == 0 and "服务费" in text.stdout


def test_agency_report_shows_who_still_owes_what_on_a_partly_refunded_order(tmp_path):
    from station_app.core.agency import cancel_order, create_order, mark_placed, record_refund
    from station_app.core.clock import Clock
    from station_app.core.operators import sign_in
    from station_app.core.payments import PaymentMethod, Tender
    from station_app.core.settings import load_settings
    from station_app.core.villagers import find_villagers
    from station_app.storage import open_database

    main_py("--data-dir", tmp_path, "init", "--demo")
    db, clock = open_database(tmp_path / "station.db"), Clock()
    clerk, wang = sign_in(db, "1234", clock), find_villagers(db, "1592")[0]
    order = create_order(
        db,
        wang.id,
        "淘宝",
        "雨靴",
        2,
        6_000,
        500,
        500,
        [Tender(PaymentMethod.CASH, 8_300)],
        clerk,
        load_settings(db),
        clock,
    )
    mark_placed(db, order.id, "TB0001", 12_500, clerk, clock)
    cancel_order(db, order.id, "缺货", clerk, clock)
    record_refund(db, order.id, 5_000, 4_000, PaymentMethod.CASH, clerk, clock)
    db.close()
    report = json.loads(main_py("--data-dir", tmp_path, "agency-report", "--json").stdout)
    assert [
        (
            o["order_no"],
            o["status"],
            o["due_from_villager_fen"],
            o["owed_to_villager_fen"],
            o["platform_owes_fen"],
        )
        for o in report["open_orders"]
    ] == [(order.order_no, "refunding", 0, 4_300, 7_500)]
    assert (report["platform_refund_fen"], report["paid_back_fen"]) == (5_000, 4_000)
    text = main_py("--data-dir", tmp_path, "agency-report").stdout
    assert "退款中" in text and "¥43.00" in text and "¥75.00" in text


# -- broken or foreign database files ------------------------------------------------------------
# Each command on a file it must not touch: one `error:` line, exit 1, the file as it was.
EVERY_COMMAND = [
    ("init",),
    ("report",),
    ("simulate", "--days", "1"),
    ("import-catalog", "{catalog}"),
    ("settings",),
    ("settings", "language", "en"),
    ("agency-report",),
    ("verify-audit",),
    ("print", "--test-page", "--out", "{out}"),
    ("sync",),
    ("sync", "--status"),
]


def _garbage(path, real):
    path.write_bytes(bytes(range(256)) * 64)


def _truncated(path, real):
    data = real.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _empty(path, real):
    path.write_bytes(b"")


def _foreign(path, real):
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts(name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('张三', '13800001111')")
    conn.commit()
    conn.close()


BROKEN_FILES = {
    "garbage": (_garbage, "is not a station database (not an SQLite file)"),
    "truncated": (_truncated, "is damaged (truncated: "),
    "empty": (_empty, "is empty (0 bytes), not a station database"),
    "foreign": (_foreign, "is another program's SQLite database"),
}


def _assert_one_error_line(result, says):
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert says in lines[0]


def _command(args, tmp_path):
    catalog = tmp_path / "goods.csv"
    catalog.write_text("barcode,name,unit,price\n6901234567892,酱油,瓶,8.50\n", encoding="utf-8")
    return [a.format(catalog=catalog, out=tmp_path / "page.bin") for a in args]


@pytest.mark.parametrize("kind", BROKEN_FILES)
def test_every_command_refuses_a_broken_file_in_one_line_and_leaves_it_alone(
    kind, tmp_path, demo_db_path
):
    make, says = BROKEN_FILES[kind]
    folder = tmp_path / "station"
    folder.mkdir()
    path = folder / "station.db"
    make(path, demo_db_path)
    before = path.read_bytes()
    for args in EVERY_COMMAND:
        result = main_py("--data-dir", folder, *_command(args, tmp_path))
        _assert_one_error_line(result, says)
        assert path.read_bytes() == before, args
        assert [p.name for p in folder.iterdir()] == ["station.db"], args


def _without_write_access():
    """argv prefix that runs a command unable to write where file modes say it may not."""
    import shutil

    if os.geteuid() != 0:
        return []
    # root ignores file modes; drop the capabilities that let it.
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot make a folder read-only")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def test_every_command_in_a_read_only_folder_says_so_in_one_line(tmp_path, demo_db_path):
    prefix = _without_write_access()
    folder = demo_db_path.parent
    before = demo_db_path.read_bytes()
    demo_db_path.chmod(0o444)
    folder.chmod(0o555)
    env = {k: v for k, v in os.environ.items() if k != "STATION_DATA_DIR"}
    try:
        for args in EVERY_COMMAND:
            result = subprocess.run(
                [
                    *prefix,
                    sys.executable,
                    "main.py",
                    "--data-dir",
                    str(folder),
                    *_command(args, tmp_path),
                ],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            _assert_one_error_line(result, f"cannot write to {folder} (read-only")
    finally:
        folder.chmod(0o755)
        demo_db_path.chmod(0o644)
    assert demo_db_path.read_bytes() == before
    assert [p.name for p in folder.iterdir()] == ["station.db"]


# Runs main.py with SQLite capped at the pages the file has: the next page it needs is
# "database or disk is full", exactly what a full disk gives.
FULL_DISK = """
import runpy, sys
import station_app.storage.database as database
connect = database.connect
def full(path):
    db = connect(path)
    db.execute(f"PRAGMA max_page_count={db.execute('PRAGMA page_count').fetchone()[0]}")
    return db
database.connect = full
sys.argv = ["main.py", *sys.argv[1:]]
runpy.run_path("main.py", run_name="__main__")
"""


def main_py_on_a_full_disk(*args):
    env = {k: v for k, v in os.environ.items() if k != "STATION_DATA_DIR"}
    return subprocess.run(
        [sys.executable, "-c", FULL_DISK, *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_full_disk_during_sales_is_one_line_and_leaves_only_whole_sales(demo_db_path):
    from station_app.storage import open_database
    from tests.storage.test_crash_safety import _assert_whole_sales_only

    result = main_py_on_a_full_disk(
        "--data-dir", demo_db_path.parent, "simulate", "--days", "30", "--start", "2026-01-01"
    )
    _assert_one_error_line(result, "the disk is full: nothing was saved")
    db = open_database(demo_db_path)
    try:
        sales = db.execute("SELECT count(*) FROM sales").fetchone()[0]
        assert sales < 30 * 40  # it did stop
        _assert_whole_sales_only(db, sales)
    finally:
        db.close()


def test_a_full_disk_during_a_sync_is_one_line_and_no_page_is_half_applied(tmp_path):
    from station_app.storage import open_database
    from tests.sync.hub_standin import SECRET, STATION, StandInHub

    with StandInHub() as hub:
        assert (
            main_py(
                "--data-dir",
                tmp_path,
                "init",
                *REAL_STATION,
                "--station-id",
                STATION,
                "--hub",
                hub.url,
                "--secret",
                SECRET,
            ).returncode
            == 0
        )
        for n in range(600):
            hub.state.add_change("notice", {"title": f"通知 {n}", "body": "县中心" * 1500})
        result = main_py_on_a_full_disk("--data-dir", tmp_path, "sync")
    _assert_one_error_line(result, "the disk is full: nothing was saved")
    db = open_database(tmp_path / "station.db")
    try:
        cursor = db.execute("SELECT cursor FROM sync_state").fetchone()[0]
        notices = [row[0] for row in db.execute("SELECT cursor FROM hub_notices ORDER BY 1")]
        assert notices == list(range(1, cursor + 1))  # every applied page whole, no more
        assert cursor < 600
    finally:
        db.close()


def test_import_catalog_refuses_a_nul_in_a_name_as_file_line_reason(tmp_path):
    import sqlite3

    main_py("--data-dir", tmp_path, "init", *REAL_STATION)
    csv = tmp_path / "goods.csv"
    csv.write_bytes(
        "barcode,name,unit,price\n6901234567892,酱油,瓶,8.50\n"
        "6901234567908,食\x00盐,袋,2.00\n".encode()
    )
    result = main_py("--data-dir", tmp_path, "import-catalog", csv)
    assert result.returncode == 1
    first, last = result.stderr.strip().splitlines()
    assert first.startswith(f"{csv}:3: ") and "U+0000" in first
    assert last == "error: 1 bad rows; nothing imported"
    conn = sqlite3.connect(tmp_path / "station.db")
    assert conn.execute("SELECT count(*) FROM products").fetchone()[0] == 0
    conn.close()


@pytest.mark.parametrize(
    "args",
    [
        ("--days", "1", "--start", "0001-01-01"),
        ("--days", "1", "--start", "9999-12-31"),
        ("--days", "2", "--start", "2100-12-31"),
        ("--days", "3661"),
    ],
)
def test_simulate_refuses_days_outside_a_sane_range_in_one_line(tmp_path, args):
    main_py("--data-dir", tmp_path, "init", "--demo")
    result = main_py("--data-dir", tmp_path, "simulate", *args)
    says = "2000-01-01 to 2100-12-31" if "--start" in args else "Days must be 1 to 3660"
    _assert_one_error_line(result, says)


# -- a real station: init with an owner, operators (issue 12) ------------------------------------


def _operators_json(folder):
    result = main_py("--data-dir", folder, "operators", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _audit_actions(folder):
    import sqlite3

    conn = sqlite3.connect(folder / "station.db")
    try:
        return [row[0] for row in conn.execute("SELECT action FROM audit_log ORDER BY seq")]
    finally:
        conn.close()


def test_init_without_an_owner_or_demo_refuses_saying_how_and_creates_nothing(tmp_path):
    result = main_py("--data-dir", tmp_path, "init")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: ")
    assert "--owner-name" in result.stderr and "--owner-pin" in result.stderr
    assert "--demo" in result.stderr
    assert not (tmp_path / "station.db").exists()


def test_init_sets_up_a_real_station_with_pins_read_from_stdin(tmp_path):
    result = main_py(
        "--data-dir",
        tmp_path,
        "init",
        "--station-name",
        "张庄村服务站",
        "--station-phone",
        "0731-5555 1234",
        "--owner-name",
        "张三",
        "--owner-pin",
        "-",
        "--clerk-name",
        "李四",
        "--clerk-pin",
        "-",
        stdin="7391\n2846\n",
    )
    assert result.returncode == 0, result.stderr
    assert "7391" not in result.stdout + result.stderr
    assert [(o["name"], o["role"], o["active"]) for o in _operators_json(tmp_path)] == [
        ("张三", "owner", True),
        ("李四", "clerk", True),
    ]
    settings = main_py("--data-dir", tmp_path, "settings", "station_name").stdout
    assert "张庄村服务站" in settings
    assert _audit_actions(tmp_path).count("operator.added") == 2


def test_init_refuses_a_weak_owner_pin_and_creates_nothing(tmp_path):
    result = main_py(
        "--data-dir", tmp_path, "init", "--station-name", "张庄", "--owner-name", "张三",
        "--owner-pin", "1234",
    )  # fmt: skip
    assert result.returncode == 1
    assert "连续的数字" in result.stderr and "choose 4 to 8 digits" in result.stderr
    assert not (tmp_path / "station.db").exists()


def test_init_on_a_set_up_station_links_it_without_owner_flags(tmp_path):
    assert main_py("--data-dir", tmp_path, "init", *REAL_STATION).returncode == 0
    result = main_py(
        "--data-dir", tmp_path, "init", "--station-id", "HN-ZZ-0001",
        "--hub", "http://127.0.0.1:9", "--secret", "-", stdin="ab" * 32 + "\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    status = main_py("--data-dir", tmp_path, "sync", "--status").stdout
    assert "linked = yes" in status and "station_id = HN-ZZ-0001" in status


def test_init_reads_the_hub_link_from_a_provisioning_code(tmp_path):
    from village_protocol.provisioning import make_provisioning_code

    code = make_provisioning_code("http://127.0.0.1:9", "HN-ZZ-0002", "cd" * 32)
    result = main_py("--data-dir", tmp_path, "init", *REAL_STATION, "--provisioning-code", code)
    assert result.returncode == 0, result.stderr
    assert "cd" * 32 not in result.stdout
    status = main_py("--data-dir", tmp_path, "sync", "--status").stdout
    assert "linked = yes" in status and "station_id = HN-ZZ-0002" in status


def test_init_refuses_a_truncated_provisioning_code_in_one_line(tmp_path):
    from village_protocol.provisioning import make_provisioning_code

    code = make_provisioning_code("http://127.0.0.1:9", "HN-ZZ-0002", "cd" * 32)
    main_py("--data-dir", tmp_path, "init", *REAL_STATION)
    result = main_py("--data-dir", tmp_path, "init", "--provisioning-code", code[:-4])
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "incomplete or mistyped" in result.stderr


@pytest.fixture
def real_station(tmp_path):
    assert main_py("--data-dir", tmp_path, "init", *REAL_STATION).returncode == 0
    return tmp_path


def test_operators_json_lists_name_role_active_and_created_at(real_station):
    (owner,) = _operators_json(real_station)
    assert set(owner) == {"name", "role", "active", "created_at"}
    assert (owner["name"], owner["role"], owner["active"]) == ("张三", "owner", True)


def test_operators_add_disable_and_reset_pin_are_audited(real_station):
    add = main_py("--data-dir", real_station, "operators", "add", "李四", "--role", "clerk",
                  "--pin", "-", stdin="2846\n")  # fmt: skip
    assert add.returncode == 0, add.stderr
    reset = main_py("--data-dir", real_station, "operators", "reset-pin", "李四", "--pin", "5927")
    assert reset.returncode == 0, reset.stderr
    disable = main_py("--data-dir", real_station, "operators", "disable", "李四")
    assert disable.returncode == 0, disable.stderr
    assert [(o["name"], o["active"]) for o in _operators_json(real_station)] == [
        ("张三", True),
        ("李四", False),
    ]
    actions = _audit_actions(real_station)
    assert {"operator.added", "operator.pin_reset", "operator.disabled"} <= set(actions)
    text = main_py("--data-dir", real_station, "operators").stdout
    assert text.splitlines()[1].startswith("李四\tclerk\tdisabled\t")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "李四", "--role", "clerk", "--pin", "0000"), "One digit repeated"),
        (("reset-pin", "张三", "--pin", "2580"), "most common"),
        (("disable", "赵六"), "No operator named 赵六"),
        (("reset-pin", "赵六", "--pin", "2846"), "No operator named 赵六"),
        (("disable", "张三"), "last active owner"),
    ],
)
def test_operators_refusals_are_one_line_and_exit_1(real_station, args, message):
    before = _audit_actions(real_station)
    result = main_py("--data-dir", real_station, "operators", *args)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert _audit_actions(real_station) == before


def test_operators_with_a_bad_role_is_a_usage_error(real_station):
    result = main_py("--data-dir", real_station, "operators", "add", "李四", "--role", "boss",
                     "--pin", "2846")  # fmt: skip
    assert result.returncode == 2 and result.stderr.count("\n") == 1


# -- backup, backups, restore --------------------------------------------------------------
def test_backup_prints_its_path_and_backups_json_lists_it_intact(simulated, tmp_path):
    folder = _station_copy(simulated, tmp_path)

    made = main_py("--data-dir", folder, "backup")
    listed = main_py("--data-dir", folder, "backups", "--json")

    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.strip())
    assert path.parent == folder / "backups" and path.is_file()
    [entry] = json.loads(listed.stdout)
    assert set(entry) >= {"path", "taken_at", "size_bytes", "schema_version", "intact"}
    assert entry["path"] == str(path)
    assert entry["size_bytes"] == path.stat().st_size
    assert entry["intact"] is True
    assert entry["schema_version"] >= 6


def test_backup_to_a_folder_and_a_missing_second_folder_is_only_a_warning(simulated, tmp_path):
    folder = _station_copy(simulated, tmp_path)
    stick = tmp_path / "usb"
    assert main_py("--data-dir", folder, "settings", "backup_dir", stick).returncode == 0

    made = main_py("--data-dir", folder, "backup", "--to", tmp_path / "elsewhere")

    assert made.returncode == 0, made.stderr
    assert Path(made.stdout.strip()).parent == tmp_path / "elsewhere"
    assert made.stderr.startswith("warning: ") and "is missing" in made.stderr


def test_restore_puts_a_backup_back_and_keeps_the_replaced_database(simulated, tmp_path):
    folder = _station_copy(simulated, tmp_path)
    backup = main_py("--data-dir", folder, "backup").stdout.strip()
    before = main_py("--data-dir", folder, "report", "--date", "2026-03-01", "--json").stdout
    main_py("--data-dir", folder, "simulate", "--days", "1", "--seed", "9", "--start", "2026-03-01")

    restored = main_py("--data-dir", folder, "restore", backup)

    assert restored.returncode == 0, restored.stderr
    assert len(list(folder.glob("station.db.replaced-*"))) == 1
    after = main_py("--data-dir", folder, "report", "--date", "2026-03-01", "--json").stdout
    assert after == before
    assert main_py("--data-dir", folder, "verify-audit").returncode == 0


def test_restore_refuses_a_truncated_backup_with_one_error_line(simulated, tmp_path):
    folder = _station_copy(simulated, tmp_path)
    backup = Path(main_py("--data-dir", folder, "backup").stdout.strip())
    backup.write_bytes(backup.read_bytes()[:5000])

    refused = main_py("--data-dir", folder, "restore", backup)

    assert refused.returncode == 1
    assert refused.stderr.startswith("error: ") and refused.stderr.count("\n") == 1
    assert "truncated" in refused.stderr
    assert not list(folder.glob("station.db.replaced-*"))


SHIFT_KEYS = {
    "shift_id",
    "terminal_id",
    "opened_at",
    "closed_at",
    "opened_by",
    "closed_by",
    "float_fen",
    "cash_sales_fen",
    "cash_refunds_fen",
    "agency_cash_in_fen",
    "agency_cash_out_fen",
    "credit_repayments_cash_fen",
    "payouts_cash_fen",
    "pay_in_fen",
    "pay_out_fen",
    "expected_cash_fen",
    "counted_cash_fen",
    "over_short_fen",
    "payments_fen",
}


def test_shift_open_then_close_half_a_yuan_short_reports_over_short(tmp_path):
    assert main_py("--data-dir", tmp_path, "init", "--demo").returncode == 0
    opened = main_py("--data-dir", tmp_path, "shift", "open", "--float", "200")
    assert opened.returncode == 0, opened.stderr
    now = json.loads(main_py("--data-dir", tmp_path, "shift", "--json").stdout)
    assert set(now) >= SHIFT_KEYS
    assert (now["float_fen"], now["expected_cash_fen"], now["opened_by"]) == (
        20_000,
        20_000,
        "店主",
    )
    closed = main_py(
        "--data-dir", tmp_path, "shift", "close", "--counted", "199.50", "--note", "少五毛"
    )
    assert closed.returncode == 0, closed.stderr
    assert "-¥0.50" in closed.stdout
    [day] = json.loads(main_py("--data-dir", tmp_path, "shift-report", "--json").stdout)
    assert (day["counted_cash_fen"], day["over_short_fen"]) == (19_950, -50)
    again = main_py("--data-dir", tmp_path, "shift", "--json")
    assert again.returncode == 1 and "shift open --float" in again.stderr


def test_pay_in_and_out_count_in_the_shift_and_the_close_leaves_a_daily_backup(tmp_path):
    assert main_py("--data-dir", tmp_path, "init", "--demo").returncode == 0
    assert main_py("--data-dir", tmp_path, "shift", "open", "--float", "100").returncode == 0
    paid_in = main_py(
        "--data-dir", tmp_path, "shift", "pay-in", "--amount", "50", "--reason", "银行换零钱"
    )
    assert paid_in.returncode == 0, paid_in.stderr
    no_reason = main_py(
        "--data-dir", tmp_path, "shift", "pay-out", "--amount", "20", "--reason", " "
    )
    assert no_reason.returncode == 1 and "原因" in no_reason.stderr
    assert (
        main_py(
            "--data-dir", tmp_path, "shift", "pay-out", "--amount", "20", "--reason", "付送货费"
        ).returncode
        == 0
    )
    now = json.loads(main_py("--data-dir", tmp_path, "shift", "--json").stdout)
    assert (now["pay_in_fen"], now["pay_out_fen"], now["expected_cash_fen"]) == (
        5_000,
        2_000,
        13_000,
    )
    closed = main_py("--data-dir", tmp_path, "shift", "close", "--counted", "130")
    assert closed.returncode == 0, closed.stderr
    [backup] = json.loads(main_py("--data-dir", tmp_path, "backups", "--json").stdout)
    assert backup["reason"] == "daily" and f"backup {backup['path']}" in closed.stdout


def test_a_close_far_off_without_a_note_is_refused_and_the_shift_stays_open(tmp_path):
    assert main_py("--data-dir", tmp_path, "init", "--demo").returncode == 0
    assert main_py("--data-dir", tmp_path, "shift", "open", "--float", "100").returncode == 0
    refused = main_py("--data-dir", tmp_path, "shift", "close", "--counted", "50")
    assert refused.returncode == 1 and "请先写明原因" in refused.stderr
    assert json.loads(main_py("--data-dir", tmp_path, "shift", "--json").stdout)["float_fen"] == (
        10_000
    )


def test_shift_report_cash_sales_less_refunds_equal_the_days_cash_payments(tmp_path):
    from datetime import UTC, datetime

    from station_app.core.cart import Cart
    from station_app.core.catalog import search_products
    from station_app.core.clock import Clock, SteppingClock
    from station_app.core.operators import sign_in
    from station_app.core.payments import PaymentMethod, Tender
    from station_app.core.refunds import refund_sale
    from station_app.core.sales import complete_sale
    from station_app.core.settings import load_settings
    from station_app.core.shifts import close_shift, open_shift
    from station_app.storage import open_database

    assert main_py("--data-dir", tmp_path, "init", "--demo").returncode == 0
    db = open_database(tmp_path / "station.db")
    settings = load_settings(db)
    ticker = SteppingClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    clock = Clock(settings.tz_offset_min, ticker)
    clerk, owner = sign_in(db, "1234", clock), sign_in(db, "8888", clock)
    product = search_products(db, "kl")[0]
    for float_fen in (10_000, 5_000):
        open_shift(db, float_fen, clerk, settings, clock)
        receipts = []
        for method in (PaymentMethod.CASH, PaymentMethod.WECHAT, PaymentMethod.CASH):
            ticker.advance(timedelta(minutes=3))
            cart = Cart()
            cart.add_product(product, 2)
            total = cart.totals().total_fen
            sale = complete_sale(db, cart, [Tender(method, total)], clerk, settings, clock).sale
            receipts.append(sale)
        ticker.advance(timedelta(minutes=3))
        refund_sale(
            db,
            receipts[0].receipt_no,
            {receipts[0].lines[0].id: 1},
            PaymentMethod.CASH,
            clerk,
            owner,
            settings,
            clock,
        )
        ticker.advance(timedelta(minutes=3))
        close_shift(db, owner, settings, clock, counted_fen=float_fen, note="对账测试")
        ticker.advance(timedelta(minutes=3))
    db.close()
    day = "2026-03-02"
    shifts = json.loads(
        main_py("--data-dir", tmp_path, "shift-report", "--date", day, "--json").stdout
    )
    report = json.loads(main_py("--data-dir", tmp_path, "report", "--date", day, "--json").stdout)
    assert len(shifts) == 2 and all(set(s) >= SHIFT_KEYS for s in shifts)
    assert all(s["cash_refunds_fen"] > 0 for s in shifts)
    assert (
        sum(s["cash_sales_fen"] - s["cash_refunds_fen"] for s in shifts)
        == report["payments_fen"]["cash"]
    )


STOCK_KEYS = {
    "barcode",
    "name",
    "stock",
    "unit",
    "reorder_level",
    "cost_fen",
    "value_cost_fen",
    "batches",
}


def test_receive_then_stock_json_shows_the_delivery_and_its_expiry(tmp_path):
    main_py("--data-dir", tmp_path, "init", *REAL_STATION)
    goods = tmp_path / "goods.csv"
    goods.write_text("barcode,name,unit,price\n6901234567892,酱油,瓶,8.50\n", encoding="utf-8")
    assert main_py("--data-dir", tmp_path, "import-catalog", goods).returncode == 0
    expiry = (date.today() + timedelta(days=20)).isoformat()
    note = tmp_path / "delivery.csv"
    note.write_text(f"条码,数量,进价,保质期至\n6901234567892,12,5.50,{expiry}\n", encoding="utf-8")
    received = main_py("--data-dir", tmp_path, "receive", note, "--supplier", "县城批发部")
    assert received.returncode == 0, received.stderr
    assert "1 lines received" in received.stdout
    result = main_py("--data-dir", tmp_path, "stock", "--expiring", "30", "--json")
    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert set(row) == STOCK_KEYS
    assert (row["stock"], row["cost_fen"], row["value_cost_fen"]) == (12, 550, 6600)
    assert row["batches"] == [{"quantity": 12, "expiry": expiry}]
    later = main_py("--data-dir", tmp_path, "stock", "--expiring", "10", "--json")
    assert json.loads(later.stdout) == []
    low = main_py("--data-dir", tmp_path, "stock", "--low", "--json")
    assert json.loads(low.stdout) == []


def test_receive_reports_bad_lines_and_receives_nothing(tmp_path):
    main_py("--data-dir", tmp_path, "init", *REAL_STATION)
    goods = tmp_path / "goods.csv"
    goods.write_text("barcode,name,unit,price\n6901234567892,酱油,瓶,8.50\n", encoding="utf-8")
    main_py("--data-dir", tmp_path, "import-catalog", goods)
    note = tmp_path / "delivery.csv"
    note.write_text(
        "barcode,quantity,cost\n6901234567892,12,5.50\n6901234567892,x,5.50\n", encoding="utf-8"
    )
    result = main_py("--data-dir", tmp_path, "receive", note)
    assert result.returncode == 1
    assert f"{note}:3:" in result.stderr
    assert "nothing received" in result.stderr.splitlines()[-1]
    [row] = json.loads(main_py("--data-dir", tmp_path, "stock", "--json").stdout)
    assert row["stock"] == 0


def test_receive_warns_when_the_price_is_at_or_below_cost(tmp_path):
    main_py("--data-dir", tmp_path, "init", *REAL_STATION)
    goods = tmp_path / "goods.csv"
    goods.write_text("barcode,name,unit,price\n6901234567892,酱油,瓶,8.50\n", encoding="utf-8")
    main_py("--data-dir", tmp_path, "import-catalog", goods)
    note = tmp_path / "delivery.csv"
    note.write_text("barcode,quantity,cost\n6901234567892,1,9.00\n", encoding="utf-8")
    result = main_py("--data-dir", tmp_path, "receive", note)
    assert result.returncode == 0
    assert "warning: 酱油" in result.stderr


# -- report of a period: --from/--to, --json, --format xlsx|csv --out --------------------------
PERIOD = ("--from", "2026-02-28", "--to", "2026-03-03")


def test_report_period_json_is_the_sum_of_its_days_one_day_reports(simulated):
    result = main_py("--data-dir", simulated, "report", *PERIOD, "--json")
    assert result.returncode == 0, result.stderr
    period = json.loads(result.stdout)
    assert REPORT_KEYS | {"days", "categories", "top_products", "credit_ageing"} <= set(period)
    days = ["2026-02-28", "2026-03-01", "2026-03-02", "2026-03-03"]
    one_day = [
        json.loads(main_py("--data-dir", simulated, "report", "--date", d, "--json").stdout)
        for d in days
    ]
    assert period["days"] == one_day
    assert all(set(day) == REPORT_KEYS for day in period["days"])
    assert period["net_fen"] == sum(day["net_fen"] for day in one_day) > 0
    for key in REPORT_KEYS - {"date", "payments_fen"}:
        assert period[key] == sum(day[key] for day in one_day), key
    assert period["payments_fen"] == {
        method: sum(day["payments_fen"][method] for day in one_day)
        for method in period["payments_fen"]
    }
    assert len(period["top_products"]["by_amount"]) <= 20
    assert sum(c["amount_fen"] for c in period["categories"]) > 0


def test_report_period_exports_an_xlsx_and_a_csv_with_the_json_totals(simulated, tmp_path):
    import openpyxl

    period = json.loads(main_py("--data-dir", simulated, "report", *PERIOD, "--json").stdout)
    xlsx = tmp_path / "三月.xlsx"
    result = main_py("--data-dir", simulated, "report", *PERIOD, "--format", "xlsx", "--out", xlsx)
    assert result.returncode == 0, result.stderr
    assert str(xlsx) in result.stdout
    book = openpyxl.load_workbook(xlsx)
    headers = [c.value for c in book["汇总"][1]]
    values = dict(zip(headers, [c.value for c in book["汇总"][2]], strict=True))
    assert round(values["净额(元)"] * 100) == period["net_fen"]
    assert values["笔数"] == period["sales_count"]
    assert [round(r[7].value * 100) for r in book["每日"].iter_rows(2)] == [
        d["net_fen"] for d in period["days"]
    ]
    owed = [c.value for c in book["赊账账龄"]["B"][1:-1]]
    assert [round(v * 100) for v in owed] == [v["owed_fen"] for v in period["credit_ageing"]]

    csv_file = tmp_path / "三月.csv"
    result = main_py(
        "--data-dir", simulated, "report", *PERIOD, "--format", "csv", "--out", csv_file
    )
    assert result.returncode == 0, result.stderr
    raw = csv_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert f"{period['net_fen'] / 100:.2f}" in raw.decode("utf-8-sig").splitlines()[2]


def test_report_period_prints_text_with_every_day(simulated):
    result = main_py("--data-dir", simulated, "report", *PERIOD)
    assert result.returncode == 0, result.stderr
    assert "净额" in result.stdout
    assert all(d in result.stdout for d in ("2026-02-28", "2026-03-01", "2026-03-03"))


@pytest.mark.parametrize(
    "args",
    [
        ("--from", "2026-03-01"),
        ("--to", "2026-03-01"),
        ("--date", "2026-03-01", *PERIOD),
        (*PERIOD, "--format", "xlsx"),
        (*PERIOD, "--out", "x.xlsx"),
        ("--format", "csv", "--out", "x.csv"),
        (*PERIOD, "--json", "--format", "csv", "--out", "x.csv"),
        (*PERIOD, "--format", "pdf", "--out", "x.pdf"),
        ("--from", "2026-02-30", "--to", "2026-03-01"),
    ],
)
def test_report_period_flags_used_wrong_are_a_one_line_usage_error(simulated, tmp_path, args):
    result = main_py("--data-dir", simulated, "report", *args)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "report --help" in lines[0]
    assert not (ROOT / "x.xlsx").exists() and not (ROOT / "x.csv").exists()


@pytest.mark.parametrize(
    ("first", "last", "says"),
    [
        ("2026-03-03", "2026-03-01", "is after the last day"),
        ("2010-01-01", "2026-03-01", "at most 3660 days"),
    ],
)
def test_report_period_reversed_or_too_long_is_refused_in_one_line(simulated, first, last, says):
    result = main_py("--data-dir", simulated, "report", "--from", first, "--to", last, "--json")
    _assert_one_error_line(result, says)
    assert result.stdout == ""


def test_report_export_to_a_missing_folder_fails_in_one_line_and_writes_nothing(
    simulated, tmp_path
):
    out = tmp_path / "nowhere" / "r.xlsx"
    result = main_py("--data-dir", simulated, "report", *PERIOD, "--format", "xlsx", "--out", out)
    _assert_one_error_line(result, f"cannot write {out}")
    assert not out.parent.exists()
