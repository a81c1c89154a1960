"""Consignment (/lots): lots shipped to the hub and not settled yet; settling one from a form.

The form's figures (kg, yuan) become grams and fen here; everything else is
`consignment.settle_lot`'s, the rules and messages of `settle-lot`.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from county_hub.consignment import SettlementRefused, known_lot, settle_lot
from county_hub.console.access import Operator
from county_hub.console.times import county_today, iso
from county_hub.console.web import ConsoleContext, Refused, redirect, render
from county_hub.console.work_pages import PAGE_SIZE, grams_of_kg, page_number, scope_of
from county_hub.protocol import parse_time
from county_hub.storage import StoreError
from village_protocol.changes import SETTLEMENT_OUTCOMES
from village_protocol.money import NotYuan, yuan_to_fen

OUTCOME_NAMES = {"sold": "全部售出（结清）", "partial": "部分售出", "rejected": "拒收"}
STATE_NAMES = {"shipped": "已发往县里", "partially_settled": "部分结算"}
_AMOUNTS = (
    ("sale_yuan", "销售额"),
    ("hub_fees_yuan", "县里费用"),
    ("commission_yuan", "佣金"),
)


def _age_days(moment_iso: str | None, now_s: float) -> int | None:
    moment = parse_time(moment_iso) if moment_iso else None
    return None if moment is None else max(0, math.floor((now_s - moment.timestamp()) / 86400))


def _figures(form: dict[str, str]) -> tuple[int, dict[str, int]]:
    """Grams sold and the amounts in fen from the form, or a Chinese reason why not."""
    try:
        sold_g = grams_of_kg(form.get("sold_kg", ""))
    except ValueError:
        raise ValueError("售出重量请填公斤数，最多三位小数，例如 12.5。") from None
    amounts: dict[str, int] = {}
    for field, label in _AMOUNTS:
        try:
            amounts[field] = yuan_to_fen(form.get(field, "").strip() or "0")
        except NotYuan:
            raise ValueError(f"{label}请填元，最多两位小数，例如 125.50。") from None
    return sold_g, amounts


def add_routes(router: APIRouter, context: ConsoleContext, viewer: Any, clerk: Any) -> None:
    """GET /lots, GET and POST /lots/settle."""
    store = context.store

    @router.get("/lots")
    def lots(request: Request, operator: Operator = viewer) -> Response:
        query = request.query_params
        station_id = scope_of(store, query.get("station"))
        page = page_number(query.get("page"))
        rows, total = store.open_lots.page(PAGE_SIZE, (page - 1) * PAGE_SIZE, station_id)
        now_s = context.clock()
        return render(
            context,
            "lots.html",
            operator,
            nav="lots",
            rows=[(lot, _age_days(lot.received_at, now_s)) for lot in rows],
            total=total,
            page=page,
            pages=max(1, math.ceil(total / PAGE_SIZE)),
            station=station_id or "",
            stations=store.stations(),
            states=STATE_NAMES,
            settled=query.get("settled", ""),
            today=county_today(now_s).isoformat(),
        )

    def settle_form(
        operator: Operator,
        station_id: str,
        lot_code: str,
        form: dict[str, str] | None = None,
        error: str = "",
        status: int = 200,
    ) -> Response:
        station = store.station(station_id)
        try:
            lot = known_lot(store, station_id, lot_code) if station else None
        except SettlementRefused:
            lot = None
        if station is None or lot is None:
            raise Refused(
                404, "没有这个批次", f"站点 {station_id} 没有批次号为 {lot_code} 的代销批次。"
            )
        return render(
            context,
            "settle.html",
            operator,
            status=status,
            nav="lots",
            station=station,
            lot=lot,
            history=store.settlements(station_id, lot.lot_code),
            outcomes=[(o, OUTCOME_NAMES.get(o, o)) for o in SETTLEMENT_OUTCOMES],
            form=form or {"outcome": "sold", "sold_kg": f"{max(lot.left_g, 0) / 1000:g}"},
            error=error,
        )

    @router.get("/lots/settle")
    def settle_page(request: Request, operator: Operator = viewer) -> Response:
        query = request.query_params
        return settle_form(operator, query.get("station", ""), query.get("lot", ""))

    @router.post("/lots/settle")
    def settle(request: Request, operator: Operator = clerk) -> Response:
        form: dict[str, str] = request.state.form
        station_id, lot_code = form.get("station", ""), form.get("lot", "").strip()
        try:
            sold_g, amounts = _figures(form)
            settlement, _ = settle_lot(
                store,
                station_id,
                lot_code,
                form.get("outcome", ""),
                sold_g,
                amounts["sale_yuan"],
                iso(context.clock()),
                hub_fees_fen=amounts["hub_fees_yuan"],
                commission_fen=amounts["commission_yuan"],
                reason=form.get("reason", ""),
                by=operator.name,
            )
        except (ValueError, SettlementRefused, StoreError) as refusal:
            # SettlementRefused and StoreError speak settle-lot's words; the form's own
            # parsing, Chinese.
            return settle_form(operator, station_id, lot_code, form, str(refusal), 400)
        return redirect(f"/lots?settled={settlement.lot_code}")
