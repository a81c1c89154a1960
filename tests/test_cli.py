"""The stable command-line contract: subcommands, flags, exit codes and JSON keys."""

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORT_KEYS = {"date", "sales_count", "gross_fen", "discount_fen", "rounding_fen",
               "refund_count", "refunds_fen", "net_fen", "payments_fen"}


def main_py(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k != "STATION_DATA_DIR"} | (env_extra or {})
    return subprocess.run([sys.executable, "main.py", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("station")
    assert main_py("--data-dir", folder, "init", "--demo").returncode == 0
    result = main_py("--data-dir", folder, "simulate", "--days", "2", "--seed", "5",
                     "--start", "2026-03-01")
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
    result = main_py("init", env_extra={"STATION_DATA_DIR": str(tmp_path)})
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
    assert report["net_fen"] == (report["gross_fen"] - report["discount_fen"]
                                 - report["rounding_fen"] - report["refunds_fen"])


def test_simulate_is_deterministic_for_a_seed(simulated, tmp_path):
    main_py("--data-dir", tmp_path, "init", "--demo")
    main_py("--data-dir", tmp_path, "simulate", "--days", "2", "--seed", "5",
            "--start", "2026-03-01")
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
    report = json.loads(main_py("--data-dir", tmp_path, "report", "--date", yesterday,
                                "--json").stdout)
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


@pytest.mark.parametrize("args", [
    ("report",),  # no database yet
    ("report", "--date", "2026-13-40"),
    ("simulate", "--days", "0"),
    ("import-catalog", "/nonexistent/catalog.csv"),
])
def test_errors_exit_non_zero_with_one_line(tmp_path, args):
    if args[0] in ("simulate", "import-catalog"):
        main_py("--data-dir", tmp_path, "init", "--demo")
    result = main_py("--data-dir", tmp_path, *args)
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_import_catalog_reports_bad_lines_and_imports_nothing(tmp_path):
    main_py("--data-dir", tmp_path, "init")
    csv = tmp_path / "goods.csv"
    csv.write_text("barcode,name,unit,price\n6901234567892,酱油,瓶,8.50\n"
                   "6901234567893,醋,瓶,6.00\n6901234567908,盐,袋,-1\n", encoding="utf-8")
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

    main_py("--data-dir", tmp_path, "init")
    conn = sqlite3.connect(tmp_path / "station.db")
    conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
                 "VALUES ('station', '9999_future', 'x')")
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
    assert main_py("--data-dir", tmp_path, "settings", "language").stdout.strip() == \
        "language = en"
    for name, value in [("language", "fr"), ("receipt_columns", "500"), ("terminal_id", "柜台 1"),
                        ("scale_prefixes", "{}x"), ("nonsense", "1")]:
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
    row = conn.execute("SELECT s.receipt_no FROM sales s JOIN sale_lines l ON l.sale_id = s.id "
                       "WHERE l.weight_g IS NOT NULL LIMIT 1").fetchone()
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
    result = main_py("--data-dir", folder, "print", "--test-page", "--out", out,
                     "--mode", "raster")
    assert result.returncode == 0, result.stderr
    paper = decode(out.read_bytes())
    assert paper.texts == [] and paper.events[-1] == "cut"
    assert {width for width, _ in paper.images} == {576}


def test_print_refuses_unknown_receipts_and_missing_arguments(simulated, tmp_path):
    folder = _station_copy(simulated, tmp_path)
    unknown = main_py("--data-dir", folder, "print", "20990101-T1-00001", "--out",
                      tmp_path / "x.bin")
    assert unknown.returncode == 1
    assert unknown.stderr.startswith("error:") and "找不到" in unknown.stderr
    assert not (tmp_path / "x.bin").exists()
    assert main_py("--data-dir", folder, "print").returncode == 2
    assert main_py("--data-dir", folder, "print", "--mode", "utf8", "--test-page").returncode == 2


def test_print_without_a_file_sends_to_the_configured_printer(simulated, tmp_path):
    from tests.printing.fake_printer import FakePrinter, dead_port

    folder = _station_copy(simulated, tmp_path)
    for name, value in [("printer_kind", "network"), ("printer_host", "127.0.0.1"),
                        ("printer_timeout_ms", "500")]:
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
    main_py("--data-dir", tmp_path, "simulate", "--days", "6", "--seed", "2",
            "--start", "2026-02-01")
    day = json.loads(main_py("--data-dir", tmp_path, "agency-report", "--date", "2026-02-03",
                             "--json").stdout)
    assert {"date", "orders_created", "collected_fen", "spent_fen", "service_fee_fen",
            "platform_refund_fen", "paid_back_fen", "open_orders"} == set(day)
    assert day["date"] == "2026-02-03"
    assert all(order["due_from_villager_fen"] or order["owed_to_villager_fen"]
               or order["platform_owes_fen"] for order in day["open_orders"])
    text = main_py("--data-dir", tmp_path, "agency-report", "--date", "2026-02-03")
    assert text.returncode == 0 and "服务费" in text.stdout
