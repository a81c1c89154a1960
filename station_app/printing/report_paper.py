"""A period report's summary on the receipt printer (经营报表): what the keeper files monthly.

The same figures as the report page's summary, from the same `PeriodReport`: sales and
takings per payment method, the gross margin, credit owed by age, agency and
consignment money, the shifts' over/short. Per-day and per-product detail stays in the
export; a paper of a year's days would be metres long.
"""

from __future__ import annotations

from station_app.core.money import format_plain
from station_app.core.payments import METHOD_NAMES_ZH, PaymentMethod
from station_app.core.period_report import PeriodReport
from station_app.core.settings import StationSettings
from station_app.printing.receipt_layout import (
    Block,
    Layout,
    Row,
    Separator,
    Text,
    closing,
    paper_money,
    rows,
    station_header,
)
from station_app.printing.slips import paper_minute

REPORT_TITLE = "经营报表 REPORT"
AGE_BUCKETS = ("0-30天", "31-60天", "61-90天", "90天以上")


def period_text(report: PeriodReport) -> str:
    """The period as printed: `2026-03-01 至 2026-03-31`, or the one day."""
    if report.first == report.last:
        return report.first.isoformat()
    return f"{report.first.isoformat()} 至 {report.last.isoformat()}"


def period_report_paper(report: PeriodReport, settings: StationSettings, printed_at: str) -> Layout:
    """The summary of `report`, printed at `printed_at` (a UTC stamp), in station time."""
    days = (report.last - report.first).days + 1
    blocks = station_header(settings, REPORT_TITLE)
    blocks += rows(
        ("期间", period_text(report)),
        ("天数", f"{days} 天"),
        ("打印时间", paper_minute(printed_at, settings)),
    )
    for part in (_sales, _payments, _margin, _credit, _agency, _consignment, _shifts):
        blocks += [Separator(), *part(report)]
    return Layout(tuple([*blocks, *closing(settings, footer=False)]), settings.receipt_columns)


def _sales(report: PeriodReport) -> list[Block]:
    summary = report.summary
    return [
        Text("销售", bold=True),
        Row("销售笔数", str(summary.sales_count)),
        Row("销售额", paper_money(summary.gross_fen)),
        Row("优惠", paper_money(-summary.discount_fen)),
        Row("抹零", paper_money(-summary.rounding_fen)),
        Row(f"退款（{summary.refund_count} 笔）", paper_money(-summary.refunds_fen)),
        Row("净额", paper_money(summary.net_fen), bold=True),
    ]


def _payments(report: PeriodReport) -> list[Block]:
    paid = report.summary.payments_fen
    return [
        Text("收款方式（已扣退款）", bold=True),
        *(
            Row(METHOD_NAMES_ZH[method], paper_money(paid.get(method.value, 0)))
            for method in PaymentMethod
            if method is PaymentMethod.CASH or paid.get(method.value, 0)
        ),
    ]


def _margin(report: PeriodReport) -> list[Block]:
    margin = report.margin
    rate = "—" if margin.margin_bp is None else f"{format_plain(margin.margin_bp)}%"
    blocks: list[Block] = [
        Text("毛利（有进价的商品）", bold=True),
        Row("销售额", paper_money(margin.revenue_fen)),
        Row("成本", paper_money(margin.cost_fen)),
        Row("毛利", paper_money(margin.margin_fen), bold=True),
        Row("毛利率", rate),
    ]
    if margin.uncosted_lines:
        blocks.append(
            Row(f"未计成本（{margin.uncosted_lines} 行）", paper_money(margin.uncosted_fen))
        )
    return blocks


def _credit(report: PeriodReport) -> list[Block]:
    credit = report.credit
    return [
        Text(f"赊账（截至 {credit.as_of}）", bold=True),
        Row(f"欠款（{len(credit.villagers)} 人）", paper_money(credit.owed_fen), bold=True),
        *(
            Row(f"  {name}", paper_money(fen))
            for name, fen in zip(AGE_BUCKETS, credit.bucket_totals_fen(), strict=True)
        ),
        Row("现在共欠", paper_money(report.owed_now_fen)),
    ]


def _agency(report: PeriodReport) -> list[Block]:
    agency = report.agency
    return [
        Text("代购", bold=True),
        Row("新单数", str(agency.orders_created)),
        Row("收款", paper_money(agency.collected_fen)),
        Row("平台付款", paper_money(-agency.spent_fen)),
        Row("服务费", paper_money(agency.service_fee_fen)),
        Row("平台退款", paper_money(agency.platform_refund_fen)),
        Row("退给村民", paper_money(-agency.paid_back_fen)),
        Row("待收村民", paper_money(agency.due_from_villagers_fen)),
        Row("应退村民", paper_money(agency.owed_to_villagers_fen)),
    ]


def _consignment(report: PeriodReport) -> list[Block]:
    lots = report.consignment
    return [
        Text("代销", bold=True),
        Row("收货批次", str(lots.lots_taken_in)),
        Row("发运批次", str(lots.lots_shipped)),
        Row("结算应付农户", paper_money(lots.settled_due_fen)),
        Row("已付农户", paper_money(-lots.paid_out_fen)),
        Row(
            f"尚欠农户（{lots.farmers_owed} 户）", paper_money(lots.owed_to_farmers_fen), bold=True
        ),
    ]


def _shifts(report: PeriodReport) -> list[Block]:
    shifts = report.shifts
    over_short = shifts.over_short_fen
    word = "长款" if over_short > 0 else "短款" if over_short < 0 else "相符"
    return [
        Text("班次", bold=True),
        Row("班次数", f"{len(shifts.shifts)}（已结 {shifts.closed}）"),
        Row(f"长短款合计（{word}）", paper_money(over_short), bold=True),
    ]
