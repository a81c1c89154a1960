"""Agency purchases (代购): the keeper buys online for a villager and hands the parcel over.

An order's facts never change; its state is the latest row of its history, and its
money is the sum of its `agency_money` rows. Every step is one transaction with its
history row, money rows, ledger entries, audit row and outbox event.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from station_app.core import events
from station_app.core.agency_refunds import RefundPosition, apply_refund_step, refund_status
from station_app.core.audit import record_audit
from station_app.core.clock import Clock
from station_app.core.credit import charge_account, credit_back
from station_app.core.errors import InputRefused, NotFound, PaymentIncomplete
from station_app.core.ids import uuid7
from station_app.core.money import check_price, check_quantity, format_fen
from station_app.core.operators import Operator
from station_app.core.outbox import enqueue_event
from station_app.core.payments import PaymentMethod, Tender, settle
from station_app.core.sales import next_counter
from station_app.core.settings import StationSettings
from station_app.core.statuses import AgencyStatus, status_name
from station_app.core.villagers import get_villager
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction
from village_protocol.carriers import MAX_TRACKING, MIN_TRACKING
from village_protocol.carriers import normalise_tracking as protocol_tracking

PLATFORMS = ("淘宝", "京东", "拼多多", "抖音", "其他")
MAX_ITEM = 60
MAX_LINK = 300
MAX_REFERENCE = 40

# Which step may follow which. Anything else is refused with the current state named.
_REFUND_STEPS = (AgencyStatus.REFUNDING, AgencyStatus.REFUNDED)
TRANSITIONS: dict[AgencyStatus, tuple[AgencyStatus, ...]] = {
    AgencyStatus.CREATED: (AgencyStatus.PLACED, AgencyStatus.CANCELLED),
    AgencyStatus.PLACED: (AgencyStatus.SHIPPED, AgencyStatus.CANCELLED),
    AgencyStatus.SHIPPED: (AgencyStatus.ARRIVED, AgencyStatus.RETURN_REQUESTED),
    AgencyStatus.ARRIVED: (AgencyStatus.PICKED_UP, AgencyStatus.RETURN_REQUESTED),
    AgencyStatus.PICKED_UP: (AgencyStatus.RETURN_REQUESTED,),
    AgencyStatus.RETURN_REQUESTED: (AgencyStatus.RETURNED,),
    # A refund step leads to `refunding` while the platform or the villager is still owed,
    # and to `refunded` (final) once both are settled: see core.agency_refunds.
    AgencyStatus.RETURNED: _REFUND_STEPS,
    AgencyStatus.CANCELLED: _REFUND_STEPS,
    AgencyStatus.REFUNDING: _REFUND_STEPS,
    AgencyStatus.REFUNDED: (),
}
# States where the order's money flows back: the villager owes nothing more, and what was
# collected and spent is owed back.
REFUND_STATES = (
    AgencyStatus.CANCELLED,
    AgencyStatus.RETURN_REQUESTED,
    AgencyStatus.RETURNED,
    *_REFUND_STEPS,
)


@dataclass(frozen=True)
class AgencyOrder:
    """An agency order with its current state and money position."""

    id: str
    order_no: str
    pickup_code: str
    villager_id: str
    villager_name: str
    platform: str
    item: str
    quantity: int
    item_price_fen: int
    shipping_fen: int
    service_fee_fen: int
    total_fen: int
    created_at: str
    status: AgencyStatus
    collected_fen: int
    spent_fen: int
    platform_refund_fen: int
    paid_back_fen: int

    def __post_init__(self) -> None:
        # Rows read from SQLite carry the stored text; the record holds the enum.
        object.__setattr__(self, "status", AgencyStatus(self.status))

    @property
    def refund_position(self) -> RefundPosition:
        """What was spent and refunded on the platform, collected and paid back, in fen."""
        return RefundPosition(
            self.spent_fen, self.platform_refund_fen, self.collected_fen, self.paid_back_fen
        )

    @property
    def due_from_villager_fen(self) -> int:
        """Still to collect from the villager (0 once cancelled or returned)."""
        if self.status in REFUND_STATES:
            return 0
        return self.total_fen - self.collected_fen

    @property
    def owed_to_villager_fen(self) -> int:
        """What the station still owes the villager on a cancelled or returned order."""
        if self.status not in REFUND_STATES:
            return 0
        return self.refund_position.owed_to_villager_fen

    @property
    def platform_owes_fen(self) -> int:
        """What the platform still owes the station on a cancelled or returned order."""
        if self.status not in REFUND_STATES:
            return 0
        return self.refund_position.platform_owes_fen


@dataclass(frozen=True)
class HistoryEntry:
    """One step in an order's visible history."""

    status: AgencyStatus
    at: str
    operator_name: str
    detail: dict[str, Any]

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", AgencyStatus(self.status))


