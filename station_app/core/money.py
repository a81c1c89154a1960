"""Money in integer fen (分) and weights in integer grams; formatting only at the edge.

The caps, `format_fen` and the reading of spreadsheet yuan are the protocol's
(`village_protocol.money`), so the station and the hub agree on them; they are part of
this module's interface for the rest of the station.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from station_app.core.errors import InputRefused
from village_protocol.money import (
    FEN_PER_YUAN,
    MAX_PRICE_FEN,
    MAX_QUANTITY,
    NotYuan,
    format_fen,
    yuan_to_fen,
)

__all__ = [
    "AMOUNT",
    "FEN_PER_YUAN",
    "GRAMS_PER_JIN",
    "GRAMS_PER_KG",
    "GRAMS_PER_LIANG",
    "MAX_PRICE_FEN",
    "MAX_QUANTITY",
    "MAX_WEIGHT_G",
    "Field",
    "Rounding",
    "WeightUnit",
    "check_price",
    "check_quantity",
    "check_weight",
    "format_fen",
    "format_plain",
    "format_weight",
    "parse_decimal_yuan",
    "parse_quantity",
    "parse_weight_g",
    "parse_yuan",
    "price_per_jin_fen",
    "rounding_fen",
    "weighed_total_fen",
]

GRAMS_PER_KG = 1000
GRAMS_PER_JIN = 500
GRAMS_PER_LIANG = 50
MAX_WEIGHT_G = 100_000  # 100 kg on a counter scale

_YUAN_PATTERN = re.compile(r"^\s*[¥￥]?\s*(\d{1,9})(?:\.(\d{0,2}))?\s*$")


class Rounding(Enum):
    """抹零: drop the fen, or the jiao and fen, from a total."""

    NONE = "none"
    JIAO = "jiao"  # keep whole jiao: ¥12.34 -> ¥12.30
    YUAN = "yuan"  # keep whole yuan: ¥12.34 -> ¥12.00


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
        fen = yuan_to_fen(str(value))
    except NotYuan as refused:
        if not refused.decimals:
            raise InputRefused(f"金额格式不对：“{value}”", f"'{value}' is not an amount") from None
        raise InputRefused(
            f"金额格式不对或超过两位小数：“{value}”", f"'{value}' is not an amount in yuan.fen"
        ) from None
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


def parse_quantity(text: str) -> int:
    """A typed count (full-width digits too) checked like `check_quantity`.

    Raises:
        InputRefused: not a whole number, or outside 1-9,999; nothing is filtered away.
    """
    cleaned = unicodedata.normalize("NFKC", text or "").strip()
    if not re.fullmatch(r"[+-]?\d{1,9}", cleaned):
        raise InputRefused(
            f"数量“{text}”不是整数，请输入 1 到 {MAX_QUANTITY} 之间的整数，如 3",
            f"Quantity '{text}' is not a whole number; type 1 to {MAX_QUANTITY}, e.g. 3",
        )
    return check_quantity(int(cleaned))


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


# -- weights -----------------------------------------------------------------------------
class WeightUnit(Enum):
    """Units a weight is typed and shown in; the value is grams per unit."""

    KG = GRAMS_PER_KG
    JIN = GRAMS_PER_JIN  # 斤, what villagers buy by
    LIANG = GRAMS_PER_LIANG  # 两, a tenth of a 斤
    G = 1


# What may follow the number. No unit means kilograms: scales and price tags say kg.
_WEIGHT_UNITS = {
    "": WeightUnit.KG,
    "kg": WeightUnit.KG,
    "公斤": WeightUnit.KG,
    "千克": WeightUnit.KG,
    "斤": WeightUnit.JIN,
    "市斤": WeightUnit.JIN,
    "两": WeightUnit.LIANG,
    "市两": WeightUnit.LIANG,
    "g": WeightUnit.G,
    "克": WeightUnit.G,
}
# Decimal places that show a whole number of grams exactly in each unit.
_WEIGHT_PLACES = {WeightUnit.KG: 3, WeightUnit.JIN: 3, WeightUnit.LIANG: 2, WeightUnit.G: 0}
_WEIGHT_SUFFIX = {
    WeightUnit.KG: "kg",
    WeightUnit.JIN: "斤",
    WeightUnit.LIANG: "两",
    WeightUnit.G: "g",
}
_WEIGHT_PATTERN = re.compile(r"([+-]?)(\d{1,7}(?:\.\d{0,6})?|\.\d{1,6})(.*)")


def parse_weight_g(text: str) -> int:
    """Grams from a typed weight, rounded half-up to the gram.

    Accepts kilograms (`1.25`, `1.25kg`, `1.25公斤`, `1.25千克`), grams (`750g`, `750克`),
    斤 (`2斤`, `1.5斤`, 500 g) and 两 (`3两`, 50 g), in full-width characters too.

    Raises:
        InputRefused: any other text (the message lists the forms above), a negative or
            zero weight, or one above MAX_WEIGHT_G.
    """
    # NFKC folds full-width digits, "．" and "ｋｇ"; a Chinese input method types "。".
    cleaned = unicodedata.normalize("NFKC", text or "").replace("。", ".")
    cleaned = "".join(cleaned.split()).lower()
    match = _WEIGHT_PATTERN.fullmatch(cleaned)
    unit = _WEIGHT_UNITS.get(match.group(3)) if match else None
    if match is None or unit is None:
        raise InputRefused(
            f"看不懂重量“{text}”。请输入公斤数如 1.25（或 1.25kg、1.25公斤），"
            "克数如 750g、750克，或斤两如 2斤、1.5斤、3两",
            f"Weight '{text}' is not understood. Type kilograms like 1.25 (or 1.25kg), "
            "grams like 750g or 750克, or jin and liang like 2斤, 1.5斤, 3两",
        )
    if match.group(1) == "-":
        raise InputRefused(
            f"重量不能为负数（输入了 {text}），请输入称出的重量",
            f"A weight cannot be negative (got {text}); type the weight shown",
        )
    grams = (Decimal(match.group(2)) * unit.value).quantize(Decimal(1), ROUND_HALF_UP)
    return check_weight(int(grams))


def format_weight(weight_g: int, unit: WeightUnit = WeightUnit.KG, *, suffix: bool = True) -> str:
    """Grams as typed in `unit`: `1250` -> `1.250kg`, `1000` -> `2斤`, `150` -> `3两`.

    Exact: every whole number of grams has a finite decimal in each unit, so
    `parse_weight_g(format_weight(g, unit)) == g`. Kilograms keep three decimals, as
    scales show them; the other units drop trailing zeros.
    """
    places = _WEIGHT_PLACES[unit]
    scaled = abs(weight_g) * 10**places // unit.value
    whole, fraction = divmod(scaled, 10**places)
    number = f"{whole}.{fraction:0{places}d}" if places else str(whole)
    if unit is not WeightUnit.KG and places:
        number = number.rstrip("0").rstrip(".")
    sign = "-" if weight_g < 0 else ""
    return f"{sign}{number}{_WEIGHT_SUFFIX[unit] if suffix else ''}"
