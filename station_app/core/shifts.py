"""Shifts of a terminal and its cash drawer: float, pay-ins and pay-outs, the count.

The expected cash of a shift is computed, never stored piecemeal: the float plus every
cash movement in the drawer while the shift was open. Sales carry their terminal; the
other money tables (refunds, agency money, the credit ledger, farmer payouts) do not,
and one station database serves one terminal, so a movement belongs to the shift open
on that terminal at its time (opened_at ≤ at < closed_at). No existing table needs a
new column, and a database upgraded from before shifts loses nothing.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date

from station_app.core import events
from station_app.core.audit import record_audit
from station_app.core.clock import Clock
from station_app.core.errors import InputRefused, NotFound, PermissionRequired
from station_app.core.ids import uuid7
from station_app.core.money import check_price, format_fen
from station_app.core.operators import Operator
from station_app.core.outbox import enqueue_event
from station_app.core.payments import PaymentMethod
from station_app.core.settings import StationSettings
from station_app.core.voided_lines import voided_lines_between
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction

# Notes and coins a keeper counts, in fen: ¥100 … ¥0.1.
DENOMINATIONS_FEN: tuple[int, ...] = (10_000, 5_000, 2_000, 1_000, 500, 100, 50, 10)
MAX_REASON = 100


@dataclass(frozen=True)
class ShiftFigures:
    """One shift's drawer, in fen; the keys of `as_json` are the stable `shift-report` shape."""

    shift_id: str
    terminal_id: str
    opened_at: str
    closed_at: str | None
    opened_by: str
    closed_by: str | None
    float_fen: int
    cash_sales_fen: int
    cash_refunds_fen: int
    agency_cash_in_fen: int
    agency_cash_out_fen: int
    credit_repayments_cash_fen: int
    payouts_cash_fen: int
    pay_in_fen: int
    pay_out_fen: int
    expected_cash_fen: int
    counted_cash_fen: int | None
    over_short_fen: int | None
    # The counter's side of the X and Z reports: what was rung up, given off and taken back.
    receipts_count: int = 0
    gross_fen: int = 0
    discount_count: int = 0
    discount_fen: int = 0
    rounding_count: int = 0
    rounding_fen: int = 0
    refunds_count: int = 0
    refunds_fen: int = 0
    voided_lines_count: int = 0
    net_fen: int = 0
    payments_fen: dict[str, int] = field(default_factory=dict)
    denominations: dict[str, int] = field(default_factory=dict)  # "10000" (fen) → how many
    note: str = ""

    def as_json(self) -> dict[str, object]:
        """The JSON object printed by `shift --json` and `shift-report --json`."""
        return asdict(self)


def _open_row(db: Database, terminal_id: str) -> tuple[str, ...] | None:
    return db.execute(
        "SELECT s.id FROM shifts s LEFT JOIN shift_closes c ON c.shift_id = s.id "
        "WHERE s.terminal_id = ? AND c.shift_id IS NULL ORDER BY s.opened_at DESC LIMIT 1",
        [terminal_id],
    ).fetchone()


def open_shift_id(db: Database, terminal_id: str) -> str | None:
    """The id of the terminal's open shift, or None."""
    row = _open_row(db, terminal_id)
    return row[0] if row else None


def last_counted_cash(db: Database, terminal_id: str) -> int | None:
    """The cash counted at the terminal's last close: the float a new shift may carry over."""
    row = db.execute(
        "SELECT c.counted_cash_fen FROM shift_closes c JOIN shifts s ON s.id = c.shift_id "
        "WHERE s.terminal_id = ? ORDER BY c.closed_at DESC LIMIT 1",
        [terminal_id],
    ).fetchone()
    return None if row is None else int(row[0])


def _no_open_shift(terminal_id: str) -> InputRefused:
    return InputRefused(
        f"收银台 {terminal_id} 没有未结班次，请先开班（输入备用金）",
        f"Terminal {terminal_id} has no open shift: open one first with its float",
    )


