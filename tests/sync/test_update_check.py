"""The update check after a sync: download at once, install only between shifts."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from station_app.core.shifts import open_shift
from station_app.sync.update_check import update_after_sync
from station_app.update.folders import UpdateFolders
from station_app.update.state import read_state
from tests.sync.conftest import link
from tests.update import conftest as update_conftest
from tests.update.conftest import County

# The county's update repository served by a real hub (tests/update/conftest.py).
county = update_conftest.county


def _linked(demo_db: Database, county: County) -> Path:
    link(demo_db, county.hub.url)
    return Path(demo_db.execute("PRAGMA database_list").fetchone()[2])


def test_a_new_version_is_installed_after_the_sync_when_no_shift_is_open(demo_db, county):
    db_path = _linked(demo_db, county)
    county.publish("0.1.1")
    result = update_after_sync(db_path, running="0.1.0", shipped_root=county.root)
    assert (result.ready, result.installed) == ("0.1.1", "0.1.1")
    assert "it starts when the app is next opened" in result.line
    assert read_state(UpdateFolders.of(db_path.parent)).trial == "0.1.1"


def test_during_a_shift_the_new_version_waits_for_the_close(
    demo_db, county, owner, settings, clock
):
    db_path = _linked(demo_db, county)
    open_shift(demo_db, 10_000, owner, settings, clock)
    county.publish("0.1.1")
    result = update_after_sync(db_path, running="0.1.0", shipped_root=county.root)
    assert (result.ready, result.installed) == ("0.1.1", None)
    assert "installs once the shift is closed" in result.line
    assert read_state(UpdateFolders.of(db_path.parent)).trial is None


def test_install_after_close_stages_a_downloaded_version_and_nothing_otherwise(tmp_path):
    from station_app.sync.update_check import install_after_close
    from station_app.update.folders import READY_MARKER, UpdateFolders
    from station_app.update.state import read_state

    folders = UpdateFolders.of(tmp_path)
    assert install_after_close(tmp_path, running="0.1.0") is None
    assert read_state(folders).trial is None
    folders.version_dir("0.1.1").mkdir(parents=True)
    assert install_after_close(tmp_path, running="0.1.0") is None  # not complete on disk
    (folders.version_dir("0.1.1") / READY_MARKER).write_text("", encoding="utf-8")
    assert install_after_close(tmp_path, running="0.1.0") == "0.1.1"
    assert read_state(folders).trial == "0.1.1"


def test_the_counters_quiet_check_says_nothing_when_updates_are_not_set_up(tmp_path):
    from station_app.sync.update_check import update_quietly

    assert update_quietly(tmp_path / "station.db") == ""
