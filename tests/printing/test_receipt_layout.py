from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.core.payments import PaymentMethod
from station_app.core.sales import PaymentRecord, SaleLineRecord, SaleRecord
from station_app.core.settings import StationSettings
from station_app.printing.charset import CharacterMode
from station_app.printing.escpos_render import render_escpos
from station_app.printing.masking import mask_phone
from station_app.printing.receipt_layout import (
    Cut,
    Feed,
    Layout,
    PrintedLine,
    QrCode,
    Row,
    Separator,
    Text,
    print_items,
    render_text,
    sale_receipt,
)
from station_app.printing.text_width import display_width
from tests.printing.escpos_decode import decode

LONG_NAME = "东北黑龙江五常稻花香大米（散装）新米上市特价促销装"
PHONE = "13812341234"


def _line(line_no: int, name: str, **fields: object) -> SaleLineRecord:
    values: dict[str, object] = {
        "id": f"line-{line_no}",
        "line_no": line_no,
        "product_id": f"p{line_no}",
        "code": None,
        "name": name,
        "unit": "瓶",
        "unit_price_fen": 250,
        "quantity": 3,
        "weight_g": None,
        "gross_fen": 750,
        "discount_fen": 0,
        "total_fen": 750,
    }
    values.update(fields)
    return SaleLineRecord(**values)  # type: ignore[arg-type]


def _sale(**fields: object) -> SaleRecord:
    lines = (
        _line(1, "农夫山泉饮用天然水 550ml", discount_fen=100, total_fen=650),
        _line(
            2,
            LONG_NAME,
            unit="kg",
            unit_price_fen=2599,
            quantity=1,
            weight_g=1234,
            gross_fen=3207,
            total_fen=3207,
        ),
        _line(
            3,
            "Lao Gan Ma chili sauce, extra large family size",
            unit="项",
            unit_price_fen=1200,
            quantity=1,
            gross_fen=1200,
            total_fen=1200,
        ),
    )
    values: dict[str, object] = {
        "id": "sale-1",
        "seq": 7,
        "receipt_no": "20250301-T1-00007",
        "terminal_id": "T1",
        "operator_name": "张小花",
        "created_at": "2025-03-01T06:03:04.123Z",
        "tz_offset_min": 480,
        "local_date": "2025-03-01",
        "subtotal_fen": 5157,
        "discount_fen": 100,
        "rounding_fen": 7,
        "total_fen": 5050,
        "paid_fen": 6000,
        "change_fen": 950,
        "customer_phone": PHONE,
        "lines": lines,
        "payments": (
            PaymentRecord(PaymentMethod.WECHAT, 1000, None, "4200001234567890"),
            PaymentRecord(PaymentMethod.CASH, 4050, 5000, ""),
        ),
    }
    values.update(fields)
    return SaleRecord(**values)  # type: ignore[arg-type]


def _settings(columns: int = 32, **fields: object) -> StationSettings:
    return StationSettings(
        station_name="浙江省杭州市临安区天目山镇示范村电子商务服务站",
        station_phone="0571-8888 6666",
        receipt_columns=columns,
        **fields,  # type: ignore[arg-type]
    )


def _text(columns: int = 32, *, reprint: bool = False, **sale_fields: object) -> list[str]:
    return render_text(sale_receipt(_sale(**sale_fields), _settings(columns), reprint=reprint))


def _row_line(lines: list[str], label: str) -> str:
    return next(line for line in lines if line.startswith(label))


@pytest.mark.parametrize("columns", [32, 48])
def test_no_line_is_wider_than_the_paper(columns: int) -> None:
    layout = sale_receipt(_sale(), _settings(columns))
    assert all(display_width(line) <= columns for line in render_text(layout))
    lines = [item for item in print_items(layout) if isinstance(item, PrintedLine)]
    assert all(line.width <= columns for line in lines)


@pytest.mark.parametrize("columns", [32, 48])
def test_amounts_end_at_the_last_column(columns: int) -> None:
    lines = _text(columns)
    for label, amount in [
        ("合计", "￥51.57"),
        ("优惠", "-￥1.00"),
        ("抹零", "-￥0.07"),
        ("现金", "￥50.00"),
        ("找零", "￥9.50"),
    ]:
        line = _row_line(lines, label)
        assert line.endswith(amount)
        assert display_width(line) == columns