def open_shift(
    db: Database, float_fen: int, operator: Operator, settings: StationSettings, clock: Clock
) -> ShiftFigures:
    """Open a shift on this station's terminal with `float_fen` counted into the drawer."""
    check_price(float_fen, field=("备用金", "Float"))
    at = clock.stamp()
    with write_transaction(db):
        current = open_shift_id(db, settings.terminal_id)
        if current is not None:
            raise InputRefused(
                f"收银台 {settings.terminal_id} 已有未结班次，请先结班再开新班",
                f"Terminal {settings.terminal_id} already has an open shift: close it first",
                code="shift_already_open",
            )
        shift_id = _insert_shift(db, float_fen, operator, settings, clock, at)
    return shift_figures(db, shift_id, clock)


def _insert_shift(
    db: Database,
    float_fen: int,
    operator: Operator,
    settings: StationSettings,
    clock: Clock,
    at: str,
    *,
    handed_over_from: str | None = None,
) -> str:
    shift_id = uuid7()
    db.execute(
        "INSERT INTO shifts(id, terminal_id, opened_at, local_date, opened_by, float_fen) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            shift_id,
            settings.terminal_id,
            at,
            clock.local().date().isoformat(),
            operator.id,
            float_fen,
        ],
    )
    detail: dict[str, object] = {"terminal_id": settings.terminal_id, "float_fen": float_fen}
    if handed_over_from is not None:
        detail["handed_over_from"] = handed_over_from
    record_audit(
        db,
        at=at,
        operator_id=operator.id,
        action="shift.opened",
        subject_id=shift_id,
        detail=detail,
    )
    return shift_id


def _drawer_move(
    db: Database,
    kind: str,
    amount_fen: int,
    reason: str,
    operator: Operator,
    settings: StationSettings,
    clock: Clock,
    approver: Operator | None,
) -> None:
    names = {"pay_in": ("存入金额", "Pay-in"), "pay_out": ("取出金额", "Pay-out")}[kind]
    check_price(amount_fen, field=names)
    if amount_fen == 0:
        raise InputRefused(f"{names[0]}不能为 0", f"The {names[1].lower()} cannot be zero")
    reason = reason.strip()
    if not reason:
        raise InputRefused(
            "请写明原因（如：去银行换零钱、付送货费）",
            "Give a reason (change from the bank, paying the delivery man…)",
            field="reason",
        )
    if len(reason) > MAX_REASON:
        raise InputRefused(
            f"原因不能超过 {MAX_REASON} 个字",
            f"The reason is over {MAX_REASON} characters",
            field="reason",
        )
    owner = _owner_of(operator, approver)
    limit = settings.drawer_move_owner_limit_fen
    if amount_fen > limit and owner is None:
        raise PermissionRequired(
            f"{names[0]} {format_fen(amount_fen)} 超过 {format_fen(limit)}，需要店主授权",
            f"A {names[1].lower()} of {format_fen(amount_fen)} is over {format_fen(limit)}: "
            "the owner must approve it",
        )
    at = clock.stamp()
    with write_transaction(db):
        shift_id = open_shift_id(db, settings.terminal_id)
        if shift_id is None:
            raise _no_open_shift(settings.terminal_id)
        move_id = uuid7()
        db.execute(
            "INSERT INTO drawer_moves(id, shift_id, kind, amount_fen, reason, at, operator_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [move_id, shift_id, kind, amount_fen, reason, at, operator.id],
        )
        record_audit(
            db,
            at=at,
            operator_id=operator.id,
            action=f"shift.{kind}",
            subject_id=shift_id,
            detail={
                "move_id": move_id,
                "amount_fen": amount_fen,
                "reason": reason,
                "approved_by": owner.id if owner is not None and owner is not operator else None,
            },
        )


def pay_in(
    db: Database,
    amount_fen: int,
    reason: str,
    operator: Operator,
    settings: StationSettings,
    clock: Clock,
    *,
    approver: Operator | None = None,
) -> None:
    """Put cash into the drawer of the open shift (change bought at the bank…); audited."""
    _drawer_move(db, "pay_in", amount_fen, reason, operator, settings, clock, approver)


def pay_out(
    db: Database,
    amount_fen: int,
    reason: str,
    operator: Operator,
    settings: StationSettings,
    clock: Clock,
    *,
    approver: Operator | None = None,
) -> None:
    """Take cash out of the drawer of the open shift (paying the delivery man…); audited."""
    _drawer_move(db, "pay_out", amount_fen, reason, operator, settings, clock, approver)


