"""Rebuilding a station's records from the events it once sent (recovery from the hub).

Each function writes the domain rows one event stands for, inside the caller's
transaction and WITHOUT an outbox event or audit row: the hub has these events already,
and the recovered chain records the recovery as a whole. What a payload does not carry
is filled in as described in README "Recovery from the hub".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from station_app.core.agency import TRANSITIONS, new_pickup_code
from station_app.core.errors import InputRefused
from station_app.core.ids import uuid7
from station_app.core.search_terms import pinyin_of
from station_app.core.settings import NOT_SENT_SETTINGS, parse_setting, save_settings
from station_app.core.statuses import AgencyStatus
from station_app.storage.sqlite_wrapper import Database
from village_protocol.carriers import OTHER_CARRIER
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
    SHIPMENT_SENT,
    VILLAGER_ADDED,
    VILLAGER_CREDIT_LIMIT_SET,
)

# `X20260301-T1-00042`: the prefix, the terminal and the running number of a document.
_NUMBERED = re.compile(r"^([A-Z]?)\d{8}-([A-Za-z0-9-]{1,8})-(\d+)$")
_COUNTER_OF_PREFIX = {"": "sale", "R": "refund", "D": "agency", "M": "shipment"}
# `HN-ZZ-0001-T1-261202-03` (or the older `HN-ZZ-0001-261202-03`): the day and its number.
_LOT_CODE = re.compile(r"-(\d{6})-(\d+)$")


@dataclass
class Rebuild:
    """What has been rebuilt so far, and what the next numbers must be above."""

    counts: dict[str, int] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    operators: dict[str, str] = field(default_factory=dict)  # name -> id
    settings: dict[str, str] = field(default_factory=dict)  # key -> the last value sent
    # Agency and parcel payloads carry no offset: the last sale's stands in for their days.
    tz_offset_min: int = 480

    def saw_number(self, number: str | None) -> None:
        """Keep the highest running number per counter, from a receipt or order number."""
        match = _NUMBERED.match(number or "")
        if match is None:
            return
        prefix, terminal, value = match.groups()
        counter = _COUNTER_OF_PREFIX.get(prefix)
        if counter is not None:
            name = f"{counter}:{terminal}"
            self.counters[name] = max(self.counters.get(name, 0), int(value))

    def saw_lot_code(self, lot_code: str) -> None:
        """Keep the highest number of the lot code's day, the counter intake continues."""
        match = _LOT_CODE.search(lot_code)
        if match is not None:
            name = f"lot:{match.group(1)}"
            self.counters[name] = max(self.counters.get(name, 0), int(match.group(2)))


def _local_date(created_at: str, tz_offset_min: int) -> str:
    moment = datetime.fromisoformat(created_at.replace("Z", "+00:00"))
    return (moment + timedelta(minutes=tz_offset_min)).date().isoformat()


def _operator(db: Database, state: Rebuild, name: str | None, at: str) -> str:
    """The id of the operator called `name`, rebuilt without a PIN when first seen."""
    name = (name or "").strip() or "恢复的操作员"
    if name in state.operators:
        return state.operators[name]
    row = db.execute("SELECT id FROM operators WHERE name = ?", [name]).fetchone()
    if row:
        state.operators[name] = row[0]
        return str(row[0])
    return _add_operator(db, state, uuid7(), name, "clerk", True, at)


def _add_operator(
    db: Database, state: Rebuild, op_id: str, name: str, role: str, active: bool, at: str
) -> str:
    # No PIN hash ever leaves the station: the operator sets a new PIN at first sign-in.
    db.execute(
        "INSERT INTO operators(id, name, role, pin_salt, pin_hash, active, created_at, "
        "pin_must_change) VALUES (?, ?, ?, x'', x'', ?, ?, 1)",
        [op_id, name, role, int(active), at],
    )
    state.operators[name] = op_id
    return op_id


