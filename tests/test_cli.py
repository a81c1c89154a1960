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
