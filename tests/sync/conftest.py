"""Fixtures for sync tests: a stand-in hub on 127.0.0.1 and stations linked to it."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlite_utils import Database

from station_app.core.clock import Clock
from station_app.core.outbox import NewEvent, enqueue_event
from station_app.storage import open_database
from station_app.sync.http_policy import RetryPolicy, Timeouts
from station_app.sync.link import provision_link
from tests.sync.hub_standin import SECRET, STATION, StandInHub
from tests.sync.real_hub import RealHub

# Small numbers keep every failure test to a fraction of a second.
FAST_RETRY = RetryPolicy(retries=2, base_delay_s=0.01, jitter=0.5)
FAST_TIMEOUTS = Timeouts(connect_s=1.0, read_s=1.0)


@pytest.fixture
def hub() -> Iterator[StandInHub]:
    with StandInHub() as running:
        yield running


def link(db: Database, url: str, secret: str = SECRET, station: str = STATION) -> None:
    """Provision `db` against the hub at `url`."""
    provision_link(
        db, station_id=station, hub_url=url, secret=secret, ca_bundle=None, at=Clock().stamp()
    )


def queue_sales(db: Database, count: int, start: int = 1) -> list[int]:
    """Queue `count` minimal sale events (what the hub needs to count them)."""
    seqs = []
    with db.atomic():
        for n in range(start, start + count):
            seqs.append(
                enqueue_event(
                    db,
                    NewEvent(
                        "sale.completed",
                        {
                            "sale_id": f"sale-{n}",
                            "receipt_no": f"20261126-T1-{n:05d}",
                            "total_fen": 100 * n,
                            "lines": [],
                            "payments": [{"method": "cash", "amount_fen": 100 * n}],
                        },
                    ),
                    Clock().stamp(),
                )
            )
    return seqs


@pytest.fixture
def station_path(tmp_path: Path, hub: StandInHub) -> Path:
    """An empty station database linked to the stand-in hub."""
    path = tmp_path / "station" / "station.db"
    db = open_database(path)
    link(db, hub.url)
    db.close()
    return path


@pytest.fixture
def station(station_path: Path) -> Iterator[Database]:
    db = open_database(station_path)
    yield db
    db.close()


@pytest.fixture(scope="session")
def real_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealHub]:
    """The real county hub, one process for the session; each test uses its own station."""
    hub = RealHub(tmp_path_factory.mktemp("hub")).start()
    yield hub
    hub.stop()


@dataclass(frozen=True)
class HubStation:
    station_id: str
    secret: str
    db_path: Path


_station_numbers = itertools.count(1)


@pytest.fixture
def hub_station(real_hub: RealHub, demo_db_path: Path) -> HubStation:
    """A copy of the demo station, provisioned on the real hub under a fresh id."""
    station_id = f"HN-T-{next(_station_numbers):04d}"
    secret = real_hub.add_station(station_id)
    db = open_database(demo_db_path)
    link(db, real_hub.url, secret=secret, station=station_id)
    db.close()
    return HubStation(station_id, secret, demo_db_path)
