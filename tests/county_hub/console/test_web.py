"""The one access check (`Gate`) on every console route: sign-in, CSRF, roles; /v1 apart."""

from __future__ import annotations

from typing import cast

import pytest
import requests
from fastapi.routing import APIRoute

from county_hub.app import create_app
from county_hub.console.access import LOGIN_CSRF_COOKIE, SESSION_COOKIE
from county_hub.console.pages import console_router
from county_hub.console.roles import Permission
from county_hub.console.web import ConsoleContext, Gate, safe_next
from county_hub.storage import HubStore
from tests.county_hub.conftest import _CurrentStore
from tests.county_hub.console.conftest import PASSWORD, ConsoleHub, csrf_of
from tests.county_hub.signing import StationDouble

PUBLIC = {"/login", "/static/console.css"}


def _console_routes(store: HubStore) -> list[APIRoute]:
    router = console_router(ConsoleContext(store))
    return [r for r in router.routes if isinstance(r, APIRoute)]


def test_every_console_route_but_login_and_the_style_sheet_goes_through_one_gate(
    store: HubStore,
):
    routes = _console_routes(store)
    assert {r.path for r in routes} >= {"/", "/stations", "/stations/{station_id}", "/login"}
    for route in routes:
        gates = [d.call for d in route.dependant.dependencies if isinstance(d.call, Gate)]
        if route.path in PUBLIC:
            assert not gates, route.path
        else:
            assert len(gates) == 1, route.path
            if "POST" in (route.methods or set()) and route.path.startswith("/stations/"):
                assert cast(Gate, gates[0]).permission is Permission.MANAGE_STATIONS


@pytest.mark.parametrize("path", ["/", "/stations", "/stations/HN-ZZ-0001", "/audit"])
def test_pages_redirect_to_login_when_signed_out(console: ConsoleHub, path: str):
    answer = requests.get(f"{console.url}{path}", allow_redirects=False, timeout=10)
    assert answer.status_code == 303
    assert answer.headers["location"] in ("/login", f"/login?next={path}")


def test_a_post_without_the_sessions_csrf_token_is_refused_with_a_page(console: ConsoleHub):
    session = console.browser("admin1", "admin")
    for fields in ({}, {"csrf_token": "forged"}):
        answer = session.post(
            f"{console.url}/stations/HN-ZZ-0001/active",
            data={"active": "0", **fields},
            allow_redirects=False,
            timeout=10,
        )
        assert answer.status_code == 403
        assert "安全校验" in answer.text
        assert answer.headers["content-type"].startswith("text/html")
    assert console.store.station("HN-ZZ-0001").active  # type: ignore[union-attr]


def test_the_login_form_needs_its_own_csrf_cookie(console: ConsoleHub):
    console.add_user("li", "viewer")
    page = requests.get(f"{console.url}/login", timeout=10)
    token = csrf_of(page.text)
    # A form posted from another site: the token without the cookie the hub set.
    answer = requests.post(
        f"{console.url}/login",
        data={"csrf_token": token, "name": "li", "password": "correct-horse-9"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 403
    assert SESSION_COOKIE not in answer.cookies
    assert LOGIN_CSRF_COOKIE in page.cookies


def test_a_viewer_sees_no_admin_actions_and_a_forged_post_is_refused(console: ConsoleHub):
    session = console.browser("guest", "viewer")
    page = session.get(f"{console.url}/stations/HN-ZZ-0001", timeout=10).text
    assert "张庄村服务站" in page
    assert 'id="admin-actions"' not in page and "更换密钥" not in page
    for path, fields in (
        ("/stations/HN-ZZ-0001/active", {"active": "0"}),
        ("/stations/HN-ZZ-0001/secret", {}),
    ):
        answer = console.post(session, path, **fields)
        assert answer.status_code == 403
        assert "没有权限" in answer.text
    assert console.store.station("HN-ZZ-0001").active  # type: ignore[union-attr]
    assert not [e for e in console.store.audit.recent(10) if e.action.startswith("station.")]
    assert session.get(f"{console.url}/audit", timeout=10).status_code == 403


def test_the_station_api_refuses_a_request_carrying_only_a_session_cookie(console: ConsoleHub):
    session = console.browser("admin1", "admin")
    assert session.get(f"{console.url}/", timeout=10).status_code == 200
    for method, path in (("GET", "/v1/changes?after=0"), ("POST", "/v1/events")):
        answer = session.request(method, f"{console.url}{path}", timeout=10)
        assert answer.status_code == 401, path
        assert answer.json()["error"]["code"] == "unknown_station"


def test_the_session_cookie_is_httponly_lax_and_secure_only_over_https(console: ConsoleHub):
    console.add_user("li", "viewer")
    plain = console.login(requests.Session(), "li")
    cookie = plain.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    # The test's own loopback address is uvicorn's default trusted proxy. Its cookies are
    # Secure, so this plain-http client hands the login cookie back by hand.
    https = {"X-Forwarded-Proto": "https"}
    form = requests.get(f"{console.url}/login", headers=https, timeout=10)
    assert "Secure" in form.headers["set-cookie"]
    behind_proxy = requests.post(
        f"{console.url}/login",
        data={"csrf_token": csrf_of(form.text), "name": "li", "password": PASSWORD},
        cookies={LOGIN_CSRF_COOKIE: csrf_of(form.text)},
        headers=https,
        allow_redirects=False,
        timeout=10,
    )
    assert behind_proxy.status_code == 303
    assert "Secure" in behind_proxy.headers["set-cookie"]


def test_x_forwarded_proto_from_an_untrusted_peer_is_ignored(store: HubStore):
    import socket
    import threading
    import time

    import uvicorn

    from county_hub.console.passwords import hash_password

    store.users.add(
        "li", "viewer", hash_password("correct-horse-9"), "2026-11-26T00:00:00.000Z", "t"
    )
    current = _CurrentStore()
    current.target = store
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    config = uvicorn.Config(
        create_app(cast(HubStore, current)),
        log_level="warning",
        lifespan="off",
        proxy_headers=True,
        forwarded_allow_ips=["10.9.9.9"],  # the proxy; the test is not it
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        hub = ConsoleHub(url, store, None)  # type: ignore[arg-type]
        session = requests.Session()
        session.headers["X-Forwarded-Proto"] = "https"
        answer = hub.login(session, "li", "correct-horse-9")
        assert answer.status_code == 303
        assert "Secure" not in answer.headers["set-cookie"]
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def test_console_pages_carry_security_headers(console: ConsoleHub):
    answer = requests.get(f"{console.url}/login", timeout=10)
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


@pytest.mark.parametrize(
    ("asked", "kept"),
    [
        ("/stations?sort=id", "/stations?sort=id"),
        ("//evil.example/", "/"),
        ("https://x", "/"),
        ("", "/"),
    ],
)
def test_after_login_only_pages_of_this_site_are_followed(asked: str, kept: str):
    assert safe_next(asked) == kept


def test_a_double_of_the_station_still_works_next_to_the_console(console: ConsoleHub):
    secret = console.store.add_station("HN-ZZ-0003", "王庄", "2026-11-26T00:00:00.000Z")
    station = StationDouble(console.url, "HN-ZZ-0003", secret)
    answer = station.changes(timestamp=int(console.clock.now_s))
    assert answer.status_code == 200
    station.close()
