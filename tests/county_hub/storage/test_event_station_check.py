"""Events name stations that exist, on both engines (a foreign key, or its per-statement check)."""

from __future__ import annotations

import threading
import time

import pytest

from county_hub.protocol import Event
from county_hub.storage import HubStore, open_store
from tests.county_hub.storage.conftest import NOW, insert_old_event


def _integrity_error(store: HubStore) -> type[Exception]:
    if store.database.engine.name == "postgresql":
        import psycopg

        return psycopg.IntegrityError
    import sqlite3

    return sqlite3.IntegrityError


def test_events_of_a_station_the_hub_does_not_have_are_refused_and_none_stored(store: HubStore):
    store.add_station("A", "a", NOW)
    events = [Event(f"e{i}", i, "sale.completed", NOW, {"total_fen": i}) for i in range(3)]
    with pytest.raises(_integrity_error(store)):
        store.store_events("NOPE", events, NOW)
    with pytest.raises(_integrity_error(store)):
        insert_old_event(store, "NOPE", "one", 1, "sale.completed", {})
    assert store.event_counts() == {}
    assert store.store_events("A", events, NOW) == ["accepted"] * 3


def test_a_station_with_events_can_be_neither_deleted_nor_renamed(store: HubStore):
    store.add_station("A", "a", NOW)
    store.add_station("B", "b", NOW)
    # Only the event row names A: no totals row (with keys of their own) holds it.
    insert_old_event(store, "A", "e", 1, "sale.completed", {"total_fen": 1})
    for sql in (
        "DELETE FROM stations WHERE id = 'A'",
        "UPDATE stations SET id = 'Z' WHERE id = 'A'",
    ):
        with pytest.raises(_integrity_error(store)), store.database.write() as conn:
            store.database.run(conn, sql)
    # A station without events is free to go, and others' columns free to change.
    with store.database.write() as conn:
        store.database.run(conn, "UPDATE stations SET name = 'renamed' WHERE id = 'A'")
        store.database.run(conn, "DELETE FROM stations WHERE id = 'B'")
    assert store.event_counts("A") == {"sale.completed": 1}


def test_a_station_deleted_while_its_events_go_in_waits_and_is_then_refused(db_url: str):
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer at a time: nothing runs beside the upload")
    import psycopg

    first, second = open_store(db_url), open_store(db_url)
    try:
        first.add_station("A", "a", NOW)
        outcome: list[str] = []
        with first.database.write() as conn:
            # The station's row is locked by the INSERT until this transaction commits.
            first.database.run(
                conn,
                "INSERT INTO events(station_id, event_id, seq, kind, created_at, payload, "
                "received_at) VALUES ('A', 'e', 1, 'sale.completed', ?, '{}', ?)",
                [NOW, NOW],
            )

            def delete() -> None:
                try:
                    with second.database.write() as other:
                        second.database.run(other, "DELETE FROM stations WHERE id = 'A'")
                    outcome.append("deleted")
                except psycopg.IntegrityError:
                    outcome.append("refused")

            deleter = threading.Thread(target=delete)
            deleter.start()
            time.sleep(0.5)
            assert outcome == []  # still waiting on the lock
        deleter.join(10)
        assert outcome == ["refused"]
        assert first.event_counts("A") == {"sale.completed": 1}
    finally:
        first.close()
        second.close()
