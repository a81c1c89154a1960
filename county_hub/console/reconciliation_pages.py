"""Reconciliation (/reconciliation): per station and day, the hub's figures and the station's.

The station's own sales count and net come with its uploads (`status.days`); a day
whose figures differ is highlighted, and `?only=mismatch` lists only those. Days a
station never reported (an older app) show its side as not reported, not as a
mismatch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from county_hub.console.access import Operator
from county_hub.console.times import county_today
from county_hub.console.web import ConsoleContext, Refused, render
from county_hub.console.work_pages import PAGE_SIZE, page_number, scope_of
from county_hub.storage import HubStore

DEFAULT_DAYS = 14
MAX_DAYS = 366


@dataclass(frozen=True)
class ReconciliationQuery:
    """What the page (or its export) shows: days `first`..`last`, a station, mismatches only."""

    first: str
    last: str
    station_id: str | None
    only_mismatch: bool

    def query_string(self) -> str:
        """The same selection as URL parameters (for paging and the export link)."""
        fields = {"from": self.first, "to": self.last, "station": self.station_id or ""}
        if self.only_mismatch:
            fields["only"] = "mismatch"
        return urlencode(fields)


def _day(text: str | None, default: date) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Refused(400, "日期不对", f"“{text}”不是日期，请写成 2026-11-26 这样。") from None


def read_query(store: HubStore, params: Any, today: date) -> ReconciliationQuery:
    """The selection in `params` (a request's query); the last 14 days by default.

    Raises:
        Refused: 400 for a bad date, a reversed or too long range, an unknown station.
    """
    last = _day(params.get("to"), today)
    first = _day(params.get("from"), last - timedelta(days=DEFAULT_DAYS - 1))
    if first > last or (last - first).days >= MAX_DAYS:
        raise Refused(400, "日期范围不对", f"开始日期不能晚于结束日期，范围最长 {MAX_DAYS} 天。")
    return ReconciliationQuery(
        first.isoformat(),
        last.isoformat(),
        scope_of(store, params.get("station")),
        params.get("only") == "mismatch",
    )


def add_routes(router: APIRouter, context: ConsoleContext, viewer: Any, clerk: Any) -> None:
    """GET /reconciliation."""
    store = context.store

    @router.get("/reconciliation")
    def reconciliation(request: Request, operator: Operator = viewer) -> Response:
        selection = read_query(store, request.query_params, county_today(context.clock()))
        page = page_number(request.query_params.get("page"))
        rows = store.reconciliation.days(
            selection.first,
            selection.last,
            station_id=selection.station_id,
            only_mismatch=selection.only_mismatch,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
        listed, mismatched = store.reconciliation.counts(
            selection.first, selection.last, selection.station_id
        )
        total = mismatched if selection.only_mismatch else listed
        return render(
            context,
            "reconciliation.html",
            operator,
            nav="reconciliation",
            rows=rows,
            selection=selection,
            stations=store.stations(),
            listed=listed,
            mismatched=mismatched,
            page=page,
            pages=max(1, math.ceil(total / PAGE_SIZE)),
            query=selection.query_string() + "&",
        )
