"""The console's pages: sign-in, the county dashboard, the stations, one station.

The county's work pages (consignment, parcels, catalog, notices, reconciliation and the
.xlsx exports) are in `work_pages.py` and its page modules, included here.

Handlers stay thin: figures come from `store.figures` (SQL over the daily tables),
changes go through the store's audited operations, each in one transaction.
"""

from __future__ import annotations

import hmac
import math
import os
from importlib.resources import files
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from county_hub.console.access import (
    CSRF_FIELD,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    ConsoleSettings,
    LoginRefused,
    Operator,
    new_token,
    sign_in,
    sign_out,
    signed_in,
)
from county_hub.console.charts import bar_chart
from county_hub.console.roles import Permission
from county_hub.console.times import county_today, iso
from county_hub.console.web import (
    ConsoleContext,
    Gate,
    Refused,
    csrf_refused,
    install_handlers,
    read_form,
    redirect,
    render,
    safe_next,
)
from county_hub.console.work_pages import work_router
from county_hub.storage import HubStore, StoreError
from county_hub.storage.daily_totals import days_back
from county_hub.storage.figures import STATION_SORTS
from village_protocol.money import PAYMENT_METHODS, format_fen
from village_protocol.provisioning import make_provisioning_code

PAGE_SIZE = 50
CHART_DAYS = 30
# A station silent for longer than this is flagged on the stations list and the dashboard.
SILENT_AFTER_S = 24 * 3600
PUBLIC_URL_ENV = "COUNTY_HUB_PUBLIC_URL"
METHOD_NAMES = {
    "cash": "现金",
    "wechat": "微信",
    "alipay": "支付宝",
    "unionpay": "银联",
    "account": "赊账",
}
LOT_STATES = {
    "received": "已收货",
    "shipped": "已发往县里",
    "partially_settled": "部分结算",
    "settled": "已结算",
    "rejected": "拒收",
    "spoiled": "损耗",
    "returned": "退回农户",
    "unreceived": "未收到入库记录",
}
STATION_COLUMNS = [
    ("id", "站点编号"),
    ("name", "名称"),
    ("active", "状态"),
    ("version", "版本"),
    ("queue", "待传"),
    ("last_sync", "最近同步"),
    ("today", "今日收到"),
    ("rejected", "被拒事件"),
    ("anchor", "最近审计锚定"),
]


def _page_number(request: Request) -> int:
    text = request.query_params.get("page", "1")
    return int(text) if text.isdigit() and 0 < int(text) < 1_000_000 else 1


def _station_or_404(store: HubStore, station_id: str) -> Any:
    station = store.station(station_id)
    if station is None:
        raise Refused(404, "没有这个站点", f"县级平台没有编号为 {station_id} 的站点。")
    return station


