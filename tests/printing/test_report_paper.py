"""The period report's summary on paper, read back from the real ESC/POS bytes."""

from dataclasses import replace
from datetime import timedelta

import pytest

from station_app.core.money import format_fen
from station_app.core.period_report import build_period_report
from station_app.core.simulation import simulate
from station_app.printing.charset import CharacterMode
from station_app.printing.escpos_render import render_escpos
from station_app.printing.report_paper import period_report_paper
from tests.printing.escpos_decode import decode

PRINTED_AT = "2026-03-02T06:00:00Z"  # 14:00 at the station (UTC+8)


def _money(fen):
    return format_fen(fen, symbol="￥")


@pytest.fixture
def report(demo_db, clock):
    first = clock.today() - timedelta(days=4)
    simulate(demo_db, 4, seed=21, start=first)
    return build_period_report(demo_db, first, clock.today() - timedelta(days=1), clock)


def _has(texts, label, value):
    return any(t.startswith(label) and t.endswith(value) for t in texts)


@pytest.mark.parametrize("columns", [32, 48])
def test_the_summary_prints_the_periods_figures_and_fits_the_paper(report, settings, columns):
    layout = period_report_paper(report, replace(settings, receipt_columns=columns), PRINTED_AT)
    paper = decode(render_escpos(layout, CharacterMode.GB18030))
    assert all(line.columns <= columns for line in paper.lines)
    texts = paper.texts
    summary = report.summary
    assert "经营报表 REPORT" in [t.strip() for t in texts]
    for label, value in [
        ("期间", f"{report.first} 至 {report.last}"),
        ("天数", "4 天"),
        ("打印时间", "2026-03-02 14:00"),
        ("销售笔数", str(summary.sales_count)),
        ("销售额", _money(summary.gross_fen)),
        ("优惠", _money(-summary.discount_fen)),
        ("抹零", _money(-summary.rounding_fen)),
        (f"退款（{summary.refund_count} 笔）", _money(-summary.refunds_fen)),
        ("净额", _money(summary.net_fen)),
        ("现金", _money(summary.payments_fen["cash"])),
        ("毛利", _money(report.margin.margin_fen)),
        (f"欠款（{len(report.credit.villagers)} 人）", _money(report.credit.owed_fen)),
        ("  90天以上", _money(report.credit.bucket_totals_fen()[3])),
        ("现在共欠", _money(report.owed_now_fen)),
        ("收款", _money(report.agency.collected_fen)),
        ("服务费", _money(report.agency.service_fee_fen)),
        ("班次数", f"{len(report.shifts.shifts)}（已结 {report.shifts.closed}）"),
    ]:
        assert _has(texts, label, value), (label, value)
    net = next(line for line in paper.lines if line.text.startswith("净额"))
    assert net.bold
    assert paper.events[-1] == "cut"


def test_a_single_day_prints_the_day_and_methods_nobody_used_are_left_out(demo_db, settings, clock):
    day = clock.today()
    layout = period_report_paper(
        build_period_report(demo_db, day, day, clock), settings, PRINTED_AT
    )
    texts = decode(render_escpos(layout, CharacterMode.GB18030)).texts
    assert _has(texts, "期间", day.isoformat())
    assert _has(texts, "现金", "￥0.00")
    assert not any(t.startswith("支付宝") for t in texts)
    assert _has(texts, "长短款合计（相符）", "￥0.00")