def new_pickup_code(db: Database) -> str:
    """A 6-digit code not used by any parcel or order still waiting to be picked up."""
    for _ in range(100):
        code = f"{secrets.randbelow(1_000_000):06d}"
        taken = db.execute(
            "SELECT 1 FROM parcels p WHERE p.pickup_code = ? AND NOT EXISTS "
            "(SELECT 1 FROM parcel_handovers h WHERE h.parcel_id = p.id) "
            "UNION ALL SELECT 1 FROM agency_orders o WHERE o.pickup_code = ? AND "
            "(SELECT status FROM agency_order_history h WHERE h.order_id = o.id "
            " ORDER BY seq DESC LIMIT 1) NOT IN ('picked_up', 'cancelled', 'refunding', "
            " 'refunded', 'returned')",
            [code, code],
        ).fetchone()
        if not taken:
            return code
    raise RuntimeError("no free pickup code after 100 tries")


def order_total_fen(
    quantity: int, item_price_fen: int, shipping_fen: int, service_fee_fen: int
) -> int:
    """What the villager pays for an order: the items, shipping and the station's fee."""
    return quantity * item_price_fen + shipping_fen + service_fee_fen


def platform_cost_fen(order: AgencyOrder) -> int:
    """What the order should cost on the platform: the items and shipping, not the fee.

    The keeper's form for "ordered on the platform" starts with this amount.
    """
    return order.quantity * order.item_price_fen + order.shipping_fen


def next_steps(order: AgencyOrder) -> tuple[str, ...]:
    """The states the order may move to now.

    An order stored as `refunded` with money still owed (recorded before partial refunds
    were kept apart) may still take refund steps, so what is owed can be recorded.
    """
    if order.status is AgencyStatus.REFUNDED and not order.refund_position.complete:
        return _REFUND_STEPS
    return TRANSITIONS[order.status]


def _text(value: str, limit: int, zh: str, en: str, field: str, *, required: bool = True) -> str:
    value = value.strip()
    if (required and not value) or len(value) > limit:
        raise InputRefused(
            f"{zh}须为 1 到 {limit} 个字",
            f"{en}: 1 to {limit} characters",
            field,
            code=f"{field}_length",
        )
    return value


def _history(
    db: Database,
    order_id: str,
    status: str,
    at: str,
    operator: Operator,
    detail: dict[str, Any] | None = None,
) -> None:
    db.execute(
        "INSERT INTO agency_order_history(order_id, status, at, operator_id, detail) "
        "VALUES (?,?,?,?,?)",
        [order_id, status, at, operator.id, json.dumps(detail or {}, ensure_ascii=False)],
    )


def _money(
    db: Database,
    order_id: str,
    at: str,
    local_date: str,
    kind: str,
    method: str,
    amount_fen: int,
    operator: Operator,
) -> None:
    db.execute(
        "INSERT INTO agency_money(order_id, at, local_date, kind, method, amount_fen, "
        "operator_id) VALUES (?,?,?,?,?,?,?)",
        [order_id, at, local_date, kind, method, amount_fen, operator.id],
    )


def _collect(
    db: Database,
    order: AgencyOrder,
    tenders: list[Tender],
    at: str,
    local_date: str,
    operator: Operator,
    approver: Operator | None,
) -> int:
    """Record money from the villager; an account tender goes on the ledger."""
    total = 0
    for tender in tenders:
        check_price(tender.amount_fen, field=("收款金额", "Payment"))
        if tender.amount_fen == 0:
            continue
        if tender.method is PaymentMethod.ACCOUNT:
            if tender.villager_id != order.villager_id:
                raise InputRefused("只能记在下单村民的账上", "Only the ordering villager's account")
            charge_account(
                db, order.villager_id, tender.amount_fen, "agency", order.id, operator, at, approver
            )
        _money(
            db,
            order.id,
            at,
            local_date,
            "collected",
            tender.method.value,
            tender.amount_fen,
            operator,
        )
        total += tender.amount_fen
    return total


