"""Money and weight bounds of the protocol: integer fen and integer grams, never floats."""

from __future__ import annotations

# The station refuses any single price, line, total or payment above ¥1,000,000
# as a typing slip.
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
