"""Storage fixtures: several stores on one database, and databases of older schemas."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from county_hub.storage import HubStore, open_store
from county_hub.storage.schema import migrate

NOW = "2026-11-26T08:00:00.000Z"


@pytest.fixture
def two_workers(db_url: str) -> Iterator[list[HubStore]]:
    """Two stores on one database, standing for two hub worker processes."""
    workers = [open_store(db_url), open_store(db_url)]
    workers[0].add_station("A", "a", NOW)
    yield workers
    for worker in workers:
        worker.close()


def old_store(db_url: str, version: int) -> HubStore:
    """A store over a database that an older hub made: schema `version`, not upgraded."""
    store = open_store(db_url, migrate=False)
    migrate(store.database, to_version=version)
    return store


def insert_old_event(
    store: HubStore, station_id: str, event_id: str, seq: int, kind: str, payload: dict[str, Any]
) -> None:
    """An event row as any earlier hub stored it (the events table never changed)."""
    with store.database.write() as conn:
        store.database.run(
            conn,
            "INSERT INTO events(station_id, event_id, seq, kind, "
            "created_at, payload, received_at) VALUES (?,?,?,?,?,?,?)",
            [station_id, event_id, seq, kind, NOW, json.dumps(payload), NOW],
        )
