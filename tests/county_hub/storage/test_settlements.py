from __future__ import annotations

import pytest

from county_hub.protocol import Event
from county_hub.storage import HubStore, Lot, Settlement, StoreError
from tests.county_hub.storage.conftest import NOW


def test_a_settlement_is_stored_with_its_change_or_not_at_all(store: HubStore):
    store.add_station("A", "a", NOW)
    store.store_events(
        "A",
        [
            Event("r", 1, "lot.received", NOW, {"lot_id": "l1", "lot_code": "A-1", "net_g": 100}),
            Event("s", 2, "shipment.sent", NOW, {"lots": [{"lot_code": "A-1"}]}),
        ],
        NOW,
    )
    settlement = Settlement("s1", "A-1", "partial", 10, 20, 1, 2, 17, "", NOW)
    assert store.add_settlement("A", "A-1", lambda lot: settlement, NOW) == (settlement, 1)

    def refuse(lot: Lot | None) -> Settlement:
        assert lot is not None and (lot.settled_g, lot.due_to_farmer_fen) == (10, 17)
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        store.add_settlement("A", "A-1", refuse, NOW)
    assert store.settlements("A", "A-1") == [settlement]
    assert store.lot("A", "A-1").settled_g == 10  # type: ignore[union-attr]
    assert [c.data for c in store.changes_after("A", 0, 10)[0]] == [settlement.as_change_data()]
    with pytest.raises(StoreError, match="no station B"):
        store.add_settlement("B", "A-1", lambda lot: settlement, NOW)