def _owner_of(operator: Operator, approver: Operator | None) -> Operator | None:
    """The owner standing behind an action: the operator if owner, else an owner approver."""
    if operator.is_owner:
        return operator
    if approver is not None and approver.is_owner:
        return approver
    return None


def count_denominations(counts: dict[int, int]) -> int:
    """The fen in a drawer counted as {denomination in fen: how many}."""
    total = 0
    for denomination, how_many in counts.items():
        if denomination not in DENOMINATIONS_FEN:
            raise InputRefused(
                f"没有面额 {format_fen(denomination)}，请按 ¥100 … ¥0.1 点数",
                f"There is no {format_fen(denomination)} note or coin: count ¥100 … ¥0.1",
            )
        if how_many < 0:
            raise InputRefused("张数不能为负", "A count cannot be negative")
        total += denomination * how_many
    return total


def close_shift(
    db: Database,
    operator: Operator,
    settings: StationSettings,
    clock: Clock,
    *,
    counted_fen: int | None = None,
    denominations: dict[int, int] | None = None,
    note: str = "",
    approver: Operator | None = None,
) -> ShiftFigures:
    """Close the terminal's open shift with the cash counted (one amount or by denomination).

    Records the expected cash and over/short (counted − expected) and queues `shift.closed`.
    An over/short larger than `over_short_owner_limit_fen` needs a note and the owner.
    """
    at = clock.stamp()
    with write_transaction(db):
        return _close_open_shift(
            db, operator, settings, at, counted_fen, denominations, note, approver
        )


def hand_over(
    db: Database,
    operator: Operator,
    successor: Operator,
    settings: StationSettings,
    clock: Clock,
    *,
    counted_fen: int | None = None,
    denominations: dict[int, int] | None = None,
    note: str = "",
    approver: Operator | None = None,
) -> tuple[ShiftFigures, ShiftFigures]:
    """交班: close `operator`'s shift with a count and open `successor`'s on the same cash.

    One transaction, so the drawer is never without a shift: the counted cash is the next
    shift's float. Returns the closed shift and the new one.
    """
    if successor.id == operator.id:
        raise InputRefused(
            "交班须交给另一位店员；同一人继续收银不必交班",
            "Hand over to another person; the same person simply carries on",
            field="successor",
        )
    at = clock.stamp()
    with write_transaction(db):
        closed = _close_open_shift(
            db, operator, settings, at, counted_fen, denominations, note, approver
        )
        assert closed.counted_cash_fen is not None
        opened_id = _insert_shift(
            db,
            closed.counted_cash_fen,
            successor,
            settings,
            clock,
            at,
            handed_over_from=closed.shift_id,
        )
        return closed, _figures(db, opened_id, at)


def _counted(counted_fen: int | None, denominations: dict[int, int] | None) -> int:
    if (counted_fen is None) == (denominations is None):
        raise InputRefused(
            "请输入点钞金额，或按面额点数（二选一）",
            "Give the counted cash as one amount or by denomination (one of them)",
            field="counted_fen",
        )
    if denominations is not None:
        counted_fen = count_denominations(denominations)
    assert counted_fen is not None
    check_price(counted_fen, field=("点钞金额", "Counted cash"))
    return counted_fen


