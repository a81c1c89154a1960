"""The console's pages over HTTP: figures from stored events, sorting, paging, refusals."""

from __future__ import annotations

import re

from county_hub.upload import store_batch
from tests.county_hub.console.conftest import ConsoleHub
from tests.county_hub.signing import refund_event, sale_event
from village_protocol.upload_status import UploadStatus


def _rows(page: str) -> list[str]:
    return re.findall(r'<tr id="station-([^"]+)"', page)


def test_the_station_page_shows_each_days_sales_refunds_net_and_methods(console: ConsoleHub):
    sale = sale_event(
        1, 4200, [("cash", 1200), ("wechat", 3000)], created_at="2026-11-26T03:00:00.000Z"
    )
    store_batch(
        console.store,
        "HN-ZZ-0001",
        [sale, refund_event(2, sale, 1000, "wechat", created_at="2026-11-26T04:00:00.000Z")],
        "2026-11-26T05:00:00.000Z",
        UploadStatus("0.3.0", 7, "2026-11-25T20:00:00.000Z HubUnreachable: connect timed out"),
    )
    page = (
        console.browser("guest", "viewer")
        .get(f"{console.url}/stations/HN-ZZ-0001", timeout=10)
        .text
    )
    day = page.split('id="day-2026-11-26"', 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r'<td class="num[^"]*">([^<]*)', day)
    # count, sales, refunds, net, then cash, wechat, alipay, unionpay, account
    assert cells == [
        "1",
        "¥42.00",
        "¥10.00 ",
        "¥32.00",
        "¥12.00",
        "¥20.00",
        "¥0.00",
        "¥0.00",
        "¥0.00",
    ]
    assert "0.3.0" in page and "待传 7 条" in page and "connect timed out" in page


def test_the_stations_list_sorts_by_a_column_either_way_and_pages(console: ConsoleHub):
    store_batch(console.store, "HN-ZZ-0002", [sale_event(1, 100)], "2026-11-26T07:00:00.000Z")
    session = console.browser("guest", "viewer")
    by_today = session.get(f"{console.url}/stations?sort=-today", timeout=10).text
    assert _rows(by_today) == ["HN-ZZ-0002", "HN-ZZ-0001"]
    assert _rows(session.get(f"{console.url}/stations?sort=today", timeout=10).text) == [
        "HN-ZZ-0001",
        "HN-ZZ-0002",
    ]
    # An unknown sort key falls back to the id, never into the SQL.
    assert _rows(session.get(f"{console.url}/stations?sort=name;drop", timeout=10).text) == [
        "HN-ZZ-0001",
        "HN-ZZ-0002",
    ]
    for n in range(3, 53):
        console.store.add_station(f"HN-ZZ-{n:04d}", f"站{n}", "2026-11-01T00:00:00.000Z")
    first = session.get(f"{console.url}/stations", timeout=10).text
    second = session.get(f"{console.url}/stations?page=2", timeout=10).text
    assert (len(_rows(first)), _rows(second)) == (50, ["HN-ZZ-0051", "HN-ZZ-0052"])
    assert "第 2 / 2 页" in second


def test_the_dashboard_totals_today_and_the_month_and_flags_silent_stations(console: ConsoleHub):
    store_batch(
        console.store,
        "HN-ZZ-0001",
        [
            sale_event(1, 1000, created_at="2026-11-26T02:00:00.000Z"),
            sale_event(2, 2500, created_at="2026-11-03T02:00:00.000Z"),
            sale_event(3, 9900, created_at="2026-10-31T02:00:00.000Z"),
        ],
        "2026-11-26T07:00:00.000Z",
    )
    page = console.browser("guest", "viewer").get(f"{console.url}/", timeout=10).text
    assert re.search(r'id="total-today">¥10.00<', page)
    assert re.search(r'id="total-month">¥35.00<', page)
    assert re.search(r'id="silent-count">1<', page)  # HN-ZZ-0002 never synced
    assert page.count('class="bar"') == 30


def test_an_unknown_station_is_a_page_saying_so(console: ConsoleHub):
    answer = console.browser("guest", "viewer").get(f"{console.url}/stations/NOPE", timeout=10)
    assert answer.status_code == 404
    assert "没有编号为 NOPE 的站点" in answer.text
