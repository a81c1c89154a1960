"""Slips for the station's other paper work, each a few blocks long.

Agency orders (代购), parcel handover (自提), consignment (代销: crate labels, the
farmer's intake slip, the shipment manifest, farmer payouts) and the shift's Z
report; their inputs are plain dataclasses, filled in by the screens.
Amounts are in fen, weights in grams, times already in station-local text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

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


def _percent(basis_points: int) -> str:
    whole, rest = divmod(basis_points, 100)
    return f"{whole}.{rest:02d}".rstrip("0").rstrip(".") + "%"


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
    """The label stuck on each crate of a farmer's lot taken in on consignment (代销).

    `net_g` is the whole lot's; `crate` of `crates` tells the crates of one lot apart.
    """

    lot_no: str
    product_name: str
    grade: str
    farmer_name: str
    net_g: int
    harvest_date: str
    best_before: str
    crate: int = 1
    crates: int = 1


def _label_blocks(label: ConsignmentLabel, settings: StationSettings) -> list[Block]:
    return [
        Text(f"{label.product_name} {label.grade}", bold=True, double=True, align="center"),
        Separator(),
        *rows(("批次", label.lot_no), ("筐号", f"{label.crate}/{label.crates}"),
              ("整批净重", _weight(label.net_g)), ("农户", label.farmer_name),
              ("采摘", label.harvest_date), ("保质至", label.best_before),
              ("服务站", settings.station_name)),
        # The QR holds the bare lot code: scanned at the hub or back at the station
        # (Alt+5, Enter) it opens the lot's history.
        QrCode(label.lot_no, module_dots=5),
        Text(label.lot_no, align="center"),
    ]


def consignment_label(label: ConsignmentLabel, settings: StationSettings) -> Layout:
    """One crate's label: product and grade large, the lot, weights, dates, QR of the lot."""
    return _layout([*_label_blocks(label, settings), *closing(settings, footer=False)],
                   settings)


def consignment_labels(label: ConsignmentLabel, settings: StationSettings) -> Layout:
    """A label for every crate of the lot (1/3, 2/3, 3/3), each cut off, as one print job."""
    blocks: list[Block] = []
    for crate in range(1, label.crates + 1):
        blocks += _label_blocks(replace(label, crate=crate), settings)
        blocks += closing(settings, footer=False)
    return _layout(blocks, settings)


@dataclass(frozen=True)
class FarmerIntakeSlip:
    """The farmer's copy of a lot taken in: what was weighed and agreed."""

    lot_no: str
    taken_in_at: str
    farmer_name: str
    farmer_phone: str
    product_name: str
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
    operator_name: str


def farmer_intake_slip(slip: FarmerIntakeSlip, settings: StationSettings) -> Layout:
    """Weights (gross, tare, net large), dates, the asking price and commission, a signature."""
    blocks = station_header(settings, "代销收货单 CONSIGNMENT RECEIPT")
    blocks += rows(("批次", slip.lot_no), ("时间", slip.taken_in_at),
                   ("农户", slip.farmer_name), ("电话", mask_phone(slip.farmer_phone)))
    blocks.append(Separator())
    blocks += rows(("品名", f"{slip.product_name} {slip.grade}"), ("筐数", str(slip.crates)),
                   ("件数", str(slip.pieces) if slip.pieces else ""),
                   ("毛重", _weight(slip.gross_g)), ("皮重", _weight(slip.tare_g)))
    blocks += [Row("净重", _weight(slip.net_g), bold=True, double=True), Separator()]
    blocks += rows(("采摘", slip.harvest_date), ("保质至", slip.best_before),
                   ("期望单价", f"{paper_money(slip.asking_price_fen_per_kg)}/kg"),
                   ("代销佣金", _percent(slip.commission_bp)), ("经办", slip.operator_name))
    blocks += signature("农户签字")
    return _layout([*blocks, *closing(settings, slip.lot_no, footer=False)], settings)


