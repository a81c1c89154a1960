"""Villagers' credit accounts (赊账): an append-only ledger whose sum is the balance."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from station_app.core import events
from station_app.core.audit import record_audit
from station_app.core.clock import Clock
from station_app.core.errors import InputRefused, PermissionRequired
from station_app.core.ids import uuid7
from station_app.core.money import check_price, format_fen
from station_app.core.operators import Operator
from station_app.core.outbox import enqueue_event
from station_app.core.payments import PaymentMethod
from station_app.core.villagers import get_villager
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction

ChargeKind = Literal["sale", "agency"]


@dataclass(frozen=True)
class LedgerEntry:
    """One line of a villager's statement; `balance_fen` is the running balance after it."""

    seq: int
    at: str
    kind: str
    amount_fen: int
    method: str | None
    ref_id: str | None
    note: str
    balance_fen: int
    ref_no: str = ""  # the receipt, refund or agency order no. the keeper knows it by


def balance_fen(db: Database, villager_id: str) -> int:
    """What the villager owes now (negative: the station owes the villager)."""
    row = db.execute(
        "SELECT coalesce(sum(amount_fen), 0) FROM villager_ledger WHERE villager_id = ?",
        [villager_id],
    ).fetchone()
    return int(row[0])


def balances_fen(db: Database, villager_ids: list[str]) -> dict[str, int]:
    """What each of `villager_ids` owes now, in one query (0 for no entries)."""
    rows = db.execute(
        "SELECT villager_id, sum(amount_fen) FROM villager_ledger WHERE villager_id IN "
        "(SELECT value FROM json_each(?)) GROUP BY villager_id",
        [json.dumps(villager_ids)],
    )
    owed = dict(rows.fetchall())
    return {villager_id: int(owed.get(villager_id, 0)) for villager_id in villager_ids}


def _append(
    db: Database,
    villager_id: str,
    at: str,
    kind: str,
    amount_fen: int,
    operator: Operator,
    *,
    method: str | None = None,
    ref_id: str | None = None,
    approved_by: str | None = None,
    note: str = "",
) -> str:
    entry_id = uuid7()
    db.execute(
        "INSERT INTO villager_ledger(id, villager_id, at, kind, amount_fen, method, ref_id, "
        "operator_id, approved_by, note) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            entry_id,
            villager_id,
            at,
            kind,
            amount_fen,
            method,
            ref_id,
            operator.id,
            approved_by,
            note,
        ],
    )
    enqueue_event(
        db,
        events.credit_entry(
            entry_id=entry_id,
            villager_id=villager_id,
            kind=kind,
            amount_fen=amount_fen,
            method=method,
            ref_id=ref_id,
            at=at,
        ),
        at,
    )
    return entry_id


def charge_account(
    db: Database,
    villager_id: str,
    amount_fen: int,
    kind: ChargeKind,
    ref_id: str,
    operator: Operator,
    at: str,
    approver: Operator | None = None,
) -> str:
    """Put `amount_fen` on the villager's account inside the caller's transaction.

    Raises:
        PermissionRequired: the new balance is over the villager's limit and `approver`
            is not the owner.
    """
    if not db.conn.in_transaction:
        raise RuntimeError("charge_account must run inside the business action's transaction")
    villager = get_villager(db, villager_id)
    new_balance = balance_fen(db, villager_id) + amount_fen
    over = new_balance > villager.credit_limit_fen
    if over and (approver is None or not approver.is_owner):
        raise PermissionRequired(
            f"{villager.name} 赊账后欠款 {format_fen(new_balance)}，超过额度 "
            f"{format_fen(villager.credit_limit_fen)}，需要店主授权",
            f"{villager.name} would owe {format_fen(new_balance)}, over the limit of "
            f"{format_fen(villager.credit_limit_fen)}: the owner must approve",
        )
    return _append(
        db,
        villager_id,
        at,
        kind,
        amount_fen,
        operator,
        ref_id=ref_id,
        approved_by=approver.id if over and approver else None,
    )


def credit_back(
    db: Database, villager_id: str, amount_fen: int, ref_id: str, operator: Operator, at: str
) -> str:
    """Take a refund off the villager's account, inside the caller's transaction."""
    return _append(db, villager_id, at, "refund", -amount_fen, operator, ref_id=ref_id)


def repay(
    db: Database,
    villager_id: str,
    amount_fen: int,
    method: PaymentMethod,
    operator: Operator,
    clock: Clock,
) -> LedgerEntry:
    """Record a repayment (还款) in cash, QR or card; one transaction with its audit row.

    Raises:
        InputRefused: nothing owed, more than owed, or paid "on account".
    """
    check_price(amount_fen, field=("还款金额", "Repayment"))
    if amount_fen == 0:
        raise InputRefused("还款金额不能为 0", "The repayment cannot be zero")
    if method is PaymentMethod.ACCOUNT:
        raise InputRefused("还款不能记在赊账上", "A repayment cannot go on account")
    at = clock.stamp()
    with write_transaction(db):
        villager = get_villager(db, villager_id)
        owed = balance_fen(db, villager_id)
        if amount_fen > owed:
            raise InputRefused(
                f"{villager.name} 只欠 {format_fen(max(owed, 0))}",
                f"{villager.name} owes only {format_fen(max(owed, 0))}",
            )
        _append(db, villager_id, at, "repayment", -amount_fen, operator, method=method.value)
        record_audit(
            db,
            at=at,
            operator_id=operator.id,
            action="credit.repaid",
            subject_id=villager_id,
            detail={"amount_fen": amount_fen, "method": method.value},
        )
    return statement(db, villager_id)[-1]


def statement(db: Database, villager_id: str) -> list[LedgerEntry]:
    """All ledger entries, oldest first, each with the running balance."""
    entries: list[LedgerEntry] = []
    running = 0
    for seq, at, kind, amount, method, ref_id, note, ref_no in db.execute(
        "SELECT l.seq, l.at, l.kind, l.amount_fen, l.method, l.ref_id, l.note, "
        "coalesce(s.receipt_no, r.refund_no, o.order_no, '') FROM villager_ledger l "
        "LEFT JOIN sales s ON s.id = l.ref_id LEFT JOIN refunds r ON r.id = l.ref_id "
        "LEFT JOIN agency_orders o ON o.id = l.ref_id WHERE l.villager_id = ? ORDER BY l.seq",
        [villager_id],
    ):
        running += amount
        entries.append(LedgerEntry(seq, at, kind, amount, method, ref_id, note, running, ref_no))
    return entries


def debtors(db: Database) -> list[tuple[str, str, int, str]]:
    """(villager id, name, balance, oldest unpaid entry time) for everyone who owes, most first."""
    rows = db.execute(
        "SELECT v.id, v.name, sum(l.amount_fen) AS owed, min(l.at) FROM villager_ledger l "
        "JOIN villagers v ON v.id = l.villager_id GROUP BY v.id HAVING owed > 0 "
        "ORDER BY owed DESC"
    )
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def owed_in_total_fen(db: Database) -> tuple[int, int]:
    """(how many villagers owe, what they owe together in fen): credit given, not repaid."""
    owing = debtors(db)
    return len(owing), sum(owed for _id, _name, owed, _since in owing)
