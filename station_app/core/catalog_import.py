"""Bulk import of the product catalog from a CSV or Excel file, all rows or none.

The row format (columns, Chinese headers, yes/no words, yuan prices) is the protocol's
`village_protocol.catalog`, which the hub's publish-catalog reads by too.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import warnings
import zipfile
from collections.abc import Generator, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from station_app.core.audit import record_audit
from station_app.core.catalog import NewProduct, upsert_product, validate_new_product
from station_app.core.clock import Clock
from station_app.core.errors import InputRefused
from station_app.core.money import parse_decimal_yuan
from station_app.paths import resource_path
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction
from village_protocol.catalog import (
    BARCODE_SEPARATOR,
    MAX_BARCODE,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    column_positions,
    weighed_word,
)

MAX_ROWS = 200_000
MAX_BYTES = 20 * 1024 * 1024
# Longer than any field the catalog keeps (names 40, barcodes 32 each): a longer cell is
# a pasted paragraph or a broken file, refused before it reaches the database.
MAX_CELL_CHARS = 200
MAX_BARCODES = 20
PROBLEMS_IN_MESSAGE = 5
DEMO_CATALOG = "demo/catalog.csv"

_COLUMN_NAMES_ZH = {
    "barcode": "条码",
    "name": "名称",
    "unit": "单位",
    "price": "价格",
    "category": "分类",
    "weighed": "称重",
    "plu": "PLU",
    "stock": "库存",
}
# Besides C0/C1 controls (NUL, tab, newline…): the bidirectional overrides, which make a
# name print or show in another order than it is stored, and the line separators.
_INVISIBLE = {
    "\u2028",
    "\u2029",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
}


@dataclass(frozen=True)
class RowProblem:
    """Why one row of the file was refused; `line` is the row number a spreadsheet shows."""

    line: int
    reason_zh: str
    reason_en: str


@dataclass(frozen=True)
class ImportReport:
    """What an import did: rows read, products created, existing products changed."""

    created: int
    updated: int
    rows: int

    @property
    def unchanged(self) -> int:
        """Rows that matched an existing product exactly."""
        return self.rows - self.created - self.updated


class CatalogImportRefused(InputRefused):
    """The file was refused and nothing was imported; `problems` lists every bad row."""

    def __init__(self, zh: str, en: str, problems: list[RowProblem] | None = None) -> None:
        super().__init__(zh, en)
        self.problems: list[RowProblem] = problems or []


@dataclass
class _Row:
    line: int
    item: NewProduct
    target_id: str | None = None
    barcodes_owned: set[str] = field(default_factory=set)


def import_catalog(db: Database, path: Path, operator_id: str | None, clock: Clock) -> ImportReport:
    """Check every row of a .csv or .xlsx catalog, then import all of them in one transaction.

    Existing products are matched by barcode (then PLU) and updated; their stock is left
    alone, so importing the same file twice changes nothing.

    Raises:
        CatalogImportRefused: the file is unreadable, too big or malformed, or some rows are
            bad (all listed in `.problems`); nothing was imported.
    """
    items, problems = _parse_rows(list(_read_table(path)))
    at = clock.stamp()
    with write_transaction(db):
        problems += _resolve_targets(db, items)
        raise_if_any(sorted(problems, key=lambda p: p.line))
        created = updated = 0
        for row in items:
            if row.target_id is not None and _unchanged(db, row):
                continue
            _, is_new = upsert_product(db, row.item, at)
            created += is_new
            updated += not is_new
        report = ImportReport(created=created, updated=updated, rows=len(items))
        record_audit(
            db,
            at=at,
            operator_id=operator_id,
            action="catalog.imported",
            detail={
                "file": path.name,
                "rows": report.rows,
                "created": created,
                "updated": updated,
                "unchanged": report.unchanged,
            },
        )
    return report


def seed_demo_catalog(db: Database, clock: Clock) -> ImportReport:
    """Import the bundled demo catalog (about 400 typical village-shop products)."""
    return import_catalog(db, resource_path(DEMO_CATALOG), None, clock)


def _read_table(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (spreadsheet line, cells by column name) for each non-blank data row."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise CatalogImportRefused(
            f"不支持的文件类型“{path.suffix}”，请选择 .csv 或 .xlsx 文件",
            f"Unsupported file type '{path.suffix}'; choose a .csv or .xlsx file",
        )
    check_file_size(path)
    table = csv_cells(path) if suffix == ".csv" else _xlsx_cells(path)
    # closing() releases the workbook even when a refusal stops the reading half-way.
    with closing(table):
        header = next(table, None)
        if header is None:
            raise CatalogImportRefused("文件是空的", "The file is empty")
        columns = _columns(header)
        found = 0
        for line, cells in enumerate(table, start=2):
            if not any(cells):
                continue
            found += 1
            if found > MAX_ROWS:
                raise CatalogImportRefused(
                    f"文件超过 {MAX_ROWS:,} 行，请分成几个文件导入",
                    f"File has over {MAX_ROWS:,} rows; split it into parts",
                )
            yield line, {name: cells[i] if i < len(cells) else "" for name, i in columns.items()}
    if found == 0:
        raise CatalogImportRefused("文件里没有商品行", "The file has a header but no products")


def check_file_size(path: Path) -> None:
    """Refuse a file that is missing, empty or too big to be a catalog or delivery note.

    Shared with the delivery-note import (`receiving_import`).
    """
    try:
        size = path.stat().st_size
    except OSError:
        raise CatalogImportRefused(f"找不到文件：{path}", f"File not found: {path}") from None
    if size == 0:
        raise CatalogImportRefused("文件是空的", "The file is empty")
    if size > MAX_BYTES:
        raise CatalogImportRefused(
            f"文件超过 {MAX_BYTES // 1024 // 1024} MB，请分成几个文件导入",
            f"File is over {MAX_BYTES // 1024 // 1024} MB; split it into parts",
        )


def _columns(header: list[str]) -> dict[str, int]:
    positions = column_positions(header, REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
    missing = [c for c in REQUIRED_COLUMNS if c not in positions]
    if missing:
        names = ", ".join(missing)
        raise CatalogImportRefused(
            f"表头缺少必需的列：{names}（第 1 行须包含 barcode,name,unit,price）",
            f"Header lacks required columns: {names} (line 1 needs barcode,name,unit,price)",
        )
    return positions


def csv_cells(path: Path) -> Generator[list[str], None, None]:
    """The rows of a CSV file in UTF-8 (with or without BOM) or GB18030, as text cells.

    Shared with the delivery-note import (`receiving_import`), which reads the same files.
    """
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Chinese Windows saves "CSV" in the ANSI code page, i.e. GBK.
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise CatalogImportRefused(
                "无法识别文件编码，请另存为 UTF-8 的 CSV",
                "Unknown text encoding; save the CSV as UTF-8",
            ) from None
    try:
        for record in csv.reader(io.StringIO(text, newline="")):
            yield [cell.strip() for cell in record]
    except csv.Error as error:
        raise CatalogImportRefused(
            f"CSV 文件格式有误：{error}", f"Malformed CSV file: {error}"
        ) from None


def _xlsx_cells(path: Path) -> Generator[list[str], None, None]:
    # Imported here, not at the top: the counter's start-up imports this module (the demo
    # catalog, the stock page) and openpyxl alone would add a tenth of a second to it.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # Sheets saved by WPS and other tools trigger harmless style warnings.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        raise CatalogImportRefused(
            "无法打开这个 Excel 文件，请确认是 .xlsx 格式",
            "Cannot open this Excel file; is it really .xlsx?",
        ) from None
    try:
        if not book.worksheets:
            return
        for record in book.worksheets[0].iter_rows(values_only=True):
            yield [_cell_text(value) for value in record]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Excel stores a barcode typed as a number as a float; 6.901939621257e12 -> digits.
        return str(int(value))
    return str(value).strip()


def _parse_rows(rows: list[tuple[int, dict[str, str]]]) -> tuple[list[_Row], list[RowProblem]]:
    """Validate each row's fields and refuse codes repeated across rows."""
    parsed: list[_Row] = []
    problems: list[RowProblem] = []
    first_line_of_code: dict[str, int] = {}
    first_line_of_plu: dict[str, int] = {}
    for line, cells in rows:
        try:
            item = _parse_item(cells)
            for code in item.barcodes:
                _refuse_repeat(first_line_of_code, code, line, "条码", "barcode")
            if item.plu is not None:
                _refuse_repeat(first_line_of_plu, item.plu, line, "PLU", "PLU")
        except InputRefused as error:
            problems.append(RowProblem(line, error.zh, error.en))
            continue
        parsed.append(_Row(line, item))
    return parsed, problems


