"""The product catalog: barcodes, PLUs, search, stock and the quick-add of a new product."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from station_app.core.audit import record_audit
from station_app.core.barcodes import ScaleCode, is_valid_ean13, parse_scale_code
from station_app.core.clock import Clock
from station_app.core.errors import InputRefused, NotFound
from station_app.core.ids import uuid7
from station_app.core.money import check_price
from station_app.core.search_terms import normalise_query, pinyin_of, search_terms
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction
from village_protocol.catalog import MAX_BARCODE, MAX_PLU, MAX_PRODUCT_NAME, MAX_UNIT

SEARCH_LIMIT = 20
_PREFIX_CANDIDATES = 40
_SUBSTRING_CANDIDATES = 200

_PRODUCT_COLUMNS = (
    "p.id, p.name, p.unit, p.price_fen, p.is_weighed, p.plu, c.name, "
    "(SELECT min(barcode) FROM product_barcodes b WHERE b.product_id = p.id)"
)
_PRODUCT_FROM = "products p LEFT JOIN categories c ON c.id = p.category_id"
_BY_BARCODE = (
    f"SELECT {_PRODUCT_COLUMNS} FROM product_barcodes pb JOIN products p "
    "ON p.id = pb.product_id LEFT JOIN categories c ON c.id = p.category_id "
    "WHERE pb.barcode = ? AND p.active = 1"
)


@dataclass(frozen=True)
class Product:
    """A sellable item. Weighed goods have `price_fen` per kg; counted goods per unit."""

    id: str
    name: str
    unit: str
    price_fen: int
    is_weighed: bool
    plu: str | None
    category: str | None
    barcode: str | None


@dataclass(frozen=True)
class ScanHit:
    """What a scanned or typed code resolved to; scale labels add a weight or a price."""

    product: Product
    scale: ScaleCode | None = None


@dataclass(frozen=True)
class NewProduct:
    """Fields of a product as entered or imported; validated by `validate_new_product`."""

    name: str
    unit: str
    price_fen: int
    barcodes: tuple[str, ...] = ()
    is_weighed: bool = False
    plu: str | None = None
    category: str | None = None
    initial_stock: int = 0


def _product(row: tuple) -> Product:  # type: ignore[type-arg]
    return Product(row[0], row[1], row[2], row[3], bool(row[4]), row[5], row[6], row[7])


def validate_new_product(item: NewProduct) -> NewProduct:
    """Normalise and check a product's fields; raises InputRefused naming the bad field.

    The field lengths are the protocol's (`village_protocol.catalog`), so a product the
    hub publishes is one this catalog takes.
    """
    name, unit = item.name.strip(), item.unit.strip()
    if not 1 <= len(name) <= MAX_PRODUCT_NAME:
        raise InputRefused(
            f"商品名称须为 1 到 {MAX_PRODUCT_NAME} 个字",
            f"Name must be 1 to {MAX_PRODUCT_NAME} chars",
        )
    if not 1 <= len(unit) <= MAX_UNIT:
        raise InputRefused(f"单位须为 1 到 {MAX_UNIT} 个字", f"Unit must be 1 to {MAX_UNIT} chars")
    check_price(item.price_fen, field=("价格", "Price"))
    if item.price_fen == 0:
        raise InputRefused("价格不能为 0", "Price cannot be zero")
    barcodes = tuple(b.strip() for b in item.barcodes if b.strip())
    for code in barcodes:
        if not (code.isascii() and code.isalnum() and len(code) <= MAX_BARCODE):
            raise InputRefused(
                f"条码“{code}”只能是字母数字，最多 {MAX_BARCODE} 位",
                f"Barcode '{code}' must be up to {MAX_BARCODE} letters/digits",
            )
        if len(code) == 13 and code.isdigit() and not is_valid_ean13(code):
            # A 13-digit code whose check digit fails is a typing slip, not a real product.
            raise InputRefused(
                f"条码 {code} 校验位不对，请核对", f"Barcode {code}: bad check digit"
            )
    plu = (item.plu or "").strip() or None
    if plu is not None and not (plu.isdigit() and len(plu) <= MAX_PLU):
        raise InputRefused(
            f"PLU 码须为 1 到 {MAX_PLU} 位数字", f"PLU must be 1 to {MAX_PLU} digits"
        )
    if plu is not None:
        plu = plu.lstrip("0") or "0"
    if item.is_weighed and plu is None and not barcodes:
        raise InputRefused("称重商品需要 PLU 码", "A weighed product needs a PLU code")
    if not barcodes and plu is None:
        raise InputRefused("商品至少要有一个条码或 PLU 码", "A product needs a barcode or a PLU")
    if abs(item.initial_stock) > 10_000_000:
        raise InputRefused("库存数量不合理", "Stock quantity is absurd")
    category = (item.category or "").strip() or None
    if category is not None and len(category) > MAX_PRODUCT_NAME:
        raise InputRefused("分类名称太长", "Category name is too long")
    return NewProduct(
        name, unit, item.price_fen, barcodes, item.is_weighed, plu, category, item.initial_stock
    )


def category_id(db: Database, name: str | None) -> int | None:
    """Id of a category, created on first use. Call inside a transaction."""
    if not name:
        return None
    row = db.execute("SELECT id FROM categories WHERE name = ?", [name]).fetchone()
    if row:
        return int(row[0])
    return int(db.execute("INSERT INTO categories(name) VALUES (?)", [name]).lastrowid or 0)


def upsert_product(db: Database, item: NewProduct, at: str) -> tuple[str, bool]:
    """Insert, or update the product that owns the first barcode (or PLU). Call in a transaction.

    Returns the product id and whether it was newly created. Stock is only set for new
    products: a re-import must not double the stock.
    """
    # One query finds the owners of all the barcodes with the fields a rename needs: a
    # catalog download from the hub is 100,000 of these, so every query counts.
    owners: dict[str, tuple[Any, ...]] = {}
    if item.barcodes:
        owners = {
            row[0]: row[1:]
            for row in db.execute(
                "SELECT b.barcode, b.product_id, p.name, p.pinyin, p.initials, p.search_rowid "
                "FROM product_barcodes b JOIN products p ON p.id = b.product_id "
                f"WHERE b.barcode IN ({', '.join('?' * len(item.barcodes))})",
                list(item.barcodes),
            )
        }
    owner = next((owners[code] for code in item.barcodes if code in owners), None)
    existing, old = (owner[0], owner[1:]) if owner else (None, None)
    if existing is None and item.plu is not None:
        row = db.execute(
            "SELECT id, name, pinyin, initials, search_rowid FROM products WHERE plu = ?",
            [item.plu],
        ).fetchone()
        existing, old = (row[0], row[1:]) if row else (None, None)
    # A price update (the common case from the hub) keeps the name: skip pinyin and FTS.
    renamed = old is None or old[0] != item.name or old[3] is None
    full, initials = (old[1], old[2]) if old is not None and not renamed else pinyin_of(item.name)
    values = [
        item.name,
        item.unit,
        item.price_fen,
        int(item.is_weighed),
        item.plu,
        category_id(db, item.category),
        full,
        initials,
        at,
    ]
    if existing:
        db.execute(
            "UPDATE products SET name=?, unit=?, price_fen=?, is_weighed=?, plu=?, category_id=?, "
            "pinyin=?, initials=?, updated_at=?, active=1 WHERE id=?",
            [*values, existing],
        )
        product_id, created = existing, False
    else:
        product_id, created = uuid7(), True
        db.execute(
            "INSERT INTO products(name, unit, price_fen, is_weighed, plu, category_id, pinyin, "
            "initials, updated_at, id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [*values, product_id, at],
        )
        if item.initial_stock:
            db.execute(
                "INSERT INTO stock_moves(product_id, delta, reason, created_at) "
                "VALUES (?, ?, 'initial', ?)",
                [product_id, item.initial_stock, at],
            )
    for code in item.barcodes:
        if code in owners and owners[code][0] == product_id:
            continue  # already this product's: the upsert would change nothing
        db.execute(
            "INSERT INTO product_barcodes(barcode, product_id) VALUES (?, ?) "
            "ON CONFLICT(barcode) DO UPDATE SET product_id = excluded.product_id",
            [code, product_id],
        )
    if renamed:
        _index_for_search(db, product_id, item.name, old[3] if old else None)
    return product_id, created


def _index_for_search(db: Database, product_id: str, name: str, old_rowid: int | None) -> None:
    if old_rowid is not None:
        db.execute("DELETE FROM product_search WHERE rowid = ?", [old_rowid])
    cursor = db.execute(
        "INSERT INTO product_search(rowid, terms, product_id) VALUES (?, ?, ?)",
        [old_rowid, search_terms(name), product_id],
    )
    db.execute("UPDATE products SET search_rowid = ? WHERE id = ?", [cursor.lastrowid, product_id])


def add_product(db: Database, item: NewProduct, operator_id: str, clock: Clock) -> Product:
    """Quick-add from the counter (owner): one transaction with its audit row.

    Raises:
        InputRefused: invalid fields, or a barcode/PLU that already belongs to a product.
    """
    item = validate_new_product(item)
    at = clock.stamp()
    with write_transaction(db):
        for code in item.barcodes:
            if db.execute("SELECT 1 FROM product_barcodes WHERE barcode=?", [code]).fetchone():
                raise InputRefused(f"条码 {code} 已属于其他商品", f"Barcode {code} is already used")
        if item.plu and db.execute("SELECT 1 FROM products WHERE plu=?", [item.plu]).fetchone():
            raise InputRefused(f"PLU {item.plu} 已被使用", f"PLU {item.plu} is already used")
        product_id, _ = upsert_product(db, item, at)
        record_audit(
            db,
            at=at,
            operator_id=operator_id,
            action="product.added",
            subject_id=product_id,
            detail={
                "name": item.name,
                "price_fen": item.price_fen,
                "barcodes": list(item.barcodes),
                "plu": item.plu,
            },
        )
    return get_product(db, product_id)


def get_product(db: Database, product_id: str) -> Product:
    """Load a product by id."""
    row = db.execute(
        f"SELECT {_PRODUCT_COLUMNS} FROM {_PRODUCT_FROM} WHERE p.id = ?", [product_id]
    ).fetchone()
    if row is None:
        raise NotFound("找不到该商品", f"No product {product_id}")
    return _product(row)


def product_by_plu(db: Database, plu: str) -> Product | None:
    """The active product with this PLU, if any."""
    row = db.execute(
        f"SELECT {_PRODUCT_COLUMNS} FROM {_PRODUCT_FROM} WHERE p.plu = ? AND p.active = 1",
        [plu.lstrip("0") or "0"],
    ).fetchone()
    return _product(row) if row else None


def find_by_code(db: Database, code: str, scale_prefixes: dict[str, str]) -> ScanHit:
    """Resolve a scanned or typed code: exact barcode, then scale label, then PLU.

    Raises:
        NotFound: nothing matches; the message says so in plain words.
    """
    code = code.strip()
    if not code or len(code) > MAX_BARCODE or not code.isascii():
        raise NotFound(f"无法识别的条码：“{code[:MAX_BARCODE]}”", f"Unreadable code '{code}'")
    # The scan's hot path: one constant statement (sqlite3 keeps it prepared) run on the
    # connection itself, without sqlite-utils' per-call wrapper; the row becomes the
    # Product with no intermediate object.
    row = db.conn.execute(_BY_BARCODE, (code,)).fetchone()
    if row:
        return ScanHit(
            Product(row[0], row[1], row[2], row[3], bool(row[4]), row[5], row[6], row[7])
        )
    scale = parse_scale_code(code, scale_prefixes)
    if scale is not None:
        product = product_by_plu(db, scale.plu)
        if product is None:
            raise NotFound(
                f"秤码中的 PLU {scale.plu} 没有对应商品",
                f"Scale label PLU {scale.plu} is not in the catalog",
            )
        return ScanHit(product, scale)
    if code.isdigit() and len(code) <= MAX_PLU:
        product = product_by_plu(db, code)
        if product is not None:
            return ScanHit(product)
    raise NotFound(f"条码 {code} 不在商品库中", f"Barcode {code} is not in the catalog")


def search_products(db: Database, text: str, limit: int = SEARCH_LIMIT) -> list[Product]:
    """Products whose name, full pinyin or pinyin initials contain `text`.

    Ranked: name or initials starting with the query first, then shorter names.
    Runs entirely in SQLite through the FTS5 index.
    """
    query = normalise_query(text)
    if not query:
        return []
    match = '"' + query + '" *'
    upper = query + "\U0010ffff"
    # Candidates stay bounded whatever the catalog size: prefix matches from three index
    # range scans, substring matches from the FTS index; only they are ranked.
    rows = db.execute(
        f"""
        WITH candidates(id) AS (
            SELECT id FROM (SELECT id FROM products WHERE name >= ? AND name < ? LIMIT ?)
            UNION SELECT id FROM (SELECT id FROM products
                                  WHERE initials >= ? AND initials < ? LIMIT ?)
            UNION SELECT id FROM (SELECT id FROM products
                                  WHERE pinyin >= ? AND pinyin < ? LIMIT ?)
            UNION SELECT product_id FROM (SELECT product_id FROM product_search
                                          WHERE product_search MATCH ? LIMIT ?)
        ),
        ranked AS (
            SELECT p.id, (substr(p.name, 1, length(?)) = ? OR substr(p.initials, 1, length(?)) = ?
                          OR substr(p.pinyin, 1, length(?)) = ?) AS prefix
            FROM candidates JOIN products p ON p.id = candidates.id
            WHERE p.active = 1
            ORDER BY prefix DESC, length(p.name), p.name
            LIMIT ?
        )
        SELECT {_PRODUCT_COLUMNS} FROM ranked JOIN products p ON p.id = ranked.id
        LEFT JOIN categories c ON c.id = p.category_id
        ORDER BY ranked.prefix DESC, length(p.name), p.name
        """,
        [
            query,
            upper,
            _PREFIX_CANDIDATES,
            query,
            upper,
            _PREFIX_CANDIDATES,
            query,
            upper,
            _PREFIX_CANDIDATES,
            match,
            _SUBSTRING_CANDIDATES,
            query,
            query,
            query,
            query,
            query,
            query,
            limit,
        ],
    ).fetchall()
    return [_product(r) for r in rows]


def stock_of(db: Database, product_id: str) -> int:
    """Stock on hand: the sum of the product's stock history (units, or grams if weighed).

    Read from `stock_levels`, which triggers keep equal to that sum (migrations 0011
    and 0012): the history is its stock moves and its sold lines (view `stock_history`).
    """
    row = db.execute(
        "SELECT on_hand FROM stock_levels WHERE product_id = ?", [product_id]
    ).fetchone()
    return 0 if row is None else int(row[0])


def list_categories(db: Database) -> list[str]:
    """Category names, for the 无码商品 keys."""
    return [r[0] for r in db.execute("SELECT name FROM categories ORDER BY id")]
