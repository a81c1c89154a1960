"""The hub's one data-access layer: every query, written once for both engines."""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from county_hub.protocol import NONCE_KEEP_S, Event
from county_hub.storage.schema import MIGRATIONS, SCHEMA_VERSION

MAX_IDLE_CONNECTIONS = 8
SECRET_BYTES = 32
ALL_STATIONS = "*"  # scope of a catalog published to every station
_FETCH_BATCH = 1000
# Rows per round trip when streaming payloads: a few hundred kilobytes at most.
_STREAM_BATCH = 200
PRUNE_EVERY_S = 60
LOT_CODE_TAKEN = "lot_code_taken"  # a store_events outcome


class Engine(Protocol):
    """What the layer needs from an engine (see `sqlite.py` and `postgres.py`)."""

    name: str
    serial_pk: str

    def connect(self) -> Any:
        """Open a DB-API connection."""

    def sql(self, text: str) -> str:
        """Translate `?` placeholders to the driver's style."""

    def transaction(self, conn: Any) -> Any:
        """A context manager around one write transaction."""

    def json_text(self, column: str, key: str) -> str:
        """SQL for the text at `key` of the JSON object in `column`."""

    def stream(self, conn: Any, sql: str, params: list[Any], batch: int) -> Iterator[Any]:
        """The rows of a query, fetched `batch` at a time, never all at once."""

    def lock_feed(self, conn: Any) -> None:
        """Serialise change-feed writers until commit."""

    def lock_schema(self, conn: Any) -> None:
        """Serialise migrations across hub processes."""

    def reusable(self, conn: Any) -> bool:
        """Whether a connection may go back to the pool."""

    def describe(self) -> str:
        """Where the data lives, without credentials."""


class StoreError(Exception):
    """A request the store refuses (unknown station, duplicate id, newer schema...)."""


@dataclass(frozen=True)
class Station:
    """A provisioned station (without its secret)."""

    id: str
    name: str
    active: bool
    created_at: str


@dataclass(frozen=True)
class Change:
    """One entry of the change feed."""

    cursor: int
    kind: str
    created_at: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Settlement:
    """A settlement of (part of) a lot, as its `lot.settled` change tells the station."""

    settlement_id: str
    lot_code: str
    outcome: str
    sold_g: int
    sale_fen: int
    hub_fees_fen: int
    commission_fen: int
    due_to_farmer_fen: int
    reason: str
    settled_at: str

    def as_change_data(self) -> dict[str, Any]:
        """The `data` of the `lot.settled` change."""
        return asdict(self)


@dataclass(frozen=True)
class AnchorHead:
    """The audit-chain head the hub last confirmed for one terminal of a station."""

    station_id: str
    terminal_id: str
    seq: int
    hash: str
    confirmed_at: str


@dataclass(frozen=True)
class AnchorRefusal:
    """An anchor the hub refused, and why."""

    station_id: str
    terminal_id: str
    seq: int
    hash: str
    reason: str
    refused_at: str


_SETTLEMENT_COLUMNS = ("id, lot_code, outcome, sold_g, sale_fen, hub_fees_fen, commission_fen, "
                       "due_to_farmer_fen, reason, settled_at")


