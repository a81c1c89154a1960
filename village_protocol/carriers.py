"""Parcel carriers and telling one from a tracking number's format (both sides use this)."""

from __future__ import annotations

import re

OTHER_CARRIER = "其他"
CARRIERS = (
    "顺丰",
    "京东",
    "圆通",
    "中通",
    "申通",
    "韵达",
    "极兔",
    "邮政EMS",
    "德邦",
    OTHER_CARRIER,
)
# Number formats that tell the carrier; plain digit numbers are chosen by the keeper.
CARRIER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("顺丰", re.compile(r"SF\d{12,13}")),
    ("京东", re.compile(r"JD[A-Z0-9]{11,13}")),
    ("圆通", re.compile(r"YT\d{13,15}")),
    ("极兔", re.compile(r"JT\d{13}")),
    ("邮政EMS", re.compile(r"[A-Z]{2}\d{9}CN")),
    ("德邦", re.compile(r"DPK\d{12,13}")),
)
MIN_TRACKING, MAX_TRACKING = 8, 30
# A parcel's recipient as the hub announces it and the station keeps it.
MAX_RECIPIENT_NAME = 20


def fold_tracking(text: str) -> str:
    """A typed or pasted number as carriers print it: spaces dropped, letters upper-cased."""
    return "".join(text.split()).upper()


def normalise_tracking(text: str) -> str | None:
    """A tracking number as carriers print it (upper case, no spaces), or None if malformed.

    Well-formed is 8-30 ASCII letters and digits once spaces are dropped.
    """
    tracking = fold_tracking(text)
    if tracking.isascii() and tracking.isalnum() and MIN_TRACKING <= len(tracking) <= MAX_TRACKING:
        return tracking
    return None


def detect_carrier(tracking_no: str) -> str | None:
    """The carrier when a normalised number's format tells it, else None."""
    for carrier, pattern in CARRIER_PATTERNS:
        if pattern.fullmatch(tracking_no):
            return carrier
    return None