def _cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    # Secure whenever the browser came over https: directly, or through a trusted
    # reverse proxy's X-Forwarded-Proto (uvicorn honours it only from --trusted-proxy).
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def console_router(context: ConsoleContext) -> APIRouter:
    """Every console route; each but /login and the style sheet behind one `Gate`."""
    router = APIRouter(include_in_schema=False)
    store = context.store
    viewer = Depends(Gate(context, Permission.VIEW))
    station_admin = Depends(Gate(context, Permission.MANAGE_STATIONS))
    user_admin = Depends(Gate(context, Permission.MANAGE_USERS))
    css = files("county_hub.console").joinpath("static/console.css").read_bytes()

    @router.get("/static/console.css")
    def style_sheet() -> Response:
        return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=3600"})

    # -- signing in and out ----------------------------------------------------------

    def login_page(
        request: Request,
        status: int = 200,
        error: str = "",
        name: str = "",
        next_path: str | None = None,
    ) -> Response:
        token = request.cookies.get(LOGIN_CSRF_COOKIE) or new_token()
        response = render(
            context,
            "login.html",
            None,
            status=status,
            login_token=token,
            next_path=safe_next(next_path or request.query_params.get("next")),
            error=error,
            name=name,
        )
        _cookie(response, request, LOGIN_CSRF_COOKIE, token, 3600)
        return response

    @router.get("/login")
    async def login_form(request: Request) -> Response:
        current = await run_in_threadpool(
            signed_in,
            store,
            context.settings,
            request.cookies.get(SESSION_COOKIE),
            context.clock(),
        )
        if current is not None:
            return redirect(safe_next(request.query_params.get("next")))
        return login_page(request)

    @router.post("/login")
    async def login(request: Request) -> Response:
        form = await read_form(request)
        # Before a session exists the CSRF token is a cookie the form must repeat.
        cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
        if not cookie or not hmac.compare_digest(form.get(CSRF_FIELD, ""), cookie):
            raise csrf_refused()
        name = form.get("name", "").strip()
        try:
            token = await run_in_threadpool(
                sign_in, store, context.settings, name, form.get("password", ""), context.clock()
            )
        except LoginRefused as refusal:
            return login_page(request, 401, refusal.message, name, form.get("next"))
        response = redirect(safe_next(form.get("next")))
        _cookie(response, request, SESSION_COOKIE, token, context.settings.session_s)
        response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
        return response

    @router.post("/logout")
    def logout(request: Request, operator: Operator = viewer) -> Response:
        sign_out(store, request.cookies.get(SESSION_COOKIE, ""), operator, context.clock())
        response = redirect("/login")
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    # -- the county dashboard -------------------------------------------------------

    @router.get("/")
    def dashboard(request: Request, operator: Operator = viewer) -> Response:
        now_s = context.clock()
        today = county_today(now_s)
        days = days_back(today, CHART_DAYS)
        page = _page_number(request)
        stations, total = store.figures.station_sales(
            today.isoformat(),
            today.replace(day=1).isoformat(),
            PAGE_SIZE,
            (page - 1) * PAGE_SIZE,
        )
        by_day = {d.day: d for d in store.figures.county_days(days[0], days[-1])}
        silent, silent_count = store.figures.silent_stations(iso(now_s - SILENT_AFTER_S), 20)
        return render(
            context,
            "dashboard.html",
            operator,
            nav="dashboard",
            today=today.isoformat(),
            stations=stations,
            total=total,
            page=page,
            pages=max(1, math.ceil(len(store.stations()) / PAGE_SIZE)),
            chart=_sales_chart(days, {d: f.sales_fen for d, f in by_day.items()}, "全县"),
            chart_total=sum(f.sales_fen for f in by_day.values()),
            silent=silent,
            silent_count=silent_count,
        )

    # -- stations ---------------------------------------------------------------------

    @router.get("/stations")
    def stations(request: Request, operator: Operator = viewer) -> Response:
        now_s = context.clock()
        sort_text = request.query_params.get("sort", "id")
        descending = sort_text.startswith("-")
        sort = sort_text.lstrip("-")
        if sort not in STATION_SORTS:
            sort, descending = "id", False
        page = _page_number(request)
        rows, total = store.figures.station_health(
            county_today(now_s).isoformat(), sort, descending, PAGE_SIZE, (page - 1) * PAGE_SIZE
        )
        return render(
            context,
            "stations.html",
            operator,
            nav="stations",
            rows=rows,
            total=total,
            page=page,
            pages=max(1, math.ceil(total / PAGE_SIZE)),
            sort=sort,
            descending=descending,
            columns=STATION_COLUMNS,
            silent_before=iso(now_s - SILENT_AFTER_S),
        )

    @router.get("/stations/{station_id}")
    def station_page(station_id: str, operator: Operator = viewer) -> Response:
        station = _station_or_404(store, station_id)
        return _station_view(context, operator, station)

    @router.post("/stations/{station_id}/secret")
    def rotate_secret(
        request: Request, station_id: str, operator: Operator = station_admin
    ) -> Response:
        station = _station_or_404(store, station_id)
        secret = store.rotate_secret(station_id, iso(context.clock()), operator.name)
        hub_url = os.environ.get(PUBLIC_URL_ENV) or str(request.base_url).rstrip("/")
        code = make_provisioning_code(hub_url, station_id, secret)
        return render(
            context,
            "provisioning.html",
            operator,
            nav="stations",
            station=station,
            code=code,
            hub_url=hub_url,
            qr=_qr_svg(code),
        )

    @router.post("/stations/{station_id}/active")
    def set_active(
        request: Request, station_id: str, operator: Operator = station_admin
    ) -> Response:
        _station_or_404(store, station_id)
        active = request.state.form.get("active") == "1"
        try:
            store.set_active(station_id, active, by=operator.name, now=iso(context.clock()))
        except StoreError as error:
            raise Refused(404, "没有这个站点", str(error)) from None
        return redirect(f"/stations/{station_id}")

    # -- the operators' audit log ----------------------------------------------------

    @router.get("/audit")
    def audit(request: Request, operator: Operator = user_admin) -> Response:
        page = _page_number(request)
        entries = store.audit.recent(PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
        return render(
            context,
            "audit.html",
            operator,
            nav="audit",
            entries=entries[:PAGE_SIZE],
            page=page,
            has_more=len(entries) > PAGE_SIZE,
        )

    # Consignment, parcels, catalog, notices, reconciliation and the exports.
    router.include_router(work_router(context))
    return router


def _sales_chart(days: list[str], fen_by_day: dict[str, int], whose: str) -> Markup:
    return bar_chart(
        [(day, fen_by_day.get(day, 0)) for day in days],
        label=f"{whose}近 {len(days)} 天每日销售额",
        value_text=format_fen,
    )


def _station_view(context: ConsoleContext, operator: Operator, station: Any) -> Response:
    store = context.store
    now_s = context.clock()
    today = county_today(now_s)
    days = days_back(today, CHART_DAYS)
    figures = {d.day: d for d in store.figures.county_days(days[0], days[-1], station.id)}
    payments = store.figures.payments_by_day(station.id, days[0], days[-1])
    health = store.figures.health_of(station.id, today.isoformat())
    rows = [
        {"day": day, "figures": figures.get(day), "payments": payments.get(day, {})}
        for day in reversed(days)
    ]
    return render(
        context,
        "station.html",
        operator,
        nav="stations",
        station=station,
        health=health,
        rows=rows,
        methods=[(m, METHOD_NAMES[m]) for m in PAYMENT_METHODS],
        chart=_sales_chart(days, {d: f.sales_fen for d, f in figures.items()}, station.name),
        totals={
            "sales_fen": sum(f.sales_fen for f in figures.values()),
            "net_fen": sum(f.net_fen for f in figures.values()),
            "refunds_fen": sum(f.refunds_fen for f in figures.values()),
        },
        shifts=store.figures.shifts(station.id),
        lots=store.figures.lots(station.id),
        lot_states=LOT_STATES,
        parcels=store.figures.parcel_events(station.id),
        announced=store.figures.announced_parcels(station.id),
        notices=store.figures.notices(station.id),
        silent_before=iso(now_s - SILENT_AFTER_S),
    )


def _qr_svg(code: str) -> Markup:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(code, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return Markup(image.to_string(encoding="unicode"))


def install_console(
    app: FastAPI,
    store: HubStore,
    clock: Any,
    settings: ConsoleSettings | None = None,
) -> ConsoleContext:
    """Add the county console's pages and its refusal pages to the hub's app."""
    context = ConsoleContext(store, clock, settings or ConsoleSettings())
    install_handlers(app, context)
    app.include_router(console_router(context))
    return context
