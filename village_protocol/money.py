"""Money and weight bounds of the protocol: integer fen and integer grams, never floats.

Also how both sides write fen as yuan (`format_fen`) and read yuan typed in a spreadsheet
(`yuan_to_fen`), so a catalog row means the same price at the station and at the hub.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

FEN_PER_YUAN = 100
# The station refuses any single price, line, total or payment above ¥1,000,000
# as a typing slip; the hub publishes no price above it.
MAX_PRICE_FEN = 100_000_000
# No amount in an event may pass ¥10,000,000: ten times the station's cap, so a sum of
# capped figures (a sale's subtotal before discounts) still fits, while 10**30 or a
# mistyped sign never reaches the hub's totals.
MAX_AMOUNT_FEN = 1_000_000_000
# No weight in an event may pass 100 t (a lot is at most 5 t at the station).
MAX_AMOUNT_G = 100_000_000
# Counted quantities of one line or order.
MAX_QUANTITY = 9_999

# How a villager pays; the station's `PaymentMethod` values. Reports list them all,
# even at zero, so both sides print the same keys.
PAYMENT_METHODS = ("cash", "wechat", "alipay", "unionpay", "account")
# Agency money the keeper paid to or received from the platform carries this method.
PLATFORM_METHOD = "platform"

_CENT = Decimal("0.01")


def format_fen(fen: int, *, symbol: str = "¥") -> str:
    """`1250` -> `¥12.50`, `123456789` -> `¥1,234,567.89`; negatives as `-¥3.00`."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{symbol}{whole:,}.{part:02d}"


class NotYuan(ValueError):
    """Text that is no amount of yuan with at most two decimals.

    `decimals` tells a number with too many decimals (or none that is finite) from text
    that is not a number at all, so each side can say which in its own words.
    """

    def __init__(self, text: str, *, decimals: bool) -> None:
        super().__init__(text)
        self.text = text
        self.decimals = decimals


def yuan_to_fen(text: str) -> int:
    """Yuan as a spreadsheet cell holds them (`12.5`, `¥12.50`, `￥3`, `1E+2`) in exact fen.

    Decimal, never float, so `0.29` is 29 fen. The sign is kept; bounds are the caller's.

    Raises:
        NotYuan: not a number, not finite, more than two decimals, or too large to hold.
    """
    try:
        amount = Decimal(text.strip().lstrip("¥￥"))
    except InvalidOperation:
        raise NotYuan(text, decimals=False) from None
    try:
        exact = amount.is_finite() and amount == amount.quantize(_CENT)
    except InvalidOperation:  # beyond Decimal's precision once written with two decimals
        exact = False
    if not exact:
        raise NotYuan(text, decimals=True)
    return int(amount * FEN_PER_YUAN)