def _operator_event(db: Database, state: Rebuild, data: dict[str, Any], at: str) -> None:
    op_id = str(data.get("operator_id") or data.get("id") or uuid7())
    name, role = str(data["name"]), str(data["role"])
    active = bool(data.get("active", True))
    row = db.execute("SELECT id FROM operators WHERE id = ? OR name = ?", [op_id, name]).fetchone()
    if row is None:
        _add_operator(db, state, op_id, name, role, active, at)
        return
    db.execute(
        "UPDATE operators SET name = ?, role = ?, active = ? WHERE id = ?",
        [name, role, int(active), row[0]],
    )
    state.operators = {k: v for k, v in state.operators.items() if v != row[0]}
    state.operators[name] = str(row[0])


def _unnamed_operator(db: Database, state: Rebuild, at: str) -> str:
    """Who stands in where a payload names no operator: the first one rebuilt."""
    if state.operators:
        return next(iter(state.operators.values()))
    return _operator(db, state, None, at)


def _product(db: Database, line: dict[str, Any], at: str) -> str | None:
    """The sale line's product, as a minimal row from its snapshot when it is unknown."""
    product_id = line.get("product_id")
    if not product_id:
        return None
    if db.execute("SELECT 1 FROM products WHERE id = ?", [product_id]).fetchone():
        return str(product_id)
    name = str(line.get("name") or line.get("code") or product_id)
    full, initials = pinyin_of(name)
    weighed = line.get("weight_g") is not None
    db.execute(
        "INSERT INTO products(id, name, unit, price_fen, is_weighed, pinyin, initials, "
        "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
        [
            product_id,
            name,
            line.get("unit") or ("kg" if weighed else "件"),
            int(line.get("unit_price_fen") or 0),
            int(weighed),
            full,
            initials,
            at,
            at,
        ],
    )
    code = line.get("code")
    if code:
        db.execute(
            "INSERT INTO product_barcodes(barcode, product_id) VALUES (?, ?) "
            "ON CONFLICT(barcode) DO NOTHING",
            [code, product_id],
        )
    return str(product_id)


def _sale(db: Database, state: Rebuild, data: dict[str, Any], at: str) -> None:
    created = str(data.get("created_at") or at)
    tz = int(data.get("tz_offset_min") or 480)
    state.tz_offset_min = tz
    total = int(data["total_fen"])
    terminal = str(data.get("terminal_id") or "T1")
    receipt = str(data["receipt_no"])
    state.saw_number(receipt)
    match = _NUMBERED.match(receipt)
    seq = int(data.get("seq") or (match.group(3) if match else 0))
    paid = int(data.get("paid_fen") or total)
    db.execute(
        "INSERT INTO sales(id, seq, receipt_no, terminal_id, operator_id, created_at, "
        "tz_offset_min, local_date, subtotal_fen, discount_fen, rounding_fen, total_fen, "
        "paid_fen, change_fen, customer_phone) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL)",
        [
            data["sale_id"],
            seq,
            receipt,
            terminal,
            _operator(db, state, data.get("operator"), created),
            created,
            tz,
            _local_date(created, tz),
            int(data["subtotal_fen"]),
            int(data["discount_fen"]),
            int(data["rounding_fen"]),
            total,
            paid,
            paid - total,
        ],
    )
    for line_no, line in enumerate(data["lines"], start=1):
        product_id = _product(db, line, created)
        discount = int(line.get("discount_fen") or 0)
        line_total = int(line["total_fen"])
        weight = line.get("weight_g")
        db.execute(
            "INSERT INTO sale_lines(id, sale_seq, line_no, product_id, code, name, unit, "
            "unit_price_fen, quantity, weight_g, gross_fen, discount_fen, total_fen) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                line.get("line_id") or str(line_no),
                seq,
                line_no,
                product_id,
                line.get("code"),
                line.get("name") or "",
                line.get("unit") or ("kg" if weight is not None else "件"),
                int(line.get("unit_price_fen") or 0),
                int(line.get("quantity") or 1),
                weight,
                line_total + discount,
                discount,
                line_total,
            ],
        )
    for payment in data["payments"]:
        amount = int(payment["amount_fen"])
        if amount <= 0:
            continue
        db.execute(
            "INSERT INTO payments(sale_seq, method, amount_fen, tendered_fen, reference, "
            "villager_id) VALUES (?,?,?,?,?,?)",
            [
                seq,
                payment["method"],
                amount,
                payment.get("tendered_fen"),
                payment.get("reference"),
                payment.get("villager_id") if payment["method"] == "account" else None,
            ],
        )


