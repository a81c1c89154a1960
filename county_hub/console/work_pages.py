"""The county's daily work pages: consignment, parcels, catalog, notices, reconciliation.

Each page module adds its routes to one router, every route behind a `Gate`: viewing
needs `VIEW`, every change `COUNTY_WORK` (clerk or admin) and this session's CSRF
token. Changes go through the same library functions as the admin commands
(`settle_lot`, `announce_parcel`, `publish_products`, `post_notice`), with the
operator's name for the audit log, so the rules and their messages are the same.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from fastapi import APIRouter, Depends

from county_hub.console.roles import Permission
from county_hub.console.web import ConsoleContext, Gate, Refused
from county_hub.storage import HubStore

PAGE_SIZE = 50
ALL = "*"  # the scope field's value for every station


def work_router(context: ConsoleContext) -> APIRouter:
    """The routes of the five work pages and the two exports."""
    from county_hub.console import (
        catalog_pages,
        export_pages,
        lot_pages,
        notice_pages,
        parcel_pages,
        reconciliation_pages,
    )

    router = APIRouter(include_in_schema=False)
    viewer = Depends(Gate(context, Permission.VIEW))
    clerk = Depends(Gate(context, Permission.COUNTY_WORK))
    for module in (
        lot_pages,
        parcel_pages,
        catalog_pages,
        notice_pages,
        reconciliation_pages,
        export_pages,
    ):
        module.add_routes(router, context, viewer, clerk)
    return router


def scope_of(store: HubStore, text: str | None) -> str | None:
    """A form's station scope: None for all stations, else an existing station's id.

    Raises:
        Refused: 400 when the station does not exist.
    """
    if not text or text == ALL:
        return None
    if store.station(text) is None:
        raise Refused(400, "没有这个站点", f"县级平台没有编号为 {text} 的站点。")
    return text


def page_number(text: str | None) -> int:
    """`?page=` as a page number (1 for anything else)."""
    return int(text) if text and text.isdigit() and 0 < int(text) < 1_000_000 else 1


def grams_of_kg(text: str) -> int:
    """Kilograms typed in a form (`12.5`, up to 3 decimals) as whole grams.

    Raises:
        ValueError: not a number of kilograms with at most 3 decimals.
    """
    try:
        kg = Decimal(text.strip() or "0")
    except InvalidOperation:
        raise ValueError(text) from None
    grams = kg * 1000
    if not grams.is_finite() or grams != grams.to_integral_value():
        raise ValueError(text)
    return int(grams)
