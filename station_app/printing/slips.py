"""Slips of the agency and pickup counters, each built from core's records, and the Z report.

`agency_slip` is the villager's copy of an agency order (代购), `handover_slip` the
proof a parcel was handed over (自提); the consignment (代销) papers are in
`consignment_papers`. Amounts are in fen, weights in grams; stored UTC instants are
printed in station-local time. The screens only ask for a layout and queue it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from station_app.core.agency import AgencyOrder
from station_app.core.parcels import Parcel
from station_app.core.settings import StationSettings
from station_app.core.villagers import Villager
from station_app.printing.masking import mask_phone
from station_app.printing.receipt_layout import (
    Barcode,
    Block,
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


def paper_minute(stamp: str, settings: StationSettings) -> str:
    """A stored UTC instant as the station-local `YYYY-MM-DD HH:MM` slips print."""
    return local_time(stamp, settings.tz_offset_min)[:16]


def paper_layout(blocks: list[Block], settings: StationSettings) -> Layout:
    """The blocks on this station's paper width."""
    return Layout(tuple(blocks), settings.receipt_columns)


def agency_slip(order: AgencyOrder, villager: Villager, settings: StationSettings) -> Layout:
    """The villager's copy of an agency order, with the pickup code large and as a barcode.

    The item, then shipping and the station's fee when charged, each as a line; what is
    already paid and what is left to pay at pickup.
    """
    blocks = station_header(settings, "代购单 AGENCY ORDER")
    blocks += rows(
        ("单号", order.order_no),
        ("时间", paper_minute(order.created_at, settings)),
        ("平台", order.platform),
        ("村民", order.villager_name),
        ("电话", mask_phone(villager.phone or "")),
    )
    blocks.append(Separator())
    lines = [(order.item, order.quantity, order.item_price_fen)]
    lines += [
        (name, 1, fen)
        for name, fen in (("运费", order.shipping_fen), ("服务费", order.service_fee_fen))
        if fen
    ]
    for name, quantity, price_fen in lines:
        blocks += [
            Text(name),
            Row(f"  {quantity} × {paper_money(price_fen)}", paper_money(quantity * price_fen)),
        ]
    blocks += [
        Separator(),
        Row("合计", paper_money(order.total_fen), bold=True),
        Row("已付", paper_money(order.collected_fen)),
        Row("未付", paper_money(order.total_fen - order.collected_fen)),
        Text("取货码", align="center"),
        Text(order.pickup_code, bold=True, double=True, align="center"),
        Barcode(order.pickup_code),
    ]
    return paper_layout(
        [*blocks, *closing(settings, receipt_qr(settings, order.order_no))], settings
    )


def handover_slip(parcel: Parcel, settings: StationSettings) -> Layout:
    """Proof of handover: the parcel, who took it, when, and a line to sign."""
    blocks = station_header(settings, "包裹交接单 PARCEL HANDOVER")
    picked_up = paper_minute(parcel.picked_up_at, settings) if parcel.picked_up_at else ""
    blocks += rows(
        ("快递", parcel.carrier),
        ("运单号", parcel.tracking_no),
        ("收件人", parcel.recipient_name),
        ("电话", mask_phone(parcel.recipient_phone)),
        ("到站", paper_minute(parcel.arrived_at, settings)),
        ("取件", picked_up),
        ("经办", parcel.picked_up_by or ""),
    )
    blocks += [Barcode(parcel.tracking_no), *signature("收件人签字")]
    return paper_layout([*blocks, *closing(settings, footer=False)], settings)


@dataclass(frozen=True)
class ShiftReport:
    """The figures of one shift (日结 / Z report), money in fen.

    Core keeps no shift records yet; when it does, the report is built from them.
    """

    shift_no: str
    operator_name: str
    opened_at: str
    closed_at: str
    sales_count: int
    gross_fen: int
    discount_fen: int
    rounding_fen: int
    refund_count: int
    refunds_fen: int
    payments_fen: dict[str, int] = field(default_factory=dict)  # 现金, 微信支付 … → fen
    cash_counted_fen: int | None = None

    @property
    def net_fen(self) -> int:
        """Gross less discounts, 抹零 and refunds."""
        return self.gross_fen - self.discount_fen - self.rounding_fen - self.refunds_fen


def shift_z_report(report: ShiftReport, settings: StationSettings) -> Layout:
    """The Z report printed when a shift closes, for the drawer and the books."""
    blocks = station_header(settings, "交班日结 Z REPORT")
    blocks += rows(
        ("班次", report.shift_no),
        ("收银员", report.operator_name),
        ("开始", report.opened_at),
        ("结束", report.closed_at),
    )
    blocks += [
        Separator(),
        Row("销售笔数", str(report.sales_count)),
        Row("销售额", paper_money(report.gross_fen)),
        Row("优惠", paper_money(-report.discount_fen)),
        Row("抹零", paper_money(-report.rounding_fen)),
        Row(f"退款（{report.refund_count} 笔）", paper_money(-report.refunds_fen)),
        Row("净额", paper_money(report.net_fen), bold=True, double=True),
        Separator(),
    ]
    blocks += [Row(method, paper_money(fen)) for method, fen in report.payments_fen.items()]
    if report.cash_counted_fen is not None:
        expected = report.payments_fen.get("现金", 0)
        blocks += [
            Row("点钞现金", paper_money(report.cash_counted_fen)),
            Row("长短款", paper_money(report.cash_counted_fen - expected), bold=True),
        ]
    blocks += signature("收银员签字")
    return paper_layout([*blocks, *closing(settings, footer=False)], settings)
