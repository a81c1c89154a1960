"""The states of agency orders, lots, parcels and print jobs, and their names for people.

The values are what the tables store and the events carry; they never change (no
migration). An agency order's are the wire's `village_protocol.events.AGENCY_STATUSES`,
held equal by a test. `STATUS_NAMES` is the only place the states' Chinese and English
names live: paper, refusals, the command line and the screens all read it.
"""

from __future__ import annotations

from enum import StrEnum


class AgencyStatus(StrEnum):
    """Where an agency order (代购) is; see `core.agency.TRANSITIONS`."""

    CREATED = "created"
    PLACED = "placed"
    SHIPPED = "shipped"
    ARRIVED = "arrived"
    PICKED_UP = "picked_up"
    CANCELLED = "cancelled"
    RETURN_REQUESTED = "return_requested"
    RETURNED = "returned"
    REFUNDING = "refunding"  # cancelled or returned, money still owed one way or the other
    REFUNDED = "refunded"  # final: the platform and the villager are both settled


class LotStatus(StrEnum):
    """Where a consigned lot (代销) is; see `core.consignment.TRANSITIONS`."""

    RECEIVED = "received"
    SHIPPED = "shipped"
    PARTIALLY_SETTLED = "partially_settled"
    SETTLED = "settled"
    REJECTED = "rejected"
    SPOILED = "spoiled"
    RETURNED = "returned"


class PayoutStatus(StrEnum):
    """A step of a lot's trace that is not a state of the lot: its money paid out."""

    PAID_OUT = "paid_out"


class ParcelStatus(StrEnum):
    """A parcel at the pickup point: waiting, or handed over (exactly once)."""

    WAITING = "waiting"
    PICKED_UP = "picked_up"


class JobStatus(StrEnum):
    """Where a print job is: waiting, being sent, printed, or failed (retry by hand)."""

    QUEUED = "queued"
    PRINTING = "printing"
    DONE = "done"
    FAILED = "failed"


Status = AgencyStatus | LotStatus | PayoutStatus | ParcelStatus | JobStatus

# One table per kind: the kinds share values ("shipped", "returned", "picked_up") that
# mean different things, and a StrEnum member hashes as its value.
STATUS_NAMES: dict[type[StrEnum], dict[str, tuple[str, str]]] = {
    AgencyStatus: {
        AgencyStatus.CREATED: ("已登记，未下单", "Taken, not ordered yet"),
        AgencyStatus.PLACED: ("已在平台下单", "Ordered on the platform"),
        AgencyStatus.SHIPPED: ("已发货", "Shipped"),
        AgencyStatus.ARRIVED: ("已到站", "Arrived at the station"),
        AgencyStatus.PICKED_UP: ("已取件", "Picked up"),
        AgencyStatus.CANCELLED: ("已取消", "Cancelled"),
        AgencyStatus.RETURN_REQUESTED: ("申请退货", "Return requested"),
        AgencyStatus.RETURNED: ("已退回", "Returned"),
        AgencyStatus.REFUNDING: ("退款中", "Refund in progress"),
        AgencyStatus.REFUNDED: ("已退款", "Refunded"),
    },
    LotStatus: {
        LotStatus.RECEIVED: ("在站内", "At the station"),
        LotStatus.SHIPPED: ("已发往县中心", "Shipped to the hub"),
        LotStatus.PARTIALLY_SETTLED: ("部分结算", "Partly settled"),
        LotStatus.SETTLED: ("已结算", "Settled"),
        LotStatus.REJECTED: ("县中心拒收", "Rejected by the hub"),
        LotStatus.SPOILED: ("已损耗", "Spoiled"),
        LotStatus.RETURNED: ("退还农户", "Returned to the farmer"),
    },
    PayoutStatus: {
        PayoutStatus.PAID_OUT: ("已付款给农户", "Paid to the farmer"),
    },
    ParcelStatus: {
        ParcelStatus.WAITING: ("待取件", "Waiting"),
        ParcelStatus.PICKED_UP: ("已取件", "Picked up"),
    },
    JobStatus: {
        JobStatus.QUEUED: ("未发送", "not sent"),
        JobStatus.PRINTING: ("打印中", "printing"),
        JobStatus.DONE: ("已打印", "printed"),
        JobStatus.FAILED: ("打印失败", "failed"),
    },
}


def status_name(status: Status, language: str = "zh_CN") -> str:
    """The state's name in `language` ("zh_CN" or "en"), as `InputRefused.text` chooses."""
    zh, en = STATUS_NAMES[type(status)][status]
    return en if language.startswith("en") else zh
