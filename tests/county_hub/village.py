"""Villager, agency, parcel and consignment events shaped as the station sends them.

The payloads copy the fields of the station's `enqueue_event` calls (station_app/core:
villagers, credit, agency, parcels, consignment), so the hub is tested against what it
will really receive. The required fields are written out here, not taken from the hub.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

STATION = "HN-ZZ-0001"
NOW = "2026-11-26T08:00:00.000Z"
VILLAGER = "0193a0c4-0000-7000-8000-00000000v001"
ORDER = "0193a0c4-0000-7000-8000-00000000o001"
PARCEL = "0193a0c4-0000-7000-8000-00000000p001"
LOT_ID = "0193a0c4-0000-7000-8000-00000000l001"
LOT = f"{STATION}-261126-01"

SAMPLES: dict[str, dict[str, Any]] = {
    "villager.added": {
        "villager_id": VILLAGER,
        "name": "王秀英",
        "phone": "13800138000",
        "village_group": "一组",
    },
    "villager.credit_limit_set": {"villager_id": VILLAGER, "credit_limit_fen": 50_000},
    "credit.entry": {
        "entry_id": "e1",
        "villager_id": VILLAGER,
        "kind": "sale",
        "amount_fen": 1200,
        "method": None,
        "ref_id": "sale-1",
        "at": NOW,
    },
    "agency.created": {
        "station_id": STATION,
        "order_id": ORDER,
        "order_no": "D20261126-T1-0001",
        "villager_id": VILLAGER,
        "platform": "拼多多",
        "item": "电热毯 双人",
        "quantity": 1,
        "item_price_fen": 7900,
        "shipping_fen": 1000,
        "service_fee_fen": 500,
        "total_fen": 9400,
        "collected": [{"method": "cash", "amount_fen": 4700}],
    },
    "agency.status_changed": {
        "order_id": ORDER,
        "order_no": "D20261126-T1-0001",
        "status": "placed",
        "at": NOW,
        "detail": {"platform_order_no": "P000000000001", "spent_fen": 8900},
        "collected_fen": 0,
        "money": [{"kind": "spent", "method": "platform", "amount_fen": 8900}],
    },
    "parcel.arrived": {
        "parcel_id": PARCEL,
        "tracking_no": "SF1234567890123",
        "carrier": "顺丰",
        "agency_order_id": None,
        "source": "counter",
        "at": NOW,
    },
    "parcel.handed_over": {
        "parcel_id": PARCEL,
        "tracking_no": "SF1234567890123",
        "agency_order_id": None,
        "at": NOW,
    },
    "lot.received": {
        "station_id": STATION,
        "lot_id": LOT_ID,
        "lot_code": LOT,
        "villager_id": VILLAGER,
        "product": "脐橙",
        "grade": "一级",
        "crates": 4,
        "pieces": 0,
        "gross_g": 52_400,
        "tare_g": 2400,
        "net_g": 50_000,
        "harvest_date": "2026-11-25",
        "best_before": "2026-12-15",
        "asking_price_fen_per_kg": 600,
        "commission_bp": 800,
    },
    "shipment.sent": {
        "station_id": STATION,
        "shipment_id": "0193a0c4-0000-7000-8000-00000000s001",
        "manifest_no": "M20261126-T1-001",
        "carrier": "县物流车",
        "shipped_at": NOW,
        "lots": [{"lot_id": LOT_ID, "lot_code": LOT, "net_g": 50_000}],
    },
    "lot.spoiled": {"lot_id": LOT_ID, "lot_code": LOT, "reason": "运输中腐烂", "at": NOW},
    "lot.returned": {"lot_id": LOT_ID, "lot_code": LOT, "reason": "农户取回", "at": NOW},
    "payout.made": {
        "settlement_id": "s1",
        "lot_code": LOT,
        "villager_id": VILLAGER,
        "amount_fen": 26_000,
        "method": "cash",
        "reference": "",
        "at": NOW,
    },
    "operator.added": {"operator_id": "op1", "name": "李四", "role": "clerk", "active": True},
    "operator.changed": {"operator_id": "op1", "name": "李四", "role": "clerk", "active": False},
    "settings.changed": {"key": "receipt_footer", "value": "谢谢惠顾"},
    "shift.closed": {
        "shift_id": "0193a0c4-0000-7000-8000-0000000sh001",
        "terminal_id": "T1",
        "opened_at": NOW,
        "closed_at": NOW,
        "opened_by": "店主",
        "closed_by": "店主",
        "float_fen": 20_000,
        "cash_sales_fen": 15_000,
        "cash_refunds_fen": 300,
        "agency_cash_in_fen": 5_000,
        "agency_cash_out_fen": 0,
        "credit_repayments_cash_fen": 1_000,
        "payouts_cash_fen": 10_540,
        "pay_in_fen": 0,
        "pay_out_fen": 2_000,
        "expected_cash_fen": 28_160,
        "counted_cash_fen": 28_110,
        "over_short_fen": -50,
        "payments_fen": {"cash": 14_700, "wechat": 3_000},
    },
    "stock.received": {
        "receipt_id": "r1",
        "supplier": "县城批发部",
        "supplier_phone": "",
        "lines": [{"product_id": "p1", "quantity": 24, "cost_fen": 180, "expiry": "2027-06-30"}],
        "at": NOW,
    },
    "stock.adjusted": {
        "adjustment_id": "a1",
        "reason": "月底盘点",
        "lines": [{"product_id": "p1", "delta": -2}],
        "at": NOW,
    },
    "stock.written_off": {
        "adjustment_id": "a2",
        "reason": "破损",
        "lines": [{"product_id": "p1", "delta": -1}],
        "at": NOW,
    },
}

# What a station event of each kind must carry for the hub to accept it (the protocol's table).
REQUIRED: dict[str, tuple[str, ...]] = {
    "villager.added": ("villager_id", "name"),
    "villager.credit_limit_set": ("villager_id", "credit_limit_fen"),
    "credit.entry": ("entry_id", "villager_id", "kind", "amount_fen"),
    "agency.created": ("order_id", "order_no", "villager_id", "total_fen", "collected"),
    "agency.status_changed": ("order_id", "order_no", "status", "collected_fen", "money"),
    "parcel.arrived": ("parcel_id", "tracking_no"),
    "parcel.handed_over": ("parcel_id", "tracking_no"),
    "lot.received": ("lot_id", "lot_code", "villager_id", "product", "net_g"),
    "shipment.sent": ("shipment_id", "manifest_no", "lots"),
    "lot.spoiled": ("lot_id", "lot_code", "reason"),
    "lot.returned": ("lot_id", "lot_code", "reason"),
    "payout.made": ("settlement_id", "lot_code", "villager_id", "amount_fen", "method"),
    "operator.added": ("operator_id", "name", "role", "active"),
    "operator.changed": ("operator_id", "name", "role", "active"),
    "settings.changed": ("key", "value"),
    "shift.closed": (
        "shift_id",
        "terminal_id",
        "opened_at",
        "closed_at",
        "float_fen",
        "cash_sales_fen",
        "cash_refunds_fen",
        "agency_cash_in_fen",
        "agency_cash_out_fen",
        "credit_repayments_cash_fen",
        "payouts_cash_fen",
        "pay_in_fen",
        "pay_out_fen",
        "expected_cash_fen",
        "counted_cash_fen",
        "over_short_fen",
    ),
    "stock.received": ("receipt_id", "lines", "at"),
    "stock.adjusted": ("adjustment_id", "reason", "lines", "at"),
    "stock.written_off": ("adjustment_id", "reason", "lines", "at"),
}
# Fields of list entries: (kind, list field, entry field).
REQUIRED_IN_ENTRIES = [
    ("agency.created", "collected", "method"),
    ("agency.created", "collected", "amount_fen"),
    ("agency.status_changed", "money", "kind"),
    ("agency.status_changed", "money", "method"),
    ("agency.status_changed", "money", "amount_fen"),
    ("shipment.sent", "lots", "lot_id"),
    ("shipment.sent", "lots", "lot_code"),
    ("shipment.sent", "lots", "net_g"),
]


def event(seq: int, kind: str, /, created_at: str = NOW, **fields: Any) -> dict[str, Any]:
    """An upload event of `kind`: the sample payload with `fields` replaced.

    `kind` is positional-only so that `fields` may set a payload field named `kind`.
    """
    payload = copy.deepcopy(SAMPLES[kind])
    payload.update(fields)
    return {
        "event_id": str(uuid.uuid4()),
        "seq": seq,
        "kind": kind,
        "created_at": created_at,
        "payload": payload,
    }


def lot_received(seq: int, lot_code: str, net_g: int) -> dict[str, Any]:
    """A lot weighed in at the station."""
    tare_g = SAMPLES["lot.received"]["tare_g"]
    return event(
        seq,
        "lot.received",
        lot_id=f"id-{lot_code}",
        lot_code=lot_code,
        net_g=net_g,
        gross_g=net_g + tare_g,
    )


def shipment(seq: int, *lots: tuple[str, int]) -> dict[str, Any]:
    """A shipment of (lot code, net grams) lots to the hub."""
    return event(
        seq,
        "shipment.sent",
        shipment_id=str(uuid.uuid4()),
        lots=[{"lot_id": f"id-{code}", "lot_code": code, "net_g": net_g} for code, net_g in lots],
    )
