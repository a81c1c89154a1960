"""Farmers' produce on consignment (代销): intake into lots, shipment, settlement, payout.

A lot's facts never change; its state is its latest history row. What a farmer is
owed is the sum of the hub's settlements minus the payouts made — both append-only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from station_app.core import events
from station_app.core.audit import record_audit
from station_app.core.clock import Clock
from station_app.core.errors import InputRefused, NotFound
from station_app.core.ids import uuid7
from station_app.core.money import MAX_PRICE_FEN, check_price
from station_app.core.operators import Operator
from station_app.core.outbox import enqueue_event
from station_app.core.payments import PaymentMethod
from station_app.core.sales import next_counter
from station_app.core.settings import StationSettings
from station_app.core.statuses import LotStatus, PayoutStatus, status_name
from station_app.core.villagers import get_villager
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction

GRADES = ("特级", "一级", "二级", "等外")
MAX_LOT_G = 5_000_000  # 5 t: more than a farmer's cart ever carries to the station
MAX_CRATES = 500
MAX_COMMISSION_BP = 5000  # 50 %
MAX_HARVEST_AGE_DAYS = 60
MAX_PRODUCT = 30

_SETTLED = (LotStatus.SETTLED, LotStatus.PARTIALLY_SETTLED, LotStatus.REJECTED)
TRANSITIONS: dict[LotStatus, tuple[LotStatus, ...]] = {
    LotStatus.RECEIVED: (LotStatus.SHIPPED, LotStatus.SPOILED, LotStatus.RETURNED),
    LotStatus.SHIPPED: _SETTLED,
    LotStatus.PARTIALLY_SETTLED: _SETTLED,
    LotStatus.SETTLED: (),
    LotStatus.REJECTED: (),
    LotStatus.SPOILED: (),
    LotStatus.RETURNED: (),
}


@dataclass(frozen=True)
class Lot:
    """A consigned lot with its current state."""

    id: str
    lot_code: str
    villager_id: str
    farmer_name: str
    product: str
    grade: str
    crates: int
    pieces: int
    gross_g: int
    tare_g: int
    net_g: int
    harvest_date: str
    best_before: str
    asking_price_fen_per_kg: int
    commission_bp: int
    created_at: str
    status: LotStatus

    def __post_init__(self) -> None:
        # Rows read from SQLite carry the stored text; the record holds the enum.
        object.__setattr__(self, "status", LotStatus(self.status))

    def is_expired(self, today: date) -> bool:
        """Past its best-before date."""
        return date.fromisoformat(self.best_before) < today


@dataclass(frozen=True)
class Settlement:
    """The hub's settlement of (part of) a lot, and whether it was paid out."""

    id: str
    lot_id: str
    lot_code: str
    outcome: str
    sold_g: int
    sale_fen: int
    hub_fees_fen: int
    commission_fen: int
    due_to_farmer_fen: int
    reason: str
    settled_at: str
    paid_out_at: str | None


@dataclass(frozen=True)
class TraceStep:
    """One step of a lot's life, for traceability from its code."""

    at: str
    what: str
    who: str
    detail: dict[str, Any]
    status: LotStatus | PayoutStatus | None = None  # screens name it in their language


_LOT_SELECT = """
SELECT * FROM (
  SELECT l.id, l.lot_code, l.villager_id, v.name, l.product, l.grade, l.crates, l.pieces,
         l.gross_g, l.tare_g, l.net_g, l.harvest_date, l.best_before,
         l.asking_price_fen_per_kg, l.commission_bp, l.created_at,
         (SELECT status FROM lot_history h WHERE h.lot_id = l.id ORDER BY seq DESC LIMIT 1)
           AS status
  FROM lots l JOIN villagers v ON v.id = l.villager_id)
"""


def _history(
    db: Database,
    lot_id: str,
    status: str,
    at: str,
    operator: Operator | None,
    detail: dict[str, Any] | None = None,
) -> None:
    db.execute(
        "INSERT INTO lot_history(lot_id, status, at, operator_id, detail) VALUES (?,?,?,?,?)",
        [
            lot_id,
            status,
            at,
            operator.id if operator else None,
            json.dumps(detail or {}, ensure_ascii=False),
        ],
    )


