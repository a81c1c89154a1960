"""Parcels at the pickup point (自提点): arrival, and handover exactly once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from station_app.core import events
from station_app.core.agency import (
    get_order,
    hand_over_in_transaction,
    mark_arrived_in_transaction,
    new_pickup_code,
    normalise_tracking,
)
from station_app.core.audit import record_audit
from station_app.core.clock import Clock, parse_iso
from station_app.core.errors import InputRefused, NotFound
from station_app.core.ids import uuid7
from station_app.core.operators import Operator
from station_app.core.outbox import enqueue_event
from station_app.core.payments import Tender
from station_app.core.statuses import ParcelStatus
from station_app.core.villagers import check_mobile
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction

# The carriers and their detection are the protocol's, so a number the hub announces and
# the same number scanned at the counter get the same carrier.
from village_protocol.carriers import CARRIERS, detect_carrier

__all__ = [
    "CARRIERS",
    "Parcel",
    "detect_carrier",
    "find_parcels",
    "get_parcel",
    "hand_over",
    "register_arrival",
    "waiting_parcels",
]


@dataclass(frozen=True)
class Parcel:
    """A parcel at the station; `picked_up_at` is set once it was handed over."""

    id: str
    tracking_no: str
    carrier: str
    recipient_name: str
    recipient_phone: str
    agency_order_id: str | None
    pickup_code: str
    arrived_at: str
    picked_up_at: str | None
    picked_up_by: str | None

    @property
    def status(self) -> ParcelStatus:
        """Waiting at the station, or picked up (a parcel is handed over once)."""
        return ParcelStatus.PICKED_UP if self.picked_up_at else ParcelStatus.WAITING


_SELECT = """
SELECT p.id, p.tracking_no, p.carrier, p.recipient_name, p.recipient_phone, p.agency_order_id,
       p.pickup_code, p.arrived_at, h.at, op.name
