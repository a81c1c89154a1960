"""The dashboard's and the reconciliation's tables as .xlsx downloads (`exports.py`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from county_hub.console.access import Operator
from county_hub.console.exports import XLSX_TYPE, Column, Sheet, workbook_bytes
from county_hub.console.reconciliation_pages import read_query
from county_hub.console.times import county_today
from county_hub.console.web import ConsoleContext, secure
from county_hub.storage.daily_totals import days_back
from county_hub.storage.reported_days import ReconciledDay

CHART_DAYS = 30
# 500 stations × 366 days; a longer table is not one an office opens in Excel.
MAX_EXPORT_ROWS = 200_000


def _download(data: bytes, name: str) -> Response:
    return secure(
        Response(
            data,
            media_type=XLSX_TYPE,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    )


def _reconciled(row: ReconciledDay) -> list[Any]:
    verdict = "未上报" if not row.reported else ("不一致" if row.mismatch else "一致")
    return [
        row.day,
        row.station_id,
        row.station_name,
        row.hub_sales_count,
        row.station_sales_count,
        row.hub_net_fen,
        row.station_net_fen,
        verdict,
    ]


def add_routes(router: APIRouter, context: ConsoleContext, viewer: Any, clerk: Any) -> None:
    """GET /export/dashboard.xlsx and /export/reconciliation.xlsx."""
    store = context.store

    @router.get("/export/dashboard.xlsx")
    def dashboard_xlsx(operator: Operator = viewer) -> Response:
        today = county_today(context.clock())
        stations, total = store.figures.station_sales(
            today.isoformat(), today.replace(day=1).isoformat(), MAX_EXPORT_ROWS, 0
        )
        days = days_back(today, CHART_DAYS)
        county = store.figures.county_days(days[0], days[-1])
        sales = Sheet(
            "各站点销售",
            [
                Column("站点编号", width=16),
                Column("站点名称", width=24),
                Column("今日销售额（元）", "fen", 16),
                Column("今日笔数", "count", 10),
                Column("本月销售额（元）", "fen", 16),
                Column("本月净额（元）", "fen", 16),
            ],
            [
                *(
                    [s.id, s.name, s.today_fen, s.today_count, s.month_fen, s.month_net_fen]
                    for s in stations
                ),
                [
                    "",
                    total.name,
                    total.today_fen,
                    total.today_count,
                    total.month_fen,
                    total.month_net_fen,
                ],
            ],
        )
        by_day = Sheet(
            "全县每日",
            [
                Column("日期", width=12),
                Column("笔数", "count", 10),
                Column("销售额（元）", "fen", 16),
                Column("退款笔数", "count", 10),
                Column("退款（元）", "fen", 14),
                Column("净额（元）", "fen", 16),
            ],
            [
                [d.day, d.sales_count, d.sales_fen, d.refund_count, d.refunds_fen, d.net_fen]
                for d in county
            ],
        )
        return _download(workbook_bytes([sales, by_day]), f"county-{today.isoformat()}.xlsx")

    @router.get("/export/reconciliation.xlsx")
    def reconciliation_xlsx(request: Request, operator: Operator = viewer) -> Response:
        selection = read_query(store, request.query_params, county_today(context.clock()))
        rows = store.reconciliation.days(
            selection.first,
            selection.last,
            station_id=selection.station_id,
            only_mismatch=selection.only_mismatch,
            limit=MAX_EXPORT_ROWS,
        )
        sheet = Sheet(
            "对账",
            [
                Column("日期", width=12),
                Column("站点编号", width=16),
                Column("站点名称", width=24),
                Column("县里笔数", "count", 10),
                Column("站点笔数", "count", 10),
                Column("县里净额（元）", "fen", 16),
                Column("站点净额（元）", "fen", 16),
                Column("结果", width=10),
            ],
            [_reconciled(row) for row in rows],
            alert=lambda row: row[-1] == "不一致",
        )
        name = f"reconciliation-{selection.first}-{selection.last}.xlsx"
        return _download(workbook_bytes([sheet]), name)
