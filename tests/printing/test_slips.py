"""Agency, handover and shift report papers built from stored records, read from ESC/POS bytes."""

from dataclasses import replace

import pytest

from station_app.core.agency import create_order
from station_app.core.clock import parse_iso
from station_app.core.parcels import hand_over, register_arrival
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.shifts import ShiftFigures, close_shift, open_shift, pay_out
from station_app.printing.charset import CharacterMode
from station_app.printing.escpos_render import render_escpos
from station_app.printing.receipt_layout import (
    Barcode,
    PrintedLine,
    print_items,
    receipt_qr,
    render_text,
)
from station_app.printing.slips import agency_slip, handover_slip, shift_report_layout
from tests.printing.escpos_decode import Paper, decode
from tests.printing.records import MASKED, MOBILE, villager
from tests.printing.samples import settings as sample_settings

COLUMNS = [32, 48]


def _paper(layout) -> Paper:
    return decode(render_escpos(layout, CharacterMode.GB18030))


def _has(texts, label, value):
    return any(t.startswith(label) and t.endswith(value) for t in texts)


@pytest.fixture
def order(demo_db, settings, clock, clerk):
    """A rice cooker for 李建国 with shipping and the fee, ¥100 paid of ¥214."""
    buyer = villager(demo_db, clerk, clock)
    placed = create_order(
        demo_db,
        buyer.id,
        "拼多多",
        "电饭煲 3L 家用多功能",
        1,
        19_900,
        1_000,
        500,
        [Tender(PaymentMethod.CASH, 10_000)],
        clerk,
        settings,
        clock,
    )
    return placed, buyer


@pytest.mark.parametrize("columns", COLUMNS)
def test_agency_slip_says_what_was_bought_paid_and_still_due(order, settings, clock, columns):
    placed, buyer = order
    paper = _paper(agency_slip(placed, buyer, replace(settings, receipt_columns=columns)))
    texts = paper.texts
    assert all(line.columns <= columns for line in paper.lines)
    assert _has(texts, "单号", placed.order_no) and _has(texts, "平台", "拼多多")
    assert _has(texts, "村民", "李建国") and _has(texts, "电话", MASKED)
    assert MOBILE not in "\n".join(texts)
    assert _has(texts, "时间", f"{clock.local(parse_iso(placed.created_at)):%Y-%m-%d %H:%M}")
    assert "电饭煲 3L 家用多功能" in "".join(texts)
    # Each line's name, then how many at what price and the amount under it.
    for name, value in [("运费", "￥10.00"), ("服务费", "￥5.00")]:
        assert _has([texts[texts.index(name) + 1]], "  1 × " + value, value), name
    for label, value in [("合计", "￥214.00"), ("已付", "￥100.00"), ("未付", "￥114.00")]:
        assert _has(texts, label, value), label


def test_agency_slip_shows_the_pickup_code_large_as_a_barcode_and_the_order_in_its_qr(
    order, settings
):
    placed, buyer = order
    layout = agency_slip(placed, buyer, settings)
    big = [
        item.text.strip()
        for item in print_items(layout)
        if isinstance(item, PrintedLine) and item.double
    ]
    assert placed.pickup_code in big
    assert Barcode(placed.pickup_code) in layout.blocks
    # What the agency page's search takes back (STATION-ID|ORDER-NO).
    assert receipt_qr(settings, placed.order_no).endswith(placed.order_no)


def test_agency_slip_leaves_out_shipping_and_fee_not_charged(demo_db, settings, clock, clerk):
    buyer = villager(demo_db, clerk, clock)
    placed = create_order(
        demo_db,
        buyer.id,
        "淘宝",
        "雨靴",
        2,
        3_000,
        0,
        0,
        [Tender(PaymentMethod.CASH, 6_000)],
        clerk,
        settings,
        clock,
    )
    texts = _paper(agency_slip(placed, buyer, settings)).texts
    joined = "\n".join(texts)
    assert "运费" not in joined and "服务费" not in joined
    assert _has(texts, "  2 × ￥30.00", "￥60.00") and _has(texts, "未付", "￥0.00")