FROM parcels p LEFT JOIN parcel_handovers h ON h.parcel_id = p.id
LEFT JOIN operators op ON op.id = h.operator_id
"""


def register_arrival(
    db: Database,
    tracking_no: str,
    clock: Clock,
    *,
    operator: Operator | None,
    carrier: str | None = None,
    recipient_name: str = "",
    recipient_phone: str = "",
    source: str = "counter",
) -> Parcel:
    """Record a parcel that arrived; link it to the agency order shipped with this number.

    Raises:
        InputRefused: a malformed number or phone, an unknown carrier, or a parcel
            already registered.
    """
    try:
        tracking = normalise_tracking(tracking_no)
    except InputRefused as error:
        raise error.concerning("tracking_no", "tracking_invalid") from None
    carrier = carrier or detect_carrier(tracking)
    if carrier is None:
        raise InputRefused(
            "无法从单号判断快递公司，请选择",
            "Choose the carrier for this number",
            "carrier",
            code="carrier_not_detected",
        )
    if carrier not in CARRIERS:
        raise InputRefused(
            f"未知快递公司：{carrier}",
            f"Unknown carrier {carrier}",
            "carrier",
            code="carrier_unknown",
        )
    phone = check_mobile(recipient_phone, "recipient_phone") if recipient_phone.strip() else ""
    name = recipient_name.strip()[:20]
    at = clock.stamp()
    parcel_id = uuid7()
    with write_transaction(db):
        if db.execute("SELECT 1 FROM parcels WHERE tracking_no = ?", [tracking]).fetchone():
            raise InputRefused(
                f"单号 {tracking} 已登记到站",
                f"Parcel {tracking} is already in",
                "tracking_no",
                code="parcel_already_in",
            )
        row = db.execute(
            "SELECT order_id FROM agency_order_history WHERE status = 'shipped' AND "
            "json_extract(detail, '$.tracking_no') = ? ORDER BY seq DESC LIMIT 1",
            [tracking],
        ).fetchone()
        order = get_order(db, row[0]) if row else None
        code = order.pickup_code if order else new_pickup_code(db)
        if order and not phone:
            villager_phone = db.execute(
                "SELECT phone FROM villagers WHERE id = ?", [order.villager_id]
            ).fetchone()[0]
            phone, name = villager_phone or "", name or order.villager_name
        db.execute(
            "INSERT INTO parcels(id, tracking_no, carrier, recipient_name, recipient_phone, "
            "agency_order_id, pickup_code, arrived_at, source, operator_id) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                parcel_id,
                tracking,
                carrier,
                name,
                phone,
                order.id if order else None,
                code,
                at,
                source,
                operator.id if operator else None,
            ],
        )
        if order:
            mark_arrived_in_transaction(db, order, parcel_id, at, operator)
        record_audit(
            db,
            at=at,
            operator_id=operator.id if operator else None,
            action="parcel.arrived",
            subject_id=parcel_id,
            detail={"tracking_no": tracking, "source": source},
        )
        enqueue_event(db, events.parcel_arrived(get_parcel(db, parcel_id), source), at)
    return get_parcel(db, parcel_id)


def get_parcel(db: Database, parcel_id: str) -> Parcel:
    """One parcel by id."""
    row = db.execute(_SELECT + " WHERE p.id = ?", [parcel_id]).fetchone()
    if row is None:
        raise NotFound("找不到该包裹", f"No parcel {parcel_id}")
    return Parcel(*row)


def find_parcels(db: Database, text: str, *, waiting_only: bool = True) -> list[Parcel]:
    """By 6-digit pickup code, phone tail (4 digits) or tracking number."""
    query = "".join(text.split()).upper()
    if not query:
        return []
    rows = db.execute(
        f"SELECT * FROM ({_SELECT}) WHERE (pickup_code = ? OR tracking_no = ? "
        "OR (length(?) = 4 AND recipient_phone LIKE '%' || ?)) "
        "AND (? = 0 OR at IS NULL) ORDER BY arrived_at",
        [query, query, query, query, int(waiting_only)],
    )
    return [Parcel(*r) for r in rows]


def waiting_parcels(db: Database, clock: Clock, overdue_days: int) -> list[tuple[Parcel, bool]]:
    """Parcels not yet picked up, oldest first, each flagged when waiting over `overdue_days`."""
    cutoff = clock.now() - timedelta(days=overdue_days)
    rows = db.execute(f"SELECT * FROM ({_SELECT}) WHERE at IS NULL ORDER BY arrived_at")
    parcels = [Parcel(*r) for r in rows]
    return [(p, parse_iso(p.arrived_at) < cutoff) for p in parcels]


def hand_over(
    db: Database,
    parcel_id: str,
    operator: Operator,
    clock: Clock,
    tenders: list[Tender] | None = None,
    credit_approver: Operator | None = None,
) -> Parcel:
    """Give the parcel to the villager; for an agency order, collect what is still due.

    Raises:
        InputRefused: already picked up (says when and by whom), or money still due.
    """
    at, local = clock.stamp(), clock.local()
    with write_transaction(db):
        parcel = get_parcel(db, parcel_id)
        if parcel.picked_up_at:
            raise InputRefused(
                f"该包裹已于 {_local_text(parcel.picked_up_at, clock)} 由 "
                f"{parcel.picked_up_by} 交付，不能重复取件",
                f"Already handed over at {parcel.picked_up_at} by {parcel.picked_up_by}",
                code="parcel_already_picked_up",
            )

        db.execute(
            "INSERT INTO parcel_handovers(id, parcel_id, at, operator_id) VALUES (?,?,?,?)",
            [uuid7(), parcel.id, at, operator.id],
        )
        if parcel.agency_order_id:
            hand_over_in_transaction(
                db,
                get_order(db, parcel.agency_order_id),
                tenders or [],
                at,
                local.date().isoformat(),
                operator,
                credit_approver,
            )
        record_audit(
            db,
            at=at,
            operator_id=operator.id,
            action="parcel.handed_over",
            subject_id=parcel.id,
            detail={"tracking_no": parcel.tracking_no},
        )
        enqueue_event(db, events.parcel_handed_over(parcel, at), at)
    return get_parcel(db, parcel_id)


def _local_text(instant: str, clock: Clock) -> str:
    return f"{clock.local(parse_iso(instant)):%Y-%m-%d %H:%M}"