def _check_grams(
    value: int, zh: str, en: str, field: str, code: str, *, allow_zero: bool = False
) -> int:
    if not (0 if allow_zero else 1) <= value <= MAX_LOT_G:
        raise InputRefused(
            f"{zh}须在 {0 if allow_zero else 1} 克到 {MAX_LOT_G // 1000} 公斤之间"
            f"（输入了 {value} 克）",
            f"{en} must be within 0-{MAX_LOT_G // 1000} kg (got {value} g)",
            field,
            code=code,
        )
    return value


def make_lot_code(settings: StationSettings, day: date, number: int) -> str:
    """`STATION-TERMINAL-YYMMDD-NN`, e.g. `HN-ZZ-0001-T1-261202-03`.

    Each counter PC keeps its own day counter, so the terminal id in the code is what
    keeps two PCs of one station from handing out the same code. Codes made before
    (`STATION-YYMMDD-NN`) stay valid: a code is only ever looked up whole.
    """
    return f"{settings.station_id}-{settings.terminal_id}-{day:%y%m%d}-{number:02d}"


def intake_lot(
    db: Database,
    villager_id: str,
    product: str,
    grade: str,
    crates: int,
    pieces: int,
    gross_g: int,
    tare_g_per_crate: int,
    harvest_date: date,
    shelf_life_days: int,
    asking_price_fen_per_kg: int,
    commission_bp: int,
    operator: Operator,
    settings: StationSettings,
    clock: Clock,
) -> Lot:
    """Weigh in a farmer's produce as a new lot (net = gross − tare × crates).

    Raises:
        InputRefused: absurd weights or counts, tare not below gross, a harvest date in
            the future or long past, an unknown grade, a commission over 50 %.
    """
    product = product.strip()
    if not 1 <= len(product) <= MAX_PRODUCT:
        raise InputRefused(
            f"品名须为 1 到 {MAX_PRODUCT} 个字",
            "Product: 1-30 characters",
            "product",
            code="product_length",
        )
    if grade not in GRADES:
        raise InputRefused(
            f"等级须为 {'/'.join(GRADES)}",
            f"Grade must be one of {GRADES}",
            "grade",
            code="grade_unknown",
        )
    if not 1 <= crates <= MAX_CRATES:
        raise InputRefused(
            f"筐数须为 1 到 {MAX_CRATES}",
            f"Crates: 1 to {MAX_CRATES}",
            "crates",
            code="crates_out_of_range",
        )
    if not 0 <= pieces <= 1_000_000:
        raise InputRefused(
            "件数不合理", "Piece count is absurd", "pieces", code="pieces_out_of_range"
        )
    _check_grams(gross_g, "毛重", "Gross weight", "gross_g", "gross_out_of_range")
    tare_g = _check_grams(
        tare_g_per_crate * crates,
        "皮重",
        "Tare",
        "tare_g_per_crate",
        "tare_out_of_range",
        allow_zero=True,
    )
    if tare_g >= gross_g:
        # Usually a wrong crate count or a gross typed per crate: say both ways out.
        raise InputRefused(
            f"皮重（每筐皮重 × {crates} 筐）须小于毛重：请重新称毛重，或改正筐数、每筐皮重",
            f"The tare (tare per crate × {crates} crates) must be less than the gross weight: "
            "weigh again, or correct the crate count or the tare per crate",
            "tare_g_per_crate",
            code="tare_not_below_gross",
        )
    today = clock.today()
    if not today - timedelta(days=MAX_HARVEST_AGE_DAYS) <= harvest_date <= today:
        raise InputRefused(
            "采摘日期不能在未来，也不能早于 60 天前",
            "Harvest date must be within the last 60 days",
            "harvest_date",
            code="harvest_date_out_of_range",
        )
    if not 0 <= shelf_life_days <= 365:
        raise InputRefused(
            "保质天数须为 0 到 365",
            "Shelf life: 0 to 365 days",
            "shelf_life_days",
            code="shelf_life_out_of_range",
        )
    try:
        check_price(asking_price_fen_per_kg, field=("期望单价", "Asking price"))
    except InputRefused as error:
        raise error.concerning("asking_price_fen_per_kg", "price_out_of_range") from None
    if not 0 <= commission_bp <= MAX_COMMISSION_BP:
        raise InputRefused(
            "佣金比例须在 0% 到 50% 之间",
            "Commission must be 0 % to 50 %",
            "commission_bp",
            code="commission_out_of_range",
        )
    at, local = clock.stamp(), clock.local()
    lot_id = uuid7()
    with write_transaction(db):
        farmer = get_villager(db, villager_id)
        number = next_counter(db, f"lot:{local:%y%m%d}")
        lot_code = make_lot_code(settings, local.date(), number)
        db.execute(
            "INSERT INTO lots(id, lot_code, villager_id, product, grade, crates, pieces, gross_g, "
            "tare_g, net_g, harvest_date, best_before, asking_price_fen_per_kg, commission_bp, "
            "created_at, local_date, operator_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                lot_id,
                lot_code,
                farmer.id,
                product,
                grade,
                crates,
                pieces,
                gross_g,
                tare_g,
                gross_g - tare_g,
                harvest_date.isoformat(),
                (harvest_date + timedelta(days=shelf_life_days)).isoformat(),
                asking_price_fen_per_kg,
                commission_bp,
                at,
                local.date().isoformat(),
                operator.id,
            ],
        )
        _history(db, lot_id, LotStatus.RECEIVED, at, operator)
        lot = get_lot(db, lot_id)
        record_audit(
            db,
            at=at,
            operator_id=operator.id,
            action="lot.received",
            subject_id=lot_id,
            detail={"lot_code": lot_code, "net_g": lot.net_g},
        )
        enqueue_event(db, events.lot_received(lot, settings), at)
    return lot


