"""Publishing a catalog CSV to stations as `product.upsert` and `price.change` changes.

The file has the station's catalog format (`resources/demo/catalog.csv`): header
`barcode,name,unit,price,category,weighed,plu` (a `stock` column is ignored: stock is
each station's own), price in yuan, several barcodes separated by `|`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from county_hub.storage import HubStore

MAX_FILE_BYTES = 20 * 1024 * 1024
# The station's own limits, so a published row is one every station accepts.
MAX_PRICE_FEN = 100_000_000  # ¥1,000,000
MAX_NAME = 40
MAX_UNIT = 4
MAX_BARCODE = 32
MAX_PLU = 5
REQUIRED = ("barcode", "name", "unit", "price")
OPTIONAL = ("category", "weighed", "plu")
# Chinese headers that keepers and county staff type in Excel.
HEADER_ALIASES = {"条码": "barcode", "名称": "name", "商品名称": "name", "单位": "unit",
                  "价格": "price", "售价": "price", "分类": "category", "称重": "weighed"}
TRUE_WORDS = {"1", "是", "yes", "y", "true"}
FALSE_WORDS = {"", "0", "否", "no", "n", "false"}
PROBLEMS_SHOWN = 5


class CatalogRefused(ValueError):
    """The file cannot be published; nothing was queued. The message lists the bad rows."""


@dataclass(frozen=True)
class PublishReport:
    """What a publish queued: rows read, upserts, price changes, and rows already sent."""

    rows: int
    upserts: int
    price_changes: int

    @property
    def unchanged(self) -> int:
        """Rows identical to what this scope was last sent."""
        return self.rows - self.upserts - self.price_changes


def _price_fen(text: str) -> int:
    try:
        yuan = Decimal(text.strip().lstrip("¥￥"))
    except InvalidOperation:
        raise ValueError(f"price '{text}' is not an amount in yuan") from None
    if not yuan.is_finite() or yuan != yuan.quantize(Decimal("0.01")):
        raise ValueError(f"price '{text}' is not an amount in yuan with at most 2 decimals")
    fen = int(yuan * 100)
    if not 0 < fen <= MAX_PRICE_FEN:
        raise ValueError(f"price '{text}' must be above zero and at most ¥1,000,000")
    return fen


def _weighed(text: str) -> bool:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"weighed must be 1/0 or yes/no, not '{text}'")


def _product(cells: dict[str, str]) -> dict[str, Any]:
    """One row as `product.upsert` data, checked as the station checks its own catalog."""
    barcodes = [code.strip() for code in cells["barcode"].split("|") if code.strip()]
    for code in barcodes:
        if not (code.isascii() and code.isalnum() and len(code) <= MAX_BARCODE):
            raise ValueError(f"barcode '{code}' must be up to {MAX_BARCODE} letters or digits"
                             " (format the column as text in Excel)")
    plu = cells.get("plu", "")
    if plu and not (plu.isdigit() and len(plu) <= MAX_PLU):
        raise ValueError(f"PLU '{plu}' must be 1-{MAX_PLU} digits")
    if not barcodes and not plu:
        raise ValueError("a product needs a barcode or a PLU")
    for name, longest in (("name", MAX_NAME), ("unit", MAX_UNIT)):
        if not 1 <= len(cells[name]) <= longest:
            raise ValueError(f"{name} must be 1-{longest} characters")
    category = cells.get("category", "")
    if len(category) > MAX_NAME:
        raise ValueError(f"category must be at most {MAX_NAME} characters")
    return {
        "barcodes": barcodes,
        "name": cells["name"],
        "unit": cells["unit"],
        "price_fen": _price_fen(cells["price"]),
        "is_weighed": _weighed(cells.get("weighed", "")),
        # The station stores PLUs without leading zeros; send them the same way.
        "plu": (plu.lstrip("0") or "0") if plu else None,
        "category": category or None,
    }


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CatalogRefused(f"{path}: cannot read: {error.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise CatalogRefused(f"{path}: over {MAX_FILE_BYTES // 1024 // 1024} MB")
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves GBK
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CatalogRefused(f"{path}: unknown text encoding; save the CSV as UTF-8")


def read_catalog(path: Path) -> list[dict[str, Any]]:
    """Every product row of a catalog CSV, checked; all rows or none.

    Raises:
        CatalogRefused: unreadable file, missing columns, bad or repeated rows
            (listed as `FILE:LINE: reason`).
    """
    try:
        table = [[cell.strip() for cell in row]
                 for row in csv.reader(io.StringIO(_decode(path), newline=""))]
    except csv.Error as error:
        raise CatalogRefused(f"{path}: malformed CSV: {error}") from None
    if not table:
        raise CatalogRefused(f"{path}: the file is empty")
    columns: dict[str, int] = {}
    for i, title in enumerate(table[0]):
        key = HEADER_ALIASES.get(title.strip(), title.strip().lower())
        if key in REQUIRED + OPTIONAL:
            columns.setdefault(key, i)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise CatalogRefused(f"{path}: the header lacks {', '.join(missing)}")
    products: list[dict[str, Any]] = []
    problems: list[str] = []
    first_line: dict[str, int] = {}
    for line, row in enumerate(table[1:], start=2):
        if not any(row):
            continue
        cells = {name: row[i] if i < len(row) else "" for name, i in columns.items()}
        try:
            product = _product(cells)
            keys = [f"barcode {code}" for code in product["barcodes"]]
            keys += [f"PLU {product['plu']}"] if product["plu"] else []
            for key in keys:
                if key in first_line:
                    raise ValueError(f"{key} repeats line {first_line[key]}")
                first_line[key] = line
        except ValueError as error:
            problems.append(f"{path}:{line}: {error}")
            continue
        products.append(product)
    if problems:
        more = f" (and {len(problems) - PROBLEMS_SHOWN} more)" if len(problems) > PROBLEMS_SHOWN \
            else ""
        raise CatalogRefused("; ".join(problems[:PROBLEMS_SHOWN]) + more)
    if not products:
        raise CatalogRefused(f"{path}: the header is there but no product rows")
    return products


def product_key(product: dict[str, Any]) -> str:
    """How a published row is recognised next time: its first barcode, else its PLU."""
    if product["barcodes"]:
        return f"barcode:{product['barcodes'][0]}"
    return f"plu:{product['plu']}"


def _price_change(product: dict[str, Any]) -> dict[str, Any]:
    if product["barcodes"]:
        return {"barcode": product["barcodes"][0], "price_fen": product["price_fen"]}
    return {"plu": product["plu"], "price_fen": product["price_fen"]}


def plan_changes(
    products: list[dict[str, Any]], sent: dict[str, dict[str, Any]], force: bool = False
) -> list[tuple[str, dict[str, Any]]]:
    """The changes that bring a scope from what it was `sent` to `products`.

    A row that differs only in price becomes a small `price.change`; a new or otherwise
    changed row a `product.upsert`; an identical row nothing (unless `force`).
    """
    changes: list[tuple[str, dict[str, Any]]] = []
    for product in products:
        before = sent.get(product_key(product))
        if before == product and not force:
            continue
        if before is not None and not force and {**before, "price_fen": 0} == \
                {**product, "price_fen": 0}:
            changes.append(("price.change", _price_change(product)))
        else:
            changes.append(("product.upsert", product))
    return changes


def publish_catalog(
    store: HubStore, path: Path, now: str, station_id: str | None = None, force: bool = False
) -> PublishReport:
    """Queue the changes a catalog file makes, for one station or all, in one transaction.

    Raises:
        CatalogRefused: the file is bad (nothing queued).
        StoreError: `station_id` names no station.
    """
    products = read_catalog(path)
    changes = plan_changes(products, store.published_catalog(station_id), force)
    store.queue_changes(changes, now, station_id,
                        published={product_key(p): p for p in products})
    prices = sum(kind == "price.change" for kind, _ in changes)
    return PublishReport(len(products), len(changes) - prices, prices)
