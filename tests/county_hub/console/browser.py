"""Driving the console in Debian's headless Chromium (Selenium): the browser and its steps.

Each browser test module makes its own browser with `chromium()` from a module fixture,
so a module's tests share one window and modules never share state.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
SHOTS = Path("/work/shots/console")
PASSWORD = "correct-horse-9"


def skip_without_chromium() -> None:
    """Skip the calling test module when this machine has no Chromium and chromedriver."""
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip(
            "no chromium/chromedriver: apt-get install chromium chromium-driver (.ci/run does)",
            allow_module_level=True,
        )


def chromium(download_dir: Path | None = None) -> Any:
    """A headless Chromium at 1366×768 in Chinese; downloads land in `download_dir`."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--window-size=1366,768",
        "--disable-dev-shm-usage",
        "--lang=zh-CN",
    ):
        options.add_argument(flag)
    if download_dir is not None:
        options.add_experimental_option(
            "prefs",
            {
                "download.default_directory": str(download_dir),
                "download.prompt_for_download": False,
            },
        )
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    browser.set_page_load_timeout(20)
    # The viewport itself 1366×768 (the window size includes no browser chrome headless,
    # but set it once here: changing it before each screenshot re-lays the page out
    # under the next command, which then finds its element gone).
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": False},
    )
    return browser


def sign_in(driver: Any, url: str, name: str, password: str = PASSWORD) -> None:
    """Sign in through the real /login form, from a browser with no cookies."""
    from selenium.webdriver.common.by import By

    driver.delete_all_cookies()
    driver.get(f"{url}/login")
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(password)
    submit(driver, "sign-in")


def submit(driver: Any, button_id: str) -> None:
    """Click a form's button and wait until the next page replaced this one."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    # Chromium now and then renumbers the DOM between finding the button and clicking
    # it ("Node with given id does not belong to the document"): find it again and
    # retry; the form was not sent, so a second click cannot submit it twice.
    for attempt in range(3):
        button = driver.find_element(By.ID, button_id)
        try:
            button.click()
            break
        except StaleElementReferenceException:
            if attempt == 2:
                raise
        except WebDriverException as error:
            if "does not belong to the document" not in str(error) or attempt == 2:
                raise
    wait = WebDriverWait(driver, 10)
    wait.until(lambda _driver: _left_the_page(button))
    # The old page is gone once the button is stale, but the next one may still be
    # loading; an element found in it then can vanish under the next command.
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


def _left_the_page(element: Any) -> bool:
    """True once `element` is no longer in the page (its page was replaced).

    Chromium answers a check on a node of a page being replaced either as stale or, in the
    middle of the swap, with the same inspector error as a click (above): both mean gone.
    """
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise
    return False


def shot(driver: Any, name: str) -> None:
    """Save the page as the county office's 1366×768 screen shows it."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))
