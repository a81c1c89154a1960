"""Stock: receiving from suppliers, batches with expiry, stocktake, write-off, reorder level.

Stock on hand is always the sum of the product's stock history (`catalog.stock_of`):
its moves (receiving, stocktake, refunds, initial stock) and its sold lines, which move
stock themselves (view `stock_history`). It is read from `stock_levels`, which triggers
on the append-only moves and sale lines keep equal to that sum in the transaction that
writes each; nothing here writes a level itself. Selling never looks at stock, so it
may go negative and stays visible until the next receiving or stocktake. Quantities are
units, or grams for weighed goods; costs are fen per unit, or per kg for weighed goods
(as sale prices are).

Batches are the receipt lines. Which of them are still on the shelf is derived, first in
first out: the stock on hand is taken to be the most recently received goods, so sales,
write-offs and stocktake losses use up the oldest batches first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from station_app.core import events
from station_app.core.audit import record_audit
from station_app.core.catalog import get_product, stock_of
from station_app.core.clock import Clock
from station_app.core.errors import InputRefused, PermissionRequired
from station_app.core.ids import uuid7
from station_app.core.money import GRAMS_PER_KG, check_price
from station_app.core.operators import Operator
from station_app.core.outbox import enqueue_event
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction

# A delivery line bigger than these is a typing slip (a barcode in the quantity column).
MAX_RECEIVE_UNITS = 100_000
MAX_RECEIVE_G = 10_000_000
MAX_SHELF_LIFE_DAYS = 3650
MAX_REASON = 100
MAX_SUPPLIER = 40


@dataclass(frozen=True)
class ReceiveLine:
    """One line of a delivery: quantity in units (grams if weighed), cost per unit (per kg).

    The expiry is given directly, or as production date plus shelf life in days.
    """

    product_id: str
    quantity: int
    cost_fen: int
    expiry: date | None = None
    produced: date | None = None
    shelf_life_days: int | None = None

    def expiry_date(self) -> date | None:
        """The date the batch expires, if it has a shelf life."""
        if self.expiry is not None or self.produced is None or self.shelf_life_days is None:
            return self.expiry
        return self.produced + timedelta(days=self.shelf_life_days)


@dataclass(frozen=True)
class CostWarning:
    """A received product whose sale price is at or below what it cost."""

    product_id: str
    name: str
    price_fen: int
    cost_fen: int

    @property
    def zh(self) -> str:
        """The warning for the keeper, in Chinese."""
        return (
            f"{self.name} 售价 {self.price_fen / 100:.2f} 元不高于进价 "
            f"{self.cost_fen / 100:.2f} 元，请调整售价"
        )

    @property
    def en(self) -> str:
        """The warning for the keeper, in English."""
        return (
            f"{self.name} sells at {self.price_fen / 100:.2f} yuan, not above its cost "
            f"{self.cost_fen / 100:.2f} yuan; raise the price"
        )


@dataclass(frozen=True)
class ReceiveReport:
    """What a receiving stored: its id, lines, and the products now sold at or below cost."""

    receipt_id: str
    lines: int
    warnings: list[CostWarning] = field(default_factory=list)


@dataclass(frozen=True)
class Batch:
    """Goods of one delivery still on the shelf (first in, first out)."""

    quantity: int
    expiry: str | None


@dataclass(frozen=True)
class StockRow:
    """A product as the stock page and `stock --json` show it."""

    product_id: str
    barcode: str | None
    name: str
    stock: int
    unit: str
    is_weighed: bool
    reorder_level: int
    cost_fen: int | None
    price_fen: int
    batches: list[Batch]

    @property
    def value_cost_fen(self) -> int:
        """What the stock on hand cost (negative stock is worth nothing)."""
        return _value(max(self.stock, 0), self.cost_fen or 0, self.is_weighed)

    @property
    def value_sale_fen(self) -> int:
        """What the stock on hand sells for."""
        return _value(max(self.stock, 0), self.price_fen, self.is_weighed)

    @property
    def is_low(self) -> bool:
        """At or below the reorder level, or negative (sold beyond what was counted)."""
        return self.stock < 0 or (self.reorder_level > 0 and self.stock <= self.reorder_level)

    def expires_by(self, day: date) -> bool:
        """True if some batch on the shelf expires on or before `day`."""
        return any(b.expiry is not None and b.expiry <= day.isoformat() for b in self.batches)

    @property
    def nearest_expiry(self) -> str | None:
        """The soonest expiry (ISO date) of the batches on the shelf, if any has one."""
        dates = [b.expiry for b in self.batches if b.expiry is not None]
        return min(dates) if dates else None

    def as_json(self) -> dict[str, Any]:
        """The stable `stock --json` object."""
        return {
            "barcode": self.barcode,
            "name": self.name,
            "stock": self.stock,
            "unit": self.unit,
            "reorder_level": self.reorder_level,
            "cost_fen": self.cost_fen,
            "value_cost_fen": self.value_cost_fen,
            "batches": [{"quantity": b.quantity, "expiry": b.expiry} for b in self.batches],
        }


@dataclass(frozen=True)
class StockValue:
    """The whole shop's stock on hand, at cost and at sale price."""

    cost_fen: int
    sale_fen: int


