"""Receipts to print in tests: a long sale with weighed lines, a refund."""

from __future__ import annotations

from station_app.core.payments import PaymentMethod
from station_app.core.sales import PaymentRecord, SaleLineRecord, SaleRecord
from station_app.core.settings import StationSettings
from station_app.printing.refund_receipt import RefundedLine, RefundPaper

LONG_NAME = "东北黑龙江五常稻花香大米（散装）新米上市特价促销装"


def settings(columns: int = 32, **fields: object) -> StationSettings:
    values: dict[str, object] = {"station_phone": "0571-8888 6666", "receipt_columns": columns}
    values.update(fields)
    return StationSettings(**values)  # type: ignore[arg-type]


def _line(
    no: int,
    name: str,
    price: int,
    quantity: int = 1,
    weight_g: int | None = None,
    discount: int = 0,
) -> SaleLineRecord:
    gross = (price * weight_g + 500) // 1000 if weight_g else price * quantity
    return SaleLineRecord(
        f"l{no}",
        no,
        f"p{no}",
        None,
        name,
        "kg" if weight_g else "件",
        price,
        quantity,
        weight_g,
        gross,
        discount,
        gross - discount,
    )


def long_sale(*, cash: bool = True) -> SaleRecord:
    """Twelve lines, five of them weighed, a discount, 抹零, split payment."""
    lines = (
        _line(1, "农夫山泉饮用天然水 550ml", 250, 3, discount=100),
        _line(2, LONG_NAME, 2599, weight_g=1234),
        _line(3, "鲜猪肉（前腿）", 3200, weight_g=2468),
        _line(4, "土鸡蛋", 1600, weight_g=1502),
        _line(5, "可口可乐 500ml", 300, 6),
        _line(6, "康师傅红烧牛肉面 桶装", 450, 4),
        _line(7, "散装花生油", 2200, weight_g=4950),
        _line(8, "海天金标生抽 1.9L", 2390, 1),
        _line(9, "Lao Gan Ma chili sauce, extra large family size", 1200, 1),
        _line(10, "红富士苹果", 798, weight_g=3210),
        _line(11, "洗洁精 ¥特价 1.5kg", 990, 2),
        _line(12, "大白兔奶糖 😀 礼盒", 3500, 1),
    )
    subtotal = sum(line.gross_fen for line in lines)
    total = subtotal - 100 - 7
    if cash:
        payments = (
            PaymentRecord(PaymentMethod.WECHAT, 10_000, None, "4200001234567890"),
            PaymentRecord(PaymentMethod.CASH, total - 10_000, total - 10_000 + 93, ""),
        )
        paid = total + 93
    else:
        payments = (PaymentRecord(PaymentMethod.WECHAT, total, None, "4200001234567890"),)
        paid = total
    return SaleRecord(
        "s1",
        7,
        "20250301-T1-00007",
        "T1",
        "张小花",
        "2025-03-01T06:03:04.123Z",
        480,
        "2025-03-01",
        subtotal,
        100,
        7,
        total,
        paid,
        paid - total,
        "13812341234",
        lines,
        payments,
    )


def refund() -> RefundPaper:
    return RefundPaper(
        "R20250301-T1-00002",
        "20250301-T1-00007",
        "2025-03-01T07:30:00.000Z",
        480,
        "张小花",
        "店主",
        PaymentMethod.CASH,
        4_207,
        "鸡蛋碎了",
        (RefundedLine("土鸡蛋", 1, 1502, 2_403), RefundedLine("可口可乐 500ml", 6, None, 1_804)),
    )
