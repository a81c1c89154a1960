"""Applying a page of the hub's change feed, with the common catalog update done in bulk.

A catalog download is mostly `product.upsert` changes for products the station already
has, with the same name, barcodes and PLU: a price, unit or category update. Applied one
at a time (`core.hub_changes.apply_hub_change`) each costs a savepoint, a barcode
lookup, an UPDATE of every column (so every index of `products`) and an audit row that
first reads the chain's head. Here such a change is recognised from one lookup per
chunk of the page and written with the rest of its run in two statements: the UPDATE of
only the columns that can change, and one audit row, `hub.products_updated`, that lists
the run's changes with the fields a `hub.product_upserted` row of each would hold
(cursor, product, name, price, barcodes, PLU). The page is one business action, and one
row for it costs one hash where a row per change cost a hash, an encoding and an insert
each: a third of the time a 100,000-product download spent at the station.

The result is the same as applying the page's changes one by one, in order, row for row,
except that the audit rows of a run of plain updates are that one row
(tests/sync/test_catalog_pages.py holds the two equal, the audited changes expanded from
it). Every other change, and any upsert that would add, move or rename anything, goes
through `apply_hub_change` unchanged, after the bulk writes before it are flushed, so it
sees the state the changes before it left. Such a change may alter what the lookup found,
so the lookup is made again for the changes after it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from station_app.core.audit import record_audit
from station_app.core.catalog import NewProduct, category_id, validate_new_product
from station_app.core.errors import InputRefused
from station_app.core.hub_changes import apply_hub_change, product_of, upsert_detail
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction
from station_app.sync.errors import HubBadResponse
from station_app.sync.protocol import Change
from village_protocol.changes import PRODUCT_UPSERT, ChangeMalformed, ChangeRefused, check_change

log = logging.getLogger("station_app.sync")

# Changes whose barcodes one lookup fetches: big enough that lookups are few, small
# enough that a lookup made stale by a one-at-a-time change wastes little.
LOOKUP_CHUNK = 100

# The audit action of a run of plain updates applied together; its detail is
# {"changes": [{"cursor", "product_id", "name", "price_fen", "barcodes", "plu"}, ...]}.
BULK_AUDIT_ACTION = "hub.products_updated"

_UPDATE = (
    "UPDATE products SET unit = ?, price_fen = ?, is_weighed = ?, category_id = ?, "
    "updated_at = ?, active = 1 WHERE id = ?"
)


@dataclass(frozen=True)
class _Owner:
    """What the lookup found for a barcode: its product and the fields a fast path checks."""

    product_id: str
    name: str
    plu: str | None
    search_rowid: int | None


Skip = Callable[[Change, ChangeRefused], None]


class _Bulk:
    """Fast-path updates waiting to be written, in change order."""

    def __init__(self, at: str) -> None:
        self.at = at
        self.updates: list[tuple[Any, ...]] = []
        self.audited: list[dict[str, Any]] = []
        # A page names a handful of categories a hundred times each. Categories are
        # only ever added, so an id found in this page's transaction stays right in it.
        self._categories: dict[str, int | None] = {}

    def category(self, db: Database, name: str | None) -> int | None:
        """`core.catalog.category_id`, asked once per name and page."""
        if not name:
            return None
        if name not in self._categories:
            self._categories[name] = category_id(db, name)
        return self._categories[name]

    def flush(self, db: Database) -> None:
        if self.updates:
            db.conn.executemany(_UPDATE, self.updates)
            record_audit(
                db,
                at=self.at,
                operator_id=None,
                action=BULK_AUDIT_ACTION,
                detail={"changes": self.audited},
            )
        self.updates, self.audited = [], []


def _lookup(db: Database, changes: Sequence[Change]) -> dict[str, _Owner]:
    """The owners of every barcode the product upserts among `changes` name."""
    codes = sorted(
        {
            str(code).strip()
            for change in changes
            if change.kind == PRODUCT_UPSERT
            for code in change.data.get("barcodes") or ()
        }
    )
    if not codes:
        return {}
    return {
        row[0]: _Owner(row[1], row[2], row[3], row[4])
        for row in db.execute(
            "SELECT b.barcode, p.id, p.name, p.plu, p.search_rowid "
            "FROM product_barcodes b JOIN products p ON p.id = b.product_id "
            f"WHERE b.barcode IN ({','.join('?' * len(codes))})",
            codes,
        )
    }


def _fast_item(change: Change, owners: dict[str, _Owner]) -> tuple[NewProduct, _Owner] | None:
    """The validated product and its owner when `change` is a plain update; else None.

    Plain: every barcode already belongs to the one product, which keeps its name (so
    its pinyin and search entry) and its PLU (so no uniqueness can break). Anything
    else, including a change that fails a check, takes the one-at-a-time path, which
    refuses or applies it exactly as it always has.
    """
    if change.kind != PRODUCT_UPSERT:
        return None
    try:
        check_change(change.kind, change.data)
        item = validate_new_product(product_of(change.data))
    except (ChangeRefused, ChangeMalformed, InputRefused):
        return None
    if not item.barcodes:
        return None
    owner = owners.get(item.barcodes[0])
    if owner is None or any(
        (other := owners.get(code)) is None or other.product_id != owner.product_id
        for code in item.barcodes
    ):
        return None
    if owner.name != item.name or owner.search_rowid is None or owner.plu != item.plu:
        return None
    return item, owner


def apply_page_changes(db: Database, changes: Sequence[Change], at: str, skip: Skip) -> int:
    """Apply `changes` in order inside the caller's (the page's) transaction.

    `skip` records a refused change (called where the one-at-a-time path refused it).
    Returns how many were applied.

    Raises:
        HubBadResponse: a change breaks the protocol; the caller's transaction (the
            page) must roll back.
    """
    if not db.conn.in_transaction:
        raise RuntimeError("a page of changes is applied inside the page's transaction")
    applied = 0
    bulk = _Bulk(at)
    owners: dict[str, _Owner] = {}
    fresh_until = 0  # changes[:fresh_until] are covered by `owners`
    debug = log.isEnabledFor(logging.DEBUG)
    for index, change in enumerate(changes):
        if index >= fresh_until:
            fresh_until = index + LOOKUP_CHUNK
            owners = _lookup(db, changes[index:fresh_until])
        fast = _fast_item(change, owners)
        if fast is not None:
            item, owner = fast
            bulk.updates.append(
                (
                    item.unit,
                    item.price_fen,
                    int(item.is_weighed),
                    bulk.category(db, item.category),
                    at,
                    owner.product_id,
                )
            )
            bulk.audited.append(
                upsert_detail(change.cursor, item) | {"product_id": owner.product_id}
            )
            applied += 1
            if debug:
                log.debug(
                    "change %d applied: updated %s %d fen", change.cursor, item.name, item.price_fen
                )
            continue
        bulk.flush(db)
        if _apply_one(db, change, at, skip):
            applied += 1
            if change.kind == PRODUCT_UPSERT:
                _forget_touched(db, change, owners)
    bulk.flush(db)
    return applied


def _forget_touched(db: Database, change: Change, owners: dict[str, _Owner]) -> None:
    """Drop from `owners` what an upsert applied one at a time may have changed.

    It can move its own barcodes and rename or re-PLU its own product; nothing else. So
    its barcodes and every barcode of its product are forgotten: a later change naming
    one of them takes the one-at-a-time path, which reads the current state. (The other
    kinds change no name, PLU, barcode or search entry: they cannot make a lookup stale.)
    """
    item = validate_new_product(product_of(change.data))
    touched = {
        row[0]
        for row in db.execute(
            f"SELECT product_id FROM product_barcodes WHERE barcode IN "
            f"({','.join('?' * len(item.barcodes))})",
            list(item.barcodes),
        )
    }
    if item.plu is not None:
        touched.update(
            row[0] for row in db.execute("SELECT id FROM products WHERE plu = ?", [item.plu])
        )
    for code in [c for c, o in owners.items() if o.product_id in touched or c in item.barcodes]:
        del owners[code]


def _apply_one(db: Database, change: Change, at: str, skip: Skip) -> bool:
    """`apply_hub_change` in a savepoint: True when applied, False when refused (and kept)."""
    try:
        with write_transaction(db):  # a savepoint: a refused change leaves no trace
            outcome = apply_hub_change(
                db, change.cursor, change.kind, change.created_at, change.data, at
            )
    except ChangeRefused as refused:
        skip(change, refused)
        return False
    except ChangeMalformed as malformed:
        raise HubBadResponse(
            f"change {change.cursor} ({change.kind}) is malformed: {malformed}"
        ) from None
    log.debug("change %d applied: %s", change.cursor, outcome.summary)
    return True