def _refuse_repeat(seen: dict[str, int], key: str, line: int, zh: str, en: str) -> None:
    if key in seen:
        raise InputRefused(
            f"{zh} {key} 与第 {seen[key]} 行重复", f"{en} {key} repeats line {seen[key]}"
        )
    seen[key] = line


def _check_cells(cells: dict[str, str]) -> None:
    """Refuse a cell too long or with a control character, naming its column."""
    for column, text in cells.items():
        zh = _COLUMN_NAMES_ZH.get(column, column)
        limit = MAX_BARCODES * (MAX_BARCODE + 1) if column == "barcode" else MAX_CELL_CHARS
        if len(text) > limit:
            raise InputRefused(
                f"{zh}一栏超过 {limit} 个字符，请检查这一行",
                f"{column} is over {limit} characters; check this row",
            )
        bad = next(
            (c for c in text if c in _INVISIBLE or unicodedata.category(c) in ("Cc", "Cs")), None
        )
        if bad is not None:
            raise InputRefused(
                f"{zh}一栏含有控制字符 U+{ord(bad):04X}，请删除后重新导入",
                f"{column} contains the control character U+{ord(bad):04X}; "
                "remove it and import again",
            )
    if cells["barcode"].count(BARCODE_SEPARATOR) >= MAX_BARCODES:
        raise InputRefused(
            f"一个商品最多 {MAX_BARCODES} 个条码",
            f"A product can have at most {MAX_BARCODES} barcodes",
        )


