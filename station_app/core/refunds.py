"""Refunds from a past receipt: never more than was sold or paid, stock goes back."""

from __future__ import annotations

from dataclasses import dataclass

from station_app.core import events
from station_app.core.audit import record_audit
from station_app.core.clock import Clock
from station_app.core.credit import credit_back
from station_app.core.errors import InputRefused, PermissionRequired
from station_app.core.ids import uuid7
from station_app.core.money import format_fen
from station_app.core.operators import Operator
from station_app.core.outbox import enqueue_event
from station_app.core.payments import PaymentMethod
from station_app.core.sales import SaleLineRecord, SaleRecord, load_sale, next_counter
from station_app.core.settings import StationSettings
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction

MAX_REASON = 100


@dataclass(frozen=True)
class RefundableLine:
    """How much of a sale line can still be returned."""

    line: SaleLineRecord
    quantity_left: int
    amount_left_fen: int

    def share_fen(self, quantity: int) -> int:
        """What returning `quantity` (at most `quantity_left`) of this line refunds, in fen.

        The last units take the remainder, so a line refunded in parts sums exactly to what
        was paid for it.
        """
        if quantity == self.quantity_left:
            return self.amount_left_fen
        return self.amount_left_fen * quantity // self.quantity_left


@dataclass(frozen=True)
class RefundResult:
    """A stored refund and its outbox event."""

    refund_id: str
    refund_no: str
    total_fen: int
    method: PaymentMethod
    outbox_seq: int


