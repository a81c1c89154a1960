"""Slips for the station's other paper work, each a few blocks long.

Agency orders (代购), parcel handover (自提), consignment intake labels (代销),
farmer payouts and the shift's Z report come with their own issues; their inputs
are plain dataclasses here so those issues only have to fill them in.
Amounts are in fen, weights in grams, times already in station-local text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from station_app.core.settings import StationSettings
from station_app.printing.masking import mask_phone
from station_app.printing.receipt_layout import (
    Barcode,
    Block,
    Layout,
    QrCode,
    Row,
    Separator,
    Text,
    closing,
    paper_money,
    receipt_qr,
    rows,
    signature,
    station_header,
)


def _weight(grams: int) -> str:
    kg, rest = divmod(grams, 1000)
    return f"{kg}.{rest:03d}kg"


def _layout(blocks: list[Block], settings: StationSettings) -> Layout:
    return Layout(tuple(blocks), settings.receipt_columns)


@dataclass(frozen=True)
class OrderedItem:
    """A line of an agency order: what, how many, at what price each."""

    name: str
    quantity: int
    price_fen: int


@dataclass(frozen=True)
class AgencyOrderSlip:
    """An online purchase made for a villager (代购), collected with the pickup code."""

    order_no: str
    villager_name: str
    villager_phone: str
    ordered_at: str
    platform: str
    items: tuple[OrderedItem, ...]
    total_fen: int
    paid_fen: int
    pickup_code: str


def agency_order_slip(slip: AgencyOrderSlip, settings: StationSettings) -> Layout:
    """The villager's copy of an agency order, with the pickup code large and as a barcode."""
    blocks = station_header(settings, "代购单 AGENCY ORDER")
    blocks += rows(("单号", slip.order_no), ("时间", slip.ordered_at), ("平台", slip.platform),
                   ("村民", slip.villager_name), ("电话", mask_phone(slip.villager_phone)))
    blocks.append(Separator())
    for item in slip.items:
        blocks += [Text(item.name), Row(f"  {item.quantity} × {paper_money(item.price_fen)}",
                                        paper_money(item.quantity * item.price_fen))]
    blocks += [Separator(), Row("合计", paper_money(slip.total_fen), bold=True),
               Row("已付", paper_money(slip.paid_fen)),
               Row("未付", paper_money(slip.total_fen - slip.paid_fen)),
               Text("取货码", align="center"),
               Text(slip.pickup_code, bold=True, double=True, align="center"),
               Barcode(slip.pickup_code)]
    return _layout([*blocks, *closing(settings, receipt_qr(settings, slip.order_no))], settings)


@dataclass(frozen=True)
class ParcelHandoverSlip:
    """A parcel handed to the villager it was addressed to (自提)."""

    tracking_no: str
    carrier: str
    recipient_name: str
    recipient_phone: str
    arrived_at: str
    handed_over_at: str
    operator_name: str


def parcel_handover_slip(slip: ParcelHandoverSlip, settings: StationSettings) -> Layout:
    """Proof of handover: the parcel, who took it, when, and a line to sign."""
    blocks = station_header(settings, "包裹交接单 PARCEL HANDOVER")
    blocks += rows(("快递", slip.carrier), ("运单号", slip.tracking_no),
                   ("收件人", slip.recipient_name), ("电话", mask_phone(slip.recipient_phone)),
                   ("到站", slip.arrived_at), ("取件", slip.handed_over_at),
                   ("经办", slip.operator_name))
    blocks += [Barcode(slip.tracking_no), *signature("收件人签字")]
    return _layout([*blocks, *closing(settings, footer=False)], settings)


@dataclass(frozen=True)
class ConsignmentLabel:
    """A label stuck on a farmer's lot taken in on consignment (代销)."""

    lot_no: str
    product_name: str
    farmer_name: str
    taken_in_at: str
    price_fen: int
    unit: str
    weight_g: int | None = None
    quantity: int | None = None


