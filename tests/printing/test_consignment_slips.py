"""代销 papers read back from their ESC/POS bytes: crate labels, intake slip, manifest, payout."""

import pytest

from station_app.printing.charset import CharacterMode
from station_app.printing.escpos_render import render_escpos
from station_app.printing.receipt_layout import QrCode
from station_app.printing.slips import (
    ConsignmentLabel,
    FarmerIntakeSlip,
    FarmerPayoutSlip,
    ManifestLot,
    PayoutLine,
    ShipmentManifest,
    consignment_labels,
    farmer_intake_slip,
    farmer_payout_slip,
    shipment_manifest,
)
from tests.printing.escpos_decode import Paper, decode
from tests.printing.samples import settings

COLUMNS = [32, 48]
LOT = "DEMO-001-250301-01"


def _paper(layout) -> Paper:
    return decode(render_escpos(layout, CharacterMode.GB18030))


def _label(crates=3):
    return ConsignmentLabel(LOT, "赣南脐橙", "一级", "赵果农", 30_000, "2025-03-01",
                            "2025-03-11", crates=crates)


def _intake():
    return FarmerIntakeSlip(LOT, "2025-03-01 09:30", "赵果农", "13612345678", "赣南脐橙",
                            "一级", 3, 0, 31_500, 1_500, 30_000, "2025-03-01", "2025-03-11",
                            600, 850, "店员")


def _manifest():
    lots = (ManifestLot(LOT, "赣南脐橙", "一级", "赵果农", 3, 30_000),
            ManifestLot("DEMO-001-250301-02", "赣南脐橙", "特级", "赵果农", 1, 9_500),
            ManifestLot("DEMO-001-250302-01", "赣南脐橙", "一级", "钱大婶", 2, 20_250),
            ManifestLot("DEMO-001-250302-02", "猕猴桃", "一级", "孙老汉", 4, 41_000))
    return ShipmentManifest("M20250302-T1-001", "县物流车", "2025-03-02 16:00", "店员", lots)


def _payout():
    return FarmerPayoutSlip("", "赵果农", "13612345678", "2025-03-05 10:00", "微信支付",
                            (PayoutLine(LOT, "赣南脐橙 一级", "29.500kg", 18_000),
                             PayoutLine("DEMO-001-250301-02", "赣南脐橙 特级", "9.500kg", 7_600)),
                            2_056, "店主", hub_fees_fen=1_280, reference="4200001234567890")


@pytest.mark.parametrize("columns", COLUMNS)
@pytest.mark.parametrize("paper", ["labels", "intake", "manifest", "payout"])
def test_every_consignment_paper_fits_the_paper(columns, paper):
    s = settings(columns)
    layout = {"labels": lambda: consignment_labels(_label(), s),
              "intake": lambda: farmer_intake_slip(_intake(), s),
              "manifest": lambda: shipment_manifest(_manifest(), s),
              "payout": lambda: farmer_payout_slip(_payout(), s)}[paper]()
    printed = _paper(layout)
    assert printed.lines
    assert all(line.columns <= columns for line in printed.lines), paper


@pytest.mark.parametrize("columns", COLUMNS)
def test_one_label_per_crate_each_with_its_number_and_cut(columns):
    layout = consignment_labels(_label(crates=3), settings(columns))
    paper = _paper(layout)
    crates = [text.split()[-1] for text in paper.texts if text.startswith("筐号")]
    assert crates == ["1/3", "2/3", "3/3"]
    assert paper.events.count("cut") == 3
    assert [b for b in layout.blocks if isinstance(b, QrCode)] == [QrCode(LOT, 5)] * 3
    big = [line.text.strip() for line in paper.lines if line.double]
    assert big == ["赣南脐橙 一级"] * 3
    assert any(text.startswith("整批净重") and text.endswith("30.000kg") for text in paper.texts)


@pytest.mark.parametrize("columns", COLUMNS)
def test_intake_slip_shows_the_weights_and_terms_and_masks_the_phone(columns):
    texts = _paper(farmer_intake_slip(_intake(), settings(columns))).texts
    for label, value in [("毛重", "31.500kg"), ("皮重", "1.500kg"), ("期望单价", "￥6.00/kg"),
                         ("代销佣金", "8.5%"), ("保质至", "2025-03-11")]:
        assert any(t.startswith(label) and t.endswith(value) for t in texts), label
    assert any(t.startswith("净重") and t.endswith("30.000kg") for t in texts)
    joined = "\n".join(texts)
    assert "136****5678" in joined and "13612345678" not in joined
    assert "件数" not in joined  # no pieces counted: the row is left out


@pytest.mark.parametrize("columns", COLUMNS)
def test_manifest_totals_per_product_and_grade(columns):
    texts = _paper(shipment_manifest(_manifest(), settings(columns))).texts
    totals = texts[texts.index("按品名等级合计") + 1:]
    assert totals[0].startswith("赣南脐橙 一级 2批 5筐") and totals[0].endswith("50.250kg")
    assert totals[1].startswith("赣南脐橙 特级 1批 1筐") and totals[1].endswith("9.500kg")
    assert totals[2].startswith("猕猴桃 一级 1批 4筐") and totals[2].endswith("41.000kg")
    grand = next(t for t in texts if t.startswith("合计"))
    assert grand.startswith("合计 4批 10筐") and grand.endswith("100.750kg")


@pytest.mark.parametrize("columns", COLUMNS)
def test_payout_slip_deducts_hub_fees_and_commission(columns):
    slip = _payout()
    texts = _paper(farmer_payout_slip(slip, settings(columns))).texts
    assert slip.payout_fen == 25_600 - 1_280 - 2_056
    for label, value in [("销售额", "￥256.00"), ("县中心费用", "-￥12.80"),
                         ("代销佣金", "-￥20.56"), ("实付", "￥222.64"),
                         ("转账单号", "4200001234567890")]:
        assert any(t.startswith(label) and t.endswith(value) for t in texts), label
    assert not any(t.startswith("结算单号") for t in texts)  # none given: left out