def _close_open_shift(
    db: Database,
    operator: Operator,
    settings: StationSettings,
    at: str,
    counted_fen: int | None,
    denominations: dict[int, int] | None,
    note: str,
    approver: Operator | None,
) -> ShiftFigures:
    """Inside the caller's transaction: the close row, audit and event; the closed figures."""
    counted = _counted(counted_fen, denominations)
    note = note.strip()
    if len(note) > MAX_REASON:
        raise InputRefused(
            f"备注不能超过 {MAX_REASON} 个字",
            f"The note is over {MAX_REASON} characters",
            field="note",
        )
    shift_id = open_shift_id(db, settings.terminal_id)
    if shift_id is None:
        raise _no_open_shift(settings.terminal_id)
    # Expected at the instant of closing, so nothing can slip in between.
    expected = _figures(db, shift_id, at).expected_cash_fen
    over_short = counted - expected
    limit = settings.over_short_owner_limit_fen
    if abs(over_short) > limit:
        if not note:
            raise InputRefused(
                f"长短款 {format_fen(over_short)} 超过 {format_fen(limit)}，请先写明原因",
                f"Over/short of {format_fen(over_short)} is beyond {format_fen(limit)}: "
                "write down why first",
                field="note",
                code="over_short_note_required",
            )
        if _owner_of(operator, approver) is None:
            raise PermissionRequired(
                f"长短款 {format_fen(over_short)} 超过 {format_fen(limit)}，需要店主授权",
                f"Over/short of {format_fen(over_short)} is beyond {format_fen(limit)}: "
                "the owner must approve the close",
            )
    owner = _owner_of(operator, approver)
    db.execute(
        "INSERT INTO shift_closes(shift_id, closed_at, closed_by, expected_cash_fen, "
        "counted_cash_fen, over_short_fen, denominations, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            shift_id,
            at,
            operator.id,
            expected,
            counted,
            over_short,
            json.dumps({str(k): v for k, v in sorted((denominations or {}).items())}),
            note,
        ],
    )
    closed = _figures(db, shift_id, at)
    record_audit(
        db,
        at=at,
        operator_id=operator.id,
        action="shift.closed",
        subject_id=shift_id,
        detail={
            "expected_cash_fen": expected,
            "counted_cash_fen": counted,
            "over_short_fen": over_short,
            "note": note,
            "approved_by": owner.id if owner is not None and owner is not operator else None,
        },
    )
    enqueue_event(db, events.shift_closed(closed.as_json()), at)
    return closed


def shift_figures(db: Database, shift_id: str, clock: Clock) -> ShiftFigures:
    """A shift's figures: up to its close, or up to now while it is open (the X report)."""
    return _figures(db, shift_id, clock.stamp())


def current_shift(db: Database, settings: StationSettings, clock: Clock) -> ShiftFigures | None:
    """The figures of the terminal's open shift so far, or None if none is open."""
    shift_id = open_shift_id(db, settings.terminal_id)
    return None if shift_id is None else shift_figures(db, shift_id, clock)


def shifts_of_day(db: Database, day: date, clock: Clock) -> list[ShiftFigures]:
    """Every shift opened on the station-local `day`, oldest first."""
    ids = [
        r[0]
        for r in db.execute(
            "SELECT id FROM shifts WHERE local_date = ? ORDER BY opened_at, id", [day.isoformat()]
        )
    ]
    return [shift_figures(db, shift_id, clock) for shift_id in ids]


def _sum(db: Database, sql: str, params: list[object]) -> int:
    return int(db.execute(sql, params).fetchone()[0])


