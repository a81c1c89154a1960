"""Announcing parcels (到站包裹): the county's sorting centre tells a station what is on its way.

The station registers an announced parcel as if the keeper had scanned it, so the data is
checked here the way the station checks a scan; a bad number is refused at the hub,
where it was typed, instead of being skipped at the station.
"""

from __future__ import annotations

import re
from typing import Any

from county_hub.storage import HubStore
from county_hub.storage.console_audit import AuditNote
from village_protocol.carriers import (
    CARRIERS,
    MAX_RECIPIENT_NAME,
    MAX_TRACKING,
    MIN_TRACKING,
    detect_carrier,
    normalise_tracking,
)
from village_protocol.changes import PARCEL_ARRIVED, check_change

_MAINLAND_MOBILE = re.compile(r"1[3-9][0-9]{9}")


class ParcelRefused(Exception):
    """An announcement the hub will not queue; the message is one line for county staff."""


def tracking_number(text: str) -> str:
    """A tracking number as carriers print it: letters upper-cased, spaces dropped.

    Raises:
        ParcelRefused: not 8-30 ASCII letters and digits.
    """
    tracking = normalise_tracking(text)
    if tracking is None:
        raise ParcelRefused(
            f"tracking number '{text}' must be {MIN_TRACKING}-{MAX_TRACKING} letters or digits"
        )
    return tracking


def parcel_data(
    tracking_no: str, carrier: str | None = None, name: str = "", phone: str = ""
) -> dict[str, Any]:
    """The `data` of a `parcel.arrived` change, checked as the station checks a scan.

    Without `carrier`, the carrier the number's format tells (as the station's scan
    would), else null: the station then files it under 其他 or asks the keeper.

    Raises:
        ParcelRefused: a bad tracking number, an unknown carrier, a name over 20
            characters, or a phone that is not a mainland mobile number.
    """
    tracking = tracking_number(tracking_no)
    carrier = carrier.strip() if carrier and carrier.strip() else detect_carrier(tracking)
    if carrier is not None and carrier not in CARRIERS:
        raise ParcelRefused(f"unknown carrier '{carrier}': use one of {' '.join(CARRIERS)}")
    name = name.strip()
    if len(name) > MAX_RECIPIENT_NAME:
        raise ParcelRefused(f"the recipient's name must be at most {MAX_RECIPIENT_NAME} characters")
    mobile = re.sub(r"[\s-]", "", phone)
    if mobile and not _MAINLAND_MOBILE.fullmatch(mobile):
        raise ParcelRefused(f"phone '{phone}' is not a mainland mobile number (11 digits, 1…)")
    data = {
        "tracking_no": tracking,
        "carrier": carrier,
        "recipient_name": name,
        "recipient_phone": mobile,
    }
    check_change(PARCEL_ARRIVED, data)
    return data


def announce_parcel(
    store: HubStore,
    station_id: str,
    tracking_no: str,
    now: str,
    *,
    carrier: str | None = None,
    name: str = "",
    phone: str = "",
    by: str | None = None,
) -> int:
    """Queue a `parcel.arrived` change for one station; returns its cursor.

    With `by` (the operator), the announcement is in the hub's audit log, same transaction.

    Raises:
        StoreError: no such station.
        ParcelRefused: bad data, or this number was already announced to the station
            (which would refuse it as already registered).
    """
    data = parcel_data(tracking_no, carrier, name, phone)
    audit = None
    if by is not None:
        detail = {"tracking_no": data["tracking_no"], "carrier": data["carrier"]}
        audit = AuditNote(by, "parcel.announced", station_id, detail)
    cursor, fresh = store.announce_parcel(station_id, data, now, audit)
    if not fresh:
        raise already_announced(data["tracking_no"], station_id, cursor)
    return cursor


def already_announced(tracking_no: str, station_id: str, cursor: int) -> ParcelRefused:
    """The refusal of a parcel announced to the station before (at `cursor`)."""
    return ParcelRefused(
        f"parcel {tracking_no} was already announced to station {station_id} (cursor {cursor})"
    )
