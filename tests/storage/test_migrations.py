import re
from pathlib import Path

import station_app.storage
from station_app.storage.migrations import MIGRATION_MODULES, MIGRATION_NAMES, MIGRATIONS

STORAGE = Path(station_app.storage.__file__).parent
MIGRATION_FILE = re.compile(r"migration_(\d{4})_\w+\.py")


def test_the_migration_list_is_every_migration_file_in_name_order():
    on_disk = sorted(p.stem for p in STORAGE.iterdir() if MIGRATION_FILE.fullmatch(p.name))
    listed = [module.__name__.rpartition(".")[2] for module in MIGRATION_MODULES]
    assert listed == on_disk


def test_each_migration_is_named_with_the_number_of_its_module():
    for module in MIGRATION_MODULES:
        number = module.__name__.rpartition(".")[2].split("_")[1]
        assert module.NAME.startswith(f"{number}_"), module


def test_landed_migrations_keep_the_names_recorded_in_station_databases():
    assert MIGRATION_NAMES[:6] == (
        "0001_foundation",
        "0002_printing",
        "0003_sync",
        "0004_villagers_agency_parcels",
        "0005_consignment",
        "0006_anchor_lockout",
    )
    assert len(set(MIGRATION_NAMES)) == len(MIGRATION_NAMES)


def test_a_new_database_runs_the_migrations_in_the_listed_order(tmp_path):
    from station_app.storage import open_database

    db = open_database(tmp_path / "station.db")
    assert [m.name for m in MIGRATIONS.applied(db)] == list(MIGRATION_NAMES)
    db.close()


def test_stock_on_hand_is_read_from_levels_the_moves_keep(tmp_path):
    # Moves are append-only, so the trigger's running sum must equal the sum of the moves
    # whoever wrote them; and no index on the moves costs bytes in every sale any more.
    from station_app.storage import open_database

    db = open_database(tmp_path / "station.db")
    db.execute("PRAGMA foreign_keys = OFF")  # moves alone: no product row needed here
    for delta in (5, -2, -7, 10):
        db.execute(
            "INSERT INTO stock_moves(product_id, delta, reason, created_at) "
            "VALUES ('p', ?, 'adjust', '2026-12-01T00:00:00.000Z')",
            [delta],
        )
    levels = db.execute("SELECT product_id, on_hand FROM stock_levels").fetchall()
    indexes = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'stock_moves'"
    ).fetchall()
    db.close()
    assert levels == [("p", 6)]
    assert indexes == []