def _value(quantity: int, fen: int, weighed: bool) -> int:
    if not weighed:
        return quantity * fen
    # Grams times fen per kg, rounded half up to the fen.
    return (quantity * fen + GRAMS_PER_KG // 2) // GRAMS_PER_KG


def _reason(text: str) -> str:
    reason = text.strip()
    if not reason:
        raise InputRefused(
            "请填写原因（如：过期、破损、盘点）", "Give a reason (expired, damaged…)", "reason"
        )
    if len(reason) > MAX_REASON:
        raise InputRefused(
            f"原因不能超过 {MAX_REASON} 个字",
            f"The reason is over {MAX_REASON} characters",
            "reason",
        )
    return reason


def check_receive_line(db: Database, line: ReceiveLine, today: date) -> None:
    """Refuse a delivery line that cannot be right, saying what to fix."""
    product = get_product(db, line.product_id)
    limit = MAX_RECEIVE_G if product.is_weighed else MAX_RECEIVE_UNITS
    if not 1 <= line.quantity <= limit:
        unit = "克" if product.is_weighed else product.unit
        raise InputRefused(
            f"数量须在 1 到 {limit} {unit}之间（填了 {line.quantity}）",
            f"Quantity must be 1 to {limit} {'grams' if product.is_weighed else 'units'} "
            f"(got {line.quantity})",
            "quantity",
        )
    try:
        check_price(line.cost_fen, field=("进价", "Cost"))
    except InputRefused as refused:
        raise refused.concerning("cost_fen") from None
    if line.shelf_life_days is not None and not 1 <= line.shelf_life_days <= MAX_SHELF_LIFE_DAYS:
        raise InputRefused(
            f"保质期天数须在 1 到 {MAX_SHELF_LIFE_DAYS} 之间",
            f"Shelf life must be 1 to {MAX_SHELF_LIFE_DAYS} days",
            "shelf_life_days",
        )
    expiry = line.expiry_date()
    if expiry is not None and expiry < today:
        raise InputRefused(
            f"保质期至 {expiry.isoformat()} 已经过了，请核对日期或不要收这批货",
            f"Expiry {expiry.isoformat()} is already past; check the date or refuse the goods",
            "expiry",
        )


def receive_stock(
    db: Database,
    lines: list[ReceiveLine],
    operator: Operator | None,
    clock: Clock,
    *,
    supplier: str = "",
    supplier_phone: str = "",
) -> ReceiveReport:
    """Store a delivery: its batches, receive moves, last and average cost, one event.

    Raises:
        InputRefused: no lines, or a line with a bad quantity, cost or date; nothing stored.
        NotFound: a line names no product.
    """
    if not lines:
        raise InputRefused("进货单没有商品", "The delivery has no lines")
    name = supplier.strip()
    if len(name) > MAX_SUPPLIER:
        raise InputRefused(
            f"供应商名称不能超过 {MAX_SUPPLIER} 个字",
            f"Supplier name is over {MAX_SUPPLIER} characters",
        )
    today = clock.today()
    at = clock.stamp()
    receipt_id = uuid7()
    warnings: list[CostWarning] = []
    with write_transaction(db):
        for line in lines:
            check_receive_line(db, line, today)
        supplier_id = _supplier_id(db, name, supplier_phone.strip(), at) if name else None
        db.execute(
            "INSERT INTO stock_receipts(id, supplier_id, operator_id, created_at) VALUES (?,?,?,?)",
            [receipt_id, supplier_id, operator.id if operator else None, at],
        )
        payload_lines = []
        for line in lines:
            expiry = line.expiry_date()
            expiry_text = expiry.isoformat() if expiry else None
            on_hand = max(stock_of(db, line.product_id), 0)
            old_avg = db.execute(
                "SELECT avg_cost_fen FROM products WHERE id = ?", [line.product_id]
            ).fetchone()[0]
            avg = (
                line.cost_fen
                if old_avg is None or on_hand == 0
                else (
                    on_hand * old_avg
                    + line.quantity * line.cost_fen
                    + (on_hand + line.quantity) // 2
                )
                // (on_hand + line.quantity)
            )
            db.execute(
                "UPDATE products SET last_cost_fen = ?, avg_cost_fen = ? WHERE id = ?",
                [line.cost_fen, avg, line.product_id],
            )
            db.execute(
                "INSERT INTO stock_receipt_lines(receipt_id, product_id, quantity, cost_fen, "
                "expiry, created_at) VALUES (?,?,?,?,?,?)",
                [receipt_id, line.product_id, line.quantity, line.cost_fen, expiry_text, at],
            )
            db.execute(
                "INSERT INTO stock_moves(product_id, delta, reason, ref_id, created_at) "
                "VALUES (?, ?, 'receive', ?, ?)",
                [line.product_id, line.quantity, receipt_id, at],
            )
            product = get_product(db, line.product_id)
            if product.price_fen <= line.cost_fen:
                warnings.append(
                    CostWarning(product.id, product.name, product.price_fen, line.cost_fen)
                )
            payload_lines.append(
                {
                    "product_id": line.product_id,
                    "quantity": line.quantity,
                    "cost_fen": line.cost_fen,
                    "expiry": expiry_text,
                }
            )
        record_audit(
            db,
            at=at,
            operator_id=operator.id if operator else None,
            action="stock.received",
            subject_id=receipt_id,
            detail={"supplier": name, "lines": len(lines)},
        )
        enqueue_event(
            db,
            events.stock_received(receipt_id, name, supplier_phone.strip(), payload_lines, at),
            at,
        )
    return ReceiveReport(receipt_id, len(lines), warnings)


def _supplier_id(db: Database, name: str, phone: str, at: str) -> str:
    found = db.execute("SELECT id, phone FROM suppliers WHERE name = ?", [name]).fetchone()
    if found is None:
        supplier_id = uuid7()
        db.execute(
            "INSERT INTO suppliers(id, name, phone, created_at) VALUES (?,?,?,?)",
            [supplier_id, name, phone, at],
        )
        return supplier_id
    if phone and phone != found[1]:
        db.execute("UPDATE suppliers SET phone = ? WHERE id = ?", [phone, found[0]])
    return str(found[0])


def post_stocktake(
    db: Database, counts: dict[str, int], approver: Operator, reason: str, clock: Clock
) -> dict[str, int]:
    """Post counted stock: one adjustment move per product whose count differs.

    Returns the posted differences (counted less expected) by product id.

    Raises:
        PermissionRequired: `approver` is not the owner.
        InputRefused: a negative count, or no reason.
    """
    if not approver.is_owner:
        raise PermissionRequired(
            "盘点过账需要店主授权，请店主输入密码", "Posting a stocktake needs the owner's PIN"
        )
    text = _reason(reason)
    for product_id, counted in counts.items():
        if counted < 0:
            name = get_product(db, product_id).name
            raise InputRefused(
                f"{name} 的盘点数不能为负数", f"The count of {name} cannot be negative"
            )
    at = clock.stamp()
    with write_transaction(db):
        deltas = {
            pid: counted - stock_of(db, pid)
            for pid, counted in counts.items()
            if counted != stock_of(db, pid)
        }
        _adjust(db, "stocktake", deltas, text, approver, at)
    return deltas


def write_off(
    db: Database, product_id: str, quantity: int, reason: str, operator: Operator, clock: Clock
) -> None:
    """Take damaged or expired goods out of stock (units, or grams if weighed), with a reason.

    Raises:
        InputRefused: the quantity is not positive or too large, or no reason.
    """
    text = _reason(reason)
    product = get_product(db, product_id)
    limit = MAX_RECEIVE_G if product.is_weighed else MAX_RECEIVE_UNITS
    if not 1 <= quantity <= limit:
        raise InputRefused(
            f"报损数量须在 1 到 {limit} 之间（填了 {quantity}）",
            f"Write-off quantity must be 1 to {limit} (got {quantity})",
            "quantity",
        )
    with write_transaction(db):
        _adjust(db, "write_off", {product_id: -quantity}, text, operator, clock.stamp())


def _adjust(
    db: Database, kind: str, deltas: dict[str, int], reason: str, operator: Operator, at: str
) -> str:
    adjustment_id = uuid7()
    db.execute(
        "INSERT INTO stock_adjustments(id, kind, reason, operator_id, created_at) "
        "VALUES (?,?,?,?,?)",
        [adjustment_id, kind, reason, operator.id, at],
    )
    for product_id, delta in deltas.items():
        db.execute(
            "INSERT INTO stock_moves(product_id, delta, reason, ref_id, created_at) "
            "VALUES (?, ?, 'adjust', ?, ?)",
            [product_id, delta, adjustment_id, at],
        )
    lines = [{"product_id": pid, "delta": delta} for pid, delta in deltas.items()]
    record_audit(
        db,
        at=at,
        operator_id=operator.id,
        action="stock.written_off" if kind == "write_off" else "stock.adjusted",
        subject_id=adjustment_id,
        detail={"reason": reason, "lines": lines},
    )
    enqueue_event(db, events.stock_adjusted(kind, adjustment_id, reason, lines, at), at)
    return adjustment_id


def set_reorder_level(
    db: Database, product_id: str, level: int, operator: Operator, clock: Clock
) -> None:
    """Set the stock at or below which the product shows as low (0: never, unless negative)."""
    limit = MAX_RECEIVE_UNITS * 10
    if not 0 <= level <= limit:
        raise InputRefused(
            f"补货线须在 0 到 {limit} 之间", f"The reorder level must be 0 to {limit}"
        )
    get_product(db, product_id)
    at = clock.stamp()
    with write_transaction(db):
        db.execute("UPDATE products SET reorder_level = ? WHERE id = ?", [level, product_id])
        record_audit(
            db,
            at=at,
            operator_id=operator.id,
            action="stock.reorder_level_set",
            subject_id=product_id,
            detail={"reorder_level": level},
        )


def stock_rows(
    db: Database, *, low: bool = False, expiring_by: date | None = None
) -> list[StockRow]:
    """Active products with stock, cost and shelf batches, by name.

    `low` keeps those at or below their reorder level (or negative); `expiring_by` keeps
    those with a batch on the shelf expiring on or before that day (expired ones too).
    """
    rows = db.execute(
        "SELECT p.id, (SELECT min(barcode) FROM product_barcodes b WHERE b.product_id = p.id), "
        "p.name, coalesce(l.on_hand, 0), "
        "p.unit, p.is_weighed, p.reorder_level, p.avg_cost_fen, p.price_fen "
        "FROM products p LEFT JOIN stock_levels l ON l.product_id = p.id "
        "WHERE p.active = 1 ORDER BY p.name, p.id"
    ).fetchall()
    batches = _received_batches(db)
    result = []
    for r in rows:
        item = StockRow(
            r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7], r[8],
            _on_shelf(r[3], batches.get(r[0], [])),
        )  # fmt: skip
        if low and not item.is_low:
            continue
        if expiring_by is not None and not item.expires_by(expiring_by):
            continue
        result.append(item)
    return result


