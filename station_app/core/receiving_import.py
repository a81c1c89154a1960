"""A supplier's delivery note as CSV, received all lines or none (`receive FILE`).

Columns `barcode,quantity,cost,expiry` (or 条码,数量,进价,保质期至): quantity in units, or
grams for weighed goods; cost in yuan per unit, or per kg for weighed goods; expiry
`YYYY-MM-DD`, optional. Rows are checked like `import-catalog`'s, every bad row reported
with its line number, and nothing is stored unless every row is good.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from station_app.core.catalog import product_by_plu
from station_app.core.catalog_import import (
    MAX_ROWS,
    CatalogImportRefused,
    RowProblem,
    check_file_size,
    csv_cells,
    raise_if_any,
)
from station_app.core.clock import Clock
from station_app.core.errors import InputRefused
from station_app.core.money import parse_decimal_yuan
from station_app.core.operators import Operator
from station_app.core.stock import ReceiveLine, ReceiveReport, check_receive_line, receive_stock
from station_app.storage.sqlite_wrapper import Database

COLUMNS = ("barcode", "quantity", "cost", "expiry")
REQUIRED = ("barcode", "quantity", "cost")
HEADER_ALIASES = {"条码": "barcode", "数量": "quantity", "进价": "cost", "保质期至": "expiry"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class ReceivedFile:
    """What `receive FILE` stored: the receiving and the rows it came from."""

    report: ReceiveReport
    rows: int


def receive_file(
    db: Database, path: Path, operator: Operator | None, clock: Clock, *, supplier: str = ""
) -> ReceivedFile:
    """Check every row of the delivery note, then receive all of them as one delivery.

    Raises:
        CatalogImportRefused: the file is unreadable or malformed, or some rows are bad
            (all listed in `.problems`, by line); nothing was received.
    """
    rows = _rows(path)
    lines: list[ReceiveLine] = []
    problems: list[RowProblem] = []
    today = clock.today()
    for line_no, cells in rows:
        try:
            line = _parse(db, cells)
            check_receive_line(db, line, today)
        except InputRefused as error:
            problems.append(RowProblem(line_no, error.zh, error.en))
            continue
        lines.append(line)
    raise_if_any(problems)
    report = receive_stock(db, lines, operator, clock, supplier=supplier)
    return ReceivedFile(report, len(lines))


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    if path.suffix.lower() != ".csv":
        raise CatalogImportRefused(
            f"进货单须是 .csv 文件，不是“{path.suffix}”",
            f"The delivery note must be .csv, not '{path.suffix}'",
        )
    check_file_size(path)
    table = csv_cells(path)
    header = next(table, None) or []
    positions: dict[str, int] = {}
    for i, title in enumerate(header):
        key = title.strip().lower()
        key = HEADER_ALIASES.get(key, key)
        if key in COLUMNS:
            positions.setdefault(key, i)
    missing = [c for c in REQUIRED if c not in positions]
    if missing:
        raise CatalogImportRefused(
            f"表头缺少必需的列：{', '.join(missing)}（第 1 行须为 条码,数量,进价,保质期至）",
            f"Header lacks required columns: {', '.join(missing)} "
            "(line 1 needs barcode,quantity,cost,expiry)",
        )
    rows: list[tuple[int, dict[str, str]]] = []
    for line_no, cells in enumerate(table, start=2):
        if not any(cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise CatalogImportRefused(
                f"文件超过 {MAX_ROWS:,} 行，请分成几个文件", f"File has over {MAX_ROWS:,} rows"
            )
        rows.append(
            (line_no, {c: cells[i] if i < len(cells) else "" for c, i in positions.items()})
        )
    if not rows:
        raise CatalogImportRefused("进货单里没有商品行", "The delivery note has no lines")
    return rows


def _parse(db: Database, cells: dict[str, str]) -> ReceiveLine:
    code = cells["barcode"]
    if not code:
        raise InputRefused("条码不能为空", "Barcode is missing")
    found = db.execute(
        "SELECT p.id FROM product_barcodes b JOIN products p ON p.id = b.product_id "
        "WHERE b.barcode = ? AND p.active = 1",
        [code],
    ).fetchone()
    product_id = found[0] if found else None
    if product_id is None and code.isdigit() and len(code) <= 5:
        by_plu = product_by_plu(db, code)
        product_id = by_plu.id if by_plu else None
    if product_id is None:
        raise InputRefused(
            f"条码 {code} 不在商品库中，请先添加这个商品",
            f"Barcode {code} is not in the catalog; add the product first",
        )
    quantity_text = cells["quantity"]
    if not quantity_text.isdigit():
        raise InputRefused(
            f"数量须为整数（称重商品按克计）：“{quantity_text}”",
            f"Quantity must be a whole number (grams if weighed), not '{quantity_text}'",
        )
    if not cells["cost"]:
        raise InputRefused("进价不能为空", "Cost is missing")
    try:
        cost_fen = parse_decimal_yuan(cells["cost"], field=("进价", "Cost"))
    except InputRefused as error:
        raise InputRefused(f"进价：{error.zh}", f"cost: {error.en}") from None
    return ReceiveLine(product_id, int(quantity_text), cost_fen, _expiry(cells.get("expiry", "")))


def _expiry(text: str) -> date | None:
    if not text:
        return None
    try:
        if not _DATE.match(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise InputRefused(
            f"保质期至须为 YYYY-MM-DD 格式的日期，如 2027-06-30：“{text}”",
            f"Expiry must be a date as YYYY-MM-DD, like 2027-06-30, not '{text}'",
        ) from None
