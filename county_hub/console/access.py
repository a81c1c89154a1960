"""Signing county operators in and out: lockout, server-side sessions, CSRF tokens.

Sessions are rows on the hub (`console_sessions`), not signed cookies: the cookie holds
32 random bytes and the table their SHA-256. A random token cannot be forged, so no
signing key has to be managed, shared between hub workers or rotated; and unlike a
self-contained signed token, a row can be ended at once by logout, `disable-user` or
an expiry rule, and a stolen database holds no usable token.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass

from county_hub.console.passwords import hash_password, needs_rehash, verify_password
from county_hub.console.roles import Permission, may
from county_hub.console.times import iso
from county_hub.storage import HubStore

SESSION_COOKIE = "hub_session"
LOGIN_CSRF_COOKIE = "hub_login_csrf"
CSRF_FIELD = "csrf_token"
_TOKEN_BYTES = 32
# The idle clock of a session moves at most this often: one write per minute, not per page.
_TOUCH_EVERY_S = 60


@dataclass(frozen=True)
class ConsoleSettings:
    """How long sessions live and when wrong passwords lock an account."""

    session_s: int = 8 * 3600  # a working day, then sign in again
    idle_s: int = 3600
    max_failures: int = 5
    failure_window_s: int = 15 * 60
    lock_s: int = 15 * 60


@dataclass(frozen=True)
class Operator:
    """The county operator a request comes from."""

    name: str
    role: str
    csrf_token: str

    def may(self, permission: Permission) -> bool:
        """Whether this operator's role covers `permission`."""
        return may(self.role, permission)


class LoginRefused(Exception):
    """A sign-in that failed; `message` is the Chinese text for the login page."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def new_token() -> str:
    """A fresh random token for a cookie or a form (URL-safe text)."""
    return secrets.token_urlsafe(_TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the hub stores of a session token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _minutes_left(until_iso: str, now_s: float) -> int:
    from county_hub.protocol import parse_time

    until = parse_time(until_iso)
    left_s = until.timestamp() - now_s if until else 0
    return max(1, math.ceil(left_s / 60))


def _locked(minutes: int) -> LoginRefused:
    return LoginRefused(f"密码连续输错次数过多，账户已锁定，请 {minutes} 分钟后再试。")


def sign_in(
    store: HubStore, settings: ConsoleSettings, name: str, password: str, now_s: float
) -> str:
    """Check a name and password and open a session; returns the cookie's token.

    The `max_failures`-th wrong password within `failure_window_s` locks the account
    for `lock_s`; while locked even the right password is refused (and not counted).

    Raises:
        LoginRefused: wrong name or password, locked or disabled account.
    """
    now = iso(now_s)
    found = store.users.credentials(name)
    user, stored_hash = found if found else (None, None)
    if user is not None and user.locked_until and user.locked_until > now:
        raise _locked(_minutes_left(user.locked_until, now_s))
    if not verify_password(stored_hash, password) or user is None or stored_hash is None:
        if user is not None and user.active:
            until = store.users.record_failure(
                name,
                now,
                iso(now_s - settings.failure_window_s),
                settings.max_failures,
                iso(now_s + settings.lock_s),
            )
            if until is not None:
                raise _locked(_minutes_left(until, now_s))
        raise LoginRefused("用户名或密码不对。")
    if not user.active:
        raise LoginRefused("该账户已停用，请联系县级平台管理员。")
    store.users.clear_failures(name)
    if needs_rehash(stored_hash):
        store.users.set_password_hash(name, hash_password(password))
    token = new_token()
    store.users.open_session(
        token_hash(token), name, new_token(), now, iso(now_s + settings.session_s)
    )
    return token


def signed_in(
    store: HubStore, settings: ConsoleSettings, token: str | None, now_s: float
) -> Operator | None:
    """The operator whose live session `token` opens, else None (and none for no token)."""
    if not token or len(token) > 200:
        return None
    digest = token_hash(token)
    session = store.users.session(digest, iso(now_s), iso(now_s - settings.idle_s))
    if session is None:
        return None
    if session.last_seen_at < iso(now_s - _TOUCH_EVERY_S):
        store.users.touch_session(digest, iso(now_s))
    return Operator(session.user_name, session.role, session.csrf_token)


def sign_out(store: HubStore, token: str, operator: Operator, now_s: float) -> None:
    """End the session `token` opens."""
    store.users.close_session(token_hash(token), iso(now_s), operator.name)