def _refund(db: Database, state: Rebuild, data: dict[str, Any], at: str) -> None:
    sale = db.execute(
        "SELECT tz_offset_min, operator_id FROM sales WHERE id = ?", [data["sale_id"]]
    ).fetchone()
    if sale is None:
        _skip(state, REFUND_COMPLETED)
        return
    created = str(data.get("created_at") or at)
    tz = int(data.get("tz_offset_min") or sale[0])
    refund_no = str(data["refund_no"])
    state.saw_number(refund_no)
    match = _NUMBERED.match(refund_no)
    seq = int(match.group(3)) if match else state.counts.get(REFUND_COMPLETED, 0) + 1
    # Older payloads name no operator: the sale's stands in (see README).
    operator = _operator(db, state, data["operator"], created) if data.get("operator") else sale[1]
    approver = (
        _operator(db, state, data["approved_by"], created) if data.get("approved_by") else operator
    )
    db.execute(
        "INSERT INTO refunds(id, seq, refund_no, sale_id, operator_id, approved_by, "
        "created_at, tz_offset_min, local_date, method, total_fen, reason) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            data["refund_id"],
            seq,
            refund_no,
            data["sale_id"],
            operator,
            approver,
            created,
            tz,
            _local_date(created, tz),
            data["method"],
            int(data["total_fen"]),
            data.get("reason") or "",
        ],
    )
    for line in data["lines"]:
        row = db.execute(
            "SELECT l.product_id, l.weight_g FROM sale_lines l JOIN sales s "
            "ON s.seq = l.sale_seq WHERE s.id = ? AND l.id = ?",
            [data["sale_id"], line["sale_line_id"]],
        ).fetchone()
        if row is None:
            continue
        quantity = int(line.get("quantity") or 1)
        db.execute(
            "INSERT INTO refund_lines(id, refund_id, sale_line_id, quantity, amount_fen) "
            "VALUES (?,?,?,?,?)",
            [uuid7(), data["refund_id"], line["sale_line_id"], quantity, int(line["amount_fen"])],
        )
        if row[0] is not None:
            db.execute(
                "INSERT INTO stock_moves(product_id, delta, reason, ref_id, created_at) "
                "VALUES (?, ?, 'refund', ?, ?)",
                [row[0], row[1] if row[1] is not None else quantity, data["refund_id"], created],
            )


def _villager(db: Database, state: Rebuild, data: dict[str, Any], at: str) -> None:
    full, initials = pinyin_of(str(data["name"]))
    db.execute(
        "INSERT INTO villagers(id, name, phone, village_group, pinyin, initials, created_at, "
        "updated_at) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING",
        [
            data["villager_id"],
            data["name"],
            data.get("phone") or None,
            data.get("village_group") or "",
            full,
            initials,
            at,
            at,
        ],
    )


def _credit_limit(db: Database, state: Rebuild, data: dict[str, Any], at: str) -> None:
    db.execute(
        "UPDATE villagers SET credit_limit_fen = ?, updated_at = ? WHERE id = ?",
        [int(data["credit_limit_fen"]), at, data["villager_id"]],
    )