def _received_batches(db: Database) -> dict[str, list[tuple[int, str | None]]]:
    """Receipt lines by product, newest first."""
    found: dict[str, list[tuple[int, str | None]]] = {}
    for product_id, quantity, expiry in db.execute(
        "SELECT product_id, quantity, expiry FROM stock_receipt_lines ORDER BY id DESC"
    ):
        found.setdefault(product_id, []).append((quantity, expiry))
    return found


def _on_shelf(stock: int, received: list[tuple[int, str | None]]) -> list[Batch]:
    """The newest batches that make up `stock`; goods older than any receipt have no date."""
    left = stock
    shelf = []
    for quantity, expiry in received:
        if left <= 0:
            break
        take = min(quantity, left)
        shelf.append(Batch(take, expiry))
        left -= take
    if left > 0:
        shelf.append(Batch(left, None))
    return shelf


def stock_value(db: Database) -> StockValue:
    """The stock on hand of every active product, at average cost and at sale price."""
    rows = stock_rows(db)
    return StockValue(sum(r.value_cost_fen for r in rows), sum(r.value_sale_fen for r in rows))


@dataclass(frozen=True)
class StockAlerts:
    """How many products are low (or negative) and how many expire soon (or have expired)."""

    low: int
    expiring: int

    @property
    def any(self) -> bool:
        """True when the keeper should be told at sign-in."""
        return bool(self.low or self.expiring)


