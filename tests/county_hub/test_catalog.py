"""Publishing a catalog CSV as product.upsert / price.change changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from county_hub.catalog import CatalogRefused, plan_changes, publish_catalog, read_catalog
from county_hub.storage import HubStore, StoreError

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "resources" / "demo" / "catalog.csv"
NOW = "2026-11-26T08:00:00.000Z"
HEADER = "barcode,name,unit,price,category,weighed,plu\n"


def _csv(tmp_path: Path, rows: str, header: str = HEADER, encoding: str = "utf-8") -> Path:
    path = tmp_path / "catalog.csv"
    path.write_bytes((header + rows).encode(encoding))
    return path


def test_the_demo_catalog_reads_as_upserts_in_fen():
    products = read_catalog(DEMO)
    assert len(products) == 431
    assert products[0] == {
        "barcodes": ["6932780007907", "6932780008027"],
        "name": "可口可乐 330ml 罐装",
        "unit": "罐",
        "price_fen": 250,
        "is_weighed": False,
        "plu": None,
        "category": "饮料",
    }
    rice = next(p for p in products if p["name"] == "散装大米")
    assert (rice["barcodes"], rice["plu"], rice["is_weighed"], rice["price_fen"]) == (
        [],
        "1001",
        True,
        560,
    )


def test_chinese_headers_and_gbk_files_are_read(tmp_path: Path):
    path = _csv(tmp_path, "6932780008140,可口可乐 500ml,瓶,3\n", "条码,名称,单位,价格\n", "gb18030")
    assert read_catalog(path)[0]["price_fen"] == 300


def test_bad_rows_are_all_listed_and_nothing_is_read(tmp_path: Path):
    path = _csv(
        tmp_path,
        "6932780008140,可乐,瓶,3,,0,\n"
        "6932780008140,可乐,瓶,3,,0,\n"
        ",散装米,kg,5,,maybe,1001\n"
        "6.93278E+12,可乐,瓶,3,,0,\n"
        "6932780008515,雪碧,罐,3.001,,0,\n",
    )
    with pytest.raises(CatalogRefused) as caught:
        read_catalog(path)
    message = str(caught.value)
    for line in (3, 4, 5, 6):
        assert f"catalog.csv:{line}:" in message
    assert "catalog.csv:2:" not in message
    assert "repeats line 2" in message


def test_a_header_without_price_is_refused(tmp_path: Path):
    with pytest.raises(CatalogRefused, match="lacks price"):
        read_catalog(_csv(tmp_path, "1,a,b\n", "barcode,name,unit\n"))


def test_a_price_only_change_becomes_a_price_change():
    before = {
        "barcodes": ["6932780008140"],
        "name": "可乐",
        "unit": "瓶",
        "price_fen": 300,
        "is_weighed": False,
        "plu": None,
        "category": None,
    }
    bulk = {**before, "barcodes": [], "plu": "1001", "is_weighed": True}
    sent = {"barcode:6932780008140": before, "plu:1001": bulk}
    assert plan_changes([before, bulk], sent) == []
    assert plan_changes([{**before, "price_fen": 320}, {**bulk, "price_fen": 700}], sent) == [
        ("price.change", {"barcode": "6932780008140", "price_fen": 320}),
        ("price.change", {"plu": "1001", "price_fen": 700}),
    ]
    renamed = {**before, "name": "可口可乐"}
    assert plan_changes([renamed], sent) == [("product.upsert", renamed)]
    assert plan_changes([before], sent, force=True) == [("product.upsert", before)]


def test_publishing_twice_queues_only_what_changed(store: HubStore, tmp_path: Path):
    store.add_station("A", "a", NOW)
    first = publish_catalog(store, DEMO, NOW)
    assert (first.rows, first.upserts, first.price_changes) == (431, 431, 0)
    again = publish_catalog(store, DEMO, NOW)
    assert (again.upserts, again.price_changes, again.unchanged) == (0, 0, 431)
    page, _ = store.changes_after("A", 0, 500)
    assert len(page) == 431 and {c.kind for c in page} == {"product.upsert"}
    cheaper = _csv(tmp_path, "6932780008140,可口可乐 500ml,瓶,2.80,饮料,0,\n")
    assert publish_catalog(store, cheaper, NOW).price_changes == 1
    last = store.changes_after("A", page[-1].cursor, 10)[0]
    assert [(c.kind, c.data) for c in last] == [
        ("price.change", {"barcode": "6932780008140", "price_fen": 280})
    ]


def test_publishing_to_one_station_reaches_only_it(store: HubStore, tmp_path: Path):
    store.add_station("A", "a", NOW)
    store.add_station("B", "b", NOW)
    path = _csv(tmp_path, "6932780008140,可口可乐 500ml,瓶,3.00,饮料,0,\n")
    assert publish_catalog(store, path, NOW, "A").upserts == 1
    assert len(store.changes_after("A", 0, 10)[0]) == 1
    assert store.changes_after("B", 0, 10)[0] == []
    with pytest.raises(StoreError, match="no station"):
        publish_catalog(store, path, NOW, "C")
