"""Agency order and handover slips built from stored records, read back from ESC/POS bytes."""

from dataclasses import replace

import pytest

from station_app.core.agency import create_order
from station_app.core.clock import parse_iso
from station_app.core.parcels import hand_over, register_arrival
from station_app.core.payments import PaymentMethod, Tender
from station_app.printing.charset import CharacterMode
from station_app.printing.escpos_render import render_escpos
from station_app.printing.receipt_layout import (
    Barcode,
    PrintedLine,
    print_items,
    receipt_qr,
)
from station_app.printing.slips import (
    ShiftReport,
    agency_slip,
    handover_slip,
    shift_z_report,
)
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


def _z(columns):
    return shift_z_report(
        ShiftReport(
            "Z20250301-1",
            "张小花",
            "2025-03-01 08:00",
            "2025-03-01 20:00",
            87,
            812_345,
            3_200,
            56,
            2,
            4_500,
            {"现金": 300_000, "微信支付": 404_589, "支付宝": 100_000},
            cash_counted_fen=300_100,
        ),
        sample_settings(columns),
    )


@pytest.mark.parametrize("columns", COLUMNS)
def test_z_report_fits_the_paper(columns):
    assert all(line.columns <= columns for line in _paper(_z(columns)).lines)


def test_z_report_adds_up():
    texts = _paper(_z(48)).texts
    assert _has(texts, "净额", "￥8,045.89")
    assert _has(texts, "长短款", "￥1.00")
