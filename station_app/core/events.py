"""What the station tells the hub: one builder per outbox event kind.

Each builder takes the domain records the action just wrote and returns the event with
its kind and payload, so the payload of a kind is put together here and nowhere else.
The kind names and what a payload must mean are the protocol's (village_protocol/events.py,
docs/sync-protocol.md): change a payload here and there together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from station_app.core.outbox import NewEvent
from village_protocol.events import (
    AGENCY_CREATED,
    AGENCY_STATUS_CHANGED,
    CREDIT_ENTRY,
    LOT_RECEIVED,
    LOT_RETURNED,
    LOT_SPOILED,
    OPERATOR_ADDED,
    OPERATOR_CHANGED,
    PARCEL_ARRIVED,
    PARCEL_HANDED_OVER,
    PAYOUT_MADE,
    REFUND_COMPLETED,
    SALE_COMPLETED,
    SETTINGS_CHANGED,
    SHIFT_CLOSED,
    SHIPMENT_SENT,
    STOCK_ADJUSTED,
    STOCK_RECEIVED,
    STOCK_WRITTEN_OFF,
    VILLAGER_ADDED,
    VILLAGER_CREDIT_LIMIT_SET,
)

# The records' modules write events through this one, so their types are imported only
# for the type checker: at run time the import would go round in a circle.
if TYPE_CHECKING:
    from station_app.core.agency import AgencyOrder
    from station_app.core.consignment import Lot, Settlement
    from station_app.core.parcels import Parcel
    from station_app.core.payments import PaymentMethod, Tender
    from station_app.core.sales import SaleRecord
    from station_app.core.settings import StationSettings
    from station_app.core.villagers import Villager

# A money row of an agency step: (kind, method, fen).
AgencyMoney = tuple[str, str, int]


# -- sales and refunds ----------------------------------------------------------------


def sale_completed(sale: SaleRecord, settings: StationSettings) -> NewEvent:
    """A sale as stored, with its lines and payments."""
    return NewEvent(
        SALE_COMPLETED,
        {
            "station_id": settings.station_id,
            "sale_id": sale.id,
            "receipt_no": sale.receipt_no,
            "terminal_id": sale.terminal_id,
            "seq": sale.seq,
            "created_at": sale.created_at,
            "tz_offset_min": sale.tz_offset_min,
            "operator": sale.operator_name,
            "subtotal_fen": sale.subtotal_fen,
            "discount_fen": sale.discount_fen,
            "rounding_fen": sale.rounding_fen,
            "total_fen": sale.total_fen,
            "lines": [
                {
                    "line_id": ln.id,
                    "product_id": ln.product_id,
                    "code": ln.code,
                    "name": ln.name,
                    "unit_price_fen": ln.unit_price_fen,
                    "quantity": ln.quantity,
                    "weight_g": ln.weight_g,
                    "discount_fen": ln.discount_fen,
                    "total_fen": ln.total_fen,
                }
                for ln in sale.lines
            ],
            "payments": [
                {
                    "method": p.method.value,
                    "amount_fen": p.amount_fen,
                    "reference": p.reference,
                    "villager_id": p.villager_id,
                }
                for p in sale.payments
            ],
        },
    )


def refund_completed(
    sale: SaleRecord,
    settings: StationSettings,
    *,
    refund_id: str,
    refund_no: str,
    method: PaymentMethod,
    total_fen: int,
    reason: str,
    at: str,
    quantities: dict[str, int],
    amounts: dict[str, int],
) -> NewEvent:
    """A refund of `sale`: `quantities` and `amounts` map each refunded sale line id."""
    return NewEvent(
        REFUND_COMPLETED,
        {
            "station_id": settings.station_id,
            "refund_id": refund_id,
            "refund_no": refund_no,
            "sale_id": sale.id,
            "receipt_no": sale.receipt_no,
            "method": method.value,
            "total_fen": total_fen,
            "reason": reason,
            "created_at": at,
            "lines": [
                {"sale_line_id": line_id, "quantity": quantity, "amount_fen": amounts[line_id]}
                for line_id, quantity in quantities.items()
            ],
        },
    )


# -- villagers and credit -------------------------------------------------------------


def villager_added(villager: Villager) -> NewEvent:
    """A newly registered villager."""
    return NewEvent(
        VILLAGER_ADDED,
        {
            "villager_id": villager.id,
            "name": villager.name,
            "phone": villager.phone,
            "village_group": villager.village_group,
        },
    )


def villager_credit_limit_set(villager: Villager) -> NewEvent:
    """The villager's credit limit as the owner just set it."""
    return NewEvent(
        VILLAGER_CREDIT_LIMIT_SET,
        {"villager_id": villager.id, "credit_limit_fen": villager.credit_limit_fen},
    )