def _credit_entry(db: Database, state: Rebuild, data: dict[str, Any], at: str) -> None:
    entry_at = str(data.get("at") or at)
    ref = data.get("ref_id")
    # The ledger names who wrote each row; the payload does not: the sale's or refund's
    # operator when the row has one, else the first operator rebuilt.
    row = db.execute(
        "SELECT operator_id FROM sales WHERE id = ? UNION ALL "
        "SELECT operator_id FROM refunds WHERE id = ?",
        [ref, ref],
    ).fetchone()
    operator = str(row[0]) if row else _unnamed_operator(db, state, entry_at)
    db.execute(
        "INSERT INTO villager_ledger(id, villager_id, at, kind, amount_fen, method, ref_id, "
        "operator_id) VALUES (?,?,?,?,?,?,?,?)",
        [
            data["entry_id"],
            data["villager_id"],
            entry_at,
            data["kind"],
            int(data["amount_fen"]),
            data.get("method"),
            ref,
            operator,
        ],
    )


def _pickup_code(db: Database, data: dict[str, Any]) -> str:
    code = data.get("pickup_code")
    if isinstance(code, str) and code:
        return code
    # Events from before pickup codes were sent: a fresh code (see README).
    return new_pickup_code(db)


def _agency_money(
    db: Database, state: Rebuild, order_id: str, at: str, operator: str, entries: list[Any]
) -> None:
    # Account money is on the villager's ledger already, from its own credit.entry event.
    for entry in entries:
        amount = int(entry["amount_fen"])
        if amount <= 0:
            continue
        db.execute(
            "INSERT INTO agency_money(order_id, at, local_date, kind, method, amount_fen, "
            "operator_id) VALUES (?,?,?,?,?,?,?)",
            [
                order_id,
                at,
                _local_date(at, state.tz_offset_min),
                entry.get("kind") or "collected",
                entry["method"],
                amount,
                operator,
            ],
        )


def _agency_history(
    db: Database, order_id: str, status: str, at: str, operator: str | None, detail: Any
) -> None:
    db.execute(
        "INSERT INTO agency_order_history(order_id, status, at, operator_id, detail) "
        "VALUES (?,?,?,?,?)",
        [order_id, status, at, operator, json.dumps(detail or {}, ensure_ascii=False)],
    )


def _agency_created(db: Database, state: Rebuild, data: dict[str, Any], at: str) -> None:
    created = str(data.get("created_at") or at)
    order_no = str(data["order_no"])
    state.saw_number(order_no)
    quantity = int(data.get("quantity") or 1)
    price = int(data.get("item_price_fen") or 0)
    shipping = int(data.get("shipping_fen") or 0)
    fee = int(data.get("service_fee_fen") or 0)
    total = int(data["total_fen"])
    if quantity * price + shipping + fee != total:
        # An old payload without its parts: the whole total stands as the item price.
        quantity, price, shipping, fee = 1, total, 0, 0
    # The payload names neither the clerk nor the product link (see README).
    operator = _unnamed_operator(db, state, created)
    db.execute(
        "INSERT INTO agency_orders(id, order_no, pickup_code, villager_id, platform, item, "
        "link, quantity, item_price_fen, shipping_fen, service_fee_fen, total_fen, "
        "created_at, local_date, operator_id) VALUES (?,?,?,?,?,?,'',?,?,?,?,?,?,?,?)",
        [
            data["order_id"],
            order_no,
            _pickup_code(db, data),
            data["villager_id"],
            data.get("platform") or "其他",
            data.get("item") or order_no,
            quantity,
            price,
            shipping,
            fee,
            total,
            created,
            _local_date(created, state.tz_offset_min),
            operator,
        ],
    )
    _agency_history(db, data["order_id"], "created", created, operator, {})
    collected = [{"kind": "collected", **t} for t in data.get("collected") or []]
    _agency_money(db, state, data["order_id"], created, operator, collected)


def _agency_status(db: Database, state: Rebuild, data: dict[str, Any], at: str) -> None:
    order_id = str(data["order_id"])
    if not db.execute("SELECT 1 FROM agency_orders WHERE id = ?", [order_id]).fetchone():
        _skip(state, AGENCY_STATUS_CHANGED)
        return
    step_at = str(data.get("at") or at)
    operator = _unnamed_operator(db, state, step_at)
    _agency_money(db, state, order_id, step_at, operator, data.get("money") or [])
    _agency_history(db, order_id, str(data["status"]), step_at, operator, data.get("detail"))


