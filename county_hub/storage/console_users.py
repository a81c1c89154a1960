"""County operators of the web console: accounts, wrong-password lockout and sessions.

Only argon2 hashes are stored (made in `county_hub/console/passwords.py`); a session row
holds the SHA-256 of its cookie token, never the token. Each change to an account
writes its `console_audit` row in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from county_hub.storage.console_audit import write_action
from county_hub.storage.database import HubDatabase, StoreError


@dataclass(frozen=True)
class ConsoleUser:
    """A county operator's account (without its password hash)."""

    name: str
    role: str
    active: bool
    created_at: str
    locked_until: str | None


@dataclass(frozen=True)
class ConsoleSession:
    """A signed-in browser: who, with which role, and its CSRF token."""

    user_name: str
    role: str
    csrf_token: str
    expires_at: str
    last_seen_at: str


_USER_COLUMNS = "name, role, active, created_at, locked_until"


def _user(row: Any) -> ConsoleUser:
    return ConsoleUser(row[0], row[1], bool(row[2]), row[3], row[4])


class ConsoleUserStore:
    """The `console_users` and `console_sessions` tables."""

    def __init__(self, db: HubDatabase) -> None:
        self._db = db

    def add(self, name: str, role: str, password_hash: str, now: str, by: str) -> None:
        """Create an operator account, audited as done by `by`.

        Raises:
            StoreError: an account with this name exists (active or disabled).
        """
        with self._db.write() as conn:
            inserted = self._db.run(
                conn,
                "INSERT INTO console_users(name, role, password_hash, active, created_at) "
                "VALUES (?,?,?,1,?) ON CONFLICT (name) DO NOTHING",
                [name, role, password_hash, now],
            ).rowcount
            if inserted != 1:
                raise StoreError(f"user {name} already exists")
            write_action(self._db, conn, now, by, "user.added", name, {"role": role})

    def disable(self, name: str, now: str, by: str) -> None:
        """Disable an account and end its sessions at once, audited.

        Raises:
            StoreError: no such user.
        """
        with self._db.write() as conn:
            changed = self._db.run(
                conn, "UPDATE console_users SET active = 0 WHERE name = ?", [name]
            ).rowcount
            if changed != 1:
                raise StoreError(f"no user {name}")
            self._db.run(conn, "DELETE FROM console_sessions WHERE user_name = ?", [name])
            write_action(self._db, conn, now, by, "user.disabled", name, {})

    def all(self) -> list[ConsoleUser]:
        """Every account, by name."""
        with self._db.read() as conn:
            rows = self._db.run(
                conn, f"SELECT {_USER_COLUMNS} FROM console_users ORDER BY name"
            ).fetchall()
        return [_user(row) for row in rows]

    def credentials(self, name: str) -> tuple[ConsoleUser, str] | None:
        """An account and its password hash, if it exists."""
        with self._db.read() as conn:
            row = self._db.run(
                conn,
                f"SELECT {_USER_COLUMNS}, password_hash FROM console_users WHERE name = ?",
                [name],
            ).fetchone()
        return (_user(row), str(row[5])) if row else None

    def set_password_hash(self, name: str, password_hash: str) -> None:
        """Replace a hash (argon2 parameters raised since it was made); not a user action."""
        with self._db.write() as conn:
            self._db.run(
                conn,
                "UPDATE console_users SET password_hash = ? WHERE name = ?",
                [password_hash, name],
            )

    def record_failure(
        self, name: str, now: str, window_start: str, max_failures: int, locked_until: str
    ) -> str | None:
        """Count a wrong password; the `max_failures`-th since `window_start` locks the account.

        Returns the lock's end when this failure locked the account, else None.

        Both steps are single UPDATEs in one transaction, so two hub workers counting
        failures at once cannot lose one.
        """
        with self._db.write() as conn:
            self._db.run(
                conn,
                "UPDATE console_users SET "
                "failed_logins = CASE WHEN first_failed_at IS NULL OR first_failed_at < ? "
                "THEN 1 ELSE failed_logins + 1 END, "
                "first_failed_at = CASE WHEN first_failed_at IS NULL OR first_failed_at < ? "
                "THEN ? ELSE first_failed_at END WHERE name = ?",
                [window_start, window_start, now, name],
            )
            locked = self._db.run(
                conn,
                "UPDATE console_users SET locked_until = ?, failed_logins = 0, "
                "first_failed_at = NULL WHERE name = ? AND failed_logins >= ?",
                [locked_until, name, max_failures],
            ).rowcount
            if locked:
                write_action(
                    self._db, conn, now, name, "login.locked", name, {"until": locked_until}
                )
        return locked_until if locked else None

    def clear_failures(self, name: str) -> None:
        """Forget wrong passwords and any lock after a good sign-in."""
        with self._db.write() as conn:
            self._db.run(
                conn,
                "UPDATE console_users SET failed_logins = 0, first_failed_at = NULL, "
                "locked_until = NULL WHERE name = ?",
                [name],
            )

    # -- sessions ------------------------------------------------------------------------

    def open_session(
        self, token_hash: str, name: str, csrf_token: str, now: str, expires_at: str
    ) -> None:
        """Store a new session (and drop expired ones), audited as a sign-in."""
        with self._db.write() as conn:
            self._db.run(conn, "DELETE FROM console_sessions WHERE expires_at < ?", [now])
            self._db.run(
                conn,
                "INSERT INTO console_sessions(token_hash, user_name, csrf_token, created_at, "
                "expires_at, last_seen_at) VALUES (?,?,?,?,?,?)",
                [token_hash, name, csrf_token, now, expires_at, now],
            )
            write_action(self._db, conn, now, name, "login", name, {})

    def session(self, token_hash: str, now: str, idle_since: str) -> ConsoleSession | None:
        """The live session of an active user with this token hash, else None.

        A session is dead once `expires_at` passed or it was last seen before `idle_since`.
        """
        with self._db.read() as conn:
            row = self._db.run(
                conn,
                "SELECT s.user_name, u.role, s.csrf_token, s.expires_at, s.last_seen_at "
                "FROM console_sessions s JOIN console_users u ON u.name = s.user_name "
                "WHERE s.token_hash = ? AND u.active = 1 AND s.expires_at > ? "
                "AND s.last_seen_at >= ?",
                [token_hash, now, idle_since],
            ).fetchone()
        return ConsoleSession(*row) if row else None

    def touch_session(self, token_hash: str, now: str) -> None:
        """Move a session's idle clock forward."""
        with self._db.write() as conn:
            self._db.run(
                conn,
                "UPDATE console_sessions SET last_seen_at = ? WHERE token_hash = ?",
                [now, token_hash],
            )

    def close_session(self, token_hash: str, now: str, name: str) -> None:
        """Delete a session (sign-out), audited."""
        with self._db.write() as conn:
            self._db.run(conn, "DELETE FROM console_sessions WHERE token_hash = ?", [token_hash])
            write_action(self._db, conn, now, name, "logout", name, {})
