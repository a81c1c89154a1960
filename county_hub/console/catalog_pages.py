"""Catalog (/catalog): upload a catalog CSV, see what it would change, then publish it.

The upload is read by `catalog.read_catalog_rows` (the rules of `publish-catalog`) and
compared with what the chosen scope was last sent; the checked rows wait on the hub
under a random token (`storage.catalog_previews`) until the operator publishes them
with `catalog.publish_products`, or for an hour. A file with refused rows is shown but
cannot be published, as the command refuses it whole.
"""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from county_hub.catalog import CatalogRefused, compare_catalog, publish_products, read_catalog_rows
from county_hub.console.access import Operator, new_token
from county_hub.console.times import iso
from county_hub.console.web import ConsoleContext, Refused, redirect, render
from county_hub.console.work_pages import ALL, scope_of
from county_hub.storage import StoreError

PREVIEW_KEEP_S = 3600
# Rows listed per group on the preview page; the counts are always whole.
ROWS_SHOWN = 200


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_routes(router: APIRouter, context: ConsoleContext, viewer: Any, clerk: Any) -> None:
    """GET /catalog, POST /catalog/preview (multipart) and /catalog/publish."""
    store = context.store

    def upload_page(
        operator: Operator, status: int = 200, error: str = "", done: str = ""
    ) -> Response:
        return render(
            context,
            "catalog.html",
            operator,
            status=status,
            nav="catalog",
            stations=store.stations(),
            error=error,
            done=done,
        )

    @router.get("/catalog")
    def catalog(request: Request, operator: Operator = viewer) -> Response:
        query = request.query_params
        done = ""
        if query.get("rows", "").isdigit():
            done = (
                f"已发布 {query['rows']} 行：新增或修改 {query.get('upserts', '0')} 个商品，"
                f"改价 {query.get('prices', '0')} 个，其余未变。站点下次同步时收到。"
            )
        return upload_page(operator, done=done)

    @router.post("/catalog/preview")
    def preview(request: Request, operator: Operator = clerk) -> Response:
        form: dict[str, str] = request.state.form
        sent = request.state.files.get("catalog")
        try:
            station_id = scope_of(store, form.get("scope"))
        except Refused as refusal:
            return upload_page(operator, 400, refusal.message)
        if sent is None or not sent.data:
            return upload_page(operator, 400, "请选择要上传的商品目录（CSV 文件）。")
        source = sent.filename or "catalog.csv"
        try:
            rows = read_catalog_rows(sent.data, source)
        except CatalogRefused as refusal:
            return upload_page(operator, 400, str(refusal))
        comparison = compare_catalog(rows.products, store.published_catalog(station_id))
        token, refusal_text = "", ""
        try:
            products = rows.checked_products()
        except CatalogRefused as refusal:
            refusal_text = str(refusal)
        else:
            token = new_token()
            now_s = context.clock()
            store.catalog_previews.keep(
                _digest(token),
                operator.name,
                station_id or ALL,
                source,
                products,
                iso(now_s),
                iso(now_s - PREVIEW_KEEP_S),
            )
        return render(
            context,
            "catalog_preview.html",
            operator,
            status=200 if token else 400,
            nav="catalog",
            source=source,
            scope=station_id,
            scope_name=store.station(station_id).name if station_id else "全部站点",  # type: ignore[union-attr]
            rows=rows,
            comparison=comparison,
            shown=ROWS_SHOWN,
            token=token,
            refusal=refusal_text,
        )

    @router.post("/catalog/publish")
    def publish(request: Request, operator: Operator = clerk) -> Response:
        token = request.state.form.get("preview", "")
        now_s = context.clock()
        held = store.catalog_previews.claim(
            _digest(token), operator.name, iso(now_s - PREVIEW_KEEP_S)
        )
        if held is None:
            return upload_page(
                operator, 400, "这份预览已发布过或已超过一小时，请重新上传商品目录。"
            )
        station_id = None if held.scope == ALL else held.scope
        try:
            report = publish_products(
                store,
                held.products,
                iso(now_s),
                station_id,
                by=operator.name,
                source=held.file_name,
            )
        except StoreError as refusal:
            return upload_page(operator, 400, str(refusal))
        return redirect(
            f"/catalog?rows={report.rows}&upserts={report.upserts}&prices={report.price_changes}"
        )