def consignment_label(label: ConsignmentLabel, settings: StationSettings) -> Layout:
    """Product, price and farmer large enough to read on a crate, and a QR of the lot."""
    amount = (_weight(label.weight_g) if label.weight_g is not None
              else f"{label.quantity or 0} {label.unit}")
    blocks: list[Block] = [
        Text(label.product_name, bold=True, double=True, align="center"),
        Text(f"{paper_money(label.price_fen)}/{label.unit}", bold=True, double=True,
             align="center"),
        Separator(),
        *rows(("批次", label.lot_no), ("农户", label.farmer_name), ("数量", amount),
              ("入库", label.taken_in_at), ("服务站", settings.station_name)),
        QrCode(receipt_qr(settings, label.lot_no), module_dots=5),
    ]
    return _layout([*blocks, *closing(settings, footer=False)], settings)


@dataclass(frozen=True)
class PayoutLine:
    """What one lot earned the farmer."""

    lot_no: str
    product_name: str
    sold: str  # "12.500kg" or "30 个", as the lot is counted
    amount_fen: int


@dataclass(frozen=True)
class FarmerPayoutSlip:
    """Money paid to a farmer for consigned goods sold, less the station's commission."""

    payout_no: str
    farmer_name: str
    farmer_phone: str
    paid_at: str
    method: str
    lines: tuple[PayoutLine, ...]
    commission_fen: int
    operator_name: str

    @property
    def sales_fen(self) -> int:
        """What the lots sold for."""
        return sum(line.amount_fen for line in self.lines)

    @property
    def payout_fen(self) -> int:
        """What the farmer receives."""
        return self.sales_fen - self.commission_fen


def farmer_payout_slip(slip: FarmerPayoutSlip, settings: StationSettings) -> Layout:
    """The farmer's statement: each lot sold, the commission, the payout, two signatures."""
    blocks = station_header(settings, "农户结算单 FARMER PAYOUT")
    blocks += rows(("结算单号", slip.payout_no), ("农户", slip.farmer_name),
                   ("电话", mask_phone(slip.farmer_phone)), ("时间", slip.paid_at))
    blocks.append(Separator())
    for line in slip.lines:
        blocks += [Text(f"{line.product_name}（{line.lot_no}）"),
                   Row(f"  售出 {line.sold}", paper_money(line.amount_fen))]
    blocks += [Separator(), Row("销售额", paper_money(slip.sales_fen)),
               Row("服务费", paper_money(-slip.commission_fen)),
               Row("实付", paper_money(slip.payout_fen), bold=True, double=True),
               Row("付款方式", slip.method), *rows(("经办", slip.operator_name)),
               *signature("农户签字"), *signature("经办签字")]
    return _layout([*blocks, *closing(settings, footer=False)], settings)


@dataclass(frozen=True)
class ShiftReport:
    """The figures of one shift (日结 / Z report), money in fen."""

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
    blocks += rows(("班次", report.shift_no), ("收银员", report.operator_name),
                   ("开始", report.opened_at), ("结束", report.closed_at))
    blocks += [Separator(), Row("销售笔数", str(report.sales_count)),
               Row("销售额", paper_money(report.gross_fen)),
               Row("优惠", paper_money(-report.discount_fen)),
               Row("抹零", paper_money(-report.rounding_fen)),
               Row(f"退款（{report.refund_count} 笔）", paper_money(-report.refunds_fen)),
               Row("净额", paper_money(report.net_fen), bold=True, double=True), Separator()]
    blocks += [Row(method, paper_money(fen)) for method, fen in report.payments_fen.items()]
    if report.cash_counted_fen is not None:
        expected = report.payments_fen.get("现金", 0)
        blocks += [Row("点钞现金", paper_money(report.cash_counted_fen)),
                   Row("长短款", paper_money(report.cash_counted_fen - expected), bold=True)]
    blocks += signature("收银员签字")
    return _layout([*blocks, *closing(settings, footer=False)], settings)