def create_order(
    db: Database,
    villager_id: str,
    platform: str,
    item: str,
    quantity: int,
    item_price_fen: int,
    shipping_fen: int,
    service_fee_fen: int,
    tenders: list[Tender],
    operator: Operator,
    settings: StationSettings,
    clock: Clock,
    *,
    link: str = "",
    credit_approver: Operator | None = None,
) -> AgencyOrder:
    """Register what the villager wants bought and take the money (all, part, or on account).

    Raises:
        InputRefused: bad fields, or more collected than the order's total.
        PermissionRequired: an account payment over the limit without the owner.
    """
    if platform not in PLATFORMS:
        raise InputRefused(f"平台须为 {'/'.join(PLATFORMS)}", f"Platform must be {PLATFORMS}")
    item = _text(item, MAX_ITEM, "商品描述", "Item", "item")
    link = _text(link, MAX_LINK, "链接", "Link", "link", required=False)
    check_quantity(quantity)
    for amount, name in (
        (item_price_fen, ("单价", "Item price")),
        (shipping_fen, ("运费", "Shipping")),
        (service_fee_fen, ("服务费", "Service fee")),
    ):
        check_price(amount, field=name)
    total = order_total_fen(quantity, item_price_fen, shipping_fen, service_fee_fen)
    check_price(total, field=("订单金额", "Order total"))
    if sum(t.amount_fen for t in tenders) > total:
        raise InputRefused("收款超过订单金额", "More collected than the order total")
    at, local = clock.stamp(), clock.local()
    order_id = uuid7()
    with write_transaction(db):
        villager = get_villager(db, villager_id)
        number = next_counter(db, f"agency:{settings.terminal_id}")
        order_no = f"D{local:%Y%m%d}-{settings.terminal_id}-{number:04d}"
        code = new_pickup_code(db)
        db.execute(
            "INSERT INTO agency_orders(id, order_no, pickup_code, villager_id, platform, item, "
            "link, quantity, item_price_fen, shipping_fen, service_fee_fen, total_fen, "
            "created_at, local_date, operator_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                order_id,
                order_no,
                code,
                villager.id,
                platform,
                item,
                link,
                quantity,
                item_price_fen,
                shipping_fen,
                service_fee_fen,
                total,
                at,
                local.date().isoformat(),
                operator.id,
            ],
        )
        _history(db, order_id, "created", at, operator)
        order = get_order(db, order_id)
        _collect(db, order, tenders, at, local.date().isoformat(), operator, credit_approver)
        order = get_order(db, order_id)
        record_audit(
            db,
            at=at,
            operator_id=operator.id,
            action="agency.created",
            subject_id=order_id,
            detail={"order_no": order_no, "total_fen": total},
        )
        enqueue_event(db, events.agency_created(order, tenders, settings), at)
    return order


# A step's outcome as decided from the order read inside the step's transaction: the new
# state, the history detail, and the money rows (kind, method, fen).
StepPlan = Callable[["AgencyOrder"], tuple[str, dict[str, Any], list[tuple[str, str, int]]]]


def _fixed(
    status: str, detail: dict[str, Any], money: list[tuple[str, str, int]] | None = None
) -> StepPlan:
    return lambda _order: (status, detail, money or [])


def _advance(
    db: Database,
    order_id: str,
    plan: StepPlan,
    operator: Operator,
    clock: Clock,
    tenders: list[Tender] | None = None,
    approver: Operator | None = None,
) -> AgencyOrder:
    at, local = clock.stamp(), clock.local()
    local_date = local.date().isoformat()
    with write_transaction(db):
        order = get_order(db, order_id)
        status, detail, money = plan(order)
        if status not in next_steps(order):
            raise InputRefused(
                f"订单 {order.order_no} 当前为“{status_name(order.status)}”，"
                f"不能改为“{status_name(AgencyStatus(status))}”",
                f"Order {order.order_no} is {order.status}; it cannot become {status}",
            )
        collected = _collect(db, order, tenders or [], at, local_date, operator, approver)
        for kind, method, amount in money:
            if kind == "paid_back" and method == PaymentMethod.ACCOUNT.value:
                credit_back(db, order.villager_id, amount, order.id, operator, at)
            _money(db, order.id, at, local_date, kind, method, amount, operator)
        _history(db, order.id, status, at, operator, detail)
        record_audit(
            db,
            at=at,
            operator_id=operator.id,
            action=f"agency.{status}",
            subject_id=order.id,
            detail=detail,
        )
        enqueue_event(
            db, events.agency_status_changed(order, status, at, detail, collected, money), at
        )
        return get_order(db, order.id)