def test_long_names_wrap_onto_lines_of_their_own() -> None:
    lines = _text(32)
    start = next(i for i, line in enumerate(lines) if LONG_NAME.startswith(line))
    assert "".join(lines[start : start + 2]) == LONG_NAME


def test_counted_line_shows_quantity_price_amount_and_its_discount() -> None:
    lines = _text(48)
    assert _row_line(lines, "  3 × ￥2.50").endswith("￥7.50")
    assert _row_line(lines, "  优惠").endswith("-￥1.00")


@pytest.mark.parametrize("columns", [32, 48])
def test_weighed_line_shows_kg_price_per_kg_and_per_jin(columns: int) -> None:
    text = "\n".join(_text(columns))
    assert "1.234kg × ￥25.99/kg" in text
    assert "(￥13.00/斤)" in text
    assert "￥32.07" in text


def test_paper_uses_the_full_width_yuan_sign() -> None:
    text = "\n".join(_text())
    assert "￥" in text
    assert "¥" not in text


def test_header_shows_receipt_number_local_time_and_operator() -> None:
    lines = _text()
    assert _row_line(lines, "单号").endswith("20250301-T1-00007")
    assert _row_line(lines, "时间").endswith("2025-03-01 14:03:04")  # 06:03Z at UTC+8
    assert _row_line(lines, "收银员").endswith("张小花")
    assert any("电话 0571-8888 6666" in line for line in lines)


def test_station_name_and_total_are_double_size() -> None:
    items = print_items(sale_receipt(_sale(), _settings()))
    doubles = [item for item in items if isinstance(item, PrintedLine) and item.double]
    assert "".join(d.text for d in doubles[:-1]) == _settings().station_name
    total = doubles[-1]
    assert total.text.startswith("应收") and total.text.endswith("￥50.50")
    assert total.bold
    assert total.width == 32


def test_reprint_banner_comes_first() -> None:
    first = _text(reprint=True)[0]
    assert first.replace(" ", "") == "重印REPRINT"
    assert not any("重" in line for line in _text(reprint=False))


def test_payments_show_method_reference_tail_and_cash_handed_over() -> None:
    lines = _text()
    assert _row_line(lines, "微信支付 尾号7890").endswith("￥10.00")
    assert "4200001234567890" not in "\n".join(lines)
    assert _row_line(lines, "现金").endswith("￥50.00")
    assert _row_line(lines, "找零").endswith("￥9.50")


def test_cash_paid_in_two_goes_prints_one_cash_line_with_the_sum() -> None:
    lines = _text(
        payments=(
            PaymentRecord(PaymentMethod.CASH, 100, 100, ""),
            PaymentRecord(PaymentMethod.CASH, 200, 500, ""),
        ),
        total_fen=300,
        paid_fen=600,
        change_fen=300,
    )
    assert [line for line in lines if line.startswith("现金")] == [_row_line(lines, "现金")]
    assert _row_line(lines, "现金").endswith("￥6.00")
    assert _row_line(lines, "找零").endswith("￥3.00")


def test_merged_cash_line_is_what_the_printer_prints() -> None:
    layout = sale_receipt(
        _sale(
            payments=(
                PaymentRecord(PaymentMethod.CASH, 100, 100, ""),
                PaymentRecord(PaymentMethod.CASH, 200, 500, ""),
            ),
            total_fen=300,
            paid_fen=600,
            change_fen=300,
        ),
        _settings(),
    )
    paper = decode(render_escpos(layout, CharacterMode.GB18030))
    cash = [text for text in paper.texts if text.startswith("现金")]
    assert len(cash) == 1 and cash[0].endswith("￥6.00")


def test_two_wechat_payments_merge_and_keep_both_reference_tails() -> None:
    lines = _text(
        payments=(
            PaymentRecord(PaymentMethod.WECHAT, 1000, None, "4200001111"),
            PaymentRecord(PaymentMethod.CASH, 2050, 3000, ""),
            PaymentRecord(PaymentMethod.WECHAT, 2000, None, "4200002222"),
        )
    )
    assert _row_line(lines, "微信支付").startswith("微信支付 尾号1111、2222")
    assert _row_line(lines, "微信支付").endswith("￥30.00")
    assert sum(line.startswith("微信支付") for line in lines) == 1


