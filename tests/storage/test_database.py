import sqlite3

import pytest

from station_app.storage import DatabaseTooNew, open_database
from station_app.storage.migrations import MIGRATION_NAMES, applied_migrations


def test_new_file_gets_every_migration_and_durable_settings(tmp_path):
    db = open_database(tmp_path / "station.db")
    applied = applied_migrations(db)
    assert applied == list(MIGRATION_NAMES)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_reopening_applies_nothing_twice(tmp_path):
    open_database(tmp_path / "station.db").close()
    db = open_database(tmp_path / "station.db")
    assert db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == len(
        MIGRATION_NAMES
    )


def test_database_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "station.db"
    db = open_database(path)
    db.execute(
        "INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
        "VALUES ('station', '0999_from_the_future', '2030')"
    )
    db.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="0999_from_the_future"):
        open_database(path)
    assert path.read_bytes() == before


def test_foreign_keys_are_enforced(tmp_path):
    db = open_database(tmp_path / "station.db")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO product_barcodes(barcode, product_id) VALUES ('1', 'nope')")


CRASH_WHILE_CREATING = """
import os, sys
from station_app.storage.migrations import migration_set
from station_app.storage.database import open_database
migration_set().ensure_migrations_table = lambda db: os._exit(9)  # the power goes
open_database(sys.argv[1])
"""


def test_a_crash_while_creating_leaves_no_half_made_station_behind(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path / "station.db"
    crashed = subprocess.run(
        [sys.executable, "-c", CRASH_WHILE_CREATING, str(path)],
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert crashed.returncode == 9
    assert not path.exists()
    db = open_database(path)  # the next start simply creates it
    assert applied_migrations(db) == list(MIGRATION_NAMES)
    db.close()


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 300])
def test_a_file_that_is_not_a_station_is_refused_untouched(tmp_path, content):
    from station_app.storage import DatabaseUnusable

    path = tmp_path / "station.db"
    path.write_bytes(content)
    with pytest.raises(DatabaseUnusable, match="not a station database"):
        open_database(path)
    assert path.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir()] == ["station.db"]


def test_a_station_open_elsewhere_is_accepted_while_its_wal_is_live(tmp_path):
    first = open_database(tmp_path / "station.db")
    first.execute("INSERT INTO settings(key, value) VALUES ('k', 'v')")
    second = open_database(tmp_path / "station.db")
    assert second.execute("SELECT value FROM settings WHERE key = 'k'").fetchone() == ("v",)
    second.close()
    first.close()
