"""A real hub with the console on 127.0.0.1, a clock the test moves, and signed-in browsers.

One uvicorn server per session serves each test's own store (as tests/county_hub's
`hub` fixture does); `ConsoleHub.browser(...)` is a `requests.Session` that signs in
through the real /login form, cookie and CSRF token included.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

import pytest
import requests

from county_hub.app import create_app
from county_hub.console.passwords import hash_password
from county_hub.storage import HubStore
from tests.county_hub.conftest import _CurrentStore, serving

# 2026-11-26 16:00 in the county (UTC+8).
START_S = datetime(2026, 11, 26, 8, 0, tzinfo=UTC).timestamp()
PASSWORD = "correct-horse-9"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class MovableClock:
    """Unix seconds that only move when a test says so."""

    now_s: float = START_S

    def __call__(self) -> float:
        return self.now_s


def csrf_of(page: str) -> str:
    """The CSRF token of the first form on a page."""
    found = _CSRF.search(page)
    assert found, page[:500]
    return found.group(1)


@dataclass
class ConsoleHub:
    """The running hub's URL, this test's store and the hub's clock."""

    url: str
    store: HubStore
    clock: MovableClock

    def add_user(self, name: str, role: str, password: str = PASSWORD) -> None:
        self.store.users.add(name, role, hash_password(password), "2026-11-26T00:00:00.000Z", "t")

    def login(
        self, session: requests.Session, name: str, password: str = PASSWORD, next_path: str = "/"
    ) -> requests.Response:
        form = session.get(f"{self.url}/login", timeout=10)
        return session.post(
            f"{self.url}/login",
            data={
                "csrf_token": csrf_of(form.text),
                "name": name,
                "password": password,
                "next": next_path,
            },
            allow_redirects=False,
            timeout=10,
        )

    def browser(self, name: str, role: str) -> requests.Session:
        """A session signed in as a new user `name` with `role`."""
        self.add_user(name, role)
        session = requests.Session()
        answer = self.login(session, name)
        assert answer.status_code == 303, answer.text
        return session

    def post(self, session: requests.Session, path: str, **fields: Any) -> requests.Response:
        """A form POST carrying the session's CSRF token (read from the console's `/`)."""
        token = csrf_of(session.get(f"{self.url}/", timeout=10).text)
        return session.post(
            f"{self.url}{path}",
            data={"csrf_token": token, **fields},
            allow_redirects=False,
            timeout=10,
        )


@pytest.fixture(scope="session")
def _console_server() -> Iterator[tuple[str, _CurrentStore, MovableClock]]:
    current = _CurrentStore()
    clock = MovableClock()
    with serving(create_app(cast(HubStore, current), clock)) as url:
        yield url, current, clock


@pytest.fixture
def console(
    store: HubStore, _console_server: tuple[str, _CurrentStore, MovableClock]
) -> Iterator[ConsoleHub]:
    url, current, clock = _console_server
    clock.now_s = START_S
    store.add_station("HN-ZZ-0001", "张庄村服务站", "2026-11-01T00:00:00.000Z")
    store.add_station("HN-ZZ-0002", "李庄村服务站", "2026-11-01T00:00:00.000Z")
    current.target = store
    yield ConsoleHub(url, store, clock)
    current.target = None