def line_shares_fen(sale: SaleRecord) -> dict[str, int]:
    """What each line actually cost the customer after the whole-sale discount and 抹零.

    The sale-level reduction is spread over lines in proportion to their totals, with
    the leftover fen going to the largest lines, so the shares sum to the sale total.
    """
    reduction = sale.subtotal_fen - sum(ln.discount_fen for ln in sale.lines) - sale.total_fen
    base = sum(ln.total_fen for ln in sale.lines)
    if base == 0:
        return {ln.id: 0 for ln in sale.lines}
    cut = {ln.id: reduction * ln.total_fen // base for ln in sale.lines}
    leftover = reduction - sum(cut.values())
    for ln in sorted(sale.lines, key=lambda ln: (-ln.total_fen, ln.line_no))[:leftover]:
        cut[ln.id] += 1
    return {ln.id: ln.total_fen - cut[ln.id] for ln in sale.lines}


def _refunded(db: Database, sale_id: str) -> dict[str, tuple[int, int]]:
    rows = db.execute(
        "SELECT rl.sale_line_id, sum(rl.quantity), sum(rl.amount_fen) FROM refund_lines rl "
        "JOIN refunds r ON r.id = rl.refund_id WHERE r.sale_id = ? GROUP BY rl.sale_line_id",
        [sale_id],
    )
    return {r[0]: (r[1], r[2]) for r in rows}


def refundable_lines(db: Database, sale: SaleRecord) -> list[RefundableLine]:
    """Each line with the quantity and amount not yet refunded."""
    shares = line_shares_fen(sale)
    done = _refunded(db, sale.id)
    return [
        RefundableLine(
            ln, ln.quantity - done.get(ln.id, (0, 0))[0], shares[ln.id] - done.get(ln.id, (0, 0))[1]
        )
        for ln in sale.lines
    ]


def refund_methods(sale: SaleRecord) -> list[PaymentMethod]:
    """Methods a refund may use: the sale's own methods, and cash."""
    methods = [p.method for p in sale.payments]
    return list(dict.fromkeys([*methods, PaymentMethod.CASH]))


def refund_sale(
    db: Database,
    receipt_no: str,
    quantities: dict[str, int],
    method: PaymentMethod,
    operator: Operator,
    approver: Operator,
    settings: StationSettings,
    clock: Clock,
    reason: str = "",
) -> RefundResult:
    """Refund some or all of a sale's lines (`quantities` maps sale line id to units).

    Weighed lines are refunded whole (quantity 1). One transaction with the stock moves,
    audit row and outbox event.

    Raises:
        PermissionRequired: `approver` is not the owner.
        InputRefused: more than sold, nothing selected, or a method the sale did not use.
    """
    if not approver.is_owner:
        raise PermissionRequired("退货需要店主授权", "Refunds need the owner's approval")
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise InputRefused(f"退货原因最多 {MAX_REASON} 个字", "The reason is too long")
    at = clock.stamp()
    local = clock.local()
    with write_transaction(db):
        sale = load_sale(db, receipt_no)
        if method not in refund_methods(sale):
            raise InputRefused("只能原路退回或退现金", "Refund by the original method or cash")
        left = {r.line.id: r for r in refundable_lines(db, sale)}
        chosen = {line_id: qty for line_id, qty in quantities.items() if qty}
        if not chosen:
            raise InputRefused("请选择要退的商品和数量", "Choose what to refund")
        amounts: dict[str, int] = {}
        for line_id, qty in chosen.items():
            entry = left.get(line_id)
            if entry is None:
                raise InputRefused("该商品不在这张小票上", "That line is not on this receipt")
            if not 0 < qty <= entry.quantity_left:
                raise InputRefused(
                    f"“{entry.line.name}”最多还能退 {entry.quantity_left}",
                    f"At most {entry.quantity_left} of {entry.line.name} can be refunded",
                )
            amounts[line_id] = entry.share_fen(qty)
        total = sum(amounts.values())
        if total <= 0:
            raise InputRefused("退款金额为 0", "Nothing to refund")
        paid_by_method = sum(p.amount_fen for p in sale.payments if p.method is method)
        already = db.execute(
            "SELECT coalesce(sum(total_fen), 0) FROM refunds WHERE sale_id = ? AND method = ?",
            [sale.id, method.value],
        ).fetchone()[0]
        if method is not PaymentMethod.CASH and total > paid_by_method - already:
            raise InputRefused(
                f"原路退回最多 {format_fen(paid_by_method - already)}，其余请退现金",
                "More than was paid that way: refund the rest in cash",
            )
        refund_id = uuid7()
        seq = next_counter(db, f"refund:{settings.terminal_id}")
        refund_no = f"R{local:%Y%m%d}-{settings.terminal_id}-{seq:05d}"
        db.execute(
            "INSERT INTO refunds(id, seq, refund_no, sale_id, operator_id, approved_by, "
            "created_at, tz_offset_min, local_date, method, total_fen, reason) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                refund_id,
                seq,
                refund_no,
                sale.id,
                operator.id,
                approver.id,
                at,
                settings.tz_offset_min,
                local.date().isoformat(),
                method.value,
                total,
                reason,
            ],
        )
        for line_id, qty in chosen.items():
            line = left[line_id].line
            db.execute(
                "INSERT INTO refund_lines(id, refund_id, sale_line_id, quantity, amount_fen) "
                "VALUES (?,?,?,?,?)",
                [uuid7(), refund_id, line_id, qty, amounts[line_id]],
            )
            if line.product_id is not None:
                back = line.weight_g if line.weight_g is not None else qty
                db.execute(
                    "INSERT INTO stock_moves(product_id, delta, reason, ref_id, created_at) "
                    "VALUES (?, ?, 'refund', ?, ?)",
                    [line.product_id, back, refund_id, at],
                )
        if method is PaymentMethod.ACCOUNT:
            villager_id = next(
                p.villager_id for p in sale.payments if p.method is method and p.villager_id
            )
            credit_back(db, villager_id, total, refund_id, operator, at)
        record_audit(
            db,
            at=at,
            operator_id=operator.id,
            action="refund.completed",
            subject_id=refund_id,
            detail={
                "receipt_no": sale.receipt_no,
                "refund_no": refund_no,
                "total_fen": total,
                "approved_by": approver.id,
            },
        )
        outbox_seq = enqueue_event(
            db,
            events.refund_completed(
                sale,
                settings,
                refund_id=refund_id,
                refund_no=refund_no,
                method=method,
                total_fen=total,
                reason=reason,
                at=at,
                quantities=chosen,
                amounts=amounts,
            ),
            at,
        )
    return RefundResult(refund_id, refund_no, total, method, outbox_seq)
