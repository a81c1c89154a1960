"""Money in integer fen (分) and weights in integer grams; formatting only at the edge."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from enum import Enum

from station_app.core.errors import InputRefused

FEN_PER_YUAN = 100
GRAMS_PER_KG = 1000
GRAMS_PER_JIN = 500
MAX_PRICE_FEN = 100_000_000  # ¥1,000,000: anything above is a typing slip
MAX_WEIGHT_G = 100_000  # 100 kg on a counter scale
MAX_QUANTITY = 9_999

_YUAN_PATTERN = re.compile(r"^\s*[¥￥]?\s*(\d{1,9})(?:\.(\d{0,2}))?\s*$")


class Rounding(Enum):
    """抹零: drop the fen, or the jiao and fen, from a total."""

    NONE = "none"
    JIAO = "jiao"  # keep whole jiao: ¥12.34 -> ¥12.30
    YUAN = "yuan"  # keep whole yuan: ¥12.34 -> ¥12.00


def format_fen(fen: int, *, symbol: str = "¥") -> str:
    """`1250` -> `¥12.50`; negatives as `-¥3.00`."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{symbol}{whole:,}.{part:02d}"


def format_plain(fen: int) -> str:
    """`1250` -> `12.50`, for input fields and CSV."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{whole}.{part:02d}"


# How a message names the field: (Chinese, English), or one string the UI already translated.
Field = tuple[str, str] | str
AMOUNT: Field = ("金额", "Amount")


def _names(field: Field) -> tuple[str, str]:
    return (field, field) if isinstance(field, str) else field


def parse_yuan(text: str, *, field: Field = AMOUNT) -> int:
    """Parse what a keeper types (`12`, `12.5`, `￥12.50`) into fen, exactly.

    Raises:
        InputRefused: not a non-negative amount with at most two decimals, or over the cap.
    """
    match = _YUAN_PATTERN.match(text or "")
    zh, en = _names(field)
    if not match:
        raise InputRefused(
            f"{zh}格式不对：“{text}”，请输入如 12.50 的金额",
            f"{en}: '{text}' is not an amount like 12.50",
        )
    fen = int(match.group(1)) * FEN_PER_YUAN + int((match.group(2) or "").ljust(2, "0"))
    check_price(fen, field=field)
    return fen


def parse_decimal_yuan(value: Decimal | str | float | int, *, field: Field = AMOUNT) -> int:
    """Convert a spreadsheet cell holding yuan to fen without float drift."""
    try:
        amount = Decimal(str(value).strip().lstrip("¥￥"))
    except InvalidOperation:
        raise InputRefused(f"金额格式不对：“{value}”", f"'{value}' is not an amount") from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise InputRefused(
            f"金额格式不对或超过两位小数：“{value}”", f"'{value}' is not an amount in yuan.fen"
        )
    fen = int(amount * FEN_PER_YUAN)
    check_price(fen, field=field)
    return fen


def check_price(fen: int, *, field: Field = AMOUNT) -> int:
    """Refuse negative prices and prices above ¥1,000,000."""
    zh, en = _names(field)
    if fen < 0:
        raise InputRefused(f"{zh}不能为负数", f"{en} cannot be negative")
    if fen > MAX_PRICE_FEN:
        raise InputRefused(
            f"{zh}超过上限 {format_fen(MAX_PRICE_FEN)}，请检查是否输错",
            f"{en} is above {format_fen(MAX_PRICE_FEN)}; check the typing",
        )
    return fen


def check_quantity(quantity: int) -> int:
    """Refuse counts of zero, negative or above 9,999."""
    if not 1 <= quantity <= MAX_QUANTITY:
        raise InputRefused(
            f"数量必须在 1 到 {MAX_QUANTITY} 之间（输入了 {quantity}）",
            f"Quantity must be 1 to {MAX_QUANTITY} (got {quantity})",
        )
    return quantity


def check_weight(weight_g: int) -> int:
    """Refuse weights of zero, negative or above 100 kg."""
    if not 1 <= weight_g <= MAX_WEIGHT_G:
        raise InputRefused(
            f"重量必须在 1 克到 {MAX_WEIGHT_G // GRAMS_PER_KG} 公斤之间（输入了 {weight_g} 克）",
            f"Weight must be 1 g to {MAX_WEIGHT_G // GRAMS_PER_KG} kg (got {weight_g} g)",
        )
    return weight_g


def weighed_total_fen(price_fen_per_kg: int, weight_g: int) -> int:
    """Price of a weighed line, rounded half-up to the fen."""
    return (price_fen_per_kg * weight_g + GRAMS_PER_KG // 2) // GRAMS_PER_KG


def price_per_jin_fen(price_fen_per_kg: int) -> int:
    """Price per 斤 (500 g), rounded half-up, as village customers compare prices."""
    return (price_fen_per_kg * GRAMS_PER_JIN + GRAMS_PER_KG // 2) // GRAMS_PER_KG


def rounding_fen(total_fen: int, rounding: Rounding) -> int:
    """How many fen 抹零 takes off `total_fen` (never negative, never the whole total)."""
    if rounding is Rounding.NONE or total_fen <= 0:
        return 0
    step = 10 if rounding is Rounding.JIAO else FEN_PER_YUAN
    dropped = total_fen % step
    return dropped if dropped < total_fen else 0


def parse_weight_kg(text: str) -> int:
    """Parse a typed weight in kg (`1.25`) or in grams with a `g` suffix into grams."""
    cleaned = (text or "").strip().lower()
    try:
        if cleaned.endswith("g") and not cleaned.endswith("kg"):
            grams = int(cleaned[:-1])
        else:
            grams = int((Decimal(cleaned.removesuffix("kg")) * GRAMS_PER_KG).to_integral_value())
    except (InvalidOperation, ValueError):
        raise InputRefused(
            f"重量格式不对：“{text}”，请输入公斤数如 1.25",
            f"Weight '{text}' is not a number of kg like 1.25",
        ) from None
    return check_weight(grams)