def credit_entry(
    *,
    entry_id: str,
    villager_id: str,
    kind: str,
    amount_fen: int,
    method: str | None,
    ref_id: str | None,
    at: str,
) -> NewEvent:
    """One row of a villager's ledger (charges positive, repayments and refunds negative)."""
    return NewEvent(
        CREDIT_ENTRY,
        {
            "entry_id": entry_id,
            "villager_id": villager_id,
            "kind": kind,
            "amount_fen": amount_fen,
            "method": method,
            "ref_id": ref_id,
            "at": at,
        },
    )


# -- agency ---------------------------------------------------------------------------


def agency_created(
    order: AgencyOrder, tenders: list[Tender], settings: StationSettings
) -> NewEvent:
    """A new agency order and the money taken for it (tenders of 0 are left out)."""
    return NewEvent(
        AGENCY_CREATED,
        {
            "station_id": settings.station_id,
            "order_id": order.id,
            "order_no": order.order_no,
            "pickup_code": order.pickup_code,
            "created_at": order.created_at,
            "villager_id": order.villager_id,
            "platform": order.platform,
            "item": order.item,
            "quantity": order.quantity,
            "item_price_fen": order.item_price_fen,
            "shipping_fen": order.shipping_fen,
            "service_fee_fen": order.service_fee_fen,
            "total_fen": order.total_fen,
            "collected": [
                {"method": t.method.value, "amount_fen": t.amount_fen}
                for t in tenders
                if t.amount_fen
            ],
        },
    )


def agency_status_changed(
    order: AgencyOrder,
    status: str,
    at: str,
    detail: dict[str, Any],
    collected_fen: int,
    money: list[AgencyMoney],
) -> NewEvent:
    """A step of an agency order: its new state, the step's detail and money rows."""
    return NewEvent(
        AGENCY_STATUS_CHANGED,
        {
            "order_id": order.id,
            "order_no": order.order_no,
            "status": status,
            "at": at,
            "detail": detail,
            "collected_fen": collected_fen,
            "money": [{"kind": k, "method": m, "amount_fen": a} for k, m, a in money],
        },
    )


def agency_picked_up(
    order: AgencyOrder, tenders: list[Tender], collected_fen: int, at: str
) -> NewEvent:
    """The villager took the parcel; the tenders itemise what was collected at pickup."""
    return agency_status_changed(
        order,
        "picked_up",
        at,
        {},
        collected_fen,
        [("collected", t.method.value, t.amount_fen) for t in tenders if t.amount_fen],
    )


# -- parcels --------------------------------------------------------------------------


def parcel_arrived(parcel: Parcel, source: str) -> NewEvent:
    """A parcel registered at the station; `source` says who announced it."""
    return NewEvent(
        PARCEL_ARRIVED,
        {
            "parcel_id": parcel.id,
            "tracking_no": parcel.tracking_no,
            "carrier": parcel.carrier,
            "pickup_code": parcel.pickup_code,
            "recipient_name": parcel.recipient_name,
            "recipient_phone": parcel.recipient_phone,
            "agency_order_id": parcel.agency_order_id,
            "source": source,
            "at": parcel.arrived_at,
        },
    )


def parcel_handed_over(parcel: Parcel, at: str) -> NewEvent:
    """The parcel left the station with its villager at `at`."""
    return NewEvent(
        PARCEL_HANDED_OVER,
        {
            "parcel_id": parcel.id,
            "tracking_no": parcel.tracking_no,
            "agency_order_id": parcel.agency_order_id,
            "at": at,
        },
    )


# -- consignment ----------------------------------------------------------------------