def mark_placed(
    db: Database,
    order_id: str,
    platform_order_no: str,
    spent_fen: int,
    operator: Operator,
    clock: Clock,
) -> AgencyOrder:
    """The keeper ordered on the platform: record its order no. and what it cost."""
    reference = _text(
        platform_order_no, MAX_REFERENCE, "平台订单号", "Platform order no.", "platform_order_no"
    )
    try:
        check_price(spent_fen, field=("平台实付", "Paid on the platform"))
    except InputRefused as error:
        raise error.concerning("spent_fen", "spent_out_of_range") from None
    money = [("spent", "platform", spent_fen)] if spent_fen else []
    return _advance(
        db,
        order_id,
        _fixed("placed", {"platform_order_no": reference, "spent_fen": spent_fen}, money),
        operator,
        clock,
    )


def mark_shipped(
    db: Database, order_id: str, tracking_no: str, operator: Operator, clock: Clock
) -> AgencyOrder:
    """The platform shipped: record the tracking number so the parcel links on arrival."""
    try:
        tracking = normalise_tracking(tracking_no)
    except InputRefused as error:
        raise error.concerning("tracking_no", "tracking_invalid") from None
    return _advance(db, order_id, _fixed("shipped", {"tracking_no": tracking}), operator, clock)


def cancel_order(
    db: Database, order_id: str, reason: str, operator: Operator, clock: Clock
) -> AgencyOrder:
    """Cancel before shipping; money collected is then owed back to the villager."""
    detail = {"reason": _text(reason, 60, "原因", "Reason", "reason", required=False)}
    return _advance(db, order_id, _fixed("cancelled", detail), operator, clock)


def request_return(
    db: Database, order_id: str, reason: str, operator: Operator, clock: Clock
) -> AgencyOrder:
    """The villager wants to return the goods."""
    detail = {"reason": _text(reason, 60, "原因", "Reason", "reason", required=False)}
    return _advance(db, order_id, _fixed("return_requested", detail), operator, clock)


def mark_returned(db: Database, order_id: str, operator: Operator, clock: Clock) -> AgencyOrder:
    """The goods went back to the seller."""
    return _advance(db, order_id, _fixed("returned", {}), operator, clock)


def record_refund(
    db: Database,
    order_id: str,
    platform_refund_fen: int,
    paid_back_fen: int,
    method: PaymentMethod,
    operator: Operator,
    clock: Clock,
) -> AgencyOrder:
    """One refund step: what the platform refunded now and what the keeper paid back now.

    The payback goes by `method` (cash, QR or to the villager's account); either amount may
    be 0 and steps add up. The order becomes `refunded` once the platform has refunded all
    that was spent and the villager has back all they paid, else `refunding`
    (core.agency_refunds). One transaction: a money row per amount, the history row,
    ledger, audit and outbox event.

    Raises:
        RefundTooLarge: an amount over what is still owed (the message names the most).
        InputRefused: a bad amount, nothing to record, or the order is not being refunded.
    """
    for fen, names, field in (
        (platform_refund_fen, ("平台退款", "Platform refund"), "platform_refund_fen"),
        (paid_back_fen, ("退给村民", "Paid back"), "paid_back_fen"),
    ):
        try:
            check_price(fen, field=names)
        except InputRefused as error:
            raise error.concerning(field, f"{field.removesuffix('_fen')}_out_of_range") from None

    def plan(order: AgencyOrder) -> tuple[str, dict[str, Any], list[tuple[str, str, int]]]:
        if AgencyStatus.REFUNDED not in next_steps(order):
            raise InputRefused(
                f"订单 {order.order_no} 当前为“{status_name(order.status)}”，不能记退款；"
                "请先取消订单，或登记退货并退回商家",
                f"Order {order.order_no} is {order.status}: cancel it, or record the return "
                "and the goods sent back, before recording a refund",
            )
        # The order is read inside the step's transaction, so a refund recorded at the same
        # moment elsewhere counts against the cap.
        after = apply_refund_step(order.refund_position, platform_refund_fen, paid_back_fen)
        money = (
            [("platform_refund", "platform", platform_refund_fen)] if platform_refund_fen else []
        )
        if paid_back_fen:
            money.append(("paid_back", method.value, paid_back_fen))
        return (
            refund_status(after),
            {
                "platform_refund_fen": platform_refund_fen,
                "paid_back_fen": paid_back_fen,
                "method": method.value,
                "platform_owes_fen": after.platform_owes_fen,
                "owed_to_villager_fen": after.owed_to_villager_fen,
            },
            money,
        )

    return _advance(db, order_id, plan, operator, clock)


