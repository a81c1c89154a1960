"""Notices (/notices): post one to every station or one, through `notices.post_notice`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from county_hub.console.access import Operator
from county_hub.console.times import iso
from county_hub.console.web import ConsoleContext, Refused, redirect, render
from county_hub.console.work_pages import ALL, scope_of
from county_hub.notices import MAX_NOTICE_BODY, MAX_NOTICE_TITLE, NoticeRefused, post_notice
from county_hub.storage import StoreError

RECENT = 30


def add_routes(router: APIRouter, context: ConsoleContext, viewer: Any, clerk: Any) -> None:
    """GET and POST /notices."""
    store = context.store

    def notices_page(
        operator: Operator,
        status: int = 200,
        form: dict[str, str] | None = None,
        error: str = "",
        posted: str = "",
    ) -> Response:
        return render(
            context,
            "notices.html",
            operator,
            status=status,
            nav="notices",
            stations=store.stations(),
            names={s.id: s.name for s in store.stations()},
            form=form or {"scope": ALL},
            error=error,
            posted=posted,
            max_title=MAX_NOTICE_TITLE,
            max_body=MAX_NOTICE_BODY,
            recent=store.figures.recent_notices(RECENT),
        )

    @router.get("/notices")
    def notices(request: Request, operator: Operator = viewer) -> Response:
        posted = request.query_params.get("posted", "")
        return notices_page(operator, posted=posted if posted.isdigit() else "")

    @router.post("/notices")
    def post(request: Request, operator: Operator = clerk) -> Response:
        form: dict[str, str] = request.state.form
        try:
            station_id = scope_of(store, form.get("scope"))
            cursor = post_notice(
                store,
                form.get("title", ""),
                form.get("body", ""),
                iso(context.clock()),
                station_id,
                by=operator.name,
            )
        except Refused as refusal:
            return notices_page(operator, 400, form, refusal.message)
        except (NoticeRefused, StoreError) as refusal:
            return notices_page(operator, 400, form, str(refusal))
        return redirect(f"/notices?posted={cursor}")