@pytest.mark.parametrize("columns", COLUMNS)
def test_handover_slip_names_the_parcel_who_took_it_and_when(
    demo_db, settings, clock, clerk, columns
):
    arrived = register_arrival(
        demo_db,
        "YT1234567890123",
        clock,
        operator=clerk,
        recipient_name="李建国",
        recipient_phone=MOBILE,
    )
    parcel = hand_over(demo_db, arrived.id, clerk, clock)
    layout = handover_slip(parcel, replace(settings, receipt_columns=columns))
    paper = _paper(layout)
    texts = paper.texts
    assert all(line.columns <= columns for line in paper.lines)
    local = f"{clock.local(parse_iso(parcel.picked_up_at)):%Y-%m-%d %H:%M}"
    for label, value in [
        ("快递", "圆通"),
        ("运单号", "YT1234567890123"),
        ("收件人", "李建国"),
        ("电话", MASKED),
        ("取件", local),
        ("经办", "店员"),
    ]:
        assert _has(texts, label, value), label
    assert MOBILE not in "\n".join(texts)
    assert Barcode("YT1234567890123") in layout.blocks
    assert any("收件人签字" in t for t in texts)


def _figures(**changed):
    """A closed shift with a different amount in every part, so no two labels can swap."""
    values = {
        "shift_id": "0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
        "terminal_id": "T1",
        "opened_at": "2026-03-02T00:00:00.000Z",
        "closed_at": "2026-03-02T12:30:00.000Z",
        "opened_by": "张小花",
        "closed_by": "店主",
        "float_fen": 20_000,
        "cash_sales_fen": 31_200,
        "cash_refunds_fen": 1_100,
        "agency_cash_in_fen": 5_000,
        "agency_cash_out_fen": 1_300,
        "credit_repayments_cash_fen": 4_400,
        "payouts_cash_fen": 15_660,
        "pay_in_fen": 3_000,
        "pay_out_fen": 2_000,
        "expected_cash_fen": 43_540,
        "counted_cash_fen": 43_490,
        "over_short_fen": -50,
        "receipts_count": 87,
        "gross_fen": 82_345,
        "discount_count": 3,
        "discount_fen": 3_200,
        "rounding_count": 5,
        "rounding_fen": 56,
        "refunds_count": 2,
        "refunds_fen": 4_500,
        "voided_lines_count": 4,
        "net_fen": 74_589,
        "payments_fen": {"cash": 30_100, "wechat": 40_489, "alipay": 0, "account": 4_000},
        "denominations": {"10000": 4, "1000": 3, "100": 4, "50": 1, "10": 4},
        "note": "找零少给半元",
    }
    return ShiftFigures(**(values | changed))


@pytest.mark.parametrize("columns", COLUMNS)
def test_shift_reports_fit_the_paper(columns):
    for final in (True, False):
        layout = shift_report_layout(
            _figures(), sample_settings(columns), final=final, printed_at="2026-03-02T06:00:00Z"
        )
        assert all(line.columns <= columns for line in _paper(layout).lines)


