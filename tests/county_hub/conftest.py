"""Hub fixtures: every storage-backed test runs on SQLite and, when reachable, PostgreSQL.

PostgreSQL comes from $HUB_TEST_POSTGRES_URL (else a server on 127.0.0.1:5432). It is
skipped when unreachable, unless $HUB_REQUIRE_POSTGRES is set (as in CI): then it fails.
Each test gets its own PostgreSQL schema, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

import pytest
import uvicorn

from county_hub.app import create_app
from county_hub.storage import HubStore, open_store
from tests.county_hub.signing import StationDouble

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
ENGINES = ["sqlite", "postgresql"]
STATION = "HN-ZZ-0001"
OTHER_STATION = "HN-ZZ-0002"


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A reachable PostgreSQL server's URL (session-wide; skipped or failed once)."""
    import psycopg

    url = os.environ.get("HUB_TEST_POSTGRES_URL") or DEFAULT_POSTGRES
    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.Error as error:
        reason = f"no PostgreSQL at $HUB_TEST_POSTGRES_URL or {DEFAULT_POSTGRES}: {error}"
        if os.environ.get("HUB_REQUIRE_POSTGRES"):
            pytest.fail(f"HUB_REQUIRE_POSTGRES is set but {reason}", pytrace=False)
        pytest.skip(reason)
    return url


def _with_search_path(url: str, schema: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-c search_path={schema}')}"


@pytest.fixture(params=ENGINES)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL for an empty hub, once per engine."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hub.db'}"
        return
    import psycopg

    base = request.getfixturevalue("postgres_url")
    schema = f"hub_test_{secrets.token_hex(6)}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield _with_search_path(base, schema)
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store(db_url: str) -> Iterator[HubStore]:
    """A migrated hub store with two stations."""
    hub_store = open_store(db_url)
    yield hub_store
    hub_store.close()


@dataclass
class RunningHub:
    """A real hub listening on 127.0.0.1, its store, and two provisioned stations."""

    url: str
    store: HubStore
    station: StationDouble
    other: StationDouble

    def double(self, station_id: str, secret: str) -> StationDouble:
        return StationDouble(self.url, station_id, secret)


class _CurrentStore:
    """Forwards to the running test's store, so one server serves the whole session."""

    target: HubStore | None = None

    def __getattr__(self, name: str) -> Any:
        assert self.target is not None, "no hub test is running"
        return getattr(self.target, name)


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """uvicorn serving `app` in a thread on a free loopback port; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    config = uvicorn.Config(app, log_level="warning", http="h11", ws="none", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the hub did not start"
        time.sleep(0.01)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="session")
def _hub_server() -> Iterator[tuple[str, _CurrentStore]]:
    """uvicorn serving the hub app in a thread, on a free loopback port.

    Started once: stopping uvicorn takes a few tenths of a second, too slow per test.
    """
    current = _CurrentStore()
    with serving(create_app(cast(HubStore, current))) as url:
        yield url, current


@pytest.fixture
def hub(store: HubStore, _hub_server: tuple[str, _CurrentStore]) -> Iterator[RunningHub]:
    """The real hub on 127.0.0.1 over this test's store, with two provisioned stations."""
    url, current = _hub_server
    now = "2026-11-26T08:00:00.000Z"
    station = StationDouble(url, STATION, store.add_station(STATION, "张庄村服务站", now))
    other = StationDouble(url, OTHER_STATION, store.add_station(OTHER_STATION, "李庄村服务站", now))
    current.target = store
    yield RunningHub(url, store, station, other)
    current.target = None
    station.close()
    other.close()
