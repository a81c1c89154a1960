from __future__ import annotations

from county_hub.storage import HubStore
from tests.county_hub.storage.conftest import NOW


def test_a_nonce_is_accepted_once_and_pruned_when_old(store: HubStore):
    store.add_station("A", "a", NOW)
    assert store.remember_nonce("A", "n" * 32, 1_000_000)
    assert not store.remember_nonce("A", "n" * 32, 1_000_100)
    # Much later the old nonce is pruned; by then its timestamp is long stale anyway.
    assert store.remember_nonce("A", "m" * 32, 1_010_000)
    assert store.remember_nonce("A", "n" * 32, 1_010_001)
