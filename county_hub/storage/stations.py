"""Provisioned stations and their secrets."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from county_hub.storage.console_audit import write_action
from county_hub.storage.database import HubDatabase, StoreError

SECRET_BYTES = 32
_COLUMNS = "id, name, active, created_at"


@dataclass(frozen=True)
class Station:
    """A provisioned station (without its secret)."""

    id: str
    name: str
    active: bool
    created_at: str


class StationStore:
    """The `stations` table."""

    def __init__(self, db: HubDatabase) -> None:
        self._db = db

    def add(self, station_id: str, name: str, now: str) -> str:
        """Provision a station and return its new secret (64 hex characters).

        The secret is kept in clear because HMAC verification needs the key itself.

        Raises:
            StoreError: a station with this id exists.
        """
        secret = secrets.token_hex(SECRET_BYTES)
        with self._db.write() as conn:
            inserted = self._db.run(
                conn,
                "INSERT INTO stations(id, name, secret, active, created_at) VALUES (?,?,?,1,?) "
                "ON CONFLICT (id) DO NOTHING",
                [station_id, name, secret, now],
            ).rowcount
        if inserted != 1:
            raise StoreError(f"station {station_id} already exists")
        return secret

    def set_active(
        self, station_id: str, active: bool, *, by: str | None = None, now: str = ""
    ) -> None:
        """Enable or disable a station; a disabled station's requests are refused.

        With `by`, the change is written to the operators' audit log in the same
        transaction.

        Raises:
            StoreError: no such station.
        """
        with self._db.write() as conn:
            changed = self._db.run(
                conn, "UPDATE stations SET active = ? WHERE id = ?", [int(active), station_id]
            ).rowcount
            if changed != 1:
                raise StoreError(f"no station {station_id}")
            if by is not None:
                action = "station.enabled" if active else "station.disabled"
                write_action(self._db, conn, now, by, action, station_id, {})

    def rotate_secret(self, station_id: str, now: str, by: str) -> str:
        """Give a station a new secret (the old one stops working at once); audited.

        Raises:
            StoreError: no such station.
        """
        secret = secrets.token_hex(SECRET_BYTES)
        with self._db.write() as conn:
            changed = self._db.run(
                conn, "UPDATE stations SET secret = ? WHERE id = ?", [secret, station_id]
            ).rowcount
            if changed != 1:
                raise StoreError(f"no station {station_id}")
            # The audit row says that it happened, never the secret itself.
            write_action(self._db, conn, now, by, "station.secret_rotated", station_id, {})
        return secret

    def get(self, station_id: str) -> Station | None:
        """A station by id, active or not."""
        with self._db.read() as conn:
            row = self._db.run(
                conn, f"SELECT {_COLUMNS} FROM stations WHERE id = ?", [station_id]
            ).fetchone()
        return Station(row[0], row[1], bool(row[2]), row[3]) if row else None

    def all(self) -> list[Station]:
        """All stations, by id."""
        with self._db.read() as conn:
            rows = self._db.run(conn, f"SELECT {_COLUMNS} FROM stations ORDER BY id").fetchall()
        return [Station(r[0], r[1], bool(r[2]), r[3]) for r in rows]

    def secret_of(self, station_id: str) -> str | None:
        """The secret of an active station, else None."""
        with self._db.read() as conn:
            row = self._db.run(
                conn, "SELECT secret FROM stations WHERE id = ? AND active = 1", [station_id]
            ).fetchone()
        return str(row[0]) if row else None

    def require(self, station_id: str) -> None:
        """Raises `StoreError` unless the station exists (active or not)."""
        if self.get(station_id) is None:
            raise StoreError(f"no station {station_id}")
