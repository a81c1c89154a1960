"""The refund receipt: what was given back, by which method, approved by whom."""

from __future__ import annotations

from dataclasses import dataclass

from station_app.core.errors import NotFound
from station_app.core.money import format_weight
from station_app.core.payments import METHOD_NAMES_ZH, PaymentMethod
from station_app.core.settings import StationSettings
from station_app.printing.receipt_layout import (
    Layout,
    Row,
    Separator,
    Text,
    closing,
    local_time,
    paper_money,
    receipt_qr,
    rows,
    signature,
    station_header,
)
from station_app.storage.sqlite_wrapper import Database

REFUND_BANNER = "退款 REFUND"


@dataclass(frozen=True)
class RefundedLine:
    """One line given back: `weight_g` is set for weighed goods (refunded whole)."""

    name: str
    quantity: int
    weight_g: int | None
    amount_fen: int


@dataclass(frozen=True)
class RefundPaper:
    """A stored refund with what its receipt shows."""

    refund_no: str
    receipt_no: str
    created_at: str
    tz_offset_min: int
    operator_name: str
    approver_name: str
    method: PaymentMethod
    total_fen: int
    reason: str
    lines: tuple[RefundedLine, ...]


def load_refund_paper(db: Database, refund_no: str) -> RefundPaper:
    """Read a refund by its number.

    Raises:
        NotFound: no such refund.
    """
    row = db.execute(
        "SELECT r.id, r.refund_no, s.receipt_no, r.created_at, r.tz_offset_min, o.name, a.name, "
        "r.method, r.total_fen, r.reason FROM refunds r JOIN sales s ON s.id = r.sale_id "
        "JOIN operators o ON o.id = r.operator_id JOIN operators a ON a.id = r.approved_by "
        "WHERE r.refund_no = ?",
        [refund_no.strip()],
    ).fetchone()
    if row is None:
        raise NotFound(f"找不到退款单 {refund_no}", f"No refund {refund_no}")
    lines = tuple(
        RefundedLine(name, quantity, weight_g, amount_fen)
        for name, quantity, weight_g, amount_fen in db.execute(
            "SELECT sl.name, rl.quantity, sl.weight_g, rl.amount_fen FROM refund_lines rl "
            "JOIN refunds r ON r.id = rl.refund_id JOIN sales s ON s.id = r.sale_id "
            "JOIN sale_lines sl ON sl.sale_seq = s.seq AND sl.id = rl.sale_line_id "
            "WHERE rl.refund_id = ? "
            "ORDER BY sl.line_no",
            [row[0]],
        )
    )
    return RefundPaper(
        refund_no=row[1],
        receipt_no=row[2],
        created_at=row[3],
        tz_offset_min=row[4],
        operator_name=row[5],
        approver_name=row[6],
        method=PaymentMethod(row[7]),
        total_fen=row[8],
        reason=row[9] or "",
        lines=lines,
    )


def refund_receipt(
    refund: RefundPaper, settings: StationSettings, *, reprint: bool = False
) -> Layout:
    """The receipt handed over with a refund, headed 退款 REFUND (and 重印 on a copy)."""
    blocks = station_header(settings, banners=(REFUND_BANNER,), reprint=reprint)
    blocks += rows(
        ("退款单号", refund.refund_no),
        ("原小票", refund.receipt_no),
        ("时间", local_time(refund.created_at, refund.tz_offset_min)),
        ("经办", refund.operator_name),
        ("授权", refund.approver_name),
    )
    blocks.append(Separator())
    for line in refund.lines:
        blocks += [Text(line.name), Row(_amount(line), paper_money(line.amount_fen))]
    blocks += [
        Separator(),
        Row("退款合计", paper_money(refund.total_fen), bold=True, double=True),
        Row("退回方式", METHOD_NAMES_ZH[refund.method]),
        *rows(("原因", refund.reason)),
        *signature("顾客签字"),
        *closing(settings, receipt_qr(settings, refund.refund_no), footer=False),
    ]
    return Layout(tuple(blocks), settings.receipt_columns)


def _amount(line: RefundedLine) -> str:
    if line.weight_g is not None:
        return f"  退 {format_weight(line.weight_g)}"
    return f"  退 {line.quantity}"
