"""Lines taken off a cart before payment (Del at the checkout), kept for the X and Z reports.

A voided line moves no money and no stock, yet a count of them is what an owner checks
when the drawer is short: each one is an audit row at the moment it happens, so a cart
that is cleared afterwards or never paid still leaves its voids on record.
"""

from __future__ import annotations

from station_app.core.audit import record_audit
from station_app.core.cart import CartLine
from station_app.core.clock import Clock
from station_app.core.operators import Operator
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction

VOIDED_LINE_ACTION = "cart.line_voided"


def record_voided_line(
    db: Database, line: CartLine, operator: Operator, terminal_id: str, clock: Clock
) -> None:
    """Write the audit row of one line removed from the cart on `terminal_id`."""
    at = clock.stamp()
    with write_transaction(db):
        record_audit(
            db,
            at=at,
            operator_id=operator.id,
            action=VOIDED_LINE_ACTION,
            subject_id=line.product_id,
            detail={
                "terminal_id": terminal_id,
                "name": line.name,
                "quantity": line.quantity,
                "weight_g": line.weight_g,
                "total_fen": line.total_fen,
            },
        )


def voided_lines_between(db: Database, terminal_id: str, start: str, end: str) -> int:
    """How many lines were voided on `terminal_id` in [start, end)."""
    # The action is written into the SQL, not bound: only then can SQLite use the
    # partial index of voided lines (migration 0011) instead of reading the whole log.
    row = db.execute(
        f"SELECT count(*) FROM audit_log WHERE action = '{VOIDED_LINE_ACTION}' "
        "AND at >= ? AND at < ? AND json_extract(detail, '$.terminal_id') = ?",
        [start, end, terminal_id],
    ).fetchone()
    return int(row[0])
