"""The demo station: settings, an owner and a clerk, and a village shop's catalog."""

from __future__ import annotations

from sqlite_utils import Database

from station_app.core.catalog_import import ImportReport, seed_demo_catalog
from station_app.core.clock import Clock
from station_app.core.operators import Role, create_operator
from station_app.core.settings import save_settings

DEMO_OWNER = ("店主", "8888")
DEMO_CLERK = ("店员", "1234")


def is_initialised(db: Database) -> bool:
    """True once the station has at least one operator (a fresh file has none)."""
    return bool(db.execute("SELECT 1 FROM operators LIMIT 1").fetchone())


def seed_demo_station(db: Database, clock: Clock) -> ImportReport:
    """Fill an empty database with the demo station. Refuses a station already set up."""
    if is_initialised(db):
        raise RuntimeError("station already initialised; the demo is only seeded into a new one")
    save_settings(db, station_id="DEMO-001", station_name="示范村服务站",
                  station_phone="0731-8888 6666", tz_offset_min=clock.tz_offset_min)
    create_operator(db, DEMO_OWNER[0], Role.OWNER, DEMO_OWNER[1], clock)
    create_operator(db, DEMO_CLERK[0], Role.CLERK, DEMO_CLERK[1], clock)
    return seed_demo_catalog(db, clock)
