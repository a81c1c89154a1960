"""Station events, stored once per (station, event id), with the lots they move."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from county_hub.json_text import dump_json, same_json
from county_hub.protocol import Event
from county_hub.storage.daily_totals import DayTotals, county_day, known_tz, record_upload
from county_hub.storage.database import HubDatabase
from county_hub.storage.lots import LOT_EVENT_KINDS, claim_lot_code, record_lot_event
from village_protocol.events import LOT_RECEIVED
from village_protocol.upload_status import UploadStatus

LOT_CODE_TAKEN = "lot_code_taken"  # a `store` outcome
# Rows per round trip when streaming payloads: a few hundred kilobytes at most.
_STREAM_BATCH = 200
# Rows per INSERT of events that move no lot (7 parameters each: far below both
# engines' limits on parameters per statement).
_INSERT_ROWS = 500
# Joins a column's values into one parameter on PostgreSQL (`chr(30)` in its SQL).
_SEPARATOR = "\x1e"


@dataclass(frozen=True)
class SentEvent:
    """One event a station sent, as the hub stored it (for that station's recovery)."""

    event_id: str
    seq: int
    kind: str
    created_at: str
    payload: dict[str, Any]


def _same_event(kept: tuple[Any, ...] | None, event: Event) -> bool:
    """Whether a stored (kind, created_at, payload) row is `event` sent again."""
    return (
        kept is not None
        and kept[:2] == (event.kind, event.created_at)
        and same_json(str(kept[2]), event.payload)
    )


def _postgres_run(
    insert: str, station_id: str, events: list[Event], received_at: str
) -> tuple[str, list[Any]]:
    """The INSERT of a run of events on PostgreSQL and its parameters.

    The statement text is the same for every run (parsed and planned once per
    connection). Each column goes as one text parameter, its values joined by the ASCII
    record separator and split by `string_to_array`: PostgreSQL's JSON parser (a
    `json_to_recordset` document of the run) took 2.4 of the INSERT's 6.8 ms of CPU at
    200 events, the split next to nothing. JSON text never holds the separator raw (it
    escapes every control character), and the check below finds one an id holds: that
    run goes as one JSON document instead.
    """
    columns = (
        [e.event_id for e in events],
        [str(e.seq) for e in events],
        [e.kind for e in events],
        [e.created_at for e in events],
        [dump_json(e.payload) for e in events],
    )
    joined = [_SEPARATOR.join(column) for column in columns]
    if all(text.count(_SEPARATOR) == len(events) - 1 for text in joined):
        split = ", ".join(["string_to_array(?, chr(30))"] * len(columns))
        return (
            insert + f"SELECT ?, e, s::bigint, k, c, p, ? FROM unnest({split}) AS r(e, s, k, c, p)",
            [station_id, received_at, *joined],
        )
    # json_to_recordset hands each payload's text (a JSON string here) over unchanged.
    document = dump_json(
        [
            {"e": e.event_id, "s": e.seq, "k": e.kind, "c": e.created_at, "p": payload}
            for e, payload in zip(events, columns[4], strict=True)
        ]
    )
    return (
        insert + "SELECT ?, e, s, k, c, p, ? FROM json_to_recordset(?::json) "
        "AS r(e text, s bigint, k text, c text, p text)",
        [station_id, received_at, document],
    )


class EventStore:
    """The `events` table."""

    def __init__(self, db: HubDatabase) -> None:
        self._db = db

    def store(
        self,
        station_id: str,
        events: list[Event],
        received_at: str,
        *,
        refused: int = 0,
        status: UploadStatus | None = None,
    ) -> list[str]:
        """Store events once per (station, event id), in one transaction.

        The same transaction adds the accepted events to the station's daily figures,
        counts `refused` (events that failed validation) and every conflict as rejected,
        and keeps the station's upload `status` (see `daily_totals.record_upload`).

        Returns, per event, `accepted` if it was new, `duplicate` if the hub already had
        the same event (same kind, time and payload), `conflict` if it had another one
        under this id: that one is kept and the new one is not stored. `lot_code_taken`:
        a new `lot.received` whose lot code another lot of this station already holds;
        not stored. An accepted event moves the lots it names in the same transaction.
        """
        outcomes: list[str] = []
        totals = DayTotals()
        with self._db.write() as conn:
            tz = known_tz(self._db, conn, station_id)
            start = 0
            while start < len(events):
                if events[start].kind in LOT_EVENT_KINDS:
                    # A lot's events claim codes and move lots one at a time, in order.
                    outcomes.append(
                        self._store_one(conn, station_id, events[start], received_at, totals, tz)
                    )
                    start += 1
                    continue
                end = start
                while (
                    end < len(events)
                    and end - start < _INSERT_ROWS
                    and events[end].kind not in LOT_EVENT_KINDS
                ):
                    end += 1
                outcomes += self._store_run(
                    conn, station_id, events[start:end], received_at, totals, tz
                )
                start = end
            accepted = outcomes.count("accepted")
            if accepted:
                totals.received[station_id, county_day(received_at)] += accepted
            rejected = refused + sum(o in ("conflict", LOT_CODE_TAKEN) for o in outcomes)
            record_upload(self._db, conn, station_id, received_at, totals, rejected, status)
        return outcomes

    def _store_run(
        self,
        conn: Any,
        station_id: str,
        events: list[Event],
        received_at: str,
        totals: DayTotals,
        tz: int | None,
    ) -> list[str]:
        """Store events that move no lot with one INSERT; their outcomes, in order.

        One round trip instead of one per event. Rows go in in the given order, so of
        two events with one id in the run the first is stored and the second compared.
        """
        insert = (
            "INSERT INTO events(station_id, event_id, seq, kind, created_at, payload, received_at) "
        )
        if self._db.engine.name == "postgresql":
            sql, params = _postgres_run(insert, station_id, events, received_at)
        else:
            sql = insert + "VALUES " + ",".join(["(?,?,?,?,?,?,?)"] * len(events))
            params = []
            for e in events:
                params += [
                    station_id,
                    e.event_id,
                    e.seq,
                    e.kind,
                    e.created_at,
                    dump_json(e.payload),
                    received_at,
                ]
        inserted = {
            str(row[0])
            for row in self._db.run(
                conn,
                sql + " ON CONFLICT (station_id, event_id) DO NOTHING RETURNING event_id",
                params,
            ).fetchall()
        }
        # Only ids the INSERT skipped are read back: held before, or twice in this run.
        outcomes: list[str | None] = []
        compare: list[str] = []
        for event in events:
            if event.event_id in inserted:
                inserted.discard(event.event_id)
                totals.add_event(station_id, event.kind, event.created_at, event.payload, tz)
                outcomes.append("accepted")
            else:
                compare.append(event.event_id)
                outcomes.append(None)
        kept: dict[str, tuple[Any, ...]] = {}
        if compare:
            unique = sorted(set(compare))
            rows = self._db.run(
                conn,
                "SELECT event_id, kind, created_at, payload FROM events WHERE station_id = ? "
                f"AND event_id IN ({','.join('?' * len(unique))})",
                [station_id, *unique],
            ).fetchall()
            kept = {str(row[0]): tuple(row[1:]) for row in rows}
        return [
            outcome or ("duplicate" if _same_event(kept.get(event.event_id), event) else "conflict")
            for event, outcome in zip(events, outcomes, strict=True)
        ]

    def _store_one(
        self,
        conn: Any,
        station_id: str,
        event: Event,
        received_at: str,
        totals: DayTotals,
        tz: int | None,
    ) -> str:
        """Store one event that may move lots; its outcome."""
        if self._lot_code_taken(conn, station_id, event):
            return LOT_CODE_TAKEN
        payload = dump_json(event.payload)
        cursor = self._db.run(
            conn,
            "INSERT INTO events(station_id, event_id, seq, kind, created_at, payload, "
            "received_at) VALUES (?,?,?,?,?,?,?) "
            "ON CONFLICT (station_id, event_id) DO NOTHING",
            [
                station_id,
                event.event_id,
                event.seq,
                event.kind,
                event.created_at,
                payload,
                received_at,
            ],
        )
        if cursor.rowcount == 1:
            record_lot_event(
                self._db, conn, station_id, event.kind, event.created_at, event.payload
            )
            totals.add_event(station_id, event.kind, event.created_at, event.payload, tz)
            return "accepted"
        # Within this transaction, so an earlier event of the same batch counts.
        kept = self._db.run(
            conn,
            "SELECT kind, created_at, payload FROM events WHERE station_id = ? AND event_id = ?",
            [station_id, event.event_id],
        ).fetchone()
        return "duplicate" if _same_event(tuple(kept), event) else "conflict"

    def _lot_code_taken(self, conn: Any, station_id: str, event: Event) -> bool:
        """Claim a new lot's code for its event; True if another lot of the station has it."""
        code = event.payload.get("lot_code") if event.kind == LOT_RECEIVED else None
        if not isinstance(code, str):
            return False
        if self._db.run(
            conn,
            "SELECT 1 FROM events WHERE station_id = ? AND event_id = ?",
            [station_id, event.event_id],
        ).fetchone():
            return False  # a known event id: a duplicate or a conflict, told apart after
        return not claim_lot_code(self._db, conn, station_id, event.event_id, event.payload)

    def counts(self, station_id: str | None = None) -> dict[str, int]:
        """How many events the hub stored, per kind, for one station or all."""
        where, params = ("WHERE station_id = ?", [station_id]) if station_id else ("", [])
        with self._db.read() as conn:
            rows = self._db.run(
                conn,
                f"SELECT kind, count(*) FROM events {where} GROUP BY kind ORDER BY kind",
                params,
            ).fetchall()
        return {str(kind): int(count) for kind, count in rows}

    def payloads(
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
        with self._db.read() as conn:
            for station, kind, payload in self._db.stream(
                conn, sql + " ORDER BY id", params, _STREAM_BATCH
            ):
                yield station, kind, json.loads(payload)

    def of_station(self, station_id: str, after: int, limit: int) -> tuple[list[SentEvent], bool]:
        """The station's own events with seq above `after`, in its seq order, and has_more."""
        with self._db.read() as conn:
            rows = self._db.run(
                conn,
                "SELECT event_id, seq, kind, created_at, payload FROM events "
                "WHERE station_id = ? AND seq > ? ORDER BY seq, id LIMIT ?",
                [station_id, after, limit + 1],
            ).fetchall()
        page = [SentEvent(r[0], int(r[1]), r[2], r[3], json.loads(r[4])) for r in rows[:limit]]
        return page, len(rows) > limit

    def sent_summary(self, station_id: str) -> tuple[int, int]:
        """How many events the station sent, and the highest seq among them (0: none)."""
        with self._db.read() as conn:
            row = self._db.run(
                conn,
                "SELECT count(*), coalesce(max(seq), 0) FROM events WHERE station_id = ?",
                [station_id],
            ).fetchone()
        return int(row[0]), int(row[1])
