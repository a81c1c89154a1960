"""The data-access layer, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from county_hub.protocol import Event
from county_hub.storage import HubStore, Settlement, StoreError, open_store, sqlite_path
from county_hub.storage.schema import MIGRATIONS, SCHEMA_VERSION

NOW = "2026-11-26T08:00:00.000Z"


def _events(count: int, prefix: str = "e") -> list[Event]:
    return [Event(f"{prefix}{i}", i, "sale.completed", NOW, {"total_fen": i})
            for i in range(count)]


def test_migrating_again_changes_nothing(db_url: str):
    first = open_store(db_url)
    first.add_station("A", "a", NOW)
    first.close()
    again = open_store(db_url)
    assert [s.id for s in again.stations()] == ["A"]
    assert again.migrate() == SCHEMA_VERSION
    again.close()


def test_a_version_1_database_is_upgraded_and_keeps_its_rows(db_url: str):
    # A hub database made before lot settlements existed: only the first migration.
    old = open_store(db_url, migrate=False)
    with old._write() as conn:
        old._run(conn, "CREATE TABLE schema_version (version INTEGER NOT NULL)")
        for statement in MIGRATIONS[0]:
            old._run(conn, statement.format(serial_pk=old.engine.serial_pk))
        old._run(conn, "INSERT INTO schema_version(version) VALUES (1)")
    old.add_station("A", "a", NOW)
    old.close()
    upgraded = open_store(db_url)
    assert [s.id for s in upgraded.stations()] == ["A"]
    assert upgraded.settlements("A", "A-261126-01") == []
    upgraded.close()


def test_a_settlement_is_stored_with_its_change_or_not_at_all(store: HubStore):
    store.add_station("A", "a", NOW)
    settlement = Settlement("s1", "A-1", "partial", 10, 20, 1, 2, 17, "", NOW)
    assert store.add_settlement("A", "A-1", lambda earlier: settlement, NOW) == (settlement, 1)

    def refuse(earlier: list[Settlement]) -> Settlement:
        assert earlier == [settlement]
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        store.add_settlement("A", "A-1", refuse, NOW)
    assert store.settlements("A", "A-1") == [settlement]
    assert [c.data for c in store.changes_after("A", 0, 10)[0]] == [settlement.as_change_data()]
    with pytest.raises(StoreError, match="no station B"):
        store.add_settlement("B", "A-1", lambda earlier: settlement, NOW)


def test_finding_events_by_a_field_treats_like_wildcards_as_text(store: HubStore):
    store.add_station("A", "a", NOW)
    codes = ["A_1", "AB1", "A%1", "A!1", "XA_1"]
    store.store_events("A", [Event(code, i, "lot.received", NOW, {"lot_code": code})
                             for i, code in enumerate(codes)], NOW)
    for code in codes:
        found = store.event_payloads_mentioning(("lot.received",), "A", "lot_code", code)
        assert found == [("lot.received", {"lot_code": code})], code
    assert store.event_payloads_mentioning(("shipment.sent",), "A", "lot_code", "A_1") == []
    assert store.event_payloads_mentioning(("lot.received",), "B", "lot_code", "A_1") == []


def test_a_database_from_a_newer_hub_is_refused(store: HubStore, db_url: str):
    with store._write() as conn:
        store._run(conn, "INSERT INTO schema_version(version) VALUES (?)", [SCHEMA_VERSION + 1])
    with pytest.raises(StoreError, match="newer than this hub"):
        open_store(db_url)


def test_a_station_gets_a_fresh_64_hex_secret_once(store: HubStore):
    secret = store.add_station("HN-ZZ-0001", "张庄", NOW)
    assert len(secret) == 64 and int(secret, 16) >= 0
    assert store.secret_of("HN-ZZ-0001") == secret
    assert store.add_station("HN-ZZ-0002", "李庄", NOW) != secret
    with pytest.raises(StoreError, match="already exists"):
        store.add_station("HN-ZZ-0001", "again", NOW)
    assert store.secret_of("HN-ZZ-0001") == secret


def test_a_disabled_station_has_no_secret_until_enabled(store: HubStore):
    secret = store.add_station("A", "a", NOW)
    store.set_active("A", False)
    assert store.secret_of("A") is None
    assert store.station("A").active is False  # type: ignore[union-attr]
    store.set_active("A", True)
    assert store.secret_of("A") == secret
    with pytest.raises(StoreError, match="no station"):
        store.set_active("B", False)


def test_a_nonce_is_accepted_once_and_pruned_when_old(store: HubStore):
    store.add_station("A", "a", NOW)
    assert store.remember_nonce("A", "n" * 32, 1_000_000)
    assert not store.remember_nonce("A", "n" * 32, 1_000_100)
    # Much later the old nonce is pruned; by then its timestamp is long stale anyway.
    assert store.remember_nonce("A", "m" * 32, 1_010_000)
    assert store.remember_nonce("A", "n" * 32, 1_010_001)


def test_events_are_stored_once_per_station_and_event_id(store: HubStore):
    store.add_station("A", "a", NOW)
    store.add_station("B", "b", NOW)
    assert store.store_events("A", _events(3), NOW) == ["accepted"] * 3
    assert store.store_events("A", _events(4), NOW) == ["duplicate"] * 3 + ["accepted"]
    assert store.store_events("B", _events(1), NOW) == ["accepted"]
    assert store.event_counts("A") == {"sale.completed": 4}
    assert store.event_counts() == {"sale.completed": 5}
    assert [(s, p["total_fen"]) for s, _, p in store.event_payloads(("sale.completed",), "A")] \
        == [("A", 0), ("A", 1), ("A", 2), ("A", 3)]


def test_an_event_id_stored_with_another_payload_is_a_conflict_and_the_first_kept(
        store: HubStore):
    store.add_station("A", "a", NOW)
    [first] = _events(1)
    changed = Event(first.event_id, first.seq, first.kind, first.created_at,
                    {**first.payload, "total_fen": 999})
    # In one batch the second copy meets the first inside the same transaction.
    assert store.store_events("A", [first, changed, first], NOW) == \
        ["accepted", "conflict", "duplicate"]
    assert store.store_events("A", [changed], NOW) == ["conflict"]
    assert [p["total_fen"] for _, _, p in store.event_payloads(("sale.completed",), "A")] == [0]


@pytest.fixture
def two_workers(db_url: str) -> Iterator[list[HubStore]]:
    """Two stores on one database, standing for two hub worker processes."""
    workers = [open_store(db_url), open_store(db_url)]
    workers[0].add_station("A", "a", NOW)
    yield workers
    for worker in workers:
        worker.close()


def test_concurrent_uploads_of_one_batch_store_it_once(two_workers: list[HubStore]):
    # Only the database keeps events unique: nothing is shared between the two workers.
    outcomes: list[list[str]] = []
    barrier = threading.Barrier(4, timeout=30)

    def upload(worker: HubStore) -> None:
        barrier.wait()
        outcomes.append(worker.store_events("A", _events(50), NOW))

    threads = [threading.Thread(target=upload, args=(two_workers[i % 2],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert [column.count("accepted") for column in zip(*outcomes, strict=True)] == [1] * 50
    assert {outcome for column in outcomes for outcome in column} == {"accepted", "duplicate"}
    assert two_workers[1].event_counts() == {"sale.completed": 50}


def test_concurrent_publishers_never_commit_cursors_out_of_order(two_workers: list[HubStore]):
    seen: list[int] = []
    done = threading.Event()

    def read() -> None:
        after, deadline = 0, time.monotonic() + 30
        while (not done.is_set() or after < 200) and time.monotonic() < deadline:
            page, _ = two_workers[1].changes_after("A", after, 500)
            seen.extend(c.cursor for c in page)
            after = page[-1].cursor if page else after

    def publish(worker: HubStore) -> None:
        for _ in range(20):
            worker.queue_changes([("notice", {})] * 5, NOW)

    reader = threading.Thread(target=read)
    reader.start()
    publishers = [threading.Thread(target=publish, args=(w,)) for w in two_workers]
    for thread in publishers:
        thread.start()
    for thread in publishers:
        thread.join(30)
    done.set()
    reader.join(30)
    # A station paging while two workers publish sees every cursor, once, in order
    # (without the feed lock PostgreSQL commits some cursors late and the reader skips them).
    assert sorted(seen) == seen and len(seen) == len(set(seen)) == 200


def test_the_feed_pages_by_cursor_and_scope(store: HubStore):
    store.add_station("A", "a", NOW)
    store.add_station("B", "b", NOW)
    everyone = store.queue_changes([("notice", {"n": i}) for i in range(3)], NOW)
    for_a = store.queue_changes([("notice", {"n": "a"})], NOW, "A")
    for_b = store.queue_changes([("notice", {"n": "b"})], NOW, "B")
    assert everyone == sorted(everyone) and everyone[-1] < for_a[0] < for_b[0]
    page, more = store.changes_after("A", 0, 2)
    assert ([c.cursor for c in page], more) == (everyone[:2], True)
    page, more = store.changes_after("A", page[-1].cursor, 10)
    assert ([c.cursor for c in page], more) == ([everyone[2], *for_a], False)
    assert page[-1].data == {"n": "a"}
    assert [c.cursor for c in store.changes_after("B", everyone[-1], 10)[0]] == for_b


def test_changes_for_an_unknown_station_are_refused(store: HubStore):
    with pytest.raises(StoreError, match="no station"):
        store.queue_changes([("notice", {})], NOW, "ZZ")


def test_sqlite_urls_follow_the_usual_slashes(tmp_path: Path):
    assert sqlite_path("sqlite:///hub.db") == Path("hub.db")
    assert sqlite_path("sqlite:////srv/hub/hub.db") == Path("/srv/hub/hub.db")
    assert sqlite_path(str(tmp_path / "x.db")) == tmp_path / "x.db"
    for bad in ("sqlite://", "sqlite:///:memory:", "sqlite://host/x.db"):
        with pytest.raises(StoreError):
            sqlite_path(bad)


def test_an_unknown_scheme_or_unreachable_server_is_one_clear_error():
    with pytest.raises(StoreError, match="unknown database URL scheme"):
        open_store("mysql://x/y")
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://hub:topsecret@127.0.0.1:1/hub")
    assert str(caught.value).startswith("cannot open postgresql database hub on 127.0.0.1:1")
    assert "topsecret" not in str(caught.value)
