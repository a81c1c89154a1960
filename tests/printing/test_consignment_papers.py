"""代销 papers built from stored lots, shipments and payouts, read back from ESC/POS bytes."""

from dataclasses import replace

import pytest

from station_app.core.clock import parse_iso
from station_app.core.consignment import get_shipment, pay_out, ship_lots, unpaid_settlements
from station_app.core.payments import PaymentMethod
from station_app.printing.charset import CharacterMode
from station_app.printing.consignment_papers import (
    intake_label,
    intake_labels,
    intake_slip,
    payout_slip,
    shipment_manifest,
)
from station_app.printing.escpos_render import render_escpos
from station_app.printing.receipt_layout import Barcode, QrCode
from tests.printing.escpos_decode import Paper, decode
from tests.printing.records import MASKED, MOBILE, oranges, settle, villager

COLUMNS = [32, 48]


def _paper(layout) -> Paper:
    return decode(render_escpos(layout, CharacterMode.GB18030))


def _has(texts, label, value):
    return any(t.startswith(label) and t.endswith(value) for t in texts)


@pytest.fixture
def farmer(demo_db, clerk, clock):
    return villager(demo_db, clerk, clock, "赵果农")


@pytest.fixture
def lot(demo_db, farmer, clerk, settings, clock):
    return oranges(demo_db, farmer, clerk, settings, clock)


@pytest.mark.parametrize("columns", COLUMNS)
def test_one_label_per_crate_each_with_its_number_the_lot_qr_and_a_cut(lot, settings, columns):
    layout = intake_labels(lot, replace(settings, receipt_columns=columns))
    paper = _paper(layout)
    assert all(line.columns <= columns for line in paper.lines)
    crates = [text.split()[-1] for text in paper.texts if text.startswith("筐号")]
    assert crates == ["1/3", "2/3", "3/3"]
    assert paper.events.count("cut") == 3
    # The bare code: what the 代销 page's trace field (and core's get_lot) takes.
    assert [b for b in layout.blocks if isinstance(b, QrCode)] == [QrCode(lot.lot_code, 5)] * 3
    assert [line.text.strip() for line in paper.lines if line.double] == ["赣南脐橙 一级"] * 3
    assert _has(paper.texts, "整批净重", "30.000kg") and _has(paper.texts, "农户", "赵果农")


def test_the_preview_label_is_the_first_crates(lot, settings):
    texts = _paper(intake_label(lot, settings)).texts
    assert [t.split()[-1] for t in texts if t.startswith("筐号")] == ["1/3"]


@pytest.mark.parametrize("columns", COLUMNS)
def test_intake_slip_shows_the_weights_and_terms_and_masks_the_phone(
    lot, farmer, clerk, settings, clock, columns
):
    paper = _paper(intake_slip(lot, farmer, clerk, replace(settings, receipt_columns=columns)))
    texts = paper.texts
    assert all(line.columns <= columns for line in paper.lines)
    for label, value in [
        ("批次", lot.lot_code),
        ("毛重", "31.500kg"),
        ("皮重", "1.500kg"),
        ("期望单价", "￥6.00/kg"),
        ("代销佣金", "8.5%"),
        ("保质至", lot.best_before),
        ("电话", MASKED),
        ("经办", "店员"),
        ("时间", f"{clock.local(parse_iso(lot.created_at)):%Y-%m-%d %H:%M}"),
    ]:
        assert _has(texts, label, value), label
    assert any(
        line.double and line.text.startswith("净重") and line.text.endswith("30.000kg")
        for line in paper.lines
    )
    joined = "\n".join(texts)
    assert MOBILE not in joined
    assert "件数" not in joined  # no pieces counted: the row is left out


@pytest.mark.parametrize("columns", COLUMNS)
def test_manifest_lists_each_lot_and_totals_per_product_and_grade(
    demo_db, farmer, clerk, settings, clock, columns
):
    neighbour = villager(demo_db, clerk, clock, "钱大婶", "13912345678")
    lots = [
        oranges(demo_db, farmer, clerk, settings, clock),
        oranges(demo_db, farmer, clerk, settings, clock, grade="特级", crates=1, gross_g=10_000),
        oranges(demo_db, neighbour, clerk, settings, clock, crates=2, gross_g=21_250),
        oranges(
            demo_db, neighbour, clerk, settings, clock, product="猕猴桃", crates=4, gross_g=43_000
        ),
    ]
    manifest_no = ship_lots(demo_db, [lot.id for lot in lots], "县物流车", clerk, settings, clock)
    layout = shipment_manifest(
        get_shipment(demo_db, manifest_no), replace(settings, receipt_columns=columns)
    )
    paper = _paper(layout)
    texts = paper.texts
    assert all(line.columns <= columns for line in paper.lines)
    assert _has(texts, "清单号", manifest_no) and _has(texts, "承运", "县物流车")
    assert _has(texts, lots[0].lot_code, "30.000kg") and _has(texts, lots[1].lot_code, "9.500kg")
    totals = texts[texts.index("按品名等级合计") + 1 :]
    assert totals[0].startswith("赣南脐橙 一级 2批 5筐") and totals[0].endswith("50.250kg")
    assert totals[1].startswith("赣南脐橙 特级 1批 1筐") and totals[1].endswith("9.500kg")
    assert totals[2].startswith("猕猴桃 一级 1批 4筐") and totals[2].endswith("41.000kg")
    grand = next(t for t in texts if t.startswith("合计"))
    assert grand.startswith("合计 4批 10筐") and grand.endswith("100.750kg")
    assert Barcode(manifest_no) in layout.blocks


@pytest.mark.parametrize("columns", COLUMNS)
def test_payout_slip_deducts_hub_fees_and_commission_from_what_sold(
    demo_db, farmer, clerk, settings, clock, columns
):
    first = oranges(demo_db, farmer, clerk, settings, clock)
    second = oranges(
        demo_db, farmer, clerk, settings, clock, grade="特级", crates=1, gross_g=10_000
    )
    ship_lots(demo_db, [first.id, second.id], "县物流车", clerk, settings, clock)
    settle(demo_db, first, clock, "S1", 29_500, 18_000, 900, 15_500)
    settle(demo_db, second, clock, "S2", 9_500, 7_600, 380, 6_764)
    paid = [
        (lot, pay_out(demo_db, s.id, PaymentMethod.WECHAT, " 4200001234567890 ", clerk, clock))
        for lot, s in zip((first, second), unpaid_settlements(demo_db, farmer.id), strict=True)
    ]
    paper = _paper(
        payout_slip(
            farmer,
            paid,
            PaymentMethod.WECHAT,
            " 4200001234567890 ",
            clerk,
            replace(settings, receipt_columns=columns),
        )
    )
    texts = paper.texts
    assert all(line.columns <= columns for line in paper.lines)
    for label, value in [
        (first.lot_code, "￥180.00"),
        (second.lot_code, "￥76.00"),
        ("销售额", "￥256.00"),
        ("县中心费用", "-￥12.80"),
        ("代销佣金", "-￥20.56"),
        ("付款方式", "微信支付"),
        ("转账单号", "4200001234567890"),
        ("农户", "赵果农"),
        ("电话", MASKED),
        ("经办", "店员"),
    ]:
        assert _has(texts, label, value), label
    assert any(t.strip().startswith("赣南脐橙 一级 售出 29.500kg") for t in texts)
    assert any(
        line.double and line.text.startswith("实付") and line.text.endswith("￥222.64")
        for line in paper.lines
    )
    assert not any(t.startswith("结算单号") for t in texts)
