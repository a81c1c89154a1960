"""Completing a sale, and reading past sales back for receipts and refunds."""

from __future__ import annotations

from dataclasses import dataclass

from station_app.core import events
from station_app.core.audit import record_audit
from station_app.core.cart import Cart
from station_app.core.clock import Clock
from station_app.core.credit import charge_account
from station_app.core.errors import InputRefused, NotFound
from station_app.core.ids import uuid7
from station_app.core.operators import Operator
from station_app.core.outbox import enqueue_event
from station_app.core.payments import PaymentMethod, Tender, settle
from station_app.core.settings import StationSettings
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction

MAX_PHONE = 20


@dataclass(frozen=True)
class SaleLineRecord:
    """A stored sale line with name and price as they were at the time of sale.

    `id` names the line within its sale: its number as text (lines stored before
    migration 0017 keep the UUIDv7 they were given), as a refund line names it.
    """

    id: str
    line_no: int
    product_id: str | None
    code: str | None
    name: str
    unit: str
    unit_price_fen: int
    quantity: int
    weight_g: int | None
    gross_fen: int
    discount_fen: int
    total_fen: int


@dataclass(frozen=True)
class PaymentRecord:
    """A stored payment; `tendered_fen` is the cash handed over."""

    method: PaymentMethod
    amount_fen: int
    tendered_fen: int | None
    reference: str
    villager_id: str | None = None


@dataclass(frozen=True)
class SaleRecord:
    """A completed sale as stored."""

    id: str
    seq: int
    receipt_no: str
    terminal_id: str
    operator_name: str
    created_at: str
    tz_offset_min: int
    local_date: str
    subtotal_fen: int
    discount_fen: int
    rounding_fen: int
    total_fen: int
    paid_fen: int
    change_fen: int
    customer_phone: str | None
    lines: tuple[SaleLineRecord, ...]
    payments: tuple[PaymentRecord, ...]


@dataclass(frozen=True)
class SaleResult:
    """What `complete_sale` changed: the stored sale and its outbox event."""

    sale: SaleRecord
    outbox_seq: int


def next_counter(db: Database, name: str) -> int:
    """Increment and return a named counter. Call inside a transaction."""
    # RETURNING (SQLite 3.35+): the new value from the same statement, no second lookup.
    rows = db.conn.execute(
        "INSERT INTO counters(name, value) VALUES (?, 1) "
        "ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value",
        (name,),
    ).fetchall()
    return int(rows[0][0])


def _check_phone(phone: str | None) -> str | None:
    phone = (phone or "").strip() or None
    if phone is not None and not (phone.isdigit() and 5 <= len(phone) <= MAX_PHONE):
        raise InputRefused("手机号只能是 5 到 20 位数字", "The phone number must be 5-20 digits")
    return phone


def complete_sale(
    db: Database,
    cart: Cart,
    tenders: list[Tender],
    operator: Operator,
    settings: StationSettings,
    clock: Clock,
    credit_approver: Operator | None = None,
) -> SaleResult:
    """Store the sale, its lines (which move stock), payments, audit row and outbox event.

    One transaction: either all of it is on disk or none of it. A tender on a villager's
    account (赊账) also writes the ledger entry; over the limit it needs `credit_approver`.

    Raises:
        InputRefused: an empty cart or bad payment input.
        PaymentIncomplete: the tenders do not cover the total.
        PermissionRequired: an account payment over the villager's limit without the owner.
    """
    if cart.is_empty:
        raise InputRefused("购物车是空的，请先扫码", "The cart is empty: scan something first")
    totals = cart.totals()
    settlement = settle(totals.total_fen, tenders)
    phone = _check_phone(cart.customer_phone)
    now = clock.now()
    at = clock.stamp()
    local = clock.local(now)
    sale_id = uuid7()
    terminal = settings.terminal_id
    local_date = local.date().isoformat()
    # Everything the rows hold is known before the transaction: build the stored lines
    # and payments here, so the write lock is held only for the statements themselves,
    # and the event is made from these records instead of reading the sale back.
    # A line's id is its number: every reader of a line knows its sale (issue 17).
    lines = tuple(
        SaleLineRecord(
            str(line_no),
            line_no,
            line.product_id,
            line.code,
            line.name,
            line.unit,
            line.unit_price_fen,
            line.quantity,
            line.weight_g,
            line.gross_fen,
            line.discount_fen,
            line.total_fen,
        )
        for line_no, line in enumerate(cart.lines, start=1)
    )
    paid = [
        (
            tender,
            amount,
            tender.amount_fen if tender.method is PaymentMethod.CASH else None,
            tender.reference.strip() or None,
        )
        for tender, amount in settlement.applied
    ]
    conn = db.conn
    with write_transaction(db):
        seq = next_counter(db, f"sale:{terminal}")
        receipt_no = f"{local:%Y%m%d}-{terminal}-{seq:05d}"
        head = SaleRecord(
            sale_id,
            seq,
            receipt_no,
            terminal,
            operator.name,
            at,
            settings.tz_offset_min,
            local_date,
            totals.gross_fen,
            totals.discount_fen,
            totals.rounding_fen,
            totals.total_fen,
            settlement.paid_fen,
            settlement.change_fen,
            phone,
            lines,
            tuple(
                PaymentRecord(tender.method, amount, tendered, reference or "", tender.villager_id)
                for tender, amount, tendered, reference in paid
            ),
        )
        conn.execute(
            "INSERT INTO sales(id, seq, receipt_no, terminal_id, operator_id, created_at, "
            "tz_offset_min, local_date, subtotal_fen, discount_fen, rounding_fen, total_fen, "
            "paid_fen, change_fen, customer_phone) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                sale_id,
                seq,
                receipt_no,
                terminal,
                operator.id,
                at,
                settings.tz_offset_min,
                local_date,
                totals.gross_fen,
                totals.discount_fen,
                totals.rounding_fen,
                totals.total_fen,
                settlement.paid_fen,
                settlement.change_fen,
                phone,
            ),
        )
        # One prepared statement per table for all the lines: fewer round trips.
        conn.executemany(
            "INSERT INTO sale_lines(id, sale_seq, line_no, product_id, code, name, unit, "
            "unit_price_fen, quantity, weight_g, gross_fen, discount_fen, total_fen) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    ln.id,
                    seq,
                    ln.line_no,
                    ln.product_id,
                    ln.code,
                    ln.name,
                    ln.unit,
                    ln.unit_price_fen,
                    ln.quantity,
                    ln.weight_g,
                    ln.gross_fen,
                    ln.discount_fen,
                    ln.total_fen,
                )
                for ln in lines
            ],
        )
        for tender, amount, tendered, reference in paid:
            conn.execute(
                "INSERT INTO payments(sale_seq, method, amount_fen, tendered_fen, reference, "
                "villager_id) VALUES (?,?,?,?,?,?)",
                (
                    seq,
                    tender.method.value,
                    amount,
                    tendered,
                    reference,
                    tender.villager_id,
                ),
            )
            if tender.villager_id is not None:
                charge_account(
                    db, tender.villager_id, amount, "sale", sale_id, operator, at, credit_approver
                )
        record_audit(
            db,
            at=at,
            operator_id=operator.id,
            action="sale.completed",
            subject_id=sale_id,
            detail=_audit_detail(receipt_no, totals.total_fen, totals.discount_fen, cart),
        )
        outbox_seq = enqueue_event(db, events.sale_completed(head, settings), at)
    return SaleResult(head, outbox_seq)