def get_lot(db: Database, lot_id_or_code: str) -> Lot:
    """A lot by id or by the code on its label (also the QR content)."""
    code = lot_id_or_code.strip()
    row = db.execute(_LOT_SELECT + " WHERE id = ? OR lot_code = ?", [code, code]).fetchone()
    if row is None:
        raise NotFound(f"找不到批次 {code}", f"No lot {code}")
    return Lot(*row)


def list_lots(db: Database, status: str | None = None, limit: int = 500) -> list[Lot]:
    """Lots, newest first, optionally in one state."""
    # The code's day counter breaks ties of lots stamped in the same millisecond.
    rows = db.execute(
        _LOT_SELECT + " WHERE ? IS NULL OR status = ? "
        "ORDER BY created_at DESC, lot_code DESC LIMIT ?",
        [status, status, limit],
    )
    return [Lot(*r) for r in rows]


def _advance(db: Database, lot: Lot, status: LotStatus) -> None:
    if status not in TRANSITIONS[lot.status]:
        raise InputRefused(
            f"批次 {lot.lot_code} 当前为“{status_name(lot.status)}”，"
            f"不能改为“{status_name(status)}”",
            f"Lot {lot.lot_code} is {lot.status}; it cannot become {status}",
        )


def ship_lots(
    db: Database,
    lot_ids: list[str],
    carrier: str,
    operator: Operator,
    settings: StationSettings,
    clock: Clock,
) -> str:
    """Send lots to the county hub in one shipment; returns the manifest number.

    Raises:
        InputRefused: no lots, a lot not waiting at the station, or a lot past its
            best-before date (record spoilage or return it instead).
    """
    carrier = carrier.strip()
    if not lot_ids:
        raise InputRefused("请选择要发运的批次", "Choose the lots to ship")
    if not 1 <= len(carrier) <= 20:
        raise InputRefused(
            "承运方须为 1 到 20 个字", "Carrier: 1-20 characters", "carrier", code="carrier_length"
        )
    at, local = clock.stamp(), clock.local()
    with write_transaction(db):
        lots = [get_lot(db, lot_id) for lot_id in dict.fromkeys(lot_ids)]
        for lot in lots:
            _advance(db, lot, LotStatus.SHIPPED)
            if lot.is_expired(local.date()):
                raise InputRefused(
                    f"批次 {lot.lot_code} 已过保质期，请登记损耗或退还农户",
                    f"Lot {lot.lot_code} is past best-before",
                    code="lot_past_best_before",
                )

        number = next_counter(db, f"shipment:{settings.terminal_id}")
        manifest_no = f"M{local:%Y%m%d}-{settings.terminal_id}-{number:03d}"
        shipment_id = uuid7()
        db.execute(
            "INSERT INTO shipments(id, manifest_no, carrier, shipped_at, local_date, "
            "operator_id) VALUES (?,?,?,?,?,?)",
            [shipment_id, manifest_no, carrier, at, local.date().isoformat(), operator.id],
        )
        for lot in lots:
            db.execute(
                "INSERT INTO shipment_lots(shipment_id, lot_id) VALUES (?, ?)",
                [shipment_id, lot.id],
            )
            _history(db, lot.id, LotStatus.SHIPPED, at, operator, {"manifest_no": manifest_no})
        record_audit(
            db,
            at=at,
            operator_id=operator.id,
            action="shipment.sent",
            subject_id=shipment_id,
            detail={"manifest_no": manifest_no, "lots": len(lots)},
        )
        enqueue_event(
            db,
            events.shipment_sent(
                settings,
                shipment_id=shipment_id,
                manifest_no=manifest_no,
                carrier=carrier,
                at=at,
                lots=lots,
            ),
            at,
        )
    return manifest_no