@pytest.mark.parametrize("columns", COLUMNS)
def test_the_z_report_prints_each_part_of_the_counter_and_the_drawer(columns):
    texts = _paper(shift_report_layout(_figures(), sample_settings(columns), final=True)).texts
    assert "Z REPORT 日结报表" in [t.strip() for t in texts]
    for label, value in [
        ("收银台", "T1"),
        ("班次号", "0c1d2e3f4a5b"),
        ("开班", "张小花"),
        ("开班时间", "2026-03-02 08:00"),  # station time, UTC+8
        ("结班", "店主"),
        ("结班时间", "2026-03-02 20:30"),
        ("销售笔数", "87"),
        ("销售额", "￥823.45"),
        ("优惠（3 笔）", "-￥32.00"),
        ("抹零（5 笔）", "-￥0.56"),
        ("退款（2 笔）", "-￥45.00"),
        ("删除商品行", "4 行"),
        ("净额", "￥745.89"),
        ("现金", "￥301.00"),
        ("微信支付", "￥404.89"),
        ("赊账", "￥40.00"),
        ("备用金", "￥200.00"),
        ("现金销售", "￥312.00"),
        ("现金退款", "-￥11.00"),
        ("代购收款", "￥50.00"),
        ("代购付出", "-￥13.00"),
        ("赊账还款", "￥44.00"),
        ("农户付款", "-￥156.60"),
        ("存入", "￥30.00"),
        ("取出", "-￥20.00"),
        ("应有现金", "￥435.40"),
        ("实点现金", "￥434.90"),
        ("  ￥100 × 4", "￥400.00"),
        ("  ￥10 × 3", "￥30.00"),
        ("  ￥1 × 4", "￥4.00"),
        ("  ￥0.5 × 1", "￥0.50"),
        ("  ￥0.1 × 4", "￥0.40"),
        ("长短款（短款）", "-￥0.50"),
    ]:
        assert _has(texts, label, value), (label, value)
    assert not any(t.startswith("支付宝") for t in texts)  # a method nobody used is left out
    assert not any("打印时间" in t for t in texts)
    assert any("备注：找零少给半元" in t for t in texts)
    assert any("收银员签字" in t for t in texts) and any("店主签字" in t for t in texts)


def test_the_over_short_and_the_counted_and_expected_cash_are_bold():
    paper = _paper(shift_report_layout(_figures(), sample_settings(48), final=True))
    bold = {line.text.split()[0] for line in paper.lines if line.bold and line.text.strip()}
    assert {"长短款（短款）", "实点现金", "应有现金", "净额"} <= bold
    assert "备用金" not in bold


def test_an_x_report_has_no_count_and_says_when_it_was_printed():
    open_so_far = _figures(
        closed_at=None,
        closed_by=None,
        counted_cash_fen=None,
        over_short_fen=None,
        denominations={},
        note="",
    )
    lines = render_text(
        shift_report_layout(
            open_so_far, sample_settings(32), final=False, printed_at="2026-03-02T06:05:00.000Z"
        )
    )
    assert any("X REPORT 中班报表" in line for line in lines)
    assert _has(lines, "打印时间", "2026-03-02 14:05")
    assert _has(lines, "应有现金", "￥435.40")
    joined = "\n".join(lines)
    assert "实点现金" not in joined and "长短款" not in joined and "结班" not in joined
    assert "店主签字" not in joined


def test_a_z_report_of_an_open_shift_is_refused():
    with pytest.raises(ValueError):
        shift_report_layout(_figures(closed_at=None), sample_settings(32), final=True)


def test_a_shift_closed_in_core_prints_its_figures_half_a_yuan_short(
    demo_db, settings, clock, clerk, ring_up
):
    open_shift(demo_db, 20_000, clerk, settings, clock)
    cash = ring_up(PaymentMethod.CASH)
    wechat = ring_up(PaymentMethod.WECHAT)
    pay_out(demo_db, 2_000, "付送货费", clerk, settings, clock)
    expected = 20_000 + cash.total_fen - 2_000
    counted = expected - 50
    closed = close_shift(demo_db, clerk, settings, clock, counted_fen=counted)
    texts = _paper(shift_report_layout(closed, settings, final=True)).texts
    assert _has(texts, "销售笔数", "2")
    assert _has(texts, "现金销售", paper_text(cash.total_fen))
    assert _has(texts, "微信支付", paper_text(wechat.total_fen))
    assert _has(texts, "取出", "-￥20.00")
    assert _has(texts, "应有现金", paper_text(expected))
    assert _has(texts, "实点现金", paper_text(counted))
    assert _has(texts, "长短款（短款）", "-￥0.50")
    assert _has(texts, "开班", "店员") and _has(texts, "结班", "店员")


def paper_text(fen):
    whole, part = divmod(fen, 100)
    return f"￥{whole:,}.{part:02d}"