def _skip(state: Rebuild, kind: str) -> None:
    state.skipped[kind] = state.skipped.get(kind, 0) + 1


def _parcel_arrived(db: Database, state: Rebuild, data: dict[str, Any], at: str) -> None:
    tracking = str(data["tracking_no"])
    if db.execute("SELECT 1 FROM parcels WHERE tracking_no = ?", [tracking]).fetchone():
        _skip(state, PARCEL_ARRIVED)
        return
    arrived = str(data.get("at") or at)
    order_id = data.get("agency_order_id")
    order = (
        db.execute(
            "SELECT o.pickup_code, v.name, v.phone, (SELECT status FROM agency_order_history h "
            "WHERE h.order_id = o.id ORDER BY seq DESC LIMIT 1) FROM agency_orders o "
            "JOIN villagers v ON v.id = o.villager_id WHERE o.id = ?",
            [order_id],
        ).fetchone()
        if order_id
        else None
    )
    name, phone = data.get("recipient_name"), data.get("recipient_phone")
    if order is not None and name is None and phone is None:
        # Older payloads name no recipient: an order's parcel is for its villager.
        name, phone = order[1], order[2]
    code = data.get("pickup_code") or (order[0] if order else None) or _pickup_code(db, data)
    source = "hub" if data.get("source") == "hub" else "counter"
    operator = None if source == "hub" else _unnamed_operator(db, state, arrived)
    parcel_id = str(data["parcel_id"])
    db.execute(
        "INSERT INTO parcels(id, tracking_no, carrier, recipient_name, recipient_phone, "
        "agency_order_id, pickup_code, arrived_at, source, operator_id) "
        "VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            parcel_id,
            tracking,
            data.get("carrier") or OTHER_CARRIER,
            name or "",
            phone or "",
            order_id if order is not None else None,
            code,
            arrived,
            source,
            operator,
        ],
    )
    # As at the counter: the order's parcel is here, unless the order cannot arrive now.
    if order is not None and AgencyStatus.ARRIVED in TRANSITIONS[AgencyStatus(order[3])]:
        _agency_history(db, str(order_id), "arrived", arrived, operator, {"parcel_id": parcel_id})


def _parcel_handed_over(db: Database, state: Rebuild, data: dict[str, Any], at: str) -> None:
    parcel_id = str(data["parcel_id"])
    known = db.execute("SELECT 1 FROM parcels WHERE id = ?", [parcel_id]).fetchone()
    done = db.execute("SELECT 1 FROM parcel_handovers WHERE parcel_id = ?", [parcel_id]).fetchone()
    if known is None or done is not None:
        _skip(state, PARCEL_HANDED_OVER)
        return
    handed = str(data.get("at") or at)
    db.execute(
        "INSERT INTO parcel_handovers(id, parcel_id, at, operator_id) VALUES (?,?,?,?)",
        [uuid7(), parcel_id, handed, _unnamed_operator(db, state, handed)],
    )


def _lot_history(
    db: Database, lot_id: str, status: str, at: str, operator: str | None, detail: Any
) -> None:
    db.execute(
        "INSERT INTO lot_history(lot_id, status, at, operator_id, detail) VALUES (?,?,?,?,?)",
        [lot_id, status, at, operator, json.dumps(detail or {}, ensure_ascii=False)],
    )


def _lot_state(db: Database, lot_id: str) -> str | None:
    row = db.execute(
        "SELECT status FROM lot_history WHERE lot_id = ? ORDER BY seq DESC LIMIT 1", [lot_id]
    ).fetchone()
    return str(row[0]) if row else None