def write_off_lot(
    db: Database, lot_id: str, status: str, reason: str, operator: Operator, clock: Clock
) -> Lot:
    """Record a waiting lot as spoiled (损耗) or returned to the farmer, with the reason."""
    if status not in (LotStatus.SPOILED, LotStatus.RETURNED):
        raise ValueError(status)
    reason = reason.strip()
    if not 1 <= len(reason) <= 60:
        raise InputRefused(
            "请填写原因（最多 60 字）",
            "Give a reason (at most 60 characters)",
            "reason",
            code="reason_length",
        )

    at = clock.stamp()
    with write_transaction(db):
        lot = get_lot(db, lot_id)
        _advance(db, lot, LotStatus(status))
        _history(db, lot.id, status, at, operator, {"reason": reason})
        record_audit(
            db,
            at=at,
            operator_id=operator.id,
            action=f"lot.{status}",
            subject_id=lot.id,
            detail={"reason": reason},
        )
        enqueue_event(db, events.lot_written_off(lot, status, reason, at), at)
    return get_lot(db, lot.id)


def apply_settlement(db: Database, data: dict[str, Any], at: str) -> bool:
    """Apply a `lot.settled` change from the hub inside the caller's transaction.

    Returns False when this settlement was already applied (a repeated page).

    Raises:
        InputRefused: malformed data, an unknown lot, or a lot not shipped.
    """
    try:
        settlement_id = str(data["settlement_id"])
        lot_code = str(data["lot_code"])
        outcome = str(data["outcome"])
        amounts = {
            k: int(data[k])
            for k in ("sold_g", "sale_fen", "hub_fees_fen", "commission_fen", "due_to_farmer_fen")
        }
    except (KeyError, TypeError, ValueError) as error:
        raise InputRefused("县中心结算数据不完整", f"Malformed settlement: {error}") from None
    if (
        outcome not in ("sold", "partial", "rejected")
        or any(not 0 <= v <= MAX_PRICE_FEN for v in amounts.values())
        or amounts["due_to_farmer_fen"] > amounts["sale_fen"]
    ):
        raise InputRefused("县中心结算数据不合理", f"Implausible settlement {settlement_id}")
    if db.execute("SELECT 1 FROM lot_settlements WHERE id = ?", [settlement_id]).fetchone():
        return False
    lot = get_lot(db, lot_code)
    status = {
        "sold": LotStatus.SETTLED,
        "partial": LotStatus.PARTIALLY_SETTLED,
        "rejected": LotStatus.REJECTED,
    }[outcome]
    _advance(db, lot, status)
    db.execute(
        "INSERT INTO lot_settlements(id, lot_id, outcome, sold_g, sale_fen, hub_fees_fen, "
        "commission_fen, due_to_farmer_fen, reason, settled_at, received_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [
            settlement_id,
            lot.id,
            outcome,
            amounts["sold_g"],
            amounts["sale_fen"],
            amounts["hub_fees_fen"],
            amounts["commission_fen"],
            amounts["due_to_farmer_fen"],
            str(data.get("reason", ""))[:100],
            str(data.get("settled_at", at)),
            at,
        ],
    )
    _history(db, lot.id, status, at, None, {"settlement_id": settlement_id, **amounts})
    return True


