"""The numbered migrations: run once, upgrade older databases, refuse newer ones."""

from __future__ import annotations

import pytest

from county_hub.storage import HubStore, StoreError, open_store
from county_hub.storage.schema import SCHEMA_VERSION
from tests.county_hub.storage.conftest import NOW, old_store


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
    old = old_store(db_url, 1)
    old.add_station("A", "a", NOW)
    old.close()
    upgraded = open_store(db_url)
    assert [s.id for s in upgraded.stations()] == ["A"]
    assert upgraded.settlements("A", "A-261126-01") == []
    upgraded.close()


def test_a_database_from_a_newer_hub_is_refused(store: HubStore, db_url: str):
    with store.database.write() as conn:
        store.database.run(
            conn, "INSERT INTO schema_version(version) VALUES (?)", [SCHEMA_VERSION + 1]
        )
    with pytest.raises(StoreError, match="newer than this hub"):
        open_store(db_url)
