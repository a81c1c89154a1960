"""The county console in a real headless Chromium (Selenium) against a real hub server.

One browser for the module; the hub is uvicorn on a free loopback port over a SQLite
file; the figures come from a real station database synced through the real /v1 API
by the station's own `run_sync` (signed, gzip, with its status).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from county_hub.app import create_app
from county_hub.console.passwords import hash_password
from county_hub.storage import HubStore, open_store
from tests.county_hub.conftest import serving
from tests.county_hub.console.browser import PASSWORD, chromium, skip_without_chromium
from tests.county_hub.console.browser import shot as _shot
from tests.county_hub.console.browser import sign_in as _sign_in
from tests.county_hub.console.browser import submit as _submit
from tests.county_hub.signing import sale_event

pytestmark = pytest.mark.browser

STATION = "HN-ZZ-0001"

skip_without_chromium()

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.wait import WebDriverWait  # noqa: E402


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    browser = chromium()
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, HubStore, str]]:
    folder = tmp_path_factory.mktemp("console")
    store = open_store(f"sqlite:///{folder / 'hub.db'}")
    secret = store.add_station(STATION, "张庄村服务站", _now_iso())
    store.add_station("HN-ZZ-0002", "李庄村服务站", _now_iso())
    for name, role in (("admin1", "admin"), ("clerk1", "clerk"), ("guest", "viewer")):
        store.users.add(name, role, hash_password(PASSWORD), _now_iso(), "test")
    with serving(create_app(store)) as url:
        _sync_a_real_station(folder / "station" / "station.db", url, secret)
        yield url, store, secret


def _sync_a_real_station(path: Path, url: str, secret: str) -> None:
    """Three sales queued in a real station database, delivered by the station's sync."""
    from station_app.core.clock import Clock
    from station_app.core.outbox import NewEvent, enqueue_event
    from station_app.storage import open_database
    from station_app.sync.link import provision_link
    from station_app.sync.sync_job import run_sync

    db = open_database(path)
    provision_link(
        db, station_id=STATION, hub_url=url, secret=secret, ca_bundle=None, at=Clock().stamp()
    )
    with db.atomic():
        for seq, (total, method) in enumerate(((1250, "cash"), (3000, "wechat"), (820, "cash")), 1):
            sale = sale_event(seq, total, [(method, total)], created_at=_now_iso())
            enqueue_event(db, NewEvent("sale.completed", sale["payload"]), Clock().stamp())
    db.close()
    outcome = run_sync(path)
    assert (outcome.accepted, outcome.rejected_total) == (3, 0)


def test_signed_out_pages_lead_to_login_then_back(driver: Any, hub: tuple[str, HubStore, str]):
    url, _, _ = hub
    driver.delete_all_cookies()
    driver.get(f"{url}/stations")
    assert driver.current_url == f"{url}/login?next=/stations"
    _shot(driver, "login")
    driver.find_element(By.ID, "name").send_keys("guest")
    driver.find_element(By.ID, "password").send_keys("not-the-password")
    _submit(driver, "sign-in")
    assert "用户名或密码不对" in driver.find_element(By.ID, "login-error").text
    assert driver.find_element(By.ID, "name").get_attribute("value") == "guest"
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    _submit(driver, "sign-in")
    assert driver.current_url == f"{url}/stations"


def test_five_wrong_passwords_lock_the_account_and_say_for_how_long(
    driver: Any, hub: tuple[str, HubStore, str]
):
    url, store, _ = hub
    store.users.add("locked1", "viewer", hash_password(PASSWORD), _now_iso(), "test")
    for _ in range(5):
        _sign_in(driver, url, "locked1", "wrong-password")
    assert "请 15 分钟后再试" in driver.find_element(By.ID, "login-error").text
    _sign_in(driver, url, "locked1")
    assert "账户已锁定" in driver.find_element(By.ID, "login-error").text


def test_dashboard_and_stations_show_what_the_station_synced(
    driver: Any, hub: tuple[str, HubStore, str]
):
    url, _, _ = hub
    _sign_in(driver, url, "clerk1")
    assert driver.current_url == f"{url}/"
    assert driver.find_element(By.ID, "total-today").text == "¥50.70"
    assert "张庄村服务站" in driver.find_element(By.ID, "station-sales").text
    bars = driver.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar")
    assert len(bars) == 30 and float(bars[-1].get_attribute("height")) > 0
    # The other station never synced: it is listed as silent.
    assert "李庄村服务站" in driver.find_element(By.ID, "silent-stations").text
    _shot(driver, "dashboard")
    driver.get(f"{url}/stations")
    row = driver.find_element(By.ID, f"station-{STATION}")
    from station_app import __version__

    assert __version__ in row.text
    assert row.find_element(By.CSS_SELECTOR, ".events-today").text == "3"
    assert "超一天未同步" not in row.text
    assert "超一天未同步" in driver.find_element(By.ID, "station-HN-ZZ-0002").text
    _shot(driver, "stations")


