"""Hiding personal data on paper: a receipt can end up anywhere."""

from __future__ import annotations

_MOBILE_LENGTH = 11


def mask_phone(phone: str) -> str:
    """Hide the middle of a phone number: `13812341234` -> `138****1234`.

    A mobile number keeps the usual first three and last four digits. Shorter
    numbers (landlines, short codes) keep fewer than half their digits, at the end,
    so no length ever prints the whole number.
    """
    digits = phone.strip()
    if not digits:
        return ""
    if len(digits) >= _MOBILE_LENGTH:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    shown = min(4, (len(digits) - 1) // 2)
    return "*" * (len(digits) - shown) + digits[len(digits) - shown :]