@dataclass(frozen=True)
class ManifestLot:
    """A lot on a shipment manifest."""

    lot_no: str
    product_name: str
    grade: str
    farmer_name: str
    crates: int
    net_g: int


@dataclass(frozen=True)
class ShipmentManifest:
    """Lots handed to a carrier for the county hub's collection centre (集货)."""

    manifest_no: str
    carrier: str
    shipped_at: str
    operator_name: str
    lots: tuple[ManifestLot, ...]


def shipment_manifest(manifest: ShipmentManifest, settings: StationSettings) -> Layout:
    """Each lot, totals per product and grade, the grand total, the carrier's signature."""
    blocks = station_header(settings, "发运清单 SHIPMENT MANIFEST")
    blocks += rows(("清单号", manifest.manifest_no), ("承运", manifest.carrier),
                   ("发运时间", manifest.shipped_at), ("经办", manifest.operator_name))
    blocks.append(Separator())
    totals: dict[tuple[str, str], list[int]] = {}
    for lot in manifest.lots:
        # The code and weight share a line even on 58 mm paper; the words go under it.
        blocks += [Row(lot.lot_no, _weight(lot.net_g)),
                   Text(f"  {lot.product_name} {lot.grade} {lot.crates}筐 {lot.farmer_name}")]
        total = totals.setdefault((lot.product_name, lot.grade), [0, 0, 0])
        total[0] += 1
        total[1] += lot.crates
        total[2] += lot.net_g
    blocks += [Separator(), Text("按品名等级合计", bold=True)]
    blocks += [Row(f"{product} {grade} {count}批 {crates}筐", _weight(net_g))
               for (product, grade), (count, crates, net_g) in totals.items()]
    blocks += [Separator(),
               Row(f"合计 {len(manifest.lots)}批 {sum(lot.crates for lot in manifest.lots)}筐",
                   _weight(sum(lot.net_g for lot in manifest.lots)), bold=True),
               Barcode(manifest.manifest_no), *signature("承运人签字"),
               *signature("县中心签收")]
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
    """Money paid to a farmer for consigned goods sold, less the hub's fees and commission."""

    payout_no: str
    farmer_name: str
    farmer_phone: str
    paid_at: str
    method: str
    lines: tuple[PayoutLine, ...]
    commission_fen: int
    operator_name: str
    hub_fees_fen: int = 0
    reference: str = ""  # the transfer's number, empty for cash

    @property
    def sales_fen(self) -> int:
        """What the lots sold for."""
        return sum(line.amount_fen for line in self.lines)

    @property
    def payout_fen(self) -> int:
        """What the farmer receives."""
        return self.sales_fen - self.hub_fees_fen - self.commission_fen


def farmer_payout_slip(slip: FarmerPayoutSlip, settings: StationSettings) -> Layout:
    """The farmer's statement: each lot sold, the deductions, the payout, two signatures."""
    blocks = station_header(settings, "农户结算单 FARMER PAYOUT")
    blocks += rows(("结算单号", slip.payout_no), ("农户", slip.farmer_name),
                   ("电话", mask_phone(slip.farmer_phone)), ("时间", slip.paid_at))
    blocks.append(Separator())
    for line in slip.lines:
        blocks += [Row(line.lot_no, paper_money(line.amount_fen)),
                   Text(f"  {line.product_name} 售出 {line.sold}")]
    blocks += [Separator(), Row("销售额", paper_money(slip.sales_fen))]
    if slip.hub_fees_fen:
        blocks.append(Row("县中心费用", paper_money(-slip.hub_fees_fen)))
    blocks += [Row("代销佣金", paper_money(-slip.commission_fen)),
               Row("实付", paper_money(slip.payout_fen), bold=True, double=True),
               *rows(("付款方式", slip.method), ("转账单号", slip.reference),
                     ("经办", slip.operator_name)),
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