def _parse_item(cells: dict[str, str]) -> NewProduct:
    _check_cells(cells)
    if "E+" in cells["barcode"].upper():
        raise InputRefused(
            "条码被 Excel 改成了科学计数法，请把条码列设为“文本”后重新保存",
            "Excel turned the barcode into 6.9E+12 form; format the column as text",
        )
    if not cells["price"]:
        raise InputRefused("价格不能为空", "Price is missing")
    try:
        price_fen = parse_decimal_yuan(cells["price"], field=("价格", "Price"))
    except InputRefused as error:
        raise InputRefused(f"价格：{error.zh}", f"price: {error.en}") from None
    return validate_new_product(
        NewProduct(
            name=cells["name"],
            unit=cells["unit"],
            price_fen=price_fen,
            barcodes=tuple(cells["barcode"].split(BARCODE_SEPARATOR)),
            is_weighed=_parse_weighed(cells.get("weighed", "")),
            plu=cells.get("plu") or None,
            category=cells.get("category") or None,
            initial_stock=_parse_stock(cells.get("stock", "")),
        )
    )


def _parse_weighed(text: str) -> bool:
    weighed = weighed_word(text)
    if weighed is not None:
        return weighed
    raise InputRefused(
        f"称重一栏只能填 1/0 或 是/否：“{text}”", f"weighed must be 1/0 or yes/no, not '{text}'"
    )


def _parse_stock(text: str) -> int:
    if not text:
        return 0
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise InputRefused(
            f"库存须为整数（称重商品按克计）：“{text}”",
            f"Stock must be a whole number (grams if weighed), not '{text}'",
        )
    if amount < 0:
        raise InputRefused("初始库存不能为负数", "Initial stock cannot be negative")
    return int(amount)


def _resolve_targets(db: Database, rows: list[_Row]) -> list[RowProblem]:
    """Find which product each row updates; rows that would merge or steal products are bad."""
    problems: list[RowProblem] = []
    first_line_of_target: dict[str, int] = {}
    for row in rows:
        try:
            _resolve_target(db, row)
        except InputRefused as error:
            problems.append(RowProblem(row.line, error.zh, error.en))
            continue
        if row.target_id is None:
            continue
        earlier = first_line_of_target.setdefault(row.target_id, row.line)
        if earlier != row.line:
            # Otherwise the later row would silently overwrite the earlier one.
            problems.append(
                RowProblem(
                    row.line,
                    f"与第 {earlier} 行是商品库中的同一个商品（条码或 PLU 相同）",
                    f"Same catalog product as line {earlier} (shared barcode or PLU)",
                )
            )
    return problems


def _resolve_target(db: Database, row: _Row) -> None:
    item = row.item
    owners: dict[str, str] = {}
    for code in item.barcodes:
        found = db.execute(
            "SELECT product_id FROM product_barcodes WHERE barcode = ?", [code]
        ).fetchone()
        if found:
            owners[code] = found[0]
    if len(set(owners.values())) > 1:
        codes = "、".join(owners)
        raise InputRefused(
            f"条码 {codes} 在商品库中属于不同的商品",
            f"Barcodes {codes} belong to different products in the catalog",
        )
    plu_owner = None
    if item.plu is not None:
        found = db.execute("SELECT id FROM products WHERE plu = ?", [item.plu]).fetchone()
        plu_owner = found[0] if found else None
    target = next(iter(owners.values()), None)
    if target is not None and plu_owner not in (None, target):
        raise InputRefused(
            f"PLU {item.plu} 已属于其他商品", f"PLU {item.plu} belongs to another product"
        )
    row.target_id = target or plu_owner
    row.barcodes_owned = set(owners)


def _unchanged(db: Database, row: _Row) -> bool:
    item = row.item
    current = db.execute(
        "SELECT p.name, p.unit, p.price_fen, p.is_weighed, p.plu, c.name, p.active "
        "FROM products p LEFT JOIN categories c ON c.id = p.category_id WHERE p.id = ?",
        [row.target_id],
    ).fetchone()
    wanted = (
        item.name,
        item.unit,
        item.price_fen,
        int(item.is_weighed),
        item.plu,
        item.category,
        1,
    )
    return tuple(current) == wanted and row.barcodes_owned == set(item.barcodes)


def raise_if_any(problems: list[RowProblem]) -> None:
    """Refuse the whole file when any row is bad, naming the first of them by line."""
    if not problems:
        return
    shown = problems[:PROBLEMS_IN_MESSAGE]
    more_zh = "；……" if len(problems) > len(shown) else ""
    more_en = "; …" if len(problems) > len(shown) else ""
    raise CatalogImportRefused(
        f"有 {len(problems)} 行有错误，没有导入任何商品。"
        + "；".join(f"第 {p.line} 行：{p.reason_zh}" for p in shown)
        + more_zh,
        f"{len(problems)} rows are wrong; nothing was imported. "
        + "; ".join(f"line {p.line}: {p.reason_en}" for p in shown)
        + more_en,
        problems,
    )
