"""The key legend is the truth: every key it shows works on its page, every key that works is shown.

What the keeper sees on a page is the page bar (keys that work on every page) and the
page's own legend. Texts that name keys name ones that work where they are shown.
"""

import re
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QTableView
from pytestqt.exceptions import TimeoutError

from station_app.core.consignment import intake_lot
from station_app.core.parcels import register_arrival
from station_app.core.settings import save_settings
from station_app.core.villagers import find_villagers
from station_app.printing.print_jobs import JobKind, deliver_job, enqueue_job
from station_app.printing.receipt_layout import Layout, Text
from station_app.ui.common.key_map import Page
from tests.printing.fake_printer import dead_port
from tests.ui.conftest import (
    COLA_500ML,
    SPRITE_500ML,
    focused,
    modal,
    press_alt,
    sign_in,
    type_enter,
    type_text,
)

DIGITS = {
    Page.CHECKOUT: Qt.Key.Key_1,
    Page.AGENCY: Qt.Key.Key_2,
    Page.PICKUP: Qt.Key.Key_3,
    Page.VILLAGERS: Qt.Key.Key_4,
    Page.CONSIGNMENT: Qt.Key.Key_5,
    Page.STOCK: Qt.Key.Key_7,
}
# The agency page is left to its own tests: its board needs orders placed on a platform.
PAGES = (Page.CHECKOUT, Page.PICKUP, Page.VILLAGERS, Page.CONSIGNMENT, Page.STOCK)
ARROWS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
NO_MODIFIER = Qt.KeyboardModifier.NoModifier
CANDIDATES = (
    *((getattr(Qt.Key, f"Key_F{n}"), NO_MODIFIER) for n in range(1, 13)),
    *(
        (key, NO_MODIFIER)
        for key in (
            Qt.Key.Key_Escape,
            Qt.Key.Key_Delete,
            Qt.Key.Key_Insert,
            Qt.Key.Key_Home,
            Qt.Key.Key_End,
            *ARROWS,
        )
    ),
    (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier),
    *((getattr(Qt.Key, f"Key_{n}"), Qt.KeyboardModifier.AltModifier) for n in range(1, 6)),
)


def presses(caption):
    """The key presses a legend caption stands for (↑↓ stands for the arrows and PgUp/PgDn)."""
    if caption == "↑↓":
        return [(key, NO_MODIFIER) for key in ARROWS]
    named = {"Enter": Qt.Key.Key_Return, "Esc": Qt.Key.Key_Escape, "Del": Qt.Key.Key_Delete}
    if caption in named:
        return [(named[caption], NO_MODIFIER)]
    modifier, _, key = caption.rpartition("+")
    modifiers = {
        "": NO_MODIFIER,
        "Ctrl": Qt.KeyboardModifier.ControlModifier,
        "Alt": Qt.KeyboardModifier.AltModifier,
    }
    return [(getattr(Qt.Key, f"Key_{key}"), modifiers[modifier])]


def page_widget(window, page):
    workspace = window.workspace
    return {
        Page.CHECKOUT: window.checkout_view,
        Page.PICKUP: workspace.pickup_page,
        Page.VILLAGERS: workspace.villagers_page,
        Page.CONSIGNMENT: workspace.consignment_page,
        Page.STOCK: workspace.stock_page,
    }[page]


def legend(window, page):
    """Every keycap the keeper sees on `page`: the page bar's and the page's legend's."""
    bar = window.workspace.findChild(QFrame, "pageBar")
    own = page_widget(window, page).findChild(QFrame, "keyLegend")
    return [cap.text() for frame in (bar, own) for cap in frame.findChildren(QLabel, "keyCap")]


def seen(window):
    """What the keeper sees: the screen, the dialog in front, the page's texts and lists."""
    dialog = modal()
    screen = window.stack.currentWidget()
    workspace = window.workspace
    page = workspace.stack.currentWidget() if workspace is not None else screen
    texts = tuple(label.text() for label in page.findChildren(QLabel) if label.isVisible())
    lists = tuple(
        (table.objectName(), table.selectionModel().currentIndex().row(), table.model().rowCount())
        for table in page.findChildren(QTableView)
        if table.isVisible()
    )
    widget = focused()
    return (
        screen,
        workspace.current_page if workspace else None,
        dialog.objectName() if dialog else None,
        window.sync_page is not None,
        texts,
        lists,
        widget.text() if hasattr(widget, "text") else None,
    )


