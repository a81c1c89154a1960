"""Signing in at /login: wrong passwords, the lockout and its message, sessions that end."""

from __future__ import annotations

import requests

from county_hub.console.access import SESSION_COOKIE, ConsoleSettings
from tests.county_hub.console.conftest import PASSWORD, ConsoleHub


def test_a_wrong_password_is_refused_and_the_right_one_signs_in(console: ConsoleHub):
    console.add_user("zhang", "viewer")
    session = requests.Session()
    refused = console.login(session, "zhang", "wrong-password-1")
    assert refused.status_code == 401
    assert "用户名或密码不对" in refused.text
    assert SESSION_COOKIE not in session.cookies
    signed_in = console.login(session, "zhang", PASSWORD, next_path="/stations")
    assert (signed_in.status_code, signed_in.headers["location"]) == (303, "/stations")
    assert "zhang（只读）" in session.get(f"{console.url}/stations", timeout=10).text


def test_an_unknown_name_gets_the_same_answer_as_a_wrong_password(console: ConsoleHub):
    answer = console.login(requests.Session(), "nobody", PASSWORD)
    assert answer.status_code == 401
    assert "用户名或密码不对" in answer.text


def test_the_fifth_wrong_password_in_15_minutes_locks_the_account_for_15_minutes(
    console: ConsoleHub,
):
    console.add_user("li", "clerk")
    session = requests.Session()
    for _ in range(4):
        assert "用户名或密码不对" in console.login(session, "li", "bad-password-x").text
    locked = console.login(session, "li", "bad-password-x")
    assert "账户已锁定，请 15 分钟后再试" in locked.text
    console.clock.now_s += 5 * 60
    still = console.login(session, "li", PASSWORD)
    assert still.status_code == 401
    assert "请 10 分钟后再试" in still.text
    assert console.store.audit.recent(1)[0].action == "login.locked"
    console.clock.now_s += 10 * 60 + 1
    assert console.login(session, "li", PASSWORD).status_code == 303


def test_failures_spread_over_more_than_15_minutes_do_not_lock(console: ConsoleHub):
    console.add_user("wang", "viewer")
    session = requests.Session()
    for _ in range(4):
        console.login(session, "wang", "bad-password-x")
    console.clock.now_s += 16 * 60
    assert "用户名或密码不对" in console.login(session, "wang", "bad-password-x").text
    assert console.login(session, "wang", PASSWORD).status_code == 303


def test_a_session_ends_after_an_idle_hour_and_after_a_working_day(console: ConsoleHub):
    settings = ConsoleSettings()
    session = console.browser("zhao", "viewer")
    console.clock.now_s += settings.idle_s - 120
    assert session.get(f"{console.url}/", timeout=10).url == f"{console.url}/"
    console.clock.now_s += settings.idle_s + 1
    assert session.get(f"{console.url}/", timeout=10).url == f"{console.url}/login"
    # Kept busy, a session still ends after `session_s`.
    busy = console.browser("qian", "viewer")
    for _ in range(settings.session_s // (settings.idle_s // 2)):
        console.clock.now_s += settings.idle_s // 2
        busy.get(f"{console.url}/stations", timeout=10)
    assert busy.get(f"{console.url}/", timeout=10).url == f"{console.url}/login"


def test_logout_ends_the_session_on_the_hub_not_only_in_the_browser(console: ConsoleHub):
    session = console.browser("sun", "viewer")
    token = str(session.cookies[SESSION_COOKIE])
    assert console.post(session, "/logout").headers["location"] == "/login"
    replay = requests.get(f"{console.url}/", cookies={SESSION_COOKIE: token}, timeout=10)
    assert replay.url == f"{console.url}/login"
    assert [e.action for e in console.store.audit.recent(2)] == ["logout", "login"]


def test_disabling_a_user_ends_its_open_sessions_at_once(console: ConsoleHub):
    session = console.browser("zhou", "clerk")
    console.store.users.disable("zhou", "2026-11-26T08:00:00.000Z", "(命令行)")
    assert session.get(f"{console.url}/", timeout=10).url == f"{console.url}/login"
    assert "用户名或密码不对" in console.login(requests.Session(), "zhou", "bad-password-x").text
    assert "已停用" in console.login(requests.Session(), "zhou", PASSWORD).text
