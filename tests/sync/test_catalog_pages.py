"""A page applied in bulk (sync/catalog_pages.py) leaves what one change at a time leaves.

The reference is the rule itself: each change through `apply_hub_change` in its own
savepoint, in order, a refused one recorded and undone. Both run on copies of the same
demo station and every table a change can touch is compared row for row. The audit logs
are compared change for change: a run of plain updates applied in bulk is one
`hub.products_updated` row listing what a `hub.product_upserted` row per change holds.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from station_app.core.audit import verify_audit
from station_app.core.hub_changes import apply_hub_change
from station_app.storage import open_database
from station_app.storage.transaction import write_transaction
from station_app.sync import catalog_pages
from station_app.sync.catalog_pages import apply_page_changes
from station_app.sync.errors import HubBadResponse
from station_app.sync.protocol import Change
from village_protocol.changes import ChangeRefused

AT = "2026-12-02T04:40:00+08:00"
TABLES = (
    "SELECT * FROM products ORDER BY id",
    "SELECT * FROM product_barcodes ORDER BY barcode",
    "SELECT * FROM categories ORDER BY id",
    "SELECT rowid, terms, product_id FROM product_search ORDER BY rowid",
    "SELECT * FROM hub_notices ORDER BY cursor",
)


def _audited(db: Database) -> list[tuple[Any, ...]]:
    """Every audited action in order, a bulk row's changes each as its own row would be."""
    audited: list[tuple[Any, ...]] = []
    for at, operator, action, subject, detail in db.execute(
        "SELECT at, operator_id, action, subject_id, detail FROM audit_log ORDER BY seq"
    ):
        if action != catalog_pages.BULK_AUDIT_ACTION:
            audited.append((at, operator, action, subject, json.loads(detail)))
            continue
        for change in json.loads(detail)["changes"]:
            product_id = change.pop("product_id")
            audited.append((at, operator, "hub.product_upserted", product_id, change))
    return audited


def _same(bulk: Database, reference: Database) -> None:
    for query in TABLES:
        assert bulk.execute(query).fetchall() == reference.execute(query).fetchall(), query
    assert _audited(bulk) == _audited(reference)
    assert verify_audit(bulk).ok and verify_audit(reference).ok


def _products(db: Database) -> list[dict[str, Any]]:
    rows = db.execute(
        "SELECT p.name, p.unit, p.price_fen, p.is_weighed, p.plu, c.name, "
        "(SELECT group_concat(barcode, '|') FROM product_barcodes b WHERE b.product_id = p.id) "
        "FROM products p LEFT JOIN categories c ON c.id = p.category_id "
        "WHERE EXISTS (SELECT 1 FROM product_barcodes b WHERE b.product_id = p.id) "
        "ORDER BY p.id LIMIT 12"
    ).fetchall()
    return [
        {
            "name": r[0],
            "unit": r[1],
            "price_fen": r[2],
            "is_weighed": bool(r[3]),
            "plu": r[4],
            "category": r[5],
            "barcodes": r[6].split("|"),
        }
        for r in rows
    ]


def _page(db: Database) -> list[Change]:
    """Price updates around everything that must not take the bulk path."""
    p = _products(db)
    with_plu = next(x for x in p if x["plu"] is None)
    data: list[tuple[str, dict[str, Any]]] = [
        ("product.upsert", p[0] | {"price_fen": p[0]["price_fen"] + 10}),
        ("product.upsert", p[1] | {"price_fen": p[1]["price_fen"] + 20, "unit": "箱"}),
        ("product.upsert", p[2] | {"category": "新的分类"}),
        # renamed: pinyin and the search entry change
        ("product.upsert", p[3] | {"name": p[3]["name"] + "（大）"}),
        ("product.upsert", p[3] | {"price_fen": 999}),  # after its rename
        # p[5] takes p[4]'s barcode: then an update naming it belongs to p[5]
        ("product.upsert", p[5] | {"barcodes": p[5]["barcodes"] + p[4]["barcodes"][:1]}),
        ("product.upsert", p[4] | {"price_fen": 777}),
        ("product.upsert", p[6] | {"barcodes": ["6901234567892"], "name": "新商品"}),  # new
        ("product.upsert", p[6] | {"barcodes": ["6901234567891"]}),  # bad check digit
        ("product.upsert", with_plu | {"plu": p[7]["plu"] or "4011"}),  # PLU clash or new PLU
        ("product.retire", {"barcodes": p[8]["barcodes"]}),
        ("product.upsert", p[8] | {"price_fen": p[8]["price_fen"] + 1}),  # back on sale
        ("price.change", {"barcode": p[9]["barcodes"][0], "price_fen": 1234}),
        ("product.upsert", p[9] | {"price_fen": p[9]["price_fen"] + 5}),
        ("notice", {"title": "通知", "body": "明天停电"}),
        ("product.upsert", p[10] | {"is_weighed": not p[10]["is_weighed"], "plu": "88"}),
        ("product.upsert", p[11]),  # the same again: still an update with its audit row
        ("product.upsert", p[0] | {"price_fen": p[0]["price_fen"] + 30}),  # twice in a page
        ("some.future_kind", {"x": 1}),
    ]
    return [Change(100 + i, kind, AT, d) for i, (kind, d) in enumerate(data)]


