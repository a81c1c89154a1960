"""Applying the county hub's changes: catalog, prices, notices, parcels, settlements.

Each function runs inside the caller's transaction (the sync job applies one page
of the change feed and stores the new cursor in one transaction) and goes through
the same catalog rules as a product typed in at the counter. Applying a change
twice gives the same result as once.

Every change is first checked against the protocol's shapes
(`village_protocol.changes.check_change`, which the hub also builds them with): a
`ChangeMalformed` one refuses the whole page, a `ChangeRefused` one is skipped and
kept for the keeper. A change the protocol allows can still be refused here, by this
station's own rules (a barcode with a bad check digit, a PLU another product holds).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from station_app.core.agency import normalise_tracking
from station_app.core.audit import record_audit
from station_app.core.catalog import NewProduct, upsert_product, validate_new_product
from station_app.core.clock import Clock, parse_iso
from station_app.core.consignment import apply_settlement
from station_app.core.errors import InputRefused, StationError
from station_app.core.money import check_price
from station_app.core.parcels import register_arrival
from station_app.storage.sqlite_wrapper import Database
from village_protocol.carriers import OTHER_CARRIER
from village_protocol.catalog import normal_plu
from village_protocol.changes import (
    LOT_SETTLED,
    NOTICE,
    PARCEL_ARRIVED,
    PRICE_CHANGE,
    PRODUCT_RETIRE,
    PRODUCT_UPSERT,
    ChangeRefused,
    check_change,
)


@dataclass(frozen=True)
class ChangeOutcome:
    """What applying one change did, for the sync log."""

    kind: str
    summary: str


def _text(data: dict[str, Any], name: str) -> str | None:
    """An optional text field, already checked by `check_change`; a number as its digits."""
    value = data.get(name)
    return None if value is None else str(value)


def _product_ids(db: Database, barcodes: tuple[str, ...], plu: str | None) -> list[str]:
    ids: list[str] = []
    for code in barcodes:
        row = db.execute(
            "SELECT product_id FROM product_barcodes WHERE barcode = ?", [code.strip()]
        ).fetchone()
        if row and row[0] not in ids:
            ids.append(row[0])
    if plu is not None:
        row = db.execute(
            "SELECT id FROM products WHERE plu = ?", [normal_plu(plu.strip())]
        ).fetchone()
        if row and row[0] not in ids:
            ids.append(row[0])
    return ids


def product_of(data: dict[str, Any]) -> NewProduct:
    """The product a `product.upsert` change's data (already checked) describes."""
    return NewProduct(
        name=data["name"],
        unit=data["unit"],
        price_fen=data["price_fen"],
        barcodes=tuple(data["barcodes"]),
        is_weighed=data["is_weighed"],
        plu=_text(data, "plu"),
        category=_text(data, "category"),
    )


def upsert_detail(cursor: int, item: NewProduct) -> dict[str, Any]:
    """What the audit log keeps of an applied `product.upsert` (the bulk path's too)."""
    return {
        "cursor": cursor,
        "name": item.name,
        "price_fen": item.price_fen,
        "barcodes": list(item.barcodes),
        "plu": item.plu,
    }


def _upsert(
    db: Database, cursor: int, created_at: str, data: dict[str, Any], at: str
) -> ChangeOutcome:
    item = product_of(data)
    try:
        item = validate_new_product(item)
    except InputRefused as refused:
        raise ChangeRefused(refused.en) from None
    try:
        product_id, created = upsert_product(db, item, at)
    except sqlite3.IntegrityError:
        raise ChangeRefused(f"PLU {item.plu} belongs to another product") from None
    record_audit(
        db,
        at=at,
        operator_id=None,
        action="hub.product_upserted",
        subject_id=product_id,
        detail=upsert_detail(cursor, item),
    )
    return ChangeOutcome(
        PRODUCT_UPSERT, f"{'added' if created else 'updated'} {item.name} {item.price_fen} fen"
    )


def _retire(
    db: Database, cursor: int, created_at: str, data: dict[str, Any], at: str
) -> ChangeOutcome:
    ids = _product_ids(db, tuple(data.get("barcodes", ())), _text(data, "plu"))
    for product_id in ids:
        db.execute("UPDATE products SET active = 0, updated_at = ? WHERE id = ?", [at, product_id])
        record_audit(
            db,
            at=at,
            operator_id=None,
            action="hub.product_retired",
            subject_id=product_id,
            detail={"cursor": cursor},
        )
    return ChangeOutcome(PRODUCT_RETIRE, f"retired {len(ids)} products")


