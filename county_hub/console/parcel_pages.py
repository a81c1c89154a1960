"""Parcels (/parcels): announce one parcel, or the courier's arrival list for many stations.

One parcel goes through `parcels.announce_parcel` (the rules and messages of
`parcel-arrived`); a list through `arrival_list`, which checks every row the same way
and stores all of them or none.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from county_hub.console.access import Operator
from county_hub.console.arrival_list import (
    COLUMNS,
    PROBLEMS_SHOWN,
    ArrivalListRefused,
    announce_arrivals,
    read_arrival_list,
)
from county_hub.console.times import iso
from county_hub.console.web import ConsoleContext, redirect, render
from county_hub.parcels import ParcelRefused, announce_parcel, tracking_number
from county_hub.storage import StoreError
from village_protocol.carriers import CARRIERS

RECENT = 20


def add_routes(router: APIRouter, context: ConsoleContext, viewer: Any, clerk: Any) -> None:
    """GET /parcels, POST /parcels/announce and /parcels/upload."""
    store = context.store

    def parcels_page(
        operator: Operator,
        status: int = 200,
        *,
        form: dict[str, str] | None = None,
        error: str = "",
        problems: list[tuple[int, str]] | None = None,
        done: str = "",
    ) -> Response:
        return render(
            context,
            "parcels.html",
            operator,
            status=status,
            nav="parcels",
            stations=store.stations(),
            carriers=CARRIERS,
            columns=COLUMNS,
            form=form or {},
            error=error,
            problems=(problems or [])[:PROBLEMS_SHOWN],
            more_problems=max(0, len(problems or []) - PROBLEMS_SHOWN),
            done=done,
            recent=store.figures.recent_announcements(RECENT),
        )

    @router.get("/parcels")
    def parcels(request: Request, operator: Operator = viewer) -> Response:
        query = request.query_params
        done = ""
        if query.get("announced"):
            done = f"已通知站点 {query.get('station', '')}：包裹 {query['announced']} 到站。"
        elif query.get("listed"):
            done = f"到站清单已通知：{query['listed']} 个包裹，{query.get('stations', '')} 个站点。"
        return parcels_page(operator, done=done)

    @router.post("/parcels/announce")
    def announce(request: Request, operator: Operator = clerk) -> Response:
        form: dict[str, str] = request.state.form
        station_id = form.get("station", "")
        try:
            announce_parcel(
                store,
                station_id,
                form.get("tracking", ""),
                iso(context.clock()),
                carrier=form.get("carrier") or None,
                name=form.get("name", ""),
                phone=form.get("phone", ""),
                by=operator.name,
            )
        except (ParcelRefused, StoreError) as refusal:
            return parcels_page(operator, 400, form=form, error=str(refusal))
        tracking = tracking_number(form.get("tracking", ""))
        return redirect(f"/parcels?announced={tracking}&station={station_id}")

    @router.post("/parcels/upload")
    def upload(request: Request, operator: Operator = clerk) -> Response:
        sent = request.state.files.get("arrivals")
        if sent is None or not sent.data:
            return parcels_page(
                operator, 400, problems=[(0, "请选择要上传的到站清单（CSV 文件）。")]
            )
        try:
            arrivals = read_arrival_list(store, sent.data, sent.filename or "arrivals.csv")
            announce_arrivals(store, arrivals, iso(context.clock()), operator.name, sent.filename)
        except ArrivalListRefused as refusal:
            return parcels_page(operator, 400, problems=refusal.problems)
        stations = len({a.station_id for a in arrivals})
        return redirect(f"/parcels?listed={len(arrivals)}&stations={stations}")