def _same_new_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """New products get ids from the same sequence in each run, not random ones.

    The ids go into the audit rows and so into their hashes; only the randomness is
    replaced, every rule runs as it is.
    """
    counter = iter(range(10**6))
    monkeypatch.setattr(
        "station_app.core.catalog.uuid7", lambda: f"01900000-0000-7000-8000-{next(counter):012d}"
    )


def _one_at_a_time(
    db: Database, changes: list[Change], monkeypatch: pytest.MonkeyPatch
) -> list[int]:
    _same_new_ids(monkeypatch)
    skipped = []
    with write_transaction(db):
        for change in changes:
            try:
                with write_transaction(db):
                    apply_hub_change(
                        db, change.cursor, change.kind, change.created_at, change.data, AT
                    )
            except ChangeRefused:
                skipped.append(change.cursor)
    return skipped


def _in_bulk(db: Database, changes: list[Change], monkeypatch: pytest.MonkeyPatch) -> list[int]:
    _same_new_ids(monkeypatch)
    skipped: list[int] = []
    with write_transaction(db):
        apply_page_changes(db, changes, AT, lambda change, _: skipped.append(change.cursor))
    return skipped


def _copies(demo_db_path: Path, tmp_path: Path) -> tuple[Database, Database]:
    shutil.copy(demo_db_path, tmp_path / "bulk.db")
    return open_database(demo_db_path), open_database(tmp_path / "bulk.db")


@pytest.mark.parametrize("chunk", [1, 3, catalog_pages.LOOKUP_CHUNK])
def test_a_page_in_bulk_equals_its_changes_one_at_a_time(
    demo_db_path, tmp_path, monkeypatch, chunk
):
    monkeypatch.setattr(catalog_pages, "LOOKUP_CHUNK", chunk)
    reference, bulk = _copies(demo_db_path, tmp_path)
    changes = _page(reference)
    savepoints: list[str] = []
    bulk.conn.set_trace_callback(
        lambda sql: savepoints.append(sql) if sql.startswith("SAVEPOINT") else None
    )
    skipped = _in_bulk(bulk, changes, monkeypatch)
    bulk.conn.set_trace_callback(None)
    assert skipped == _one_at_a_time(reference, changes, monkeypatch)
    assert 2 <= len(skipped) <= 3  # the bad check digit and the unknown kind, maybe the PLU
    _same(bulk, reference)
    # The plain updates did take the bulk path: no savepoint of their own.
    assert len(savepoints) <= len(changes) - 6


def test_a_whole_catalog_of_price_updates_is_written_in_bulk(demo_db_path, tmp_path, monkeypatch):
    reference, bulk = _copies(demo_db_path, tmp_path)
    rows = reference.execute(
        "SELECT p.name, p.unit, p.price_fen, p.is_weighed, p.plu, "
        "(SELECT group_concat(barcode, '|') FROM product_barcodes b WHERE b.product_id = p.id) "
        "FROM products p WHERE EXISTS "
        "(SELECT 1 FROM product_barcodes b WHERE b.product_id = p.id) ORDER BY p.id"
    ).fetchall()
    changes = [
        Change(
            i + 1,
            "product.upsert",
            AT,
            {
                "name": r[0],
                "unit": r[1],
                "price_fen": r[2] + 10,
                "is_weighed": bool(r[3]),
                "plu": r[4],
                "barcodes": r[5].split("|"),
                # one existing category and one the page creates, each named many times
                "category": ("饮料", "新到货")[i % 2],
            },
        )
        for i, r in enumerate(rows)
    ]
    statements: list[str] = []
    bulk.conn.set_trace_callback(statements.append)
    assert _in_bulk(bulk, changes, monkeypatch) == []
    bulk.conn.set_trace_callback(None)
    assert _one_at_a_time(reference, changes, monkeypatch) == []
    _same(bulk, reference)
    # One audit row for the page, listing every change; one per change one at a time.
    new_rows = "SELECT action, count(*) FROM audit_log WHERE at = ? GROUP BY action"
    assert bulk.execute(new_rows, [AT]).fetchall() == [(catalog_pages.BULK_AUDIT_ACTION, 1)]
    assert reference.execute(new_rows, [AT]).fetchall() == [("hub.product_upserted", len(rows))]
    assert not [s for s in statements if s.startswith("SAVEPOINT")]
    # Each category is looked up once for the page, not once per product.
    assert len([s for s in statements if "FROM categories" in s]) == 2


def test_a_malformed_change_refuses_the_page(demo_db_path, tmp_path, monkeypatch):
    _, bulk = _copies(demo_db_path, tmp_path)
    changes = [*_page(bulk)[:2], Change(999, "product.upsert", AT, {"name": "缺字段"})]
    before = bulk.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(HubBadResponse, match="change 999"):
        _in_bulk(bulk, changes, monkeypatch)
    assert bulk.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
