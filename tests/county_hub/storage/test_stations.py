from __future__ import annotations

import pytest

from county_hub.storage import HubStore, StoreError
from tests.county_hub.storage.conftest import NOW


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