_SETTLEMENT_SELECT = """
SELECT s.id, s.lot_id, l.lot_code, s.outcome, s.sold_g, s.sale_fen, s.hub_fees_fen,
       s.commission_fen, s.due_to_farmer_fen, s.reason, s.settled_at, p.at
FROM lot_settlements s JOIN lots l ON l.id = s.lot_id
LEFT JOIN farmer_payouts p ON p.settlement_id = s.id
"""


def unpaid_settlements(db: Database, villager_id: str) -> list[Settlement]:
    """Settlements with money due to this farmer and not yet paid out."""
    rows = db.execute(
        _SETTLEMENT_SELECT + " WHERE l.villager_id = ? AND p.id IS NULL "
        "AND s.due_to_farmer_fen > 0 ORDER BY s.settled_at",
        [villager_id],
    )
    return [Settlement(*r) for r in rows]


def pay_out(
    db: Database,
    settlement_id: str,
    method: PaymentMethod,
    reference: str,
    operator: Operator,
    clock: Clock,
) -> Settlement:
    """Pay the farmer what one settlement says is due; a settlement is paid once.

    Raises:
        InputRefused: already paid, nothing due, paying on account, or a bad reference.
    """
    if method is PaymentMethod.ACCOUNT:
        raise InputRefused("结算款请付现金或转账", "Pay out in cash or by transfer")
    reference = reference.strip()
    if len(reference) > 64:
        raise InputRefused("转账单号最多 64 位", "Reference too long")
    at, local = clock.stamp(), clock.local()
    with write_transaction(db):
        row = db.execute(_SETTLEMENT_SELECT + " WHERE s.id = ?", [settlement_id]).fetchone()
        if row is None:
            raise NotFound("找不到该结算", f"No settlement {settlement_id}")
        settlement = Settlement(*row)
        if settlement.paid_out_at:
            raise InputRefused(
                f"该结算已于 {settlement.paid_out_at[:16]} 付款，不能重复付款",
                f"Settlement already paid at {settlement.paid_out_at}",
            )
        if settlement.due_to_farmer_fen == 0:
            raise InputRefused("该结算无应付金额", "Nothing is due on this settlement")
        lot = get_lot(db, settlement.lot_id)
        db.execute(
            "INSERT INTO farmer_payouts(id, settlement_id, villager_id, amount_fen, "
            "method, reference, at, local_date, operator_id) VALUES (?,?,?,?,?,?,?,?,?)",
            [
                uuid7(),
                settlement.id,
                lot.villager_id,
                settlement.due_to_farmer_fen,
                method.value,
                reference,
                at,
                local.date().isoformat(),
                operator.id,
            ],
        )
        record_audit(
            db,
            at=at,
            operator_id=operator.id,
            action="payout.made",
            subject_id=settlement.id,
            detail={"lot_code": lot.lot_code, "amount_fen": settlement.due_to_farmer_fen},
        )
        enqueue_event(db, events.payout_made(settlement, lot, method, reference, at), at)
        return Settlement(
            *db.execute(_SETTLEMENT_SELECT + " WHERE s.id = ?", [settlement_id]).fetchone()
        )


