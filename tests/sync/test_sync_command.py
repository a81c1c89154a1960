"""`main.py sync` and the hub link flags, run as the nightly job runs them: a subprocess."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from station_app.storage import open_database
from station_app.sync.lock import SyncLock
from tests.sync.conftest import queue_sales
from tests.sync.hub_standin import SECRET, STATION
from tests.test_cli import REAL_STATION

ROOT = Path(__file__).resolve().parents[2]


def main_py(*args, stdin=None):
    env = {k: v for k, v in os.environ.items() if k not in ("STATION_DATA_DIR", "DISPLAY")}
    return subprocess.run(
        [sys.executable, "main.py", *map(str, args)],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _station_with_an_owner(folder: Path) -> None:
    # Set up without `init --owner-name`, which would queue the owner's operator.added:
    # these tests count exactly the events they queue themselves.
    from station_app.core.clock import Clock
    from station_app.core.operators import Role, create_operator

    db = open_database(folder / "station.db", create=True)
    create_operator(db, "店主", Role.OWNER, "8888", Clock())
    db.close()


@pytest.fixture
def folder(tmp_path, hub):
    _station_with_an_owner(tmp_path)
    result = main_py(
        "--data-dir",
        tmp_path,
        "init",
        "--station-id",
        STATION,
        "--hub",
        hub.url,
        "--secret",
        SECRET,
    )
    assert result.returncode == 0, result.stderr
    assert SECRET not in result.stdout + result.stderr
    return tmp_path


def _queue(folder, count, kind=None):
    db = open_database(folder / "station.db")
    queue_sales(db, count)
    if kind:
        from station_app.core.clock import Clock
        from station_app.core.outbox import NewEvent, enqueue_event

        with db.atomic():
            enqueue_event(db, NewEvent(kind, {}), Clock().stamp())
    db.close()


def test_all_delivered_exits_0_and_says_what_it_did(folder, hub):
    _queue(folder, 3)
    result = main_py("--data-dir", folder, "sync")
    assert result.returncode == 0, result.stderr
    assert "3 events sent (3 accepted, 0 duplicate, 0 rejected)" in result.stdout
    assert len(hub.state.events) == 3
    assert (folder / "logs" / "sync.log").exists()


def test_rejected_events_exit_2(folder):
    _queue(folder, 1, kind="villager.added")
    result = main_py("--data-dir", folder, "sync")
    assert result.returncode == 2
    assert "1 events rejected" in result.stderr


def test_an_unreachable_hub_exits_3_and_loses_nothing(folder):
    _queue(folder, 2)
    assert (
        main_py("--data-dir", folder, "settings", "hub_url", "http://127.0.0.1:9").returncode == 0
    )
    result = main_py("--data-dir", folder, "sync", "--retries", "0")
    assert result.returncode == 3
    assert result.stderr.startswith("error: hub unreachable, nothing lost")
    status = main_py("--data-dir", folder, "sync", "--status").stdout
    assert "queued = 2" in status and "last_success = never" in status
    assert "connection refused" in status


def test_a_wrong_secret_exits_4_and_never_prints_a_secret(folder, hub):
    _queue(folder, 1)
    wrong = "ab" * 32
    assert main_py("--data-dir", folder, "settings", "hub_secret", wrong).returncode == 0
    result = main_py("--data-dir", folder, "sync")
    assert result.returncode == 4
    assert "bad_signature" in result.stderr
    listing = main_py("--data-dir", folder, "settings").stdout
    assert "hub_secret = ********" in listing
    for text in (
        result.stdout,
        result.stderr,
        listing,
        (folder / "logs" / "sync.log").read_text(encoding="utf-8"),
    ):
        assert wrong not in text and SECRET not in text
    assert hub.state.events == {}


def test_another_station_id_exits_4(folder):
    assert main_py("--data-dir", folder, "settings", "station_id", "HN-ZZ-0999").returncode == 0
    _queue(folder, 1)
    result = main_py("--data-dir", folder, "sync")
    assert result.returncode == 4
    assert "unknown_station" in result.stderr


def test_a_running_sync_makes_the_job_wait_then_exit_1(folder):
    with SyncLock(folder):
        result = main_py("--data-dir", folder, "sync", "--lock-wait", "0.2")
    assert result.returncode == 1
    assert "another sync is running" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_station_not_linked_exits_1_saying_how(tmp_path):
    main_py("--data-dir", tmp_path, "init", *REAL_STATION)
    result = main_py("--data-dir", tmp_path, "sync")
    assert result.returncode == 1
    assert "init --station-id" in result.stderr


def test_status_lists_the_queue_without_the_network(folder):
    _queue(folder, 4)
    result = main_py("--data-dir", folder, "sync", "--status")
    assert result.returncode == 0
    lines = dict(line.split(" = ", 1) for line in result.stdout.splitlines())
    assert lines["queued"] == "4" and lines["rejected"] == "0"
    assert lines["station_id"] == STATION and lines["linked"] == "yes"
    assert lines["last_success"] == "never" and lines["last_error"] == "none"


def test_init_reads_the_secret_from_stdin_and_refuses_half_a_link(tmp_path, hub):
    result = main_py(
        "--data-dir",
        tmp_path,
        "init",
        *REAL_STATION,
        "--station-id",
        STATION,
        "--hub",
        hub.url,
        "--secret",
        "-",
        stdin=SECRET + "\n",
    )
    assert result.returncode == 0, result.stderr
    assert main_py("--data-dir", tmp_path, "sync").returncode == 0
    half = main_py("--data-dir", tmp_path, "init", "--hub", hub.url)
    assert half.returncode == 1 and "go together" in half.stderr


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--hub", "http://hub.example.cn", "https"),
        ("--secret", "not-a-secret", "64"),
        ("--station-id", "站点 1", "station_id"),
        ("--ca-bundle", "/nonexistent/ca.pem", "CA bundle"),
    ],
)
def test_init_refuses_a_bad_link_and_stores_nothing(tmp_path, hub, flag, value, message):
    args = {"--station-id": STATION, "--hub": hub.url, "--secret": SECRET} | {flag: value}
    result = main_py(
        "--data-dir", tmp_path, "init", *REAL_STATION, *[x for kv in args.items() for x in kv]
    )
    assert result.returncode == 1
    assert message in result.stderr
    assert "linked = no" in main_py("--data-dir", tmp_path, "sync", "--status").stdout


def test_settings_edit_the_hub_url_and_ca_bundle(folder, tmp_path):
    ca = tmp_path / "county-ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    assert (
        main_py(
            "--data-dir", folder, "settings", "hub_url", "https://hub.county.example.cn/"
        ).stdout.strip()
        == "hub_url = https://hub.county.example.cn"
    )
    assert (
        main_py("--data-dir", folder, "settings", "ca_bundle", ca).stdout.strip()
        == f"ca_bundle = {ca}"
    )
    assert main_py("--data-dir", folder, "verify-audit").returncode == 0


def test_the_sync_command_never_loads_qt(folder):
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['main.py', '--data-dir', {str(folder)!r}, 'sync', '--status']\n"
        "try:\n    runpy.run_path('main.py', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "sys.argv = ['main.py', 'sync', '--help']\n"
        "try:\n    runpy.run_path('main.py', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