def _figures(db: Database, shift_id: str, now: str) -> ShiftFigures:
    row = db.execute(
        "SELECT s.terminal_id, s.opened_at, s.opened_by, s.float_fen, c.closed_at, c.closed_by, "
        "c.counted_cash_fen, ob.name, cb.name, c.denominations, c.note, "
        "date(s.local_date, '-1 day') FROM shifts s "
        "LEFT JOIN shift_closes c ON c.shift_id = s.id "
        "JOIN operators ob ON ob.id = s.opened_by LEFT JOIN operators cb ON cb.id = c.closed_by "
        "WHERE s.id = ?",
        [shift_id],
    ).fetchone()
    if row is None:
        raise NotFound(f"没有班次 {shift_id}", f"No shift {shift_id}")
    terminal, opened_at, _, float_fen, closed_at, _, counted, opened_name, closed_name = row[:9]
    denominations, note = json.loads(row[9] or "{}"), row[10] or ""
    end = closed_at or now
    # [opened_at, end): a movement stamped at the close instant belongs to the next shift.
    # Tables with an indexed local date are also bounded by it (from the day before the
    # opening, in case the time zone setting changed), so a shift reads its own days only
    # rather than every sale the station ever made.
    window = [opened_at, end, row[11]]
    in_window = "{col} >= ? AND {col} < ? AND local_date >= ?"
    in_sales = "s.created_at >= ? AND s.created_at < ? AND s.local_date >= ?"
    undated = "{col} >= ? AND {col} < ?"
    cash_sales = _sum(
        db,
        "SELECT coalesce(sum(p.amount_fen), 0) FROM payments p JOIN sales s ON s.seq = p.sale_seq "
        f"WHERE p.method = 'cash' AND s.terminal_id = ? AND {in_sales}",
        [terminal, *window],
    )
    cash_refunds = _sum(
        db,
        "SELECT coalesce(sum(total_fen), 0) FROM refunds "
        f"WHERE method = 'cash' AND {in_window.format(col='created_at')}",
        window,
    )
    agency = "SELECT coalesce(sum(amount_fen), 0) FROM agency_money WHERE method = 'cash' AND "
    agency_in = _sum(
        db,
        agency + "kind IN ('collected', 'platform_refund') AND " + in_window.format(col="at"),
        window,
    )
    agency_out = _sum(
        db, agency + "kind IN ('spent', 'paid_back') AND " + in_window.format(col="at"), window
    )
    # Repayments are stored negative on the ledger (they take the debt down).
    repayments = _sum(
        db,
        "SELECT coalesce(-sum(amount_fen), 0) FROM villager_ledger "
        f"WHERE kind = 'repayment' AND method = 'cash' AND {undated.format(col='at')}",
        window[:2],
    )
    payouts = _sum(
        db,
        "SELECT coalesce(sum(amount_fen), 0) FROM farmer_payouts "
        f"WHERE method = 'cash' AND {undated.format(col='at')}",
        window[:2],
    )
    moves = dict(
        db.execute(
            "SELECT kind, sum(amount_fen) FROM drawer_moves WHERE shift_id = ? GROUP BY kind",
            [shift_id],
        ).fetchall()
    )
    pay_in_fen, pay_out_fen = int(moves.get("pay_in", 0)), int(moves.get("pay_out", 0))
    by_method = {m.value: 0 for m in PaymentMethod}
    for method, amount in db.execute(
        "SELECT p.method, sum(p.amount_fen) FROM payments p JOIN sales s ON s.seq = p.sale_seq "
        f"WHERE s.terminal_id = ? AND {in_sales} GROUP BY p.method",
        [terminal, *window],
    ):
        by_method[method] += amount
    for method, amount in db.execute(
        "SELECT method, sum(total_fen) FROM refunds "
        f"WHERE {in_window.format(col='created_at')} GROUP BY method",
        window,
    ):
        by_method[method] -= amount
    receipts, gross, discount_count, discount, rounding_count, rounding, net_sales = db.execute(
        "SELECT count(*), coalesce(sum(subtotal_fen), 0), coalesce(sum(discount_fen > 0), 0), "
        "coalesce(sum(discount_fen), 0), coalesce(sum(rounding_fen > 0), 0), "
        "coalesce(sum(rounding_fen), 0), coalesce(sum(total_fen), 0) FROM sales "
        f"WHERE terminal_id = ? AND {in_window.format(col='created_at')}",
        [terminal, *window],
    ).fetchone()
    refunds_count, refunds_fen = db.execute(
        "SELECT count(*), coalesce(sum(total_fen), 0) FROM refunds "
        f"WHERE {in_window.format(col='created_at')}",
        window,
    ).fetchone()
    expected = (
        float_fen
        + cash_sales
        + agency_in
        + repayments
        + pay_in_fen
        - cash_refunds
        - agency_out
        - payouts
        - pay_out_fen
    )
    return ShiftFigures(
        shift_id=shift_id,
        terminal_id=terminal,
        opened_at=opened_at,
        closed_at=closed_at,
        opened_by=opened_name,
        closed_by=closed_name,
        float_fen=float_fen,
        cash_sales_fen=cash_sales,
        cash_refunds_fen=cash_refunds,
        agency_cash_in_fen=agency_in,
        agency_cash_out_fen=agency_out,
        credit_repayments_cash_fen=repayments,
        payouts_cash_fen=payouts,
        pay_in_fen=pay_in_fen,
        pay_out_fen=pay_out_fen,
        expected_cash_fen=expected,
        counted_cash_fen=counted,
        over_short_fen=None if counted is None else counted - expected,
        receipts_count=receipts,
        gross_fen=gross,
        discount_count=discount_count,
        discount_fen=discount,
        rounding_count=rounding_count,
        rounding_fen=rounding,
        refunds_count=refunds_count,
        refunds_fen=refunds_fen,
        voided_lines_count=voided_lines_between(db, terminal, opened_at, end),
        net_fen=net_sales - refunds_fen,
        payments_fen=by_method,
        denominations=denominations,
        note=note,
    )
