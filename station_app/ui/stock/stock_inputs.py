"""Reading what the keeper types on the stock screens: dates, counts and kilograms."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from station_app.core.money import GRAMS_PER_KG

# What the fields let through; the readers below still refuse what is no date or number.
DATE_PATTERN = r"[0-9]{0,4}[-/.]?[0-9]{0,2}[-/.]?[0-9]{0,2}"
UNITS_PATTERN = r"[0-9]{0,7}"
KG_PATTERN = r"[0-9]{0,5}([.][0-9]{0,3})?"
_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),  # as printed on many packs: 20260315
)


def parse_day(text: str) -> date | None:
    """`2026-03-15`, `2026/3/15`, `2026.03.15` or `20260315`; nothing typed is None.

    Raises:
        ValueError: any other text, or a day that does not exist (2026-02-30).
    """
    cleaned = text.strip()
    if not cleaned:
        return None
    for form in _DATE_FORMS:
        match = form.fullmatch(cleaned)
        if match:
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
    raise ValueError(cleaned)


def parse_amount(text: str, is_weighed: bool) -> int:
    """A typed quantity in the product's stock unit: units, or kilograms (-> grams).

    Raises:
        ValueError: not a number of that kind (nothing typed, `1.5` units, `1.2345` kg).
    """
    cleaned = text.strip()
    if is_weighed:
        if not re.fullmatch(r"\d{1,7}(\.\d{1,3})?|\.\d{1,3}", cleaned):
            raise ValueError(cleaned)
        return int((Decimal(cleaned) * GRAMS_PER_KG).to_integral_value(ROUND_HALF_UP))
    if not re.fullmatch(r"\d{1,9}", cleaned):
        raise ValueError(cleaned)
    return int(cleaned)
