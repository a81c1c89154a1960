"""Backups: consistent copies while sales are written, retention, restore and its refusals."""

from __future__ import annotations

import gzip
import hashlib
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from station_app.core.audit import verify_audit
from station_app.storage import open_database
from station_app.storage.backups import (
    BackupRefused,
    StationBusy,
    apply_retention,
    daily_backup_if_due,
    hold_station,
    last_backup_at,
    list_backups,
    make_backup,
    restore_backup,
)
from tests.storage.test_crash_safety import SELLER, _assert_whole_sales_only

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
NOON = datetime(2026, 12, 1, 9, 30)

HOLDER = """
import sys
from pathlib import Path
from station_app.storage.station_lock import hold_station
from station_app.sync.lock import SyncLock

folder = Path(sys.argv[2])
lock = hold_station(folder) if sys.argv[1] == "station" else SyncLock(folder)
with lock:
    print("held", flush=True)
    sys.stdin.read()  # until the test closes our stdin
"""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sales(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM sales").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def station(demo_db_path: Path) -> Path:
    return demo_db_path.parent


def test_a_backup_taken_while_sales_are_written_restores_to_a_whole_station(station):
    db_path = station / "station.db"
    with subprocess.Popen(
        [sys.executable, "-c", SELLER, str(db_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as seller:
        assert seller.stdout is not None
        for _ in range(5):  # the seller is well into its stream
            seller.stdout.readline()
        backups = [make_backup(db_path, station, NOON + timedelta(minutes=i)) for i in range(3)]
        seller.kill()
    taken = backups[-1]
    assert taken.path.parent == station / "backups"
    assert taken.path.name == "station-20261201-0932-manual.db"
    assert not [p for p in taken.path.parent.iterdir() if p.name.startswith(".")]

    result = restore_backup(station, taken.path, audit_check=verify_audit)

    db = open_database(result.database)
    try:
        sales = db.execute("SELECT count(*) FROM sales").fetchone()[0]
        assert sales >= 5
        _assert_whole_sales_only(db, sales)
        assert verify_audit(db).ok
    finally:
        db.close()


def test_restore_keeps_the_replaced_database_beside_it(station):
    db_path = station / "station.db"
    backup = make_backup(db_path, station, NOON)
    db = open_database(db_path)
    db.execute("DELETE FROM settings WHERE key = 'nothing'")  # a write after the backup
    db.close()
    before = _digest(db_path)

    result = restore_backup(station, backup.path, audit_check=verify_audit)

    assert result.replaced is not None
    assert result.replaced.parent == station
    assert result.replaced.name.startswith("station.db.replaced-")
    assert _digest(result.replaced) == before
    assert _digest(db_path) == _digest(backup.path)


def _flip_bytes(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for n in range(2, len(data) // page, 3):  # the b-tree header of every third page
        for k in range(8):
            data[n * page + k] ^= 0xFF
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])


@pytest.mark.parametrize("damage", [_flip_bytes, _truncate], ids=["flipped", "truncated"])
def test_restore_refuses_a_damaged_backup_and_changes_nothing(station, damage):
    db_path = station / "station.db"
    backup = make_backup(db_path, station, NOON).path
    damage(backup)
    backup_before, station_before = _digest(backup), _digest(db_path)

    with pytest.raises(BackupRefused) as refused:
        restore_backup(station, backup, audit_check=verify_audit)

    assert str(backup) in refused.value.en
    assert _digest(backup) == backup_before
    assert _digest(db_path) == station_before
    assert not list(station.glob("station.db.replaced-*"))
    assert not [p for p in station.iterdir() if p.name.endswith(".restoring")]
    assert [b.intact for b in list_backups(station)] == [False]


def test_restore_refuses_a_backup_whose_audit_chain_was_edited(station):
    db_path = station / "station.db"
    backup = make_backup(db_path, station, NOON).path
    conn = sqlite3.connect(backup)
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    conn.execute("UPDATE audit_log SET detail = '{}' WHERE seq = 1")
    conn.commit()
    conn.close()

    with pytest.raises(BackupRefused, match="audit chain"):
        restore_backup(station, backup, audit_check=verify_audit)
    assert _sales(db_path) == 0


def test_restore_refuses_a_backup_from_a_newer_app(station):
    backup = make_backup(station / "station.db", station, NOON).path
    conn = sqlite3.connect(backup)
    conn.execute(
        "INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
        "VALUES ('station', '9999_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()

    with pytest.raises(BackupRefused, match="newer app version"):
        restore_backup(station, backup, audit_check=verify_audit)


@pytest.mark.parametrize("holder", ["station", "sync"])
def test_restore_is_refused_while_another_process_holds_the_station(station, holder):
    db_path = station / "station.db"
    backup = make_backup(db_path, station, NOON).path
    before = _digest(db_path)
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, holder, str(station)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None and process.stdin is not None
        assert process.stdout.readline().strip() == "held"
        with pytest.raises(StationBusy) as busy:
            restore_backup(station, backup, audit_check=verify_audit)
        process.stdin.close()
    assert f"pid {process.pid}" in busy.value.en
    assert _digest(db_path) == before
    # Released by its holder: the restore now goes through.
    assert restore_backup(station, backup, audit_check=verify_audit).replaced is not None


def test_the_counter_app_restores_with_its_own_station_hold(station):
    backup = make_backup(station / "station.db", station, NOON).path
    with hold_station(station) as held:
        with pytest.raises(StationBusy):
            restore_backup(station, backup, audit_check=verify_audit)
        assert restore_backup(station, backup, audit_check=verify_audit, held=held).replaced


def test_a_second_counter_app_cannot_hold_the_same_station(station):
    with hold_station(station), pytest.raises(StationBusy, match="in use"):
        hold_station(station).acquire()


def test_retention_keeps_14_days_12_months_and_5_pre_migration_backups(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    start = datetime(2025, 1, 1, 8, 0)
    made = []
    for day in range(499):  # a daily backup each day, two on the first of each month
        at = start + timedelta(days=day)
        made.append(f"station-{at:%Y%m%d}-0800-daily.db")
        if at.day == 1:
            made.append(f"station-{at:%Y%m%d}-1700-daily.db")
    made += [f"station-202601{d:02d}-1200-pre-migration.db" for d in range(1, 8)]
    made.append("station-20260514-1000-manual.db")  # the last day: a manual one too
    made.append("station-20260401-1000-manual.db")  # older than 14 days
    for name in made:
        (folder / name).write_bytes(b"")
    (folder / ".station-20260514-1100-daily.db.123.partial").write_bytes(b"")

    apply_retention(folder)

    last = start + timedelta(days=498)  # 2026-05-14
    # The newest of each of the last 14 days: on 1 May the later one, on 14 May the
    # manual one (kept below).
    daily = {f"station-{last - timedelta(days=d):%Y%m%d}-0800-daily.db" for d in range(1, 13)}
    daily.add("station-20260501-1700-daily.db")
    # Before those 14 days: the newest of each month (the last day of the month).
    monthly = {
        "station-20260430-0800-daily.db",
        "station-20260331-0800-daily.db",
        "station-20260228-0800-daily.db",
        "station-20260131-0800-daily.db",
        *(f"station-2025{m:02d}{d}-0800-daily.db" for m, d in ((12, 31), (11, 30), (10, 31))),
        *(f"station-2025{m:02d}{d}-0800-daily.db" for m, d in ((9, 30), (8, 31), (7, 31))),
        "station-20250630-0800-daily.db",
        "station-20250531-0800-daily.db",
    }
    pre = {f"station-202601{d:02d}-1200-pre-migration.db" for d in range(3, 8)}
    kept = {p.name for p in folder.iterdir()}
    assert kept == daily | monthly | pre | {
        "station-20260514-1000-manual.db",
        ".station-20260514-1100-daily.db.123.partial",
    }


def test_opening_an_old_schema_file_backs_it_up_before_migrating(tmp_path):
    old = tmp_path / "station.db"
    with gzip.open(FIXTURES / "station_schema_0006.db.gz", "rb") as packed:
        old.write_bytes(packed.read())

    open_database(old).close()

    [backup] = list_backups(tmp_path)
    assert backup.reason == "pre-migration"
    assert backup.intact
    assert backup.schema_version == 6
    conn = sqlite3.connect(old)
    assert conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] > 6
    conn.close()


def test_opening_an_up_to_date_file_makes_no_backup(demo_db_path):
    open_database(demo_db_path).close()
    assert list_backups(demo_db_path.parent) == []


def test_a_missing_second_folder_is_a_warning_and_the_backup_is_still_made(station, tmp_path):
    usb = tmp_path / "usb-stick"

    info = make_backup(station / "station.db", station, NOON, second_dir=usb)

    assert info.path.is_file()
    assert [w.en for w in info.warnings] == [
        f"second backup folder {usb} is missing (USB stick not plugged in?); "
        "backups are kept on this PC only"
    ]
    assert not usb.exists()


def test_a_backup_is_also_copied_into_the_second_folder(station, tmp_path):
    usb = tmp_path / "usb-stick"
    usb.mkdir()

    info = make_backup(station / "station.db", station, NOON, second_dir=usb)

    assert info.warnings == ()
    assert _digest(usb / info.path.name) == _digest(info.path)


def test_the_daily_backup_is_made_once_a_day(station):
    db_path = station / "station.db"
    first = daily_backup_if_due(db_path, station, NOON)
    again = daily_backup_if_due(db_path, station, NOON + timedelta(hours=5))
    tomorrow = daily_backup_if_due(db_path, station, NOON + timedelta(days=1))

    assert first is not None and first.reason == "daily"
    assert again is None
    assert tomorrow is not None
    assert last_backup_at(station) == NOON + timedelta(days=1)