def farmer_balances(db: Database) -> list[tuple[str, str, int]]:
    """(villager id, name, owed fen) for every farmer with settled money not yet paid."""
    rows = db.execute(
        "SELECT v.id, v.name, sum(s.due_to_farmer_fen) FROM lot_settlements s "
        "JOIN lots l ON l.id = s.lot_id JOIN villagers v ON v.id = l.villager_id "
        "WHERE NOT EXISTS (SELECT 1 FROM farmer_payouts p WHERE p.settlement_id = s.id) "
        "GROUP BY v.id HAVING sum(s.due_to_farmer_fen) > 0 ORDER BY 3 DESC"
    )
    return [(r[0], r[1], r[2]) for r in rows]


def due_to_farmer_fen(settlements: Iterable[Settlement]) -> int:
    """What `settlements` owe their farmer together: the sum a payout of all of them pays."""
    return sum(settlement.due_to_farmer_fen for settlement in settlements)


def farmers_owed_total_fen(balances: list[tuple[str, str, int]]) -> int:
    """What the station owes all farmers in `balances` (from farmer_balances) together."""
    return sum(owed for _id, _name, owed in balances)


def trace_lot(db: Database, lot_code: str) -> list[TraceStep]:
    """The lot's whole life from its label code: intake, shipment, settlements, payouts."""
    lot = get_lot(db, lot_code)
    steps = [
        TraceStep(
            r[0],
            status_name(LotStatus(r[1])),
            r[2] or "县级中心",
            json.loads(r[3]),
            LotStatus(r[1]),
        )
        for r in db.execute(
            "SELECT h.at, h.status, op.name, h.detail FROM lot_history h "
            "LEFT JOIN operators op ON op.id = h.operator_id WHERE h.lot_id = ? ORDER BY h.seq",
            [lot.id],
        )
    ]
    steps[0] = TraceStep(
        steps[0].at,
        steps[0].what,
        steps[0].who,
        {
            "farmer": lot.farmer_name,
            "product": lot.product,
            "grade": lot.grade,
            "net_g": lot.net_g,
            "harvest_date": lot.harvest_date,
        },
        steps[0].status,
    )
    steps += [
        TraceStep(
            r[0],
            status_name(PayoutStatus.PAID_OUT),
            r[1],
            {"amount_fen": r[2], "method": r[3]},
            PayoutStatus.PAID_OUT,
        )
        for r in db.execute(
            "SELECT p.at, op.name, p.amount_fen, p.method FROM farmer_payouts p "
            "JOIN lot_settlements s ON s.id = p.settlement_id JOIN operators op "
            "ON op.id = p.operator_id WHERE s.lot_id = ? ORDER BY p.at",
            [lot.id],
        )
    ]
    return sorted(steps, key=lambda step: step.at)


@dataclass(frozen=True)
class Shipment:
    """Lots sent together to the county hub, as its manifest shows them."""

    manifest_no: str
    carrier: str
    shipped_at: str
    operator_name: str
    lots: tuple[Lot, ...]


def get_shipment(db: Database, manifest_no: str) -> Shipment:
    """A shipment by its manifest number, its lots in the order they were chosen.

    Raises:
        NotFound: no shipment with this number.
    """
    row = db.execute(
        "SELECT s.id, s.manifest_no, s.carrier, s.shipped_at, op.name "
        "FROM shipments s JOIN operators op ON op.id = s.operator_id "
        "WHERE s.manifest_no = ?",
        [manifest_no.strip()],
    ).fetchone()
    if row is None:
        raise NotFound(f"找不到发运清单 {manifest_no}", f"No shipment {manifest_no}")
    lot_ids = [
        r[0]
        for r in db.execute(
            "SELECT lot_id FROM shipment_lots WHERE shipment_id = ? ORDER BY rowid", [row[0]]
        )
    ]
    return Shipment(
        row[1], row[2], row[3], row[4], tuple(get_lot(db, lot_id) for lot_id in lot_ids)
    )