def mark_arrived_in_transaction(
    db: Database, order: AgencyOrder, parcel_id: str, at: str, operator: Operator | None
) -> None:
    """Called by parcel arrival inside its transaction: the order's parcel is here."""
    if AgencyStatus.ARRIVED not in TRANSITIONS[order.status]:
        return  # e.g. a parcel for a cancelled order: it stays a plain parcel
    db.execute(
        "INSERT INTO agency_order_history(order_id, status, at, operator_id, detail) "
        "VALUES (?, 'arrived', ?, ?, ?)",
        [order.id, at, operator.id if operator else None, json.dumps({"parcel_id": parcel_id})],
    )


def hand_over_in_transaction(
    db: Database,
    order: AgencyOrder,
    tenders: list[Tender],
    at: str,
    local_date: str,
    operator: Operator,
    approver: Operator | None,
) -> None:
    """Called by parcel handover inside its transaction: collect the rest, mark picked up.

    Raises:
        PaymentIncomplete-like InputRefused: the villager has not paid in full.
    """
    if AgencyStatus.PICKED_UP not in TRANSITIONS[order.status]:
        raise InputRefused(
            f"代购单 {order.order_no} 当前为“{status_name(order.status)}”，不能取件",
            f"Agency order {order.order_no} is {order.status}: it cannot be picked up",
        )
    collected = _collect(db, order, tenders, at, local_date, operator, approver)
    if collected < order.due_from_villager_fen:
        raise InputRefused(
            f"取件前还需收 {format_fen(order.due_from_villager_fen - collected)}",
            f"{format_fen(order.due_from_villager_fen - collected)} is still due before pickup",
        )
    if collected > order.due_from_villager_fen:
        raise InputRefused("收款超过应收", "More collected than due")
    _history(db, order.id, "picked_up", at, operator, {"collected_fen": collected})
    enqueue_event(db, events.agency_picked_up(order, tenders, collected, at), at)


_ORDER_SELECT = """
SELECT o.id, o.order_no, o.pickup_code, o.villager_id, v.name, o.platform, o.item, o.quantity,
       o.item_price_fen, o.shipping_fen, o.service_fee_fen, o.total_fen, o.created_at,
       (SELECT status FROM agency_order_history h WHERE h.order_id = o.id
        ORDER BY seq DESC LIMIT 1) AS status,
       coalesce((SELECT sum(amount_fen) FROM agency_money m WHERE m.order_id = o.id
                 AND m.kind = 'collected'), 0),
       coalesce((SELECT sum(amount_fen) FROM agency_money m WHERE m.order_id = o.id
                 AND m.kind = 'spent'), 0),
       coalesce((SELECT sum(amount_fen) FROM agency_money m WHERE m.order_id = o.id
                 AND m.kind = 'platform_refund'), 0),
       coalesce((SELECT sum(amount_fen) FROM agency_money m WHERE m.order_id = o.id
                 AND m.kind = 'paid_back'), 0)
FROM agency_orders o JOIN villagers v ON v.id = o.villager_id
"""


def get_order(db: Database, order_id_or_no: str) -> AgencyOrder:
    """One order by id or order number."""
    row = db.execute(
        _ORDER_SELECT + " WHERE o.id = ? OR o.order_no = ?", [order_id_or_no, order_id_or_no]
    ).fetchone()
    if row is None:
        raise NotFound(f"找不到代购单 {order_id_or_no}", f"No agency order {order_id_or_no}")
    return AgencyOrder(*row)


def list_orders(db: Database, status: str | None = None, limit: int = 200) -> list[AgencyOrder]:
    """Orders, newest first, optionally only those in one state."""
    rows = db.execute(
        f"SELECT * FROM ({_ORDER_SELECT}) WHERE ? IS NULL OR status = ? "
        "ORDER BY created_at DESC, order_no DESC LIMIT ?",
        [status, status, limit],
    )
    return [AgencyOrder(*r) for r in rows]


