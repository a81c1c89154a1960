"""Publishing a catalog CSV to stations as `product.upsert` and `price.change` changes.

The file has the station's catalog format (`resources/demo/catalog.csv`), read by the
rules of `village_protocol.catalog` that the station's import uses too: header
`barcode,name,unit,price,category,weighed,plu` or its Chinese words (a `stock` column is
ignored: stock is each station's own), price in yuan, several barcodes separated by `|`.
Each change is checked against the protocol's shapes before it is queued.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from county_hub.storage import ALL_STATIONS, HubStore
from county_hub.storage.console_audit import AuditNote
from village_protocol.catalog import (
    BARCODE_SEPARATOR,
    MAX_BARCODE,
    MAX_PLU,
    MAX_PRODUCT_NAME,
    MAX_UNIT,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    STOCK_COLUMN,
    column_positions,
    normal_plu,
    weighed_word,
)
from village_protocol.changes import PRICE_CHANGE, PRODUCT_UPSERT, check_change
from village_protocol.money import MAX_PRICE_FEN, NotYuan, yuan_to_fen

MAX_FILE_BYTES = 20 * 1024 * 1024
# Stock is each station's own: a `stock` column is read past.
COLUMNS = REQUIRED_COLUMNS + tuple(c for c in OPTIONAL_COLUMNS if c != STOCK_COLUMN)
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
        fen = yuan_to_fen(text)
    except NotYuan as refused:
        raise ValueError(
            f"price '{text}' is not an amount in yuan"
            + (" with at most 2 decimals" if refused.decimals else "")
        ) from None
    if not 0 < fen <= MAX_PRICE_FEN:
        raise ValueError(f"price '{text}' must be above zero and at most ¥1,000,000")
    return fen


def _weighed(text: str) -> bool:
    weighed = weighed_word(text)
    if weighed is None:
        raise ValueError(f"weighed must be 1/0 or yes/no, not '{text}'")
    return weighed


def _product(cells: dict[str, str]) -> dict[str, Any]:
    """One row as `product.upsert` data, checked as the station checks its own catalog."""
    barcodes = [code.strip() for code in cells["barcode"].split(BARCODE_SEPARATOR) if code.strip()]
    for code in barcodes:
        if not (code.isascii() and code.isalnum() and len(code) <= MAX_BARCODE):
            raise ValueError(
                f"barcode '{code}' must be up to {MAX_BARCODE} letters or digits"
                " (format the column as text in Excel)"
            )
    plu = cells.get("plu", "")
    if plu and not (plu.isdigit() and len(plu) <= MAX_PLU):
        raise ValueError(f"PLU '{plu}' must be 1-{MAX_PLU} digits")
    if not barcodes and not plu:
        raise ValueError("a product needs a barcode or a PLU")
    for name, longest in (("name", MAX_PRODUCT_NAME), ("unit", MAX_UNIT)):
        if not 1 <= len(cells[name]) <= longest:
            raise ValueError(f"{name} must be 1-{longest} characters")
    category = cells.get("category", "")
    if len(category) > MAX_PRODUCT_NAME:
        raise ValueError(f"category must be at most {MAX_PRODUCT_NAME} characters")
    product = {
        "barcodes": barcodes,
        "name": cells["name"],
        "unit": cells["unit"],
        "price_fen": _price_fen(cells["price"]),
        "is_weighed": _weighed(cells.get("weighed", "")),
        # The station stores PLUs without leading zeros; send them the same way.
        "plu": normal_plu(plu) if plu else None,
        "category": category or None,
    }
    check_change(PRODUCT_UPSERT, product)
    return product


@dataclass(frozen=True)
class CatalogRows:
    """A catalog file read row by row: the products that passed and the rows refused.

    `lines` holds each product's line; `refused` (line, reason); `source` names the file
    in messages.
    """

    source: str
    products: list[dict[str, Any]]
    lines: list[int]
    refused: list[tuple[int, str]]

    def checked_products(self) -> list[dict[str, Any]]:
        """The products, when every row passed: a catalog is published whole or not at all.

        Raises:
            CatalogRefused: some rows were refused (the first five listed as
                `FILE:LINE: reason`), or there are no product rows.
        """
        if self.refused:
            problems = [f"{self.source}:{line}: {reason}" for line, reason in self.refused]
            more = (
                f" (and {len(problems) - PROBLEMS_SHOWN} more)"
                if len(problems) > PROBLEMS_SHOWN
                else ""
            )
            raise CatalogRefused("; ".join(problems[:PROBLEMS_SHOWN]) + more)
        if not self.products:
            raise CatalogRefused(f"{self.source}: the header is there but no product rows")
        return self.products


def decode_csv(raw: bytes, source: str) -> str:
    """A CSV file's text: UTF-8 (with or without BOM) or GB18030, as Excel saves them.

    Raises:
        CatalogRefused: over 20 MB, or neither encoding.
    """
    if len(raw) > MAX_FILE_BYTES:
        raise CatalogRefused(f"{source}: over {MAX_FILE_BYTES // 1024 // 1024} MB")
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves GBK
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CatalogRefused(f"{source}: unknown text encoding; save the CSV as UTF-8")


def read_catalog_rows(raw: bytes, source: str) -> CatalogRows:
    """Every row of a catalog CSV's bytes, checked one by one; `source` names the file.

    Raises:
        CatalogRefused: the file as a whole is unusable: too large, unknown encoding,
            malformed CSV, empty, or a header without the required columns.
    """
    try:
        table = [
            [cell.strip() for cell in row]
            for row in csv.reader(io.StringIO(decode_csv(raw, source), newline=""))
        ]
    except csv.Error as error:
        raise CatalogRefused(f"{source}: malformed CSV: {error}") from None
    if not table:
        raise CatalogRefused(f"{source}: the file is empty")
    columns = column_positions(table[0], COLUMNS)
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise CatalogRefused(f"{source}: the header lacks {', '.join(missing)}")
    products: list[dict[str, Any]] = []
    lines: list[int] = []
    refused: list[tuple[int, str]] = []
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
            refused.append((line, str(error)))
            continue
        products.append(product)
        lines.append(line)
    return CatalogRows(source, products, lines, refused)


def read_catalog(path: Path) -> list[dict[str, Any]]:
    """Every product row of a catalog CSV, checked; all rows or none.

    Raises:
        CatalogRefused: unreadable file, missing columns, bad or repeated rows
            (listed as `FILE:LINE: reason`).
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CatalogRefused(f"{path}: cannot read: {error.strerror}") from None
    return read_catalog_rows(raw, str(path)).checked_products()


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
        if (
            before is not None
            and not force
            and {**before, "price_fen": 0} == {**product, "price_fen": 0}
        ):
            changes.append((PRICE_CHANGE, _price_change(product)))
        else:
            changes.append((PRODUCT_UPSERT, product))
    for kind, data in changes:
        check_change(kind, data)
    return changes