def _lot_received(db: Database, state: Rebuild, data: dict[str, Any], at: str) -> None:
    lot_id, lot_code = str(data["lot_id"]), str(data["lot_code"])
    known = db.execute(
        "SELECT 1 FROM lots WHERE id = ? OR lot_code = ?", [lot_id, lot_code]
    ).fetchone()
    villager = db.execute("SELECT 1 FROM villagers WHERE id = ?", [data["villager_id"]]).fetchone()
    if known is not None or villager is None:
        _skip(state, LOT_RECEIVED)
        return
    state.saw_lot_code(lot_code)
    net = int(data["net_g"])
    gross = int(data.get("gross_g") or net)
    tare = gross - net
    harvest = str(data.get("harvest_date") or _local_date(at, state.tz_offset_min))
    # The payload names no clerk; the event's time is the intake's (see README).
    operator = _unnamed_operator(db, state, at)
    db.execute(
        "INSERT INTO lots(id, lot_code, villager_id, product, grade, crates, pieces, gross_g, "
        "tare_g, net_g, harvest_date, best_before, asking_price_fen_per_kg, commission_bp, "
        "created_at, local_date, operator_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            lot_id,
            lot_code,
            data["villager_id"],
            data["product"],
            data.get("grade") or "等外",
            max(1, int(data.get("crates") or 1)),
            int(data.get("pieces") or 0),
            gross,
            tare,
            net,
            harvest,
            str(data.get("best_before") or harvest),
            int(data.get("asking_price_fen_per_kg") or 0),
            int(data.get("commission_bp") or 0),
            at,
            _local_date(at, state.tz_offset_min),
            operator,
        ],
    )
    _lot_history(db, lot_id, "received", at, operator, {})


def _shipment_sent(db: Database, state: Rebuild, data: dict[str, Any], at: str) -> None:
    manifest_no = str(data["manifest_no"])
    shipment_id = str(data["shipment_id"])
    if db.execute(
        "SELECT 1 FROM shipments WHERE id = ? OR manifest_no = ?", [shipment_id, manifest_no]
    ).fetchone():
        _skip(state, SHIPMENT_SENT)
        return
    state.saw_number(manifest_no)
    shipped = str(data.get("shipped_at") or at)
    operator = _unnamed_operator(db, state, shipped)
    db.execute(
        "INSERT INTO shipments(id, manifest_no, carrier, shipped_at, local_date, operator_id) "
        "VALUES (?,?,?,?,?,?)",
        [
            shipment_id,
            manifest_no,
            data.get("carrier") or "",
            shipped,
            _local_date(shipped, state.tz_offset_min),
            operator,
        ],
    )
    for entry in data["lots"]:
        lot_id = str(entry["lot_id"])
        # Only a lot still waiting can ship, as at the counter; a lot never rebuilt stays out.
        if _lot_state(db, lot_id) != "received":
            continue
        db.execute(
            "INSERT INTO shipment_lots(shipment_id, lot_id) VALUES (?, ?)", [shipment_id, lot_id]
        )
        _lot_history(db, lot_id, "shipped", shipped, operator, {"manifest_no": manifest_no})


def _lot_written_off(status: str, kind: str) -> Any:
    def rebuild(db: Database, state: Rebuild, data: dict[str, Any], at: str) -> None:
        lot_id = str(data["lot_id"])
        if _lot_state(db, lot_id) != "received":
            _skip(state, kind)
            return
        when = str(data.get("at") or at)
        operator = _unnamed_operator(db, state, when)
        _lot_history(db, lot_id, status, when, operator, {"reason": data.get("reason") or ""})

    return rebuild


def rebuild_payout(db: Database, state: Rebuild, payload: dict[str, Any], at: str) -> None:
    """Write one `payout.made` as a payout row; its settlement must be back already.

    Settlements come from the hub's change feed, which the sync after recovery replays, so
    recovery keeps the payout events and writes them after that sync.
    """
    if not db.conn.in_transaction:
        raise RuntimeError("rebuild_payout must run inside the recovery's transaction")
    settlement_id = str(payload["settlement_id"])
    row = db.execute(
        "SELECT l.villager_id FROM lot_settlements s JOIN lots l ON l.id = s.lot_id WHERE s.id = ?",
        [settlement_id],
    ).fetchone()
    paid = db.execute(
        "SELECT 1 FROM farmer_payouts WHERE settlement_id = ?", [settlement_id]
    ).fetchone()
    amount = int(payload["amount_fen"])
    if row is None or paid is not None or amount <= 0:
        _skip(state, PAYOUT_MADE)
        return
    when = str(payload.get("at") or at)
    db.execute(
        "INSERT INTO farmer_payouts(id, settlement_id, villager_id, amount_fen, method, "
        "reference, at, local_date, operator_id) VALUES (?,?,?,?,?,?,?,?,?)",
        [
            uuid7(),
            settlement_id,
            row[0],
            amount,
            payload["method"],
            payload.get("reference") or "",
            when,
            _local_date(when, state.tz_offset_min),
            _unnamed_operator(db, state, when),
        ],
    )
    state.counts[PAYOUT_MADE] = state.counts.get(PAYOUT_MADE, 0) + 1