def find_orders(db: Database, text: str, limit: int = 50) -> list[AgencyOrder]:
    """By order no., 6-digit pickup code, villager name or 4-digit phone tail; newest first."""
    query = "".join(text.split()).upper()
    if not query:
        return []
    rows = db.execute(
        _ORDER_SELECT + " WHERE upper(o.order_no) = ? OR o.pickup_code = ? "
        "OR instr(v.name, ?) > 0 OR (length(?) = 4 AND v.phone LIKE '%' || ?) "
        "ORDER BY o.created_at DESC, o.order_no DESC LIMIT ?",
        [query, query, query, query, query, limit],
    )
    return [AgencyOrder(*r) for r in rows]


def collected_tenders(due_fen: int, tenders: list[Tender]) -> tuple[list[Tender], int]:
    """What `tenders` collect towards `due_fen`, and the change handed back from cash.

    Less than due is a deposit: all of it is collected and the rest waits for pickup.
    Cash beyond the due is change, so only the applied amount is recorded as collected.

    Raises:
        InputRefused: a bad amount, or card/e-wallet/account amounts above the due.
    """
    try:
        settlement = settle(due_fen, tenders)
    except PaymentIncomplete:
        return [t for t in tenders if t.amount_fen], 0
    return (
        [replace(tender, amount_fen=amount) for tender, amount in settlement.applied],
        settlement.change_fen,
    )


def order_history(db: Database, order_id: str) -> list[HistoryEntry]:
    """The order's steps, oldest first, with who did them."""
    return [
        HistoryEntry(r[0], r[1], r[2] or "县级中心", json.loads(r[3]))
        for r in db.execute(
            "SELECT h.status, h.at, op.name, h.detail FROM agency_order_history h "
            "LEFT JOIN operators op ON op.id = h.operator_id WHERE h.order_id = ? ORDER BY h.seq",
            [order_id],
        )
    ]


def open_balances(db: Database) -> list[AgencyOrder]:
    """Orders where money is still owed to or by a villager, or by the platform."""
    return [
        o
        for o in list_orders(db, limit=100_000)
        if o.due_from_villager_fen or o.owed_to_villager_fen or o.platform_owes_fen
    ]


@dataclass(frozen=True)
class OpenBalanceTotals:
    """What a list of orders' open balances add up to, all fen."""

    due_from_villagers_fen: int
    owed_to_villagers_fen: int
    platforms_owe_fen: int


def open_balance_totals(orders: list[AgencyOrder]) -> OpenBalanceTotals:
    """The sums the open-balances board heads its list with."""
    return OpenBalanceTotals(
        sum(o.due_from_villager_fen for o in orders),
        sum(o.owed_to_villager_fen for o in orders),
        sum(o.platform_owes_fen for o in orders),
    )


def normalise_tracking(text: str) -> str:
    """Tracking numbers as carriers print them: upper case letters and digits, 8-30 long.

    The protocol's rule (`village_protocol.carriers`), refused here in the keeper's words.
    """
    tracking = protocol_tracking(text)
    if tracking is None:
        raise InputRefused(
            f"快递单号“{text}”不对，应为 {MIN_TRACKING} 到 {MAX_TRACKING} 位字母数字",
            f"Tracking number '{text}' must be {MIN_TRACKING}-{MAX_TRACKING} letters/digits",
        )
    return tracking


@dataclass(frozen=True)
class AgencyDayTotals:
    """Agency money on one station-local day, all fen."""

    date: str
    orders_created: int
    collected_fen: int
    spent_fen: int
    service_fee_fen: int
    platform_refund_fen: int
    paid_back_fen: int


def agency_day_totals(db: Database, day: str) -> AgencyDayTotals:
    """What moved on `day` (YYYY-MM-DD); service fees count on the day the order was taken."""
    sums = dict(
        db.execute(
            "SELECT kind, sum(amount_fen) FROM agency_money WHERE local_date = ? GROUP BY kind",
            [day],
        ).fetchall()
    )
    count, fees = db.execute(
        "SELECT count(*), coalesce(sum(service_fee_fen), 0) FROM agency_orders "
        "WHERE local_date = ?",
        [day],
    ).fetchone()
    return AgencyDayTotals(
        day,
        count,
        sums.get("collected", 0),
        sums.get("spent", 0),
        fees,
        sums.get("platform_refund", 0),
        sums.get("paid_back", 0),
    )