def _audit_detail(
    receipt_no: str, total_fen: int, discount_fen: int, cart: Cart
) -> dict[str, object]:
    """What a sale's audit row says: the discount and its approver only when there is one.

    Most sales have none, and a million rows of `"discount_fen": 0` with no approver
    are some 50 MB of a station's file that say nothing.
    """
    detail: dict[str, object] = {"receipt_no": receipt_no, "total_fen": total_fen}
    if discount_fen:
        detail["discount_fen"] = discount_fen
        detail["discount_approved_by"] = cart.discount_approved_by
    return detail


_SALE_FIELDS = (
    "id",
    "seq",
    "receipt_no",
    "terminal_id",
    "operator_name",
    "created_at",
    "tz_offset_min",
    "local_date",
    "subtotal_fen",
    "discount_fen",
    "rounding_fen",
    "total_fen",
    "paid_fen",
    "change_fen",
    "customer_phone",
)
_SALE_COLUMNS = (
    "s.id, s.seq, s.receipt_no, s.terminal_id, o.name, s.created_at, s.tz_offset_min, "
    "s.local_date, s.subtotal_fen, s.discount_fen, s.rounding_fen, s.total_fen, s.paid_fen, "
    "s.change_fen, s.customer_phone"
)


def load_sale(db: Database, sale_id_or_receipt: str) -> SaleRecord:
    """Read a sale by id or receipt number.

    Raises:
        NotFound: no such sale.
    """
    row = db.execute(
        f"SELECT {_SALE_COLUMNS} FROM sales s JOIN operators o ON o.id = s.operator_id "
        "WHERE s.id = ? OR s.receipt_no = ?",
        [sale_id_or_receipt, sale_id_or_receipt.strip()],
    ).fetchone()
    if row is None:
        raise NotFound(f"找不到小票 {sale_id_or_receipt}", f"No receipt {sale_id_or_receipt}")
    lines = tuple(
        SaleLineRecord(*r)
        for r in db.execute(
            "SELECT id, line_no, product_id, code, name, unit, unit_price_fen, quantity, "
            "weight_g, gross_fen, discount_fen, total_fen FROM sale_lines WHERE sale_seq = ? "
            "ORDER BY line_no",
            [row[1]],
        )
    )
    payments = tuple(
        PaymentRecord(PaymentMethod(r[0]), r[1], r[2], r[3] or "", r[4])
        for r in db.execute(
            "SELECT method, amount_fen, tendered_fen, reference, villager_id FROM payments "
            "WHERE sale_seq = ? ORDER BY id",
            [row[1]],
        )
    )
    head = dict(zip(_SALE_FIELDS, row, strict=True))
    return SaleRecord(**head, lines=lines, payments=payments)


def recent_sales(db: Database, limit: int = 50) -> list[tuple[str, str, int]]:
    """(receipt no., created_at, total fen) of the latest sales, newest first."""
    return [
        (r[0], r[1], r[2])
        for r in db.execute(
            "SELECT receipt_no, created_at, total_fen FROM sales ORDER BY seq DESC LIMIT ?",
            [limit],
        )
    ]