def _setting(db: Database, state: Rebuild, data: dict[str, Any], at: str) -> None:
    # Events come in the station's order, so the last one of a key is its value.
    state.settings[str(data["key"])] = str(data["value"])


def apply_settings(db: Database, state: Rebuild) -> None:
    """Save the last value sent of each setting; one the app no longer accepts is skipped."""
    values: dict[str, object] = {}
    for key, text in state.settings.items():
        if key in NOT_SENT_SETTINGS:
            continue  # the recovery's own flags set the hub link
        try:
            values[key] = parse_setting(key, text)
        except InputRefused:
            _skip(state, SETTINGS_CHANGED)
    if values:
        save_settings(db, **values)


_REBUILDERS = {
    OPERATOR_ADDED: _operator_event,
    OPERATOR_CHANGED: _operator_event,
    SALE_COMPLETED: _sale,
    REFUND_COMPLETED: _refund,
    VILLAGER_ADDED: _villager,
    VILLAGER_CREDIT_LIMIT_SET: _credit_limit,
    CREDIT_ENTRY: _credit_entry,
    AGENCY_CREATED: _agency_created,
    AGENCY_STATUS_CHANGED: _agency_status,
    PARCEL_ARRIVED: _parcel_arrived,
    PARCEL_HANDED_OVER: _parcel_handed_over,
    LOT_RECEIVED: _lot_received,
    SHIPMENT_SENT: _shipment_sent,
    LOT_SPOILED: _lot_written_off("spoiled", LOT_SPOILED),
    LOT_RETURNED: _lot_written_off("returned", LOT_RETURNED),
    SETTINGS_CHANGED: _setting,
}


def rebuild_event(
    db: Database, state: Rebuild, kind: str, created_at: str, payload: dict[str, Any]
) -> None:
    """Write the rows one sent event stands for; a kind not rebuilt yet is counted as skipped."""
    if not db.conn.in_transaction:
        raise RuntimeError("rebuild_event must run inside the recovery's transaction")
    rebuild = _REBUILDERS.get(kind)
    if rebuild is None:
        state.skipped[kind] = state.skipped.get(kind, 0) + 1
        state.saw_number(payload.get("order_no") or payload.get("manifest_no"))
        return
    skipped = state.skipped.get(kind, 0)
    rebuild(db, state, payload, created_at)
    if state.skipped.get(kind, 0) == skipped:
        state.counts[kind] = state.counts.get(kind, 0) + 1


def set_counters(db: Database, state: Rebuild) -> None:
    """Make each counter continue after the highest number seen, never below its value."""
    for name, value in state.counters.items():
        db.execute(
            "INSERT INTO counters(name, value) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)",
            [name, value],
        )


def ensure_owner(db: Database) -> None:
    """Make the first rebuilt operator the owner when no event named one.

    Stations from before `operator.added` sent only names on sales: each became a
    clerk, and a station without an owner could approve nothing. Everyone still sets
    a new PIN at first sign-in.
    """
    if db.execute("SELECT 1 FROM operators WHERE role = 'owner' AND active = 1").fetchone():
        return
    db.execute(
        "UPDATE operators SET role = 'owner' WHERE id = "
        "(SELECT id FROM operators WHERE active = 1 ORDER BY created_at, id LIMIT 1)"
    )
