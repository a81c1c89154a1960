"""Delivery notes as CSV: every row checked, line-numbered errors, all lines or none."""

from datetime import timedelta

import pytest

from station_app.core.catalog import stock_of
from station_app.core.catalog_import import CatalogImportRefused
from station_app.core.receiving_import import receive_file
from station_app.core.stock import stock_rows


def _note(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "delivery.csv"
    path.write_text(text, encoding=encoding)
    return path


def test_a_chinese_header_delivery_note_is_received(shop, tmp_path):
    expiry = (shop.clock.today() + timedelta(60)).isoformat()
    cola, noodles = shop.cola.barcode, shop.noodles.barcode
    note = _note(tmp_path, f"条码,数量,进价,保质期至\n{cola},24,1.80,{expiry}\n{noodles},12,3.2,\n")
    received = receive_file(shop.db, note, shop.clerk, shop.clock, supplier="县城批发部")
    assert received.rows == 2
    assert stock_of(shop.db, shop.cola.id) == 124
    row = next(r for r in stock_rows(shop.db) if r.product_id == shop.cola.id)
    assert (row.cost_fen, row.batches[0].expiry) == (180, expiry)


def test_weighed_goods_by_plu_in_grams_at_yuan_per_kg(shop, tmp_path):
    note = _note(tmp_path, "barcode,quantity,cost\n1001,25000,4.00\n", encoding="gb18030")
    receive_file(shop.db, note, None, shop.clock)
    row = next(r for r in stock_rows(shop.db) if r.product_id == shop.rice.id)
    assert (row.stock, row.cost_fen) == (125_000, 400)


def test_bad_rows_are_listed_by_line_and_nothing_is_received(shop, tmp_path):
    cola = shop.cola.barcode
    note = _note(
        tmp_path,
        f"barcode,quantity,cost,expiry\n{cola},24,1.80,\n6999999999999,1,1,\n\n"
        f"{cola},2.5,1,\n{cola},1,abc,\n{cola},1,1,2027/01/01\n",
    )
    with pytest.raises(CatalogImportRefused) as refused:
        receive_file(shop.db, note, None, shop.clock)
    problems = refused.value.problems
    assert [p.line for p in problems] == [3, 5, 6, 7]
    assert "不在商品库中" in problems[0].reason_zh
    assert "whole number" in problems[1].reason_en
    assert problems[2].reason_zh.startswith("进价")
    assert "YYYY-MM-DD" in problems[3].reason_en
    assert stock_of(shop.db, shop.cola.id) == 100


def test_a_header_without_the_cost_column_is_refused(shop, tmp_path):
    note = _note(tmp_path, "barcode,quantity\n690,1\n")
    with pytest.raises(CatalogImportRefused, match="cost"):
        receive_file(shop.db, note, None, shop.clock)