def test_the_stations_list_sorts_by_the_column_clicked(driver: Any, hub: tuple[str, HubStore, str]):
    url, _, _ = hub
    _sign_in(driver, url, "guest")
    driver.get(f"{url}/stations")
    _submit(driver, "sort-id")  # already by id: now descending
    ids = [
        r.get_attribute("id") for r in driver.find_elements(By.CSS_SELECTOR, "#stations tbody tr")
    ]
    assert ids[:2] == ["station-HN-ZZ-0002", f"station-{STATION}"]
    _submit(driver, "sort-today")
    ids = [
        r.get_attribute("id") for r in driver.find_elements(By.CSS_SELECTOR, "#stations tbody tr")
    ]
    assert ids[:2] == ["station-HN-ZZ-0002", f"station-{STATION}"]  # 0 events, then 3
    assert driver.current_url.endswith("?sort=today")


def test_a_viewer_sees_no_admin_actions_and_a_forged_post_is_refused(
    driver: Any, hub: tuple[str, HubStore, str]
):
    url, store, _ = hub
    _sign_in(driver, url, "guest")
    driver.get(f"{url}/stations/{STATION}")
    assert "张庄村服务站" in driver.find_element(By.TAG_NAME, "h1").text
    assert not driver.find_elements(By.ID, "admin-actions")
    # The viewer's own session and CSRF token, a form the page never offered.
    token = driver.find_element(By.NAME, "csrf_token").get_attribute("value")
    driver.execute_script(
        "const f = document.createElement('form'); f.method = 'post';"
        "f.action = arguments[0]; const t = document.createElement('input'); t.name = 'csrf_token';"
        "t.value = arguments[1]; f.appendChild(t); document.body.appendChild(f); f.submit();",
        f"/stations/{STATION}/secret",
        token,
    )
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "refused-title"))
    assert driver.find_element(By.ID, "refused-title").text == "没有权限"
    assert store.station(STATION).active  # type: ignore[union-attr]


def test_a_form_without_the_csrf_token_is_refused_with_a_clear_page(
    driver: Any, hub: tuple[str, HubStore, str]
):
    url, _, _ = hub
    _sign_in(driver, url, "admin1")
    driver.get(f"{url}/stations/HN-ZZ-0002")
    driver.execute_script("document.querySelector('#toggle-active').form.csrf_token.value = 'x';")
    _submit(driver, "toggle-active")
    assert "安全校验" in driver.find_element(By.ID, "refused-title").text
    assert "刷新后重新操作" in driver.find_element(By.ID, "refused-message").text


def test_rotating_the_secret_shows_a_code_and_the_old_secret_stops_working(
    driver: Any, hub: tuple[str, HubStore, str]
):
    url, store, old_secret = hub
    from tests.county_hub.signing import StationDouble

    station = StationDouble(url, STATION, old_secret)
    assert station.changes().status_code == 200
    _sign_in(driver, url, "admin1")
    driver.get(f"{url}/stations/{STATION}")
    _shot(driver, "station")
    _submit(driver, "rotate-secret")
    code = driver.find_element(By.ID, "code").get_attribute("value")
    from village_protocol.provisioning import read_provisioning_code

    provisioned = read_provisioning_code(code)
    assert (provisioned.station_id, provisioned.hub_url) == (STATION, url)
    assert driver.find_elements(By.CSS_SELECTOR, ".qr svg")
    _shot(driver, "provisioning")
    assert station.changes().status_code == 401
    assert StationDouble(url, STATION, provisioned.secret).changes().status_code == 200
    assert store.audit.recent(1)[0].action == "station.secret_rotated"
    station.close()


def test_an_admin_disables_and_enables_a_station(driver: Any, hub: tuple[str, HubStore, str]):
    url, store, _ = hub
    _sign_in(driver, url, "admin1")
    driver.get(f"{url}/stations/HN-ZZ-0002")
    _submit(driver, "toggle-active")
    assert driver.find_element(By.ID, "station-state").text == "已停用"
    assert not store.station("HN-ZZ-0002").active  # type: ignore[union-attr]
    assert store.secret_of("HN-ZZ-0002") is None  # its requests are refused now
    _submit(driver, "toggle-active")
    assert driver.find_element(By.ID, "station-state").text == "启用"
    actions = [e.action for e in store.audit.recent(2)]
    assert actions == ["station.enabled", "station.disabled"]


def test_logging_out_returns_to_login(driver: Any, hub: tuple[str, HubStore, str]):
    url, _, _ = hub
    _sign_in(driver, url, "guest")
    _submit(driver, "logout")
    assert driver.current_url == f"{url}/login"
    driver.get(f"{url}/")
    assert driver.current_url == f"{url}/login"
    assert requests.get(f"{url}/static/console.css", timeout=5).status_code == 200
