"""Slips of the agency and pickup counters, and the shift's X and Z reports, from core's records.

`agency_slip` is the villager's copy of an agency order (代购), `handover_slip` the
proof a parcel was handed over (自提); the consignment (代销) papers are in
`consignment_papers`. Amounts are in fen, weights in grams; stored UTC instants are
printed in station-local time. The screens only ask for a layout and queue it.
"""

from __future__ import annotations

from station_app.core.agency import AgencyOrder
from station_app.core.parcels import Parcel
from station_app.core.payments import METHOD_NAMES_ZH, PaymentMethod
from station_app.core.settings import StationSettings
from station_app.core.shifts import DENOMINATIONS_FEN, ShiftFigures
from station_app.core.villagers import Villager
from station_app.printing.masking import mask_phone
from station_app.printing.receipt_layout import (
    PAPER_SYMBOL,
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


X_REPORT_TITLE = "X REPORT 中班报表"
Z_REPORT_TITLE = "Z REPORT 日结报表"


def denomination_name(fen: int) -> str:
    """A note or coin as printed: `￥100`, `￥0.5`."""
    whole, part = divmod(fen, 100)
    return f"{PAPER_SYMBOL}{whole}" if not part else f"{PAPER_SYMBOL}{whole}.{part // 10}"


def shift_report_layout(
    figures: ShiftFigures, settings: StationSettings, *, final: bool, printed_at: str = ""
) -> Layout:
    """The X report (`final=False`: the shift so far) or the Z report of a closed shift.

    What was rung up and taken back, the takings per payment method, then the drawer:
    the float and every cash movement in and out (outs printed negative) down to the
    expected cash; once counted, the count by denomination and the over/short in bold.
    `printed_at` (a UTC stamp) is printed on an X report, whose figures are "so far".
    """
    if final and figures.closed_at is None:
        raise ValueError("a Z report is of a closed shift")
    blocks = station_header(settings, Z_REPORT_TITLE if final else X_REPORT_TITLE)
    blocks += rows(
        ("收银台", figures.terminal_id),
        ("班次号", figures.shift_id[-12:]),
        ("开班", figures.opened_by),
        ("开班时间", paper_minute(figures.opened_at, settings)),
        ("结班", figures.closed_by or ""),
        ("结班时间", paper_minute(figures.closed_at, settings) if figures.closed_at else ""),
        ("打印时间", paper_minute(printed_at, settings) if printed_at and not final else ""),
    )
    blocks += [Separator(), *_takings(figures), Separator(), Text("收款方式", bold=True)]
    blocks += [
        Row(METHOD_NAMES_ZH[method], paper_money(figures.payments_fen.get(method.value, 0)))
        for method in PaymentMethod
        if method is PaymentMethod.CASH or figures.payments_fen.get(method.value, 0)
    ]
    blocks += [Separator(), *_drawer(figures)]
    blocks += signature("收银员签字")
    if final:
        blocks += signature("店主签字")
    return paper_layout([*blocks, *closing(settings, footer=False)], settings)


def _takings(figures: ShiftFigures) -> list[Block]:
    return [
        Row("销售笔数", str(figures.receipts_count)),
        Row("销售额", paper_money(figures.gross_fen)),
        Row(f"优惠（{figures.discount_count} 笔）", paper_money(-figures.discount_fen)),
        Row(f"抹零（{figures.rounding_count} 笔）", paper_money(-figures.rounding_fen)),
        Row(f"退款（{figures.refunds_count} 笔）", paper_money(-figures.refunds_fen)),
        Row("删除商品行", f"{figures.voided_lines_count} 行"),
        Row("净额", paper_money(figures.net_fen), bold=True),
    ]


def _drawer(figures: ShiftFigures) -> list[Block]:
    blocks: list[Block] = [
        Text("钱箱 CASH DRAWER", bold=True),
        Row("备用金", paper_money(figures.float_fen)),
        Row("现金销售", paper_money(figures.cash_sales_fen)),
        Row("现金退款", paper_money(-figures.cash_refunds_fen)),
        Row("代购收款", paper_money(figures.agency_cash_in_fen)),
        Row("代购付出", paper_money(-figures.agency_cash_out_fen)),
        Row("赊账还款", paper_money(figures.credit_repayments_cash_fen)),
        Row("农户付款", paper_money(-figures.payouts_cash_fen)),
        Row("存入", paper_money(figures.pay_in_fen)),
        Row("取出", paper_money(-figures.pay_out_fen)),
        Row("应有现金", paper_money(figures.expected_cash_fen), bold=True),
    ]
    if figures.counted_cash_fen is None:
        return blocks
    blocks.append(Row("实点现金", paper_money(figures.counted_cash_fen), bold=True))
    counts = {int(fen): how_many for fen, how_many in figures.denominations.items()}
    blocks += [
        Row(f"  {denomination_name(fen)} × {counts[fen]}", paper_money(fen * counts[fen]))
        for fen in DENOMINATIONS_FEN
        if counts.get(fen)
    ]
    over_short = figures.over_short_fen or 0
    word = "长款" if over_short > 0 else "短款" if over_short < 0 else "相符"
    blocks.append(Row(f"长短款（{word}）", paper_money(over_short), bold=True))
    if figures.note:
        blocks.append(Text(f"备注：{figures.note}"))
    return blocks
