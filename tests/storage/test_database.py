import sqlite3

import pytest

from station_app.storage import DatabaseTooNew, open_database
from station_app.storage.migrations import MIGRATIONS


def test_new_file_gets_every_migration_and_durable_settings(tmp_path):
    db = open_database(tmp_path / "station.db")
    applied = [m.name for m in MIGRATIONS.applied(db)]
    assert applied == [m.name for m in MIGRATIONS._migrations]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_reopening_applies_nothing_twice(tmp_path):
    open_database(tmp_path / "station.db").close()
    db = open_database(tmp_path / "station.db")
    assert db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == len(
        MIGRATIONS._migrations)


def test_database_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "station.db"
    db = open_database(path)
    db["_sqlite_migrations"].insert(
        {"migration_set": "station", "name": "0999_from_the_future", "applied_at": "2030"})
    db.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="0999_from_the_future"):
        open_database(path)
    assert path.read_bytes() == before


def test_foreign_keys_are_enforced(tmp_path):
    db = open_database(tmp_path / "station.db")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO product_barcodes(barcode, product_id) VALUES ('1', 'nope')")