@dataclass(frozen=True)
class CatalogComparison:
    """What publishing products to a scope would do, row by row, before anything is queued.

    `new`: never sent to this scope; `prices`: (before, after) differing only in price
    (a `price.change`); `changed`: (before, after) differing otherwise (a
    `product.upsert`); `unchanged`: identical to what the scope was last sent.
    """

    new: list[dict[str, Any]]
    prices: list[tuple[dict[str, Any], dict[str, Any]]]
    changed: list[tuple[dict[str, Any], dict[str, Any]]]
    unchanged: list[dict[str, Any]]


def compare_catalog(
    products: list[dict[str, Any]], sent: dict[str, dict[str, Any]]
) -> CatalogComparison:
    """Sort `products` by what `plan_changes` would queue for a scope that was `sent` these."""
    found = CatalogComparison([], [], [], [])
    for product in products:
        before = sent.get(product_key(product))
        if before is None:
            found.new.append(product)
        elif before == product:
            found.unchanged.append(product)
        elif {**before, "price_fen": 0} == {**product, "price_fen": 0}:
            found.prices.append((before, product))
        else:
            found.changed.append((before, product))
    return found


def publish_products(
    store: HubStore,
    products: list[dict[str, Any]],
    now: str,
    station_id: str | None = None,
    force: bool = False,
    by: str | None = None,
    source: str = "",
) -> PublishReport:
    """Queue the changes checked products make, for one station or all, in one transaction.

    With `by` (the operator), the publishing is in the hub's audit log (with `source`,
    the file's name, and the counts), in the same transaction.

    Raises:
        StoreError: `station_id` names no station.
    """
    changes = plan_changes(products, store.published_catalog(station_id), force)
    prices = sum(kind == PRICE_CHANGE for kind, _ in changes)
    report = PublishReport(len(products), len(changes) - prices, prices)
    audit = None
    if by is not None:
        detail = {
            "file": source,
            "rows": report.rows,
            "upserts": report.upserts,
            "price_changes": report.price_changes,
        }
        audit = AuditNote(by, "catalog.published", station_id or ALL_STATIONS, detail)
    store.queue_changes(
        changes, now, station_id, published={product_key(p): p for p in products}, audit=audit
    )
    return report


def publish_catalog(
    store: HubStore,
    path: Path,
    now: str,
    station_id: str | None = None,
    force: bool = False,
    by: str | None = None,
) -> PublishReport:
    """Queue the changes a catalog file makes, for one station or all, in one transaction.

    Raises:
        CatalogRefused: the file is bad (nothing queued).
        StoreError: `station_id` names no station.
    """
    products = read_catalog(path)
    return publish_products(store, products, now, station_id, force, by, str(path))
