"""Catalog import from CSV and Excel: all rows or none, idempotent, demo data sane."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlite_utils import Database

from station_app.core.barcodes import is_valid_ean13, make_ean13
from station_app.core.catalog import find_by_code, search_products, stock_of
from station_app.core.catalog_import import (
    MAX_BYTES,
    MAX_ROWS,
    CatalogImportRefused,
    import_catalog,
    seed_demo_catalog,
)
from station_app.core.clock import Clock
from station_app.paths import resource_path
from tests.helpers import count

HEADER = ["barcode", "name", "unit", "price", "category", "weighed", "plu", "stock"]
COLA = make_ean13("690193900001")
CHIPS = make_ean13("690193900002")
SOAP = make_ean13("690193900003")


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


def good_rows() -> list[list[str]]:
    return [
        [COLA, "可口可乐 500ml", "瓶", "3.00", "饮料", "0", "", "24"],
        [CHIPS, "乐事薯片原味 70g", "袋", "7.5", "零食", "否", "", "10"],
        ["", "散装大米", "kg", "5.60", "粮油", "1", "1001", "50000"],
        [SOAP, "舒肤佳香皂 115g", "块", "5.50", "洗护", "", "", ""],
    ]


def product_id_of(db: Database, code: str) -> str:
    return find_by_code(db, code, {}).product.id


def refusal(db: Database, path: Path, clock: Clock) -> CatalogImportRefused:
    with pytest.raises(CatalogImportRefused) as caught:
        import_catalog(db, path, None, clock)
    return caught.value


def test_demo_catalog_is_large_valid_and_imports(db: Database, clock: Clock) -> None:
    report = seed_demo_catalog(db, clock)

    assert report.rows >= 320
    assert report.created == report.rows and report.updated == 0
    assert count(db, "products") >= 300
    codes = [r[0] for r in db.execute("SELECT barcode FROM product_barcodes")]
    assert len(codes) >= 300
    assert all(is_valid_ean13(c) and "690" <= c[:3] <= "699" for c in codes)
    weighed = db.execute(
        "SELECT count(*) FROM products WHERE is_weighed = 1 AND plu IS NOT NULL"
    ).fetchone()[0]
    assert weighed >= 15
    assert count(db, "categories") >= 10


def test_demo_csv_has_unique_names_and_barcodes() -> None:
    with resource_path("demo/catalog.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = [r["name"] for r in rows]
    codes = [c for r in rows for c in r["barcode"].split("|") if c]
    assert len(names) == len(set(names))
    assert len(codes) == len(set(codes))
    assert any("|" in r["barcode"] for r in rows)
    assert all(len(n) <= 40 for n in names)


def test_demo_search_finds_cola_by_initials_name_and_pinyin(db: Database, clock: Clock) -> None:
    seed_demo_catalog(db, clock)

    for query in ("kkkl", "可乐", "kele"):
        names = [p.name for p in search_products(db, query)]
        assert any("可口可乐" in name for name in names), query


def test_demo_barcode_resolves_with_find_by_code(db: Database, clock: Clock) -> None:
    seed_demo_catalog(db, clock)
    with resource_path("demo/catalog.csv").open(encoding="utf-8", newline="") as handle:
        first = next(csv.DictReader(handle))

    for code in first["barcode"].split("|"):
        assert find_by_code(db, code, {}).product.name == first["name"]


def test_bad_rows_are_all_reported_and_nothing_is_imported(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    rows = good_rows()
    rows.insert(1, [make_ean13("690193900009"), "坏价格", "瓶", "3.999", "", "", "", ""])
    rows.append([make_ean13("690193900010"), "没有单位", "", "2.00", "", "", "", ""])
    path = write_csv(tmp_path / "bad.csv", rows)

    error = refusal(db, path, clock)

    assert [p.line for p in error.problems] == [3, 7]
    assert "第 3 行" in error.zh and "line 7" in error.en
    assert all(p.reason_zh and p.reason_en for p in error.problems)
    assert count(db, "products") == 0
    assert count(db, "audit_log") == 0


def test_second_import_changes_nothing(db: Database, clock: Clock, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "goods.csv", good_rows())
    first = import_catalog(db, path, None, clock)
    moves = count(db, "stock_moves")
    stamps = list(db.execute("SELECT id, updated_at FROM products ORDER BY id"))

    second = import_catalog(db, path, None, clock)

    assert (first.created, first.updated, first.rows) == (4, 0, 4)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 4)
    assert count(db, "products") == 4
    assert count(db, "stock_moves") == moves
    assert stock_of(db, product_id_of(db, COLA)) == 24
    assert stock_of(db, product_id_of(db, "1001")) == 50000
    assert list(db.execute("SELECT id, updated_at FROM products ORDER BY id")) == stamps


def test_reimport_with_new_price_updates_price_not_stock(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    import_catalog(db, write_csv(tmp_path / "a.csv", good_rows()), None, clock)
    rows = good_rows()
    rows[0][3] = "3.50"
    rows[0][7] = "999"

    report = import_catalog(db, write_csv(tmp_path / "b.csv", rows), "op-1", clock)

    cola = find_by_code(db, COLA, {}).product
    assert (report.created, report.updated) == (0, 1)
    assert cola.price_fen == 350
    assert stock_of(db, cola.id) == 24


def test_import_writes_one_audit_row(db: Database, clock: Clock, tmp_path: Path) -> None:
    import_catalog(db, write_csv(tmp_path / "goods.csv", good_rows()), "op-1", clock)

    rows = list(db.execute("SELECT action, operator_id, detail FROM audit_log"))
    assert len(rows) == 1
    action, operator, detail = rows[0]
    assert (action, operator) == ("catalog.imported", "op-1")
    assert json.loads(detail)["created"] == 4


def test_gb18030_csv_from_chinese_excel(db: Database, clock: Clock, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "gbk.csv", good_rows(), encoding="gb18030")

    report = import_catalog(db, path, None, clock)

    assert report.created == 4
    assert find_by_code(db, COLA, {}).product.name == "可口可乐 500ml"


def test_utf8_with_bom(db: Database, clock: Clock, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bom.csv", good_rows(), encoding="utf-8-sig")

    assert import_catalog(db, path, None, clock).created == 4


def test_xlsx_with_numeric_cells(db: Database, clock: Clock, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "barcode", "price", "unit", "weighed", "plu", "stock"])
    sheet.append(["可口可乐 500ml", int(COLA), 3, "瓶", 0, None, 24])
    sheet.append(["乐事薯片原味 70g", CHIPS, 7.5, "袋", None, None, None])
    sheet.append([None, None, None, None, None, None, None])
    sheet.append(["鸡蛋", None, 11.0, "kg", 1, 1002, 30000])
    path = tmp_path / "goods.xlsx"
    book.save(path)

    report = import_catalog(db, path, None, clock)

    assert (report.created, report.rows) == (3, 3)
    assert find_by_code(db, COLA, {}).product.price_fen == 300
    eggs = find_by_code(db, "1002", {}).product
    assert eggs.is_weighed and eggs.price_fen == 1100
    assert stock_of(db, eggs.id) == 30000


def test_several_barcodes_on_one_row(db: Database, clock: Clock, tmp_path: Path) -> None:
    promo = make_ean13("690193900099")
    rows = good_rows()
    rows[0][0] = f"{COLA}|{promo}"

    import_catalog(db, write_csv(tmp_path / "goods.csv", rows), None, clock)

    assert product_id_of(db, COLA) == product_id_of(db, promo)


def test_duplicate_barcode_within_file_refused(db: Database, clock: Clock, tmp_path: Path) -> None:
    rows = good_rows()
    rows.append([COLA, "可口可乐 促销装", "瓶", "2.80", "", "", "", ""])

    error = refusal(db, write_csv(tmp_path / "dup.csv", rows), clock)

    assert [p.line for p in error.problems] == [6]
    assert "第 2 行" in error.problems[0].reason_zh
    assert count(db, "products") == 0


def test_duplicate_plu_within_file_refused(db: Database, clock: Clock, tmp_path: Path) -> None:
    rows = good_rows()
    rows.append(["", "散装面粉", "kg", "4.80", "", "1", "1001", ""])

    error = refusal(db, write_csv(tmp_path / "dup.csv", rows), clock)

    assert [p.line for p in error.problems] == [6]


def test_row_joining_two_existing_products_refused(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    import_catalog(db, write_csv(tmp_path / "a.csv", good_rows()), None, clock)
    merge = [[f"{COLA}|{CHIPS}", "可乐薯片", "个", "9.00", "", "", "", ""]]

    error = refusal(db, write_csv(tmp_path / "b.csv", merge), clock)

    assert [p.line for p in error.problems] == [2]
    assert find_by_code(db, CHIPS, {}).product.name == "乐事薯片原味 70g"


@pytest.mark.parametrize(
    ("row", "needle"),
    [
        ([COLA, "可口可乐", "瓶", "1000000.01", "", "", "", ""], "上限"),
        ([COLA, "可口可乐", "瓶", "3.00", "", "", "", "-5"], "负数"),
        ([COLA, "可" * 41, "瓶", "3.00", "", "", "", ""], "名称"),
        ([COLA, "可口可乐", "瓶", "3.00", "", "也许", "", ""], "称重"),
        ([COLA, "可口可乐", "瓶", "3.00", "", "", "", "2.5"], "整数"),
        ([COLA, "可口可乐", "瓶", "", "", "", "", ""], "价格"),
        (["", "散装白糖", "kg", "8.00", "", "1", "", ""], "PLU"),
    ],
)
def test_bad_values_refused(
    db: Database, clock: Clock, tmp_path: Path, row: list[str], needle: str
) -> None:
    error = refusal(db, write_csv(tmp_path / "one.csv", [row]), clock)

    assert len(error.problems) == 1
    assert needle in error.problems[0].reason_zh
    assert count(db, "products") == 0


def test_missing_required_column_refused(db: Database, clock: Clock, tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("barcode,name,price\n6901939000013,可乐,3\n", encoding="utf-8")

    error = refusal(db, path, clock)

    assert "unit" in error.zh and "unit" in error.en


def test_optional_columns_may_be_missing(db: Database, clock: Clock, tmp_path: Path) -> None:
    path = tmp_path / "minimal.csv"
    path.write_text(f"name,price,unit,barcode\n可口可乐 500ml,3,瓶,{COLA}\n", encoding="utf-8")

    assert import_catalog(db, path, None, clock).created == 1
    assert stock_of(db, product_id_of(db, COLA)) == 0


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("empty.csv", b"", "空"),
        ("header-only.csv", b"barcode,name,unit,price\n", "没有商品"),
        ("goods.txt", b"barcode,name,unit,price\n", ".txt"),
        ("broken.xlsx", b"not a zip file", "Excel"),
    ],
)
def test_unusable_files_refused(
    db: Database, clock: Clock, tmp_path: Path, name: str, content: bytes, needle: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)

    assert needle in refusal(db, path, clock).zh


def test_too_many_rows_refused(db: Database, clock: Clock, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    lines = ["barcode,name,unit,price"] + [f"{i},商品{i},个,1" for i in range(MAX_ROWS + 1)]
    path.write_text("\n".join(lines), encoding="utf-8")

    assert "200,000" in refusal(db, path, clock).zh
    assert count(db, "products") == 0


def test_too_big_file_refused(db: Database, clock: Clock, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)

    assert "MB" in refusal(db, path, clock).zh


def test_field_and_catalog_problems_reported_together(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    import_catalog(db, write_csv(tmp_path / "a.csv", good_rows()), None, clock)
    rows = [
        [f"{COLA}|{CHIPS}", "可乐薯片", "个", "9.00", "", "", "", ""],
        [make_ean13("690193900011"), "", "个", "1.00", "", "", "", ""],
    ]

    error = refusal(db, write_csv(tmp_path / "b.csv", rows), clock)

    assert [p.line for p in error.problems] == [2, 3]


def test_barcode_mangled_by_excel_gets_a_hint(db: Database, clock: Clock, tmp_path: Path) -> None:
    rows = [["6.90194E+12", "可口可乐 500ml", "瓶", "3.00", "", "", "", ""]]

    error = refusal(db, write_csv(tmp_path / "sci.csv", rows), clock)

    assert "科学计数法" in error.problems[0].reason_zh


@pytest.mark.parametrize(
    ("column", "text", "code"),
    [
        (1, "可口\x00可乐", "U+0000"),
        (1, "可口可乐\n500ml", "U+000A"),
        (2, "瓶\x1b", "U+001B"),
        (4, "饮\u202e料", "U+202E"),
    ],
)
def test_control_characters_in_a_cell_refuse_the_row_and_import_nothing(
    db: Database, clock: Clock, tmp_path: Path, column: int, text: str, code: str
) -> None:
    rows = good_rows()
    rows[1][column] = text
    refused = refusal(db, write_csv(tmp_path / "goods.csv", rows), clock)

    assert [(p.line, code in p.reason_en) for p in refused.problems] == [(3, True)]
    assert HEADER[column] in refused.problems[0].reason_en
    assert count(db, "products") == 0


def test_an_oversized_cell_or_too_many_barcodes_refuse_the_row(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    rows = good_rows()
    rows[0][4] = "饮料" * 200
    rows[1][0] = "|".join(f"X{n}" for n in range(21))
    refused = refusal(db, write_csv(tmp_path / "goods.csv", rows), clock)

    assert [p.line for p in refused.problems] == [2, 3]
    assert "over 200 characters" in refused.problems[0].reason_en
    assert "at most 20 barcodes" in refused.problems[1].reason_en
    assert count(db, "products") == 0