def _price(
    db: Database, cursor: int, created_at: str, data: dict[str, Any], at: str
) -> ChangeOutcome:
    barcode, plu = _text(data, "barcode"), _text(data, "plu")
    price_fen = data["price_fen"]
    try:
        check_price(price_fen)
    except InputRefused as refused:
        raise ChangeRefused(refused.en) from None
    if price_fen == 0:
        raise ChangeRefused("a price cannot be zero")
    ids = _product_ids(db, (barcode,) if barcode else (), plu)
    # A county-wide price for goods this station does not stock is normal: nothing to do.
    for product_id in ids[:1]:
        old = db.execute("SELECT price_fen FROM products WHERE id = ?", [product_id]).fetchone()
        db.execute(
            "UPDATE products SET price_fen = ?, updated_at = ? WHERE id = ?",
            [price_fen, at, product_id],
        )
        record_audit(
            db,
            at=at,
            operator_id=None,
            action="hub.price_changed",
            subject_id=product_id,
            detail={"cursor": cursor, "old_price_fen": old[0], "price_fen": price_fen},
        )
    return ChangeOutcome(
        PRICE_CHANGE, f"{barcode or plu}: {price_fen} fen" + ("" if ids else " (not stocked here)")
    )


def _notice(
    db: Database, cursor: int, created_at: str, data: dict[str, Any], at: str
) -> ChangeOutcome:
    title, body = data["title"], data["body"]
    db.execute(
        "INSERT INTO hub_notices(cursor, title, body, created_at, received_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(cursor) DO NOTHING",
        [cursor, title, body, created_at, at],
    )
    return ChangeOutcome(NOTICE, title)


def _parcel_arrived(
    db: Database, cursor: int, created_at: str, data: dict[str, Any], at: str
) -> ChangeOutcome:
    carrier = _text(data, "carrier")
    name = _text(data, "recipient_name") or ""
    phone = _text(data, "recipient_phone") or ""
    try:
        tracking = normalise_tracking(data["tracking_no"])
    except StationError as refused:
        raise ChangeRefused(refused.en) from None
    if db.execute("SELECT 1 FROM parcels WHERE tracking_no = ?", [tracking]).fetchone():
        # The keeper scanned it in before the hub's word arrived: nothing more to do.
        return ChangeOutcome(PARCEL_ARRIVED, f"{tracking} already registered")
    try:
        parcel = register_arrival(
            db,
            tracking,
            Clock(source=lambda: parse_iso(at)),
            operator=None,
            carrier=carrier or OTHER_CARRIER,
            recipient_name=name,
            recipient_phone=phone,
            source="hub",
        )
    except StationError as refused:
        raise ChangeRefused(refused.en) from None
    return ChangeOutcome(PARCEL_ARRIVED, f"{parcel.tracking_no} pickup code {parcel.pickup_code}")


def _lot_settled(
    db: Database, cursor: int, created_at: str, data: dict[str, Any], at: str
) -> ChangeOutcome:
    try:
        applied = apply_settlement(db, data, at)
    except StationError as refused:  # an unknown lot, or one not shipped yet
        raise ChangeRefused(refused.en) from None
    if applied:
        record_audit(
            db,
            at=at,
            operator_id=None,
            action="hub.lot_settled",
            subject_id=data["settlement_id"],
            detail={
                "cursor": cursor,
                "lot_code": data["lot_code"],
                "due_to_farmer_fen": data["due_to_farmer_fen"],
            },
        )
    return ChangeOutcome(
        LOT_SETTLED,
        f"{data['lot_code']}: {data['due_to_farmer_fen']} fen due"
        + ("" if applied else " (already applied)"),
    )


Applier = Callable[[Database, int, str, dict[str, Any], str], ChangeOutcome]

# Change kind → how to apply it: (db, cursor, created_at, data, at). A new kind of the
# protocol is one more entry here, after its shape in village_protocol.changes.
APPLIERS: dict[str, Applier] = {
    PRODUCT_UPSERT: _upsert,
    PRODUCT_RETIRE: _retire,
    PRICE_CHANGE: _price,
    NOTICE: _notice,
    PARCEL_ARRIVED: _parcel_arrived,
    LOT_SETTLED: _lot_settled,
}


def apply_hub_change(
    db: Database, cursor: int, kind: str, created_at: str, data: dict[str, Any], at: str
) -> ChangeOutcome:
    """Apply one change of the hub's feed inside the caller's transaction.

    Raises:
        ChangeRefused: this station cannot take it (including a kind it does not know);
            the caller skips it and keeps it for the keeper.
        ChangeMalformed: the data breaks the protocol; the caller refuses the page.
    """
    if not db.conn.in_transaction:
        raise RuntimeError("apply_hub_change must run inside the page's transaction")
    # An older station must never block on a newer hub's kinds (protocol § download):
    # check_change refuses those, so they are skipped.
    check_change(kind, data)
    return APPLIERS[kind](db, cursor, created_at, data, at)
