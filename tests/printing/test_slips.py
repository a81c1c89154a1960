import pytest

from station_app.printing.receipt_layout import (
    Barcode,
    PrintedLine,
    QrCode,
    print_items,
    render_text,
)
from station_app.printing.slips import (
    AgencyOrderSlip,
    ConsignmentLabel,
    FarmerPayoutSlip,
    OrderedItem,
    ParcelHandoverSlip,
    PayoutLine,
    ShiftReport,
    agency_order_slip,
    consignment_label,
    farmer_payout_slip,
    parcel_handover_slip,
    shift_z_report,
)
from tests.printing.samples import settings

COLUMNS = [32, 48]


def _slips(columns):
    s = settings(columns)
    return {
        "agency": agency_order_slip(AgencyOrderSlip(
            "A20250301-0001", "王大妈", "13912345678", "2025-03-01 10:00", "拼多多",
            (OrderedItem("电饭煲 3L 家用多功能", 1, 19_900), OrderedItem("不锈钢锅铲", 2, 1_250)),
            22_400, 10_000, "825731"), s),
        "parcel": parcel_handover_slip(ParcelHandoverSlip(
            "YT1234567890123", "圆通速递", "李建国", "13812341234", "2025-03-01 09:12",
            "2025-03-01 17:40", "张小花"), s),
        "label": consignment_label(ConsignmentLabel(
            "DEMO-001-250301-07", "高山土蜂蜜", "特级", "赵老汉", 12_500, "2025-03-01",
            "2025-09-01", 2, 3), s),
        "payout": farmer_payout_slip(FarmerPayoutSlip(
            "P20250301-02", "赵老汉", "13700001111", "2025-03-01 18:00", "微信",
            (PayoutLine("L20250220-03", "高山土蜂蜜", "8.000kg", 54_400),
             PayoutLine("L20250225-01", "土鸡蛋", "120 个", 18_000)), 7_240, "店主"), s),
        "z": shift_z_report(ShiftReport(
            "Z20250301-1", "张小花", "2025-03-01 08:00", "2025-03-01 20:00", 87, 812_345, 3_200,
            56, 2, 4_500, {"现金": 300_000, "微信支付": 404_589, "支付宝": 100_000},
            cash_counted_fen=300_100), s),
    }


@pytest.mark.parametrize("columns", COLUMNS)
def test_every_slip_fits_the_paper(columns):
    for name, layout in _slips(columns).items():
        lines = [item for item in print_items(layout) if isinstance(item, PrintedLine)]
        assert all(line.width <= columns for line in lines), name


def test_agency_order_shows_the_pickup_code_large_and_as_a_barcode():
    layout = _slips(32)["agency"]
    big = [item.text for item in print_items(layout)
           if isinstance(item, PrintedLine) and item.double]
    assert "825731" in big
    assert Barcode("825731") in layout.blocks
    assert "139****5678" in "\n".join(render_text(layout))


def test_consignment_label_has_a_qr_code_of_its_lot_code():
    # The bare code: what the 代销 page's trace field (and core's get_lot) takes.
    assert QrCode("DEMO-001-250301-07", module_dots=5) in _slips(32)["label"].blocks


def _lines(layout):
    return [item.text for item in print_items(layout) if isinstance(item, PrintedLine)]


def test_payout_and_z_report_add_up():
    payout = _lines(_slips(48)["payout"])
    assert any(line.startswith("实付") and line.endswith("￥651.60") for line in payout)
    z = _lines(_slips(48)["z"])
    assert any(line.startswith("净额") and line.endswith("￥8,045.89") for line in z)
    assert any(line.startswith("长短款") and line.endswith("￥1.00") for line in z)
