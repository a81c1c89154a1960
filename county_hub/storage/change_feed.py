"""The change feed: what the hub tells stations, paged by a server-assigned cursor."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from county_hub.json_text import dump_json
from county_hub.storage.console_audit import AuditNote, write_note
from county_hub.storage.database import HubDatabase
from county_hub.storage.stations import StationStore

ALL_STATIONS = "*"  # scope of a catalog published to every station

# A station's feed is the changes for every station (station_id NULL) merged with its
# own. Asked for as one `station_id IS NULL OR station_id = ?`, both SQLite and
# PostgreSQL gather every matching row after the cursor and sort them before the LIMIT:
# each page of a 100,000-change catalog read the rest of it, 13 ms a page on average.
# As two ranges of (station_id, cursor), each stops at the page's size.
_PAGE_SQL = (
    "SELECT cursor, kind, created_at, data FROM ("
    "SELECT cursor, kind, created_at, data FROM changes "
    "WHERE station_id IS NULL AND cursor > ? ORDER BY cursor LIMIT ?) AS everyone "
    "UNION ALL SELECT cursor, kind, created_at, data FROM ("
    "SELECT cursor, kind, created_at, data FROM changes "
    "WHERE station_id = ? AND cursor > ? ORDER BY cursor LIMIT ?) AS own "
    "ORDER BY cursor LIMIT ?"
)


def _page_params(station_id: str, after: int, limit: int) -> list[Any]:
    """`_PAGE_SQL`'s parameters for up to `limit` changes after `after`, and one more."""
    return [after, limit + 1, station_id, after, limit + 1, limit + 1]


@dataclass(frozen=True)
class Change:
    """One entry of the change feed."""

    cursor: int
    kind: str
    created_at: str
    data: dict[str, Any]


def insert_change(
    db: HubDatabase, conn: Any, station_id: str | None, kind: str, data: dict[str, Any], now: str
) -> int:
    """Append one change inside the caller's transaction (which holds the feed lock)."""
    row = db.run(
        conn,
        "INSERT INTO changes(station_id, kind, data, created_at) VALUES (?,?,?,?) RETURNING cursor",
        [station_id, kind, dump_json(data), now],
    ).fetchone()
    return int(row[0])


class ChangeFeed:
    """The `changes` table, and `published_products` that publish-catalog keeps with it."""

    def __init__(self, db: HubDatabase, stations: StationStore) -> None:
        self._db = db
        self._stations = stations

    def queue(
        self,
        changes: list[tuple[str, dict[str, Any]]],
        now: str,
        station_id: str | None = None,
        published: dict[str, dict[str, Any]] | None = None,
        audit: AuditNote | None = None,
    ) -> list[int]:
        """Append (kind, data) changes for one station or all (None); returns their cursors.

        `published` (product key -> data) records what publish-catalog sent, in the same
        transaction, so a crash never leaves the record ahead of the feed; so is `audit`.

        Raises:
            StoreError: `station_id` names no station.
        """
        if station_id is not None:
            self._stations.require(station_id)
        cursors: list[int] = []
        with self._db.write() as conn:
            self._db.engine.lock_feed(conn)
            for kind, data in changes:
                cursors.append(insert_change(self._db, conn, station_id, kind, data, now))
            for key, data in (published or {}).items():
                self._db.run(
                    conn,
                    "INSERT INTO published_products(scope, product_key, data, published_at) "
                    "VALUES (?,?,?,?) ON CONFLICT (scope, product_key) DO UPDATE SET "
                    "data = excluded.data, published_at = excluded.published_at",
                    [station_id or ALL_STATIONS, key, dump_json(data), now],
                )
            write_note(self._db, conn, now, audit)
        return cursors

    def after(self, station_id: str, after: int, limit: int) -> tuple[list[Change], bool]:
        """The next page of a station's feed: changes with cursor > `after`, and has_more."""
        with self._db.read() as conn:
            rows = self._db.run(conn, _PAGE_SQL, _page_params(station_id, after, limit)).fetchall()
        page = [Change(int(r[0]), r[1], r[2], json.loads(r[3])) for r in rows[:limit]]
        return page, len(rows) > limit

    def published_catalog(self, station_id: str | None = None) -> dict[str, dict[str, Any]]:
        """What publish-catalog last sent to this scope, by product key."""
        with self._db.read() as conn:
            rows = self._db.run(
                conn,
                "SELECT product_key, data FROM published_products WHERE scope = ?",
                [station_id or ALL_STATIONS],
            ).fetchall()
        return {key: json.loads(data) for key, data in rows}


@dataclass(frozen=True)
class PageJson:
    """A page of a station's feed as the body of `GET /v1/changes`, built from stored text."""

    body: bytes
    count: int
    has_more: bool


def page_json(db: HubDatabase, station_id: str, after: int, limit: int) -> PageJson:
    """The `ChangesPage` JSON of the next page after `after`, without parsing any change.

    A catalog download is 100,000 changes: parsing each stored `data` text, validating it
    as a model and encoding it again cost about 40 µs a change on the hub. The stored
    text is already the compact JSON object `dump_json` wrote (`insert_change` is the
    only writer), so it goes into the body as it is; only the envelope is encoded here.
    """
    with db.read() as conn:
        rows = db.run(conn, _PAGE_SQL, _page_params(station_id, after, limit)).fetchall()
    has_more = len(rows) > limit
    rows = rows[:limit]
    encode = json.JSONEncoder(ensure_ascii=False).encode
    entries = ",".join(
        f'{{"cursor":{int(cursor)},"kind":{encode(kind)},'
        f'"created_at":{encode(created_at)},"data":{data}}}'
        for cursor, kind, created_at, data in rows
    )
    next_cursor = int(rows[-1][0]) if rows else after
    text = (
        f'{{"changes":[{entries}],"next_cursor":{next_cursor},'
        f'"has_more":{"true" if has_more else "false"}}}'
    )
    return PageJson(text.encode("utf-8"), len(rows), has_more)