def stock_alerts(db: Database, today: date, expiring_days: int) -> StockAlerts:
    """The counts behind the sign-in notice: low stock, and batches expiring within the days."""
    rows = stock_rows(db)
    by = today + timedelta(days=expiring_days)
    return StockAlerts(
        low=sum(1 for r in rows if r.is_low), expiring=sum(1 for r in rows if r.expires_by(by))
    )


@dataclass(frozen=True)
class CountItem:
    """A product on a stocktake sheet: what the moves say is on hand, and its cost."""

    product_id: str
    barcode: str | None
    name: str
    unit: str
    is_weighed: bool
    expected: int
    cost_fen: int | None

    def difference(self, counted: int) -> int:
        """Counted less expected (units, or grams if weighed): negative is a loss."""
        return counted - self.expected

    def difference_value_fen(self, counted: int) -> int:
        """The difference at average cost, signed; a product with no cost yet is worth 0."""
        delta = self.difference(counted)
        value = _value(abs(delta), self.cost_fen or 0, self.is_weighed)
        return value if delta >= 0 else -value


def count_sheet(db: Database, category: str | None = None) -> list[CountItem]:
    """The active products a stocktake covers (one category, or all), by name.

    Each comes with its expected stock, the sum of its moves now.
    """
    where = "p.active = 1"
    params: list[Any] = []
    if category is not None:
        where += " AND p.category_id = (SELECT id FROM categories WHERE name = ?)"
        params.append(category)
    rows = db.execute(
        "SELECT p.id, (SELECT min(barcode) FROM product_barcodes b WHERE b.product_id = p.id), "
        "p.name, p.unit, p.is_weighed, "
        "coalesce(l.on_hand, 0), p.avg_cost_fen "
        "FROM products p LEFT JOIN stock_levels l ON l.product_id = p.id "
        f"WHERE {where} ORDER BY p.name, p.id",
        params,
    ).fetchall()
    return [CountItem(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6]) for r in rows]


def last_cost_fen(db: Database, product_id: str) -> int | None:
    """What the product cost in its last delivery (per unit, or per kg), if it had one."""
    row = db.execute("SELECT last_cost_fen FROM products WHERE id = ?", [product_id]).fetchone()
    return None if row is None or row[0] is None else int(row[0])
