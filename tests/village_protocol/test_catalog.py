"""One catalog row format: the station's import and the hub's publish read a file alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from county_hub.catalog import CatalogRefused, read_catalog
from station_app.core.catalog_import import CatalogImportRefused, import_catalog
from station_app.core.clock import Clock
from village_protocol.catalog import (
    NO_WORDS,
    YES_WORDS,
    column_key,
    column_positions,
    weighed_word,
)

HEADER = "条码,商品名称,单位,售价,分类,称重,PLU,库存\n"


def _csv(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "catalog.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_chinese_and_english_headers_name_the_same_columns():
    assert [column_key(t) for t in HEADER.strip().split(",")] == [
        "barcode",
        "name",
        "unit",
        "price",
        "category",
        "weighed",
        "plu",
        "stock",
    ]
    assert column_positions([" Barcode ", "条码", "价格"], ("barcode", "price")) == {
        "barcode": 0,
        "price": 2,
    }


@pytest.mark.parametrize("word", sorted(YES_WORDS | {"是 ", "YES"}))
def test_yes_words_mean_weighed(word: str):
    assert weighed_word(word) is True


@pytest.mark.parametrize("word", sorted(NO_WORDS | {"  ", "No"}))
def test_no_words_and_an_empty_cell_mean_not_weighed(word: str):
    assert weighed_word(word) is False


def test_other_words_are_neither():
    assert weighed_word("也许") is None


def test_the_station_and_the_hub_read_one_file_as_the_same_products(db: Database, tmp_path: Path):
    path = _csv(
        tmp_path,
        "6932780008140,可口可乐 500ml,瓶,¥3,饮料,否,,24\n,散装大米,kg,5.6,粮油,是,01001,50000\n",
    )
    [cola, rice] = read_catalog(path)
    assert import_catalog(db, path, None, Clock()).created == 2
    rows = db.execute(
        "SELECT name, price_fen, is_weighed, plu FROM products ORDER BY name"
    ).fetchall()
    assert sorted(rows) == sorted(
        (p["name"], p["price_fen"], int(p["is_weighed"]), p["plu"]) for p in (cola, rice)
    )


def test_a_price_too_large_to_hold_is_refused_by_both_not_a_crash(db: Database, tmp_path: Path):
    path = _csv(tmp_path, "6932780008140,可口可乐 500ml,瓶,1e30,饮料,否,,\n")
    with pytest.raises(CatalogRefused, match="price '1e30' is not an amount in yuan"):
        read_catalog(path)
    with pytest.raises(CatalogImportRefused) as caught:
        import_catalog(db, path, None, Clock())
    assert "价格" in caught.value.problems[0].reason_zh
