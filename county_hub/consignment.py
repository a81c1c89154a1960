"""Settling consigned lots (代销结算): the hub sold some produce and tells the station.

The hub knows a lot only from the station's own events: `lot.received` (its code and net
weight), `shipment.sent` (it left the station), `lot.spoiled` / `lot.returned` (it never
will); the store keeps each lot's state from them (`storage.lots`). A settlement is
refused here whenever the station would refuse to apply it, so county staff hear about
a mistake at once instead of a keeper finding it later.
"""

from __future__ import annotations

import uuid

from county_hub.storage import HubStore, Lot, Settlement, StoreError
from county_hub.storage.console_audit import AuditNote
from county_hub.storage.lots import RECEIVED, REJECTED, SETTLED, UNRECEIVED, WRITTEN_OFF
from village_protocol.changes import (
    MAX_SETTLEMENT_AMOUNT,
    MAX_SETTLEMENT_REASON,
    SETTLEMENT_OUTCOMES,
)


class SettlementRefused(Exception):
    """A settlement the hub will not publish; the message is one line for county staff."""


def _received(lot: Lot | None, station_id: str, lot_code: str) -> Lot:
    if lot is None or lot.state == UNRECEIVED:
        raise SettlementRefused(f"no lot {lot_code} received from station {station_id}")
    return lot


def known_lot(store: HubStore, station_id: str, lot_code: str) -> Lot:
    """The lot with this code as the station reported it.

    Upload refuses a second lot with a code the station already used (see
    `EventStore.store`); hubs older than that may hold repeats: the first stands.

    Raises:
        SettlementRefused: the station never sent a `lot.received` for this code.
    """
    return _received(store.lot(station_id, lot_code), station_id, lot_code)


def _check_amounts(
    outcome: str, sold_g: int, sale_fen: int, hub_fees_fen: int, commission_fen: int, reason: str
) -> int:
    """Checks that need no lot; returns what is due to the farmer."""
    if outcome not in SETTLEMENT_OUTCOMES:
        raise SettlementRefused(
            f"outcome must be one of {', '.join(SETTLEMENT_OUTCOMES)}, not '{outcome}'"
        )
    for name, value in (
        ("sold_g", sold_g),
        ("sale_fen", sale_fen),
        ("hub_fees_fen", hub_fees_fen),
        ("commission_fen", commission_fen),
    ):
        if not 0 <= value <= MAX_SETTLEMENT_AMOUNT:
            raise SettlementRefused(f"{name} must be 0 to {MAX_SETTLEMENT_AMOUNT:,}, not {value:,}")
    if len(reason) > MAX_SETTLEMENT_REASON:
        raise SettlementRefused(f"the reason must be at most {MAX_SETTLEMENT_REASON} characters")
    if outcome == "rejected":
        if sold_g or sale_fen or commission_fen:
            raise SettlementRefused(
                "a rejected lot sells nothing: sold_g, sale_fen and commission_fen must be 0"
            )
        if not reason:
            raise SettlementRefused("a rejected lot needs a reason for the farmer")
        # Fees of a rejected lot (sorting, disposal) are the hub's loss, never the farmer's.
        return 0
    if sold_g == 0:
        raise SettlementRefused(f"a '{outcome}' settlement must sell at least 1 g")
    due = sale_fen - hub_fees_fen - commission_fen
    if due < 0:
        raise SettlementRefused(
            f"hub fees and commission ({hub_fees_fen + commission_fen:,} "
            f"fen) are more than the sale ({sale_fen:,} fen)"
        )
    return due


def plan_settlement(lot: Lot, settlement: Settlement) -> None:
    """Refuse a settlement the station could not apply to this lot as it stands.

    Raises:
        SettlementRefused: the lot was written off, not shipped, already closed, or
            fewer grams are left than `settlement.sold_g`.
    """
    if lot.state in WRITTEN_OFF:
        raise SettlementRefused(
            f"lot {lot.lot_code} was recorded as {lot.state} by the station; it cannot be settled"
        )
    if lot.state == RECEIVED:
        raise SettlementRefused(
            f"lot {lot.lot_code} has not been shipped to the hub yet (no shipment.sent lists it)"
        )
    if lot.state in (SETTLED, REJECTED):
        outcome = "sold" if lot.state == SETTLED else "rejected"
        raise SettlementRefused(
            f"lot {lot.lot_code} is already closed by settlement {lot.closed_by} ({outcome})"
        )
    if settlement.sold_g > lot.left_g:
        raise SettlementRefused(
            f"{settlement.sold_g:,} g sold is more than the "
            f"{max(lot.left_g, 0):,} g left of lot {lot.lot_code} (net "
            f"{lot.net_g:,} g, {lot.settled_g:,} g already settled)"
        )


def settle_lot(
    store: HubStore,
    station_id: str,
    lot_code: str,
    outcome: str,
    sold_g: int,
    sale_fen: int,
    now: str,
    *,
    hub_fees_fen: int = 0,
    commission_fen: int = 0,
    reason: str = "",
    by: str | None = None,
) -> tuple[Settlement, int]:
    """Publish a settlement of a station's lot; returns it and its change's cursor.

    `due_to_farmer_fen` = `sale_fen` − `hub_fees_fen` − `commission_fen` (0 when rejected).
    With `by` (the operator), the settlement is in the hub's audit log, same transaction.

    Raises:
        StoreError: no such station.
        SettlementRefused: bad figures, an unknown, unshipped, written-off or closed lot,
            or more grams than are left of it.
    """
    if store.station(station_id) is None:
        raise StoreError(f"no station {station_id}")
    # A code pasted from a label scan or a spreadsheet often carries stray spaces.
    lot_code, reason = lot_code.strip(), reason.strip()
    due = _check_amounts(outcome, sold_g, sale_fen, hub_fees_fen, commission_fen, reason)
    settlement = Settlement(
        str(uuid.uuid4()),
        lot_code,
        outcome,
        sold_g,
        sale_fen,
        hub_fees_fen,
        commission_fen,
        due,
        reason,
        now,
    )

    def decide(lot: Lot | None) -> Settlement:
        # The lot as it stands inside the settling transaction, not as read before it.
        plan_settlement(_received(lot, station_id, lot_code), settlement)
        return settlement

    audit = None
    if by is not None:
        detail = {k: v for k, v in settlement.as_change_data().items() if k != "settled_at"}
        audit = AuditNote(by, "lot.settled", f"{station_id}/{lot_code}", detail)
    return store.add_settlement(station_id, lot_code, decide, now, audit)