def lot_received(lot: Lot, settings: StationSettings) -> NewEvent:
    """A farmer's lot as weighed and graded at intake."""
    return NewEvent(
        LOT_RECEIVED,
        {
            "station_id": settings.station_id,
            "lot_id": lot.id,
            "lot_code": lot.lot_code,
            "villager_id": lot.villager_id,
            "product": lot.product,
            "grade": lot.grade,
            "crates": lot.crates,
            "pieces": lot.pieces,
            "gross_g": lot.gross_g,
            "tare_g": lot.tare_g,
            "net_g": lot.net_g,
            "harvest_date": lot.harvest_date,
            "best_before": lot.best_before,
            "asking_price_fen_per_kg": lot.asking_price_fen_per_kg,
            "commission_bp": lot.commission_bp,
        },
    )


def shipment_sent(
    settings: StationSettings,
    *,
    shipment_id: str,
    manifest_no: str,
    carrier: str,
    at: str,
    lots: list[Lot],
) -> NewEvent:
    """Lots sent to the county hub together under one manifest."""
    return NewEvent(
        SHIPMENT_SENT,
        {
            "station_id": settings.station_id,
            "shipment_id": shipment_id,
            "manifest_no": manifest_no,
            "carrier": carrier,
            "shipped_at": at,
            "lots": [
                {"lot_id": lot.id, "lot_code": lot.lot_code, "net_g": lot.net_g} for lot in lots
            ],
        },
    )


def lot_written_off(lot: Lot, status: str, reason: str, at: str) -> NewEvent:
    """A waiting lot written off: `status` is "spoiled", or "returned" to the farmer."""
    kinds = {"spoiled": LOT_SPOILED, "returned": LOT_RETURNED}
    return NewEvent(
        kinds[status], {"lot_id": lot.id, "lot_code": lot.lot_code, "reason": reason, "at": at}
    )


def payout_made(
    settlement: Settlement, lot: Lot, method: PaymentMethod, reference: str, at: str
) -> NewEvent:
    """The farmer was paid what `settlement` said was due on `lot`."""
    return NewEvent(
        PAYOUT_MADE,
        {
            "settlement_id": settlement.id,
            "lot_code": lot.lot_code,
            "villager_id": lot.villager_id,
            "amount_fen": settlement.due_to_farmer_fen,
            "method": method.value,
            "reference": reference,
            "at": at,
        },
    )


# -- stock ----------------------------------------------------------------------------


def stock_received(
    receipt_id: str, supplier: str, phone: str, lines: list[dict[str, Any]], at: str
) -> NewEvent:
    """A delivery received: each line's quantity, cost (per unit or per kg) and expiry."""
    return NewEvent(
        STOCK_RECEIVED,
        {
            "receipt_id": receipt_id,
            "supplier": supplier,
            "supplier_phone": phone,
            "lines": lines,
            "at": at,
        },
    )


def stock_adjusted(
    kind: str, adjustment_id: str, reason: str, lines: list[dict[str, Any]], at: str
) -> NewEvent:
    """Stock changed by hand: `kind` "stocktake" (posted count) or "write_off" (报损)."""
    return NewEvent(
        STOCK_WRITTEN_OFF if kind == "write_off" else STOCK_ADJUSTED,
        {"adjustment_id": adjustment_id, "reason": reason, "lines": lines, "at": at},
    )


# -- the cash drawer ------------------------------------------------------------------


def shift_closed(figures: dict[str, Any]) -> NewEvent:
    """A shift closed: its float, each kind of cash in and out, expected, counted, over/short.

    `figures` is the closed shift's `ShiftFigures.as_json()`, the shape `shift-report` prints.
    """
    return NewEvent(SHIFT_CLOSED, dict(figures))


# -- people ---------------------------------------------------------------------------


def operator_added(operator_id: str, name: str, role: str, active: bool) -> NewEvent:
    """A new operator: who they are and may do, never their PIN or its hash."""
    return NewEvent(OPERATOR_ADDED, _operator_payload(operator_id, name, role, active))


def operator_changed(operator_id: str, name: str, role: str, active: bool) -> NewEvent:
    """An operator as they stand after a change (disabled, say); never PIN material."""
    return NewEvent(OPERATOR_CHANGED, _operator_payload(operator_id, name, role, active))


def _operator_payload(operator_id: str, name: str, role: str, active: bool) -> dict[str, Any]:
    return {"operator_id": operator_id, "name": name, "role": role, "active": active}


# -- settings -------------------------------------------------------------------------


def setting_changed(key: str, text: str) -> NewEvent:
    """A station setting as saved, as the text `settings KEY VALUE` accepts back."""
    return NewEvent(SETTINGS_CHANGED, {"key": key, "value": text})
