"""The county's work pages in a real headless Chromium against a real hub server.

A real station (the demo database: simulated sales, a farmer's lot weighed in and
shipped) syncs through the real /v1 API with the station's own `run_sync`; the clerk
then settles the lot, announces parcels, publishes a catalog and posts a notice from
the pages, and the station's next real sync receives what the hub queued.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from county_hub.app import create_app
from county_hub.console.passwords import hash_password
from county_hub.console.times import county_today
from county_hub.storage import HubStore, open_store
from county_hub.upload import store_batch
from tests.county_hub.conftest import serving
from tests.county_hub.console.browser import (
    PASSWORD,
    chromium,
    shot,
    sign_in,
    skip_without_chromium,
    submit,
)
from tests.county_hub.signing import sale_event
from village_protocol.upload_status import StationDay, UploadStatus

pytestmark = pytest.mark.browser
skip_without_chromium()

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

STATION = "HN-ZZ-0001"
OTHER = "HN-ZZ-0002"
STAMP = "2026-11-01T00:00:00.000Z"


@dataclass
class Hub:
    url: str
    store: HubStore
    station_path: Path
    lot_code: str


def _sync(path: Path) -> Any:
    from station_app.sync.sync_job import run_sync

    return run_sync(path)


def _real_station(path: Path, url: str, secret: str) -> str:
    """The demo station with two simulated days and one lot shipped; returns the lot code."""
    from station_app.core.clock import Clock
    from station_app.core.consignment import intake_lot, ship_lots
    from station_app.core.demo import seed_demo_station
    from station_app.core.operators import sign_in as station_sign_in
    from station_app.core.settings import load_settings
    from station_app.core.simulation import simulate
    from station_app.core.villagers import add_villager
    from station_app.storage import open_database
    from station_app.sync.link import provision_link

    clock = Clock()
    db = open_database(path)
    seed_demo_station(db, clock)
    provision_link(
        db, station_id=STATION, hub_url=url, secret=secret, ca_bundle=None, at=clock.stamp()
    )
    simulate(db, days=2, seed=5)
    settings = load_settings(db)
    clerk = station_sign_in(db, "1234", clock)
    farmer = add_villager(db, "王大伯", "13800001111", clerk, clock)
    lot = intake_lot(
        db,
        farmer.id,
        "脐橙",
        "一级",
        3,
        0,
        31_500,
        500,
        clock.today(),
        10,
        600,
        800,
        clerk,
        settings,
        clock,
    )
    ship_lots(db, [lot.id], "县物流", clerk, settings, clock)
    db.close()
    return lot.lot_code


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    browser = chromium(tmp_path_factory.mktemp("downloads"))
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    folder = tmp_path_factory.mktemp("work")
    store = open_store(f"sqlite:///{folder / 'hub.db'}")
    secret = store.add_station(STATION, "张庄村服务站", STAMP)
    store.add_station(OTHER, "李庄村服务站", STAMP)
    for name, role in (("clerk1", "clerk"), ("guest", "viewer")):
        store.users.add(name, role, hash_password(PASSWORD), STAMP, "test")
    with serving(create_app(store)) as url:
        path = folder / "station" / "station.db"
        lot_code = _real_station(path, url, secret)
        outcome = _sync(path)
        assert outcome.rejected_total == 0
        yield Hub(url, store, path, lot_code)


def test_a_clerk_settles_a_shipped_lot_and_the_station_receives_it(driver: Any, hub: Hub):
    sign_in(driver, hub.url, "clerk1")
    driver.get(f"{hub.url}/lots")
    row = driver.find_element(By.ID, f"lot-{hub.lot_code}")
    assert "王大伯" in row.text and "脐橙" in row.text and "一级" in row.text
    assert "30.000 kg" in row.text  # 31.5 kg gross less 3 crates of 0.5 kg
    shot(driver, "lots")
    submit(driver, f"settle-{hub.lot_code}")
    # More than the lot holds: settle-lot's own refusal, nothing stored.
    for field, value in (("sold_kg", "31"), ("sale_yuan", "300"), ("commission_yuan", "20")):
        driver.find_element(By.ID, field).clear()
        driver.find_element(By.ID, field).send_keys(value)
    submit(driver, "settle")
    assert (
        "31,000 g sold is more than the 30,000 g left"
        in driver.find_element(By.ID, "form-error").text
    )
    assert hub.store.settlements(STATION, hub.lot_code) == []
    driver.find_element(By.ID, "sold_kg").clear()
    driver.find_element(By.ID, "sold_kg").send_keys("30")
    shot(driver, "settle")
    submit(driver, "settle")
    assert hub.lot_code in driver.find_element(By.ID, "done").text
    assert not driver.find_elements(By.ID, f"lot-{hub.lot_code}")
    [settlement] = hub.store.settlements(STATION, hub.lot_code)
    assert (settlement.sold_g, settlement.sale_fen, settlement.due_to_farmer_fen) == (
        30_000,
        30_000,
        28_000,
    )
    assert hub.store.audit.recent(1)[0].user_name == "clerk1"
    _sync(hub.station_path)
    from station_app.core.consignment import get_lot
    from station_app.storage import open_database

    db = open_database(hub.station_path)
    try:
        assert get_lot(db, hub.lot_code).status.value == "settled"
    finally:
        db.close()


def test_a_parcel_list_with_a_bad_line_stores_nothing_then_the_fixed_list_announces_all(
    driver: Any, hub: Hub, tmp_path: Path
):
    bad = tmp_path / "arrivals-bad.csv"
    bad.write_text(
        f"站点编号,运单号,快递公司,收件人,手机号\n{STATION},SF1234567890,顺丰,王芳,13800001234\n"
        f"{OTHER},12,中通,李强,13800005678\n",
        "utf-8",
    )
    sign_in(driver, hub.url, "clerk1")
    driver.get(f"{hub.url}/parcels")
    driver.find_element(By.ID, "arrivals").send_keys(str(bad))
    submit(driver, "upload")
    errors = driver.find_element(By.ID, "upload-errors").text
    assert "第 3 行" in errors and "tracking number '12' must be 8-30 letters or digits" in errors
    assert "第 2 行" not in errors
    assert hub.store.figures.recent_announcements() == []
    shot(driver, "parcels-refused")
    good = tmp_path / "arrivals.csv"
    good.write_text(bad.read_text("utf-8").replace(",12,", ",ZT7654321098,"), "utf-8")
    driver.find_element(By.ID, "arrivals").send_keys(str(good))
    submit(driver, "upload")
    assert "2 个包裹，2 个站点" in driver.find_element(By.ID, "done").text
    assert {p["tracking_no"] for p in hub.store.figures.recent_announcements()} == {
        "SF1234567890",
        "ZT7654321098",
    }
    shot(driver, "parcels")


def test_a_catalog_is_previewed_then_published_to_one_station(
    driver: Any, hub: Hub, tmp_path: Path
):
    csv_file = tmp_path / "catalog.csv"
    csv_file.write_text(
        "barcode,name,unit,price,category,weighed,plu\n"
        "6901234567892,康师傅红烧牛肉面,袋,4.50,方便食品,0,\n"
        '6909999000011,=HYPERLINK("x"),瓶,2,饮料,0,\n',
        "utf-8",
    )
    sign_in(driver, hub.url, "clerk1")
    driver.get(f"{hub.url}/catalog")
    driver.find_element(By.ID, "catalog").send_keys(str(csv_file))
    Select(driver.find_element(By.ID, "scope")).select_by_value(STATION)
    submit(driver, "preview")
    assert driver.find_element(By.ID, "count-new").text == "2"
    assert driver.find_element(By.ID, "count-refused").text == "0"
    assert "张庄村服务站" in driver.find_element(By.ID, "publish").text
    assert hub.store.published_catalog(STATION) == {}  # a preview queues nothing
    shot(driver, "catalog-preview")
    submit(driver, "publish")
    assert "已发布 2 行" in driver.find_element(By.ID, "done").text
    assert len(hub.store.published_catalog(STATION)) == 2
    # The same file again: every row unchanged; with a new price, one price change.
    csv_file.write_text(csv_file.read_text("utf-8").replace("4.50", "4.80"), "utf-8")
    driver.find_element(By.ID, "catalog").send_keys(str(csv_file))
    Select(driver.find_element(By.ID, "scope")).select_by_value(STATION)
    submit(driver, "preview")
    assert (
        driver.find_element(By.ID, "count-prices").text,
        driver.find_element(By.ID, "count-unchanged").text,
    ) == ("1", "1")
    assert "¥4.50" in driver.find_element(By.ID, "price-rows").text
    shot(driver, "catalog-price-change")


def test_a_notice_posted_to_one_station_reaches_it_by_its_next_sync(driver: Any, hub: Hub):
    sign_in(driver, hub.url, "clerk1")
    driver.get(f"{hub.url}/notices")
    Select(driver.find_element(By.ID, "scope")).select_by_value(STATION)
    driver.find_element(By.ID, "title").send_keys("明天上午停电")
    driver.find_element(By.ID, "body").send_keys(
        "供电所检修线路，上午 8 点到 12 点停电，请提前给收银电脑充好电。"
    )
    submit(driver, "post-notice")
    assert driver.find_element(By.ID, "done").is_displayed()
    assert "明天上午停电" in driver.find_element(By.ID, "recent").text
    shot(driver, "notices")
    _sync(hub.station_path)
    from station_app.core.hub_notices import recent_notices
    from station_app.storage import open_database

    db = open_database(hub.station_path)
    try:
        assert [n.title for n in recent_notices(db)][:1] == ["明天上午停电"]
    finally:
        db.close()


def test_reconciliation_matches_the_real_station_and_highlights_a_mismatch(driver: Any, hub: Hub):
    # The simulation's last day: yesterday in the county (and at the station, UTC+8).
    yesterday = (county_today(time.time()) - timedelta(days=1)).isoformat()
    # The other station says it rang up two sales that day; the hub got one.
    sale = sale_event(1, 5000, [("cash", 5000)], created_at=f"{yesterday}T02:00:00.000Z")
    store_batch(
        hub.store,
        OTHER,
        [sale],
        f"{yesterday}T03:00:00.000Z",
        UploadStatus("0.1.0", 0, None, (StationDay(yesterday, 2, 8000),)),
    )
    sign_in(driver, hub.url, "guest")
    driver.get(f"{hub.url}/reconciliation")
    ok = driver.find_element(By.ID, f"rec-{STATION}-{yesterday}")
    assert "一致" in ok.text and "mismatch" not in (ok.get_attribute("class") or "")
    bad = driver.find_element(By.ID, f"rec-{OTHER}-{yesterday}")
    assert "mismatch" in bad.get_attribute("class")
    assert "不一致" in bad.text and "¥30.00" in bad.text  # 80 − 50 yuan
    assert driver.find_element(By.ID, "mismatch-count").text == "1"
    shot(driver, "reconciliation")
    driver.find_element(By.ID, "only").click()
    submit(driver, "filter")
    ids = [
        r.get_attribute("id")
        for r in driver.find_elements(By.CSS_SELECTOR, "#reconciliation tbody tr")
    ]
    assert ids == [f"rec-{OTHER}-{yesterday}"]


def test_the_reconciliation_exports_to_xlsx_with_yuan_as_numbers(driver: Any, hub: Hub):
    import requests

    # The download with the browser's own session cookie, read by openpyxl.
    sign_in(driver, hub.url, "guest")
    session = requests.Session()
    for cookie in driver.get_cookies():
        session.cookies.set(cookie["name"], cookie["value"])
    answer = session.get(f"{hub.url}/export/reconciliation.xlsx?only=mismatch", timeout=10)
    assert answer.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header[0] == "日期" and header[5] == "县里净额（元）"
    assert rows[0][1:] == (OTHER, "李庄村服务站", 1, 2, 50, 80, "不一致")
    assert sheet.freeze_panes == "A2" and sheet["F2"].number_format == "0.00"
