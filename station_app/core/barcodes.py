"""EAN-13 check digits and the in-store codes that label scales print."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


def ean13_check_digit(first_twelve: str) -> int:
    """The 13th digit of an EAN-13 whose first twelve digits are given."""
    if first_twelve.isascii():
        # Each ASCII digit's byte is its value plus 48, taken off once per weight.
        # (Checking a 100,000-product catalog download calls this for every barcode.)
        digits = first_twelve.encode("ascii")
        ones, threes = digits[0::2], digits[1::2]
        total = sum(ones) + 3 * sum(threes) - 48 * (len(ones) + 3 * len(threes))
    else:
        total = sum(map(int, first_twelve[0::2])) + 3 * sum(map(int, first_twelve[1::2]))
    return (10 - total % 10) % 10


def is_valid_ean13(code: str) -> bool:
    """True for 13 digits whose last digit checks."""
    return len(code) == 13 and code.isdigit() and ean13_check_digit(code[:12]) == int(code[12])


def make_ean13(first_twelve: str) -> str:
    """Append the check digit."""
    return first_twelve + str(ean13_check_digit(first_twelve))


@dataclass(frozen=True)
class ScaleCode:
    """What a scale label says: which PLU, and its weight in grams or its price in fen."""

    plu: str
    kind: Literal["weight", "price"]
    value: int


def parse_scale_code(code: str, prefixes: dict[str, str]) -> ScaleCode | None:
    """Read `PP IIIII VVVVV C` (prefix, 5-digit PLU, 5-digit grams or fen, check digit).

    Returns None when `code` is not a valid scale code under the configured prefixes.
    """
    if not is_valid_ean13(code):
        return None
    plu, value = code[2:7].lstrip("0") or "0", int(code[7:12])
    match prefixes.get(code[:2]):
        case "weight":
            return ScaleCode(plu, "weight", value)
        case "price":
            return ScaleCode(plu, "price", value)
    return None


def make_scale_code(prefix: str, plu: str, value: int) -> str:
    """Build the code a scale would print, for demos and tests."""
    return make_ean13(f"{prefix}{int(plu):05d}{value:05d}")