def test_no_change_row_without_cash() -> None:
    lines = _text(
        payments=(PaymentRecord(PaymentMethod.ALIPAY, 5050, None, ""),),
        paid_fen=5050,
        change_fen=0,
    )
    assert _row_line(lines, "支付宝").endswith("￥50.50")
    assert not any(line.startswith("找零") for line in lines)


def test_zero_discount_and_rounding_rows_are_left_out() -> None:
    lines = _text(discount_fen=0, rounding_fen=0)
    assert not any(line.startswith(("优惠", "抹零")) for line in lines)


def test_customer_phone_is_masked() -> None:
    layout = sale_receipt(_sale(), _settings())
    text = "\n".join(render_text(layout))
    assert PHONE not in text
    assert PHONE not in repr(layout)
    assert _row_line(render_text(layout), "会员手机").endswith("138****1234")


def test_no_phone_row_without_a_customer_phone() -> None:
    assert not any("会员" in line for line in _text(customer_phone=None))


def test_ends_with_footer_qr_code_feed_and_cut() -> None:
    layout = sale_receipt(_sale(), _settings())
    assert layout.blocks[-4:] == (
        Text("谢谢惠顾，欢迎再来！", align="center"),
        QrCode("DEMO-001|20250301-T1-00007"),
        Feed(3),
        Cut(),
    )
    assert layout.columns == 32


def test_footer_keeps_its_line_breaks() -> None:
    settings = replace(_settings(), receipt_footer="谢谢惠顾\n退换请保留小票")
    lines = render_text(sale_receipt(_sale(), settings))
    assert [line.strip() for line in lines if "谢谢" in line or "退换" in line] == [
        "谢谢惠顾",
        "退换请保留小票",
    ]


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812341234", "138****1234"),
        ("8613812341234", "861******1234"),
        ("87654321", "*****321"),
        ("12345", "***45"),
        ("", ""),
    ],
)
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


@given(st.text(alphabet="0123456789", min_size=5, max_size=20))
def test_mask_phone_never_shows_the_whole_number(phone: str) -> None:
    masked = mask_phone(phone)
    assert len(masked) == len(phone)
    assert masked.count("*") >= min(4, len(phone) // 2 + 1)
    assert all(shown in ("*", digit) for shown, digit in zip(masked, phone, strict=True))


def test_text_alignment_and_double_size_in_columns() -> None:
    layout = Layout(
        (
            Text("中", align="center"),
            Text("ab", align="right"),
            Text("大字", double=True, align="center"),
        ),
        columns=10,
    )
    assert print_items(layout) == [
        PrintedLine("中", indent=4),
        PrintedLine("ab", indent=8),
        PrintedLine("大字", indent=1, double=True),
    ]
    assert render_text(layout) == ["    中", "        ab", " 大  字"]


def test_separator_fills_the_line() -> None:
    assert render_text(Layout((Separator("="), Separator("－")), columns=32)) == [
        "=" * 32,
        "－" * 16,
    ]


def test_placeholders_for_graphics_fit_the_paper() -> None:
    layout = Layout((QrCode("DEMO-001|" + "9" * 40), Cut()), columns=32)
    lines = render_text(layout)
    assert lines[0].strip().startswith("[QR] DEMO-001|")
    assert all(display_width(line) <= 32 for line in lines)


def test_layout_refuses_paper_too_narrow() -> None:
    with pytest.raises(ValueError, match="columns"):
        Layout((), columns=2)


_WORDS = st.text(alphabet=st.sampled_from(list("ab1 .字米，（）￥×")), max_size=60)


@given(
    left=_WORDS,
    right=_WORDS,
    bold=st.booleans(),
    double=st.booleans(),
    align=st.sampled_from(["left", "center", "right"]),
    columns=st.sampled_from([32, 48]),
)
def test_any_text_and_rows_fit_the_paper(
    left: str, right: str, bold: bool, double: bool, align: str, columns: int
) -> None:
    blocks = (Text(left, bold, double, align), Row(left, right, bold, double))  # type: ignore[arg-type]
    layout = Layout(blocks, columns)
    assert all(display_width(line) <= columns for line in render_text(layout))
    printed = [item for item in print_items(layout) if isinstance(item, PrintedLine)]
    assert all(line.width <= columns for line in printed)