def _dump(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _mentions(name: str, value: str) -> str:
    """A LIKE pattern for stored JSON holding `"name":value` anywhere (`!` escapes).

    It relies on `_dump`'s compact separators, the only way JSON is written here.
    """
    text = _dump({name: value})[1:-1]
    escaped = text.replace("!", "!!").replace("%", "!%").replace("_", "!_")
    return f"%{escaped}%"


class HubStore:
    """Stations, events, nonces and the change feed in SQLite or PostgreSQL.

    Thread-safe: each call borrows a connection from a small pool, so uvicorn's worker
    threads never share one at the same time.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._idle: list[Any] = []
        self._lock = threading.Lock()
        self._pruned_at = 0

    # -- connections -------------------------------------------------------------------

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self.engine.connect()
        try:
            yield conn
        finally:
            # A connection left broken or mid-transaction by an error is not reused.
            keep = self.engine.reusable(conn)
            with self._lock:
                if keep and len(self._idle) < MAX_IDLE_CONNECTIONS:
                    self._idle.append(conn)
                    conn = None
            if conn is not None:
                conn.close()

    @contextmanager
    def _write(self) -> Iterator[Any]:
        with self._connection() as conn, self.engine.transaction(conn):
            yield conn

    def _run(self, conn: Any, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> Any:
        return conn.execute(self.engine.sql(sql), list(params))

    def close(self) -> None:
        """Close the pooled connections."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    # -- schema ------------------------------------------------------------------------

    def migrate(self) -> int:
        """Create or upgrade the tables; returns the schema version.

        Raises:
            StoreError: the database was made by a newer hub.
        """
        with self._write() as conn:
            self.engine.lock_schema(conn)
            self._run(conn, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = self._run(conn, "SELECT max(version) FROM schema_version").fetchone()
            current = int(row[0] or 0)
            if current > SCHEMA_VERSION:
                raise StoreError(
                    f"the database has schema version {current}, newer than this hub "
                    f"({SCHEMA_VERSION}); upgrade the hub"
                )
            for version in range(current + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[version - 1]:
                    self._run(conn, statement.format(
                        serial_pk=self.engine.serial_pk,
                        payload_lot_code=self.engine.json_text("payload", "lot_code")))
                self._run(conn, "INSERT INTO schema_version(version) VALUES (?)", [version])
        return SCHEMA_VERSION

    # -- stations ----------------------------------------------------------------------

    def add_station(self, station_id: str, name: str, now: str) -> str:
        """Provision a station and return its new secret (64 hex characters).

        The secret is kept in clear because HMAC verification needs the key itself.

        Raises:
            StoreError: a station with this id exists.
        """
        secret = secrets.token_hex(SECRET_BYTES)
        with self._write() as conn:
            inserted = self._run(
                conn,
                "INSERT INTO stations(id, name, secret, active, created_at) VALUES (?,?,?,1,?) "
                "ON CONFLICT (id) DO NOTHING",
                [station_id, name, secret, now],
            ).rowcount
        if inserted != 1:
            raise StoreError(f"station {station_id} already exists")
        return secret

    def set_active(self, station_id: str, active: bool) -> None:
        """Enable or disable a station; a disabled station's requests are refused.

        Raises:
            StoreError: no such station.
        """
        with self._write() as conn:
            changed = self._run(conn, "UPDATE stations SET active = ? WHERE id = ?",
                                [int(active), station_id]).rowcount
        if changed != 1:
            raise StoreError(f"no station {station_id}")

    def station(self, station_id: str) -> Station | None:
        """A station by id, active or not."""
        with self._connection() as conn:
            row = self._run(conn, "SELECT id, name, active, created_at FROM stations "
                                  "WHERE id = ?", [station_id]).fetchone()
        return Station(row[0], row[1], bool(row[2]), row[3]) if row else None

    def stations(self) -> list[Station]:
        """All stations, by id."""
        with self._connection() as conn:
            rows = self._run(conn, "SELECT id, name, active, created_at FROM stations "
                                   "ORDER BY id").fetchall()
        return [Station(r[0], r[1], bool(r[2]), r[3]) for r in rows]

    def secret_of(self, station_id: str) -> str | None:
        """The secret of an active station, else None."""
        with self._connection() as conn:
            row = self._run(conn, "SELECT secret FROM stations WHERE id = ? AND active = 1",
                            [station_id]).fetchone()
        return str(row[0]) if row else None

    # -- nonces ------------------------------------------------------------------------

    def remember_nonce(self, station_id: str, nonce: str, now_s: int) -> bool:
        """Record a nonce; False if this station already used it. Prunes expired nonces."""
        with self._write() as conn:
            fresh = self._run(
                conn,
                "INSERT INTO nonces(station_id, nonce, seen_at) VALUES (?,?,?) "
                "ON CONFLICT (station_id, nonce) DO NOTHING",
                [station_id, nonce, now_s],
            ).rowcount == 1
        # Pruning is a separate, occasional transaction: if every request pruned, workers
        # would queue on each other's row locks.
        if now_s - self._pruned_at >= PRUNE_EVERY_S:
            self._pruned_at = now_s
            with self._write() as conn:
                # Kept a little longer than the protocol's minimum, for small clock steps.
                self._run(conn, "DELETE FROM nonces WHERE seen_at < ?",
                          [now_s - 2 * NONCE_KEEP_S])
        return fresh

    # -- events ------------------------------------------------------------------------

    def store_events(self, station_id: str, events: list[Event], received_at: str) -> list[str]:
        """Store events once per (station, event id), in one transaction.

        Returns, per event, `accepted` if it was new, `duplicate` if the hub already had
        the same event (same kind, time and payload), `conflict` if it had another one
        under this id: that one is kept and the new one is not stored. `lot_code_taken`:
        a new `lot.received` whose lot code another lot of this station already holds;
        not stored.
        """
        outcomes: list[str] = []
        with self._write() as conn:
            for event in events:
                if self._lot_code_taken(conn, station_id, event):
                    outcomes.append(LOT_CODE_TAKEN)
                    continue
                payload = _dump(event.payload)
                cursor = self._run(
                    conn,
                    "INSERT INTO events(station_id, event_id, seq, kind, created_at, payload, "
                    "received_at) VALUES (?,?,?,?,?,?,?) "
                    "ON CONFLICT (station_id, event_id) DO NOTHING",
                    [station_id, event.event_id, event.seq, event.kind, event.created_at,
                     payload, received_at],
                )
                if cursor.rowcount == 1:
                    outcomes.append("accepted")
                    continue
                # Within this transaction, so an earlier event of the same batch counts.
                kept = self._run(conn, "SELECT kind, created_at, payload FROM events "
                                       "WHERE station_id = ? AND event_id = ?",
                                 [station_id, event.event_id]).fetchone()
                same = tuple(kept) == (event.kind, event.created_at, payload)
                outcomes.append("duplicate" if same else "conflict")
        return outcomes

    def _lot_code_taken(self, conn: Any, station_id: str, event: Event) -> bool:
        """Claim a new lot's code for its event; True if another lot of the station has it."""
        code = event.payload.get("lot_code") if event.kind == "lot.received" else None
        if not isinstance(code, str):
            return False
        if self._run(conn, "SELECT 1 FROM events WHERE station_id = ? AND event_id = ?",
                     [station_id, event.event_id]).fetchone():
            return False  # a known event id: a duplicate or a conflict, told apart after
        # ON CONFLICT DO NOTHING waits for a concurrent claim of the same code to commit,
        # so of two uploads at once exactly one lot gets the code.
        self._run(conn, "INSERT INTO lot_codes(station_id, lot_code, event_id) VALUES (?,?,?) "
                        "ON CONFLICT (station_id, lot_code) DO NOTHING",
                  [station_id, code, event.event_id])
        holder = self._run(conn, "SELECT event_id FROM lot_codes WHERE station_id = ? "
                                 "AND lot_code = ?", [station_id, code]).fetchone()
        return bool(holder[0] != event.event_id)

    def event_counts(self, station_id: str | None = None) -> dict[str, int]:
        """How many events the hub stored, per kind, for one station or all."""
        where, params = ("WHERE station_id = ?", [station_id]) if station_id else ("", [])
        with self._connection() as conn:
            rows = self._run(conn, f"SELECT kind, count(*) FROM events {where} GROUP BY kind "
                                   "ORDER BY kind", params).fetchall()
        return {str(kind): int(count) for kind, count in rows}

    def event_payloads(
        self, kinds: tuple[str, ...], station_id: str | None = None
    ) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """(station id, kind, payload) of the stored events of some kinds, in arrival order.

        Streamed: rows come from the database a batch at a time (a server-side cursor on
        PostgreSQL), so all stations' events never sit in memory at once.
        """
        marks = ",".join("?" * len(kinds))
        sql = f"SELECT station_id, kind, payload FROM events WHERE kind IN ({marks})"
        params: list[Any] = list(kinds)
        if station_id:
            sql += " AND station_id = ?"
            params.append(station_id)
        with self._connection() as conn:
            for station, kind, payload in self.engine.stream(
                    conn, self.engine.sql(sql + " ORDER BY id"), params, _STREAM_BATCH):
                yield station, kind, json.loads(payload)

    def event_payloads_mentioning(
        self, kinds: tuple[str, ...], station_id: str, name: str, value: str
    ) -> list[tuple[str, dict[str, Any]]]:
        """(kind, payload) of a station's events of `kinds` holding `"name": value`.

        The field may sit at any depth (a shipment's `lots[i].lot_code` too), so callers
        check where it is; arrival order.
        """
        marks = ",".join("?" * len(kinds))
        with self._connection() as conn:
            rows = self._run(
                conn,
                f"SELECT kind, payload FROM events WHERE station_id = ? AND kind IN ({marks}) "
                "AND payload LIKE ? ESCAPE '!' ORDER BY id",
                [station_id, *kinds, _mentions(name, value)],
            ).fetchall()
        return [(kind, json.loads(payload)) for kind, payload in rows]

    # -- change feed -------------------------------------------------------------------

    def _insert_change(self, conn: Any, station_id: str | None, kind: str,
                       data: dict[str, Any], now: str) -> int:
        row = self._run(
            conn,
            "INSERT INTO changes(station_id, kind, data, created_at) VALUES (?,?,?,?) "
            "RETURNING cursor",
            [station_id, kind, _dump(data), now],
        ).fetchone()
        return int(row[0])

    def queue_changes(
        self,
        changes: list[tuple[str, dict[str, Any]]],
        now: str,
        station_id: str | None = None,
        published: dict[str, dict[str, Any]] | None = None,
    ) -> list[int]:
        """Append (kind, data) changes for one station or all (None); returns their cursors.

        `published` (product key -> data) records what publish-catalog sent, in the same
        transaction, so a crash never leaves the record ahead of the feed.

        Raises:
            StoreError: `station_id` names no station.
        """
        if station_id is not None and self.station(station_id) is None:
            raise StoreError(f"no station {station_id}")
        cursors: list[int] = []
        with self._write() as conn:
            self.engine.lock_feed(conn)
            for kind, data in changes:
                cursors.append(self._insert_change(conn, station_id, kind, data, now))
            for key, data in (published or {}).items():
                self._run(
                    conn,
                    "INSERT INTO published_products(scope, product_key, data, published_at) "
                    "VALUES (?,?,?,?) ON CONFLICT (scope, product_key) DO UPDATE SET "
                    "data = excluded.data, published_at = excluded.published_at",
                    [station_id or ALL_STATIONS, key, _dump(data), now],
                )
        return cursors

    def changes_after(self, station_id: str, after: int, limit: int) -> tuple[list[Change], bool]:
        """The next page of a station's feed: changes with cursor > `after`, and has_more."""
        with self._connection() as conn:
            rows = self._run(
                conn,
                "SELECT cursor, kind, created_at, data FROM changes "
                "WHERE cursor > ? AND (station_id IS NULL OR station_id = ?) "
                "ORDER BY cursor LIMIT ?",
                [after, station_id, limit + 1],
            ).fetchall()
        page = [Change(int(r[0]), r[1], r[2], json.loads(r[3])) for r in rows[:limit]]
        return page, len(rows) > limit

    def published_catalog(self, station_id: str | None = None) -> dict[str, dict[str, Any]]:
        """What publish-catalog last sent to this scope, by product key."""
        with self._connection() as conn:
            rows = self._run(conn, "SELECT product_key, data FROM published_products "
                                   "WHERE scope = ?", [station_id or ALL_STATIONS]).fetchall()
        return {key: json.loads(data) for key, data in rows}

    def changes_mentioning(self, kind: str, station_id: str, name: str,
                           value: str) -> list[Change]:
        """Changes of `kind` queued for this one station whose data holds `"name": value`."""
        with self._connection() as conn:
            rows = self._run(
                conn,
                "SELECT cursor, kind, created_at, data FROM changes WHERE station_id = ? "
                "AND kind = ? AND data LIKE ? ESCAPE '!' ORDER BY cursor",
                [station_id, kind, _mentions(name, value)],
            ).fetchall()
        return [Change(int(r[0]), r[1], r[2], json.loads(r[3])) for r in rows]

    # -- lot settlements ---------------------------------------------------------------

    def _settlements(self, conn: Any, station_id: str, lot_code: str) -> list[Settlement]:
        rows = self._run(
            conn,
            f"SELECT {_SETTLEMENT_COLUMNS} FROM lot_settlements WHERE station_id = ? "
            "AND lot_code = ? ORDER BY cursor",
            [station_id, lot_code],
        ).fetchall()
        return [Settlement(r[0], r[1], r[2], int(r[3]), int(r[4]), int(r[5]), int(r[6]),
                           int(r[7]), r[8], r[9]) for r in rows]

    def settlements(self, station_id: str, lot_code: str) -> list[Settlement]:
        """What the hub published for one lot of a station, oldest first."""
        with self._connection() as conn:
            return self._settlements(conn, station_id, lot_code)

    def add_settlement(
        self,
        station_id: str,
        lot_code: str,
        decide: Callable[[list[Settlement]], Settlement],
        now: str,
    ) -> tuple[Settlement, int]:
        """Record a lot's next settlement and queue its `lot.settled` change for the station.

        `decide` gets the lot's earlier settlements and returns the new one, or raises to
        refuse it. It runs inside the writing transaction, under the feed lock, so two
        settlements of one lot made at the same time cannot both pass the same check.
        Returns the settlement and its change's cursor.

        Raises:
            StoreError: `station_id` names no station.
        """
        if self.station(station_id) is None:
            raise StoreError(f"no station {station_id}")
        with self._write() as conn:
            self.engine.lock_feed(conn)
            settlement = decide(self._settlements(conn, station_id, lot_code))
            cursor = self._insert_change(conn, station_id, "lot.settled",
                                         settlement.as_change_data(), now)
            self._run(
                conn,
                f"INSERT INTO lot_settlements({_SETTLEMENT_COLUMNS}, station_id, cursor) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [settlement.settlement_id, settlement.lot_code, settlement.outcome,
                 settlement.sold_g, settlement.sale_fen, settlement.hub_fees_fen,
                 settlement.commission_fen, settlement.due_to_farmer_fen, settlement.reason,
                 settlement.settled_at, station_id, cursor],
            )
        return settlement, cursor

    # -- audit-chain anchors -----------------------------------------------------------

    def anchor_head(self, station_id: str, terminal_id: str) -> AnchorHead | None:
        """The head last confirmed for this terminal of the station, if any."""
        with self._connection() as conn:
            row = self._run(conn, "SELECT station_id, terminal_id, seq, hash, confirmed_at "
                                  "FROM anchor_heads WHERE station_id = ? AND terminal_id = ?",
                            [station_id, terminal_id]).fetchone()
        return AnchorHead(row[0], row[1], int(row[2]), row[3], row[4]) if row else None

    def anchor_heads(self, station_id: str | None = None) -> list[AnchorHead]:
        """Every terminal's last confirmed head, by station and terminal."""
        where, params = ("WHERE station_id = ?", [station_id]) if station_id else ("", [])
        with self._connection() as conn:
            rows = self._run(conn, "SELECT station_id, terminal_id, seq, hash, confirmed_at "
                                   f"FROM anchor_heads {where} ORDER BY station_id, terminal_id",
                             params).fetchall()
        return [AnchorHead(r[0], r[1], int(r[2]), r[3], r[4]) for r in rows]

    def advance_anchor(self, expected: AnchorHead | None, new: AnchorHead) -> bool:
        """Move a terminal's head from `expected` (None: it has none) to `new`, and log it.

        A compare-and-set: False, with nothing written, when the head is no longer
        `expected` (another request moved it first).
        """
        with self._write() as conn:
            if expected is None:
                moved = self._run(
                    conn,
                    "INSERT INTO anchor_heads(station_id, terminal_id, seq, hash, confirmed_at) "
                    "VALUES (?,?,?,?,?) ON CONFLICT (station_id, terminal_id) DO NOTHING",
                    [new.station_id, new.terminal_id, new.seq, new.hash, new.confirmed_at],
                ).rowcount
            else:
                moved = self._run(
                    conn,
                    "UPDATE anchor_heads SET seq = ?, hash = ?, confirmed_at = ? "
                    "WHERE station_id = ? AND terminal_id = ? AND seq = ? AND hash = ? "
                    "AND seq < ?",
                    [new.seq, new.hash, new.confirmed_at, new.station_id, new.terminal_id,
                     expected.seq, expected.hash, new.seq],
                ).rowcount
            if moved != 1:
                return False
            self._run(conn, "INSERT INTO anchors(station_id, terminal_id, seq, hash, "
                            "confirmed_at) VALUES (?,?,?,?,?)",
                      [new.station_id, new.terminal_id, new.seq, new.hash, new.confirmed_at])
        return True

    def record_anchor_refusal(self, refusal: AnchorRefusal) -> None:
        """Keep a refused anchor and its reason for county staff."""
        with self._write() as conn:
            self._run(conn, "INSERT INTO anchor_refusals(station_id, terminal_id, seq, hash, "
                            "reason, refused_at) VALUES (?,?,?,?,?,?)",
                      [refusal.station_id, refusal.terminal_id, refusal.seq, refusal.hash,
                       refusal.reason, refusal.refused_at])

    def anchor_refusals(self, station_id: str | None = None) -> list[AnchorRefusal]:
        """Refused anchors, oldest first."""
        where, params = ("WHERE station_id = ?", [station_id]) if station_id else ("", [])
        with self._connection() as conn:
            rows = self._run(conn, "SELECT station_id, terminal_id, seq, hash, reason, "
                                   f"refused_at FROM anchor_refusals {where} ORDER BY id",
                             params).fetchall()
        return [AnchorRefusal(r[0], r[1], int(r[2]), r[3], r[4], r[5]) for r in rows]
