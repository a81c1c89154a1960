"""Copies of past receipts, and opening the cash drawer by hand: both audited.

A copy always says 重印 REPRINT at the top, so it cannot pass for the original
(say, to claim a second refund); who printed it and when is in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from station_app.core.audit import record_audit
from station_app.core.errors import NotFound
from station_app.core.sales import load_sale
from station_app.core.settings import StationSettings
from station_app.printing.print_jobs import JobKind, enqueue_job
from station_app.printing.receipt_layout import Layout, sale_receipt
from station_app.printing.refund_receipt import load_refund_paper, refund_receipt
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction


@dataclass(frozen=True)
class StoredReceipt:
    """A sale's or a refund's receipt, found by its number."""

    number: str
    is_refund: bool
    layout: Layout


def find_receipt(
    db: Database, number: str, settings: StationSettings, *, reprint: bool
) -> StoredReceipt:
    """The receipt with `number`: a sale's (20250301-T1-00007) or a refund's (R2025…).

    The text read from a receipt's QR code (`STATION-ID|NUMBER`) works as well.

    Raises:
        NotFound: no sale or refund has that number.
    """
    number = number.rsplit("|", 1)[-1].strip()
    try:
        sale = load_sale(db, number)
    except NotFound:
        pass
    else:
        return StoredReceipt(sale.receipt_no, False, sale_receipt(sale, settings, reprint=reprint))
    try:
        refund = load_refund_paper(db, number)
    except NotFound:
        raise NotFound(f"找不到小票或退款单 {number}", f"No receipt or refund {number}") from None
    return StoredReceipt(refund.refund_no, True, refund_receipt(refund, settings, reprint=reprint))


def record_reprint(
    db: Database, receipt: StoredReceipt, operator_id: str | None, at: str, via: str
) -> None:
    """Write the audit row of a copy; inside the caller's transaction."""
    record_audit(
        db,
        at=at,
        operator_id=operator_id,
        action="receipt.reprinted",
        subject_id=receipt.number,
        detail={"refund": receipt.is_refund, "via": via},
    )


def reprint_receipt(
    db: Database, number: str, settings: StationSettings, operator_id: str | None, at: str
) -> tuple[int, StoredReceipt]:
    """Queue a 重印 copy of a past receipt, with its audit row; returns the job id.

    Raises:
        NotFound: no such receipt.
    """
    receipt = find_receipt(db, number, settings, reprint=True)
    with write_transaction(db):
        record_reprint(db, receipt, operator_id, at, "counter")
        job_id = enqueue_job(db, JobKind.REPRINT, receipt.number, receipt.layout, at)
    return job_id, receipt


def record_drawer_opening(db: Database, operator_id: str, at: str, reason: str = "") -> None:
    """Audit a drawer opened by hand (not for a cash sale); one small transaction."""
    with write_transaction(db):
        record_audit(
            db,
            at=at,
            operator_id=operator_id,
            action="drawer.opened",
            subject_id=None,
            detail={"reason": reason},
        )