@pytest.fixture
def stocked(demo_db, clerk, settings, clock):
    """Rows on every page, so the arrows have somewhere to go."""
    for tracking, phone in (("JT1234567890123", "13900001234"), ("JT1234567890456", "")):
        register_arrival(demo_db, tracking, clock, operator=clerk, recipient_phone=phone)
    farmer = find_villagers(demo_db, "1592")[0]
    for grade in ("一级", "二级"):
        intake_lot(
            demo_db,
            farmer.id,
            "脐橙",
            grade,
            1,
            0,
            10_000,
            500,
            clock.today() - timedelta(days=1),
            10,
            600,
            800,
            clerk,
            settings,
            clock,
        )
    return demo_db


def open_page(window, qtbot, page):
    sign_in(qtbot, window, "1234")
    if page is Page.CHECKOUT:
        type_enter(qtbot, COLA_500ML)
        type_enter(qtbot, SPRITE_500ML)  # two lines: ↑↓ and Del have work to do
    else:
        press_alt(qtbot, DIGITS[page])
        qtbot.waitUntil(lambda: focused() is page_widget(window, page).main_input)


def close_dialogs(qtbot):
    while modal() is not None:
        qtbot.keyClick(focused() or modal(), Qt.Key.Key_Escape)
        QApplication.processEvents()


def _legend_cases():
    return [pytest.param(page, id=page.value) for page in PAGES]


def restock(window, qtbot, page):
    """Back to the page as open_page left it, after a key changed it."""
    close_dialogs(qtbot)
    if window.workspace is None:  # F11 signed out
        open_page(window, qtbot, page)
        return
    if window.workspace.current_page is not page:
        press_alt(qtbot, DIGITS[page])
    focused().clear()
    if page is Page.CHECKOUT and len(window.checkout.cart.lines) < 2:
        type_enter(qtbot, COLA_500ML)
        type_enter(qtbot, SPRITE_500ML)


@pytest.mark.parametrize("page", _legend_cases())
def test_every_key_shown_in_the_legend_does_something_on_its_page(window, qtbot, stocked, page):
    open_page(window, qtbot, page)
    captions = legend(window, page)
    assert "Ctrl+S" in captions and "Alt+1" in captions
    for caption in captions:
        if caption == f"Alt+{DIGITS[page].name[-1]}":
            continue  # the page it is on: shown as current on the bar
        worked = False
        for key, modifier in presses(caption)[:2]:  # ↑ or ↓ (the highlight may be at an end)
            if key == Qt.Key.Key_Escape:
                type_text(qtbot, "12")  # something for Esc to clear
            before = seen(window)
            qtbot.keyClick(focused(), key, modifier)
            try:
                qtbot.waitUntil(lambda before=before: seen(window) != before, timeout=1000)
                worked = True
            except TimeoutError:
                pass
            restock(window, qtbot, page)
        assert worked, f"{caption} did nothing on the {page.value} page"


@pytest.mark.parametrize("page", _legend_cases())
def test_a_key_not_shown_in_the_legend_changes_nothing(window, qtbot, stocked, page):
    open_page(window, qtbot, page)
    shown = {press for caption in legend(window, page) for press in presses(caption)}
    before = seen(window)
    for key, modifier in CANDIDATES:
        if (key, modifier) in shown:
            continue
        qtbot.keyClick(focused(), key, modifier)
        QApplication.processEvents()
        assert seen(window) == before, (key, modifier)


def _failed_receipt(db, path, clock):
    """A receipt whose printing failed: the printer was off."""
    save_settings(
        db,
        printer_kind="network",
        printer_host="127.0.0.1",
        printer_port=dead_port(),
        printer_timeout_ms=300,
    )
    job_id = enqueue_job(
        db, JobKind.SALE, "20260101-T1-00001", Layout((Text("小票"),), 32), clock.stamp()
    )
    assert not deliver_job(path, job_id, clock).printed


@pytest.mark.parametrize("page", _legend_cases())
def test_the_printer_line_names_the_keys_that_lead_to_the_printing_menu_from_the_page(
    window, qtbot, demo_db, demo_db_path, clock, page
):
    _failed_receipt(demo_db, demo_db_path, clock)
    window.print_queue.idle_status()
    open_page(window, qtbot, page)
    text = window.printer_label.text()
    keys = re.findall(r"Alt\+\d|Ctrl\+\w|F\d{1,2}", text)
    assert keys, text
    for caption in keys:
        for key, modifier in presses(caption):
            qtbot.keyClick(focused(), key, modifier)
    assert modal() is not None and modal().objectName() == "printMenuDialog", text
    close_dialogs(qtbot)
