"""Shared fixtures: real station databases built through the real migrations and seeding."""

from __future__ import annotations

import os

# Must be set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from station_app.core.clock import Clock
from station_app.core.operators import Operator, sign_in
from station_app.core.settings import StationSettings, load_settings
from station_app.storage import open_database
from tests.mirror import unmirrored_test_files

_TEMPLATE: dict[str, Path] = {}


def pytest_sessionstart(session: pytest.Session) -> None:
    """Refuse to run when a test file mirrors no module (see tests/mirror.py)."""
    stray = unmirrored_test_files()
    if stray:
        raise pytest.UsageError(
            "test files must mirror a module (tests/core/test_sales.py for "
            "station_app/core/sales.py) or be listed in tests/mirror.py SCENARIOS: "
            + ", ".join(stray)
        )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use Qt fixtures are `gui`, so `-m "not gui"` runs the headless part alone."""
    for item in items:
        if {"qtbot", "qapp"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated station database in a real file."""
    database = open_database(tmp_path / "station.db")
    yield database
    database.close()


def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Seeding 300+ products with pinyin takes a second; do it once per run and copy.
    if "demo" not in _TEMPLATE:
        from station_app.core.demo import seed_demo_station

        path = tmp_path_factory.mktemp("template") / "station.db"
        database = open_database(path)
        seed_demo_station(database, Clock())
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        database.close()
        _TEMPLATE["demo"] = path
    return _TEMPLATE["demo"]


@pytest.fixture
def demo_db_path(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of a fresh copy of the demo station database."""
    target = tmp_path / "demo" / "station.db"
    target.parent.mkdir()
    shutil.copy(_demo_template(tmp_path_factory), target)
    return target


@pytest.fixture
def demo_db(demo_db_path: Path) -> Iterator[Database]:
    """The demo station: owner 店主 (PIN 8888), clerk 店员 (PIN 1234), 300+ products."""
    database = open_database(demo_db_path)
    yield database
    database.close()


@pytest.fixture
def settings(demo_db: Database) -> StationSettings:
    return load_settings(demo_db)


@pytest.fixture
def owner(demo_db: Database, clock: Clock) -> Operator:
    return sign_in(demo_db, "8888", clock)


@pytest.fixture
def clerk(demo_db: Database, clock: Clock) -> Operator:
    return sign_in(demo_db, "1234", clock)
