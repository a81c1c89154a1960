"""Parcels announced to a station, one row per tracking number, with their change.

The key (station, tracking number) is what refuses announcing one parcel twice to a
station (which would refuse it as already registered), across hub workers too.
"""

from __future__ import annotations

import json
from typing import Any

from county_hub.storage.change_feed import insert_change
from county_hub.storage.console_audit import AuditNote, write_note
from county_hub.storage.database import HubDatabase, StoreError
from county_hub.storage.stations import StationStore
from village_protocol.changes import PARCEL_ARRIVED

_BACKFILL_PAGE = 500


class ParcelAnnouncements:
    """The `announced_parcels` table, written with the `parcel.arrived` change it names."""

    def __init__(self, db: HubDatabase, stations: StationStore) -> None:
        self._db = db
        self._stations = stations

    def announce(
        self, station_id: str, data: dict[str, Any], now: str, audit: AuditNote | None = None
    ) -> tuple[int, bool]:
        """Queue a `parcel.arrived` change unless `data["tracking_no"]` was announced already.

        Returns the change's cursor and True, or the earlier announcement's cursor and
        False (nothing queued, nothing audited).

        Raises:
            StoreError: `station_id` names no station.
        """
        self._stations.require(station_id)
        with self._db.write() as conn:
            # The feed lock also serialises announcements on PostgreSQL: of two staff
            # announcing one parcel at once, the second finds the first's row.
            self._db.engine.lock_feed(conn)
            earlier = self._earlier(conn, station_id, data["tracking_no"])
            if earlier is not None:
                return earlier, False
            cursor = self._insert(conn, station_id, data, now)
            write_note(self._db, conn, now, audit)
        return cursor, True

    def announce_all(
        self,
        parcels: list[tuple[str, dict[str, Any]]],
        now: str,
        audit: AuditNote | None = None,
    ) -> list[int]:
        """Queue a `parcel.arrived` per (station, data), all in one transaction or none.

        Raises:
            StoreError: a station that does not exist.
            AlreadyAnnounced: the first parcel already announced to its station (nothing
                is queued).
        """
        for station_id in {station_id for station_id, _ in parcels}:
            self._stations.require(station_id)
        cursors: list[int] = []
        with self._db.write() as conn:
            self._db.engine.lock_feed(conn)
            for index, (station_id, data) in enumerate(parcels):
                earlier = self._earlier(conn, station_id, data["tracking_no"])
                if earlier is not None:
                    raise AlreadyAnnounced(index, earlier)  # rolls back the ones before
                cursors.append(self._insert(conn, station_id, data, now))
            write_note(self._db, conn, now, audit)
        return cursors

    def _earlier(self, conn: Any, station_id: str, tracking_no: str) -> int | None:
        row = self._db.run(
            conn,
            "SELECT cursor FROM announced_parcels WHERE station_id = ? AND tracking_no = ?",
            [station_id, tracking_no],
        ).fetchone()
        return None if row is None else int(row[0])

    def _insert(self, conn: Any, station_id: str, data: dict[str, Any], now: str) -> int:
        cursor = insert_change(self._db, conn, station_id, PARCEL_ARRIVED, data, now)
        self._db.run(
            conn,
            "INSERT INTO announced_parcels(station_id, tracking_no, cursor) VALUES (?,?,?)",
            [station_id, data["tracking_no"], cursor],
        )
        return cursor


class AlreadyAnnounced(StoreError):
    """Parcel number `index` of a list was announced to its station before, at `cursor`."""

    def __init__(self, index: int, cursor: int) -> None:
        super().__init__(f"parcel {index} of the list was already announced (cursor {cursor})")
        self.index = index
        self.cursor = cursor


def backfill_announced_parcels(db: HubDatabase, conn: Any) -> None:
    """Parcels announced before the table existed; the first announcement holds its number."""
    after = 0
    while rows := db.run(
        conn,
        "SELECT cursor, station_id, data FROM changes WHERE cursor > ? "
        "AND kind = ? AND station_id IS NOT NULL ORDER BY cursor LIMIT ?",
        [after, PARCEL_ARRIVED, _BACKFILL_PAGE],
    ).fetchall():
        for cursor, station_id, data in rows:
            tracking_no = json.loads(data).get("tracking_no")
            if isinstance(tracking_no, str):
                db.run(
                    conn,
                    "INSERT INTO announced_parcels(station_id, tracking_no, cursor) "
                    "VALUES (?,?,?) ON CONFLICT (station_id, tracking_no) DO NOTHING",
                    [station_id, tracking_no, cursor],
                )
        after = int(rows[-1][0])
