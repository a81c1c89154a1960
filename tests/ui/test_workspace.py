"""Pages after sign-in: Alt+1 收银 … Alt+5 代销, shown on the page bar."""

import pytest
from PySide6.QtCore import Qt

from station_app.ui.common.key_map import PAGE_KEYS, Page
from tests.ui.conftest import (
    COLA_500ML,
    focused,
    press,
    press_alt,
    sign_in,
    type_enter,
    type_text,
    wait_for_dialog,
)

DIGITS = {
    Page.CHECKOUT: Qt.Key.Key_1,
    Page.AGENCY: Qt.Key.Key_2,
    Page.PICKUP: Qt.Key.Key_3,
    Page.VILLAGERS: Qt.Key.Key_4,
    Page.CONSIGNMENT: Qt.Key.Key_5,
    Page.PEOPLE: Qt.Key.Key_6,
    Page.STOCK: Qt.Key.Key_7,
    Page.REPORTS: Qt.Key.Key_8,
}


def _main_input(window, page):
    workspace = window.workspace
    return {
        Page.CHECKOUT: window.checkout_view.scan_input,
        Page.AGENCY: workspace.agency_page.main_input,
        Page.PICKUP: workspace.pickup_page.main_input,
        Page.VILLAGERS: workspace.villagers_page.main_input,
        Page.CONSIGNMENT: workspace.consignment_page.main_input,
        Page.PEOPLE: workspace.people_page.main_input,
        Page.STOCK: workspace.stock_page.main_input,
        Page.REPORTS: workspace.reports_page.main_input,
    }[page]


def test_the_checkout_is_shown_after_sign_in_with_the_page_bar(window, qtbot):
    sign_in(qtbot, window, "1234")
    assert window.workspace.current_page is Page.CHECKOUT
    tabs = window.workspace.page_tabs
    assert [tabs[b.page].text() for b in PAGE_KEYS] == [b.translated_label() for b in PAGE_KEYS]
    assert all(tab.isVisible() for tab in tabs.values())
    assert tabs[Page.CHECKOUT].property("current") is True


@pytest.mark.parametrize("page", list(Page), ids=lambda p: p.value)
def test_alt_and_a_digit_shows_the_page_with_the_cursor_in_its_main_input(window, qtbot, page):
    sign_in(qtbot, window, "8888" if page is Page.PEOPLE else "1234")  # people: the owner's
    press_alt(qtbot, Qt.Key.Key_3 if page is not Page.PICKUP else Qt.Key.Key_2)
    press_alt(qtbot, DIGITS[page])
    assert window.workspace.current_page is page
    assert _main_input(window, page).isVisible()
    qtbot.waitUntil(lambda: focused() is _main_input(window, page))
    assert window.workspace.page_tabs[page].property("current") is True


def test_a_cart_waits_while_the_keeper_looks_at_another_page(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, COLA_500ML)
    type_text(qtbot, "kk")
    press_alt(qtbot, Qt.Key.Key_4)
    press_alt(qtbot, Qt.Key.Key_1)
    assert len(window.checkout.cart.lines) == 1
    assert focused() is window.checkout_view.scan_input


def test_page_keys_do_nothing_before_sign_in(window, qtbot):
    press_alt(qtbot, Qt.Key.Key_2)
    assert window.workspace is None
    assert focused() is window.signin_view.pin_input


def test_signing_out_and_in_again_starts_on_the_checkout(window, qtbot):
    sign_in(qtbot, window, "1234")
    press_alt(qtbot, Qt.Key.Key_1)
    qtbot.keyClick(focused(), Qt.Key.Key_F11)
    wait_for_dialog(qtbot, "shiftMenuDialog")
    press(qtbot, Qt.Key.Key_1)  # sign out; the shift stays open
    qtbot.waitUntil(lambda: focused() is window.signin_view.pin_input)
    sign_in(qtbot, window, "8888")
    assert window.workspace.current_page is Page.CHECKOUT


def test_the_page_bar_reads_chinese(qapp, qtbot, demo_db, settings, clock):
    from PySide6.QtCore import QCoreApplication

    from station_app.ui.common.translation import install_translators
    from station_app.ui.main_window import MainWindow

    installed = install_translators(qapp, "zh_CN")
    try:
        main = MainWindow(demo_db, settings, clock)
        qtbot.addWidget(main)
        main.show()
        main.activateWindow()
        qtbot.waitActive(main)
        qtbot.waitUntil(lambda: focused() is main.signin_view.pin_input)
        sign_in(qtbot, main, "1234")
        assert [main.workspace.page_tabs[b.page].text() for b in PAGE_KEYS] == [
            "收银",
            "代购",
            "取件",
            "村民",
            "代销",
            "人员",
            "库存",
            "报表",
        ]
        press_alt(qtbot, Qt.Key.Key_3)
        assert main.workspace.pickup_page.caption_label.text() == "取货码 / 手机尾号 / 快递单号："
        main.close_checkout()
    finally:
        for translator in installed:
            QCoreApplication.removeTranslator(translator)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_page_bar_with_eight_pages_fits_1024_px_styled_and_cuts_no_name(
    qapp, qtbot, demo_db, settings, clock, language
):
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QLabel

    from station_app.ui.common.appearance import apply_appearance
    from station_app.ui.common.translation import install_translators
    from station_app.ui.main_window import MainWindow

    installed = install_translators(qapp, language)
    apply_appearance(qapp)  # the style sheet's 14 pt names are what must fit
    try:
        main = MainWindow(demo_db, settings, clock)
        qtbot.addWidget(main)
        main.resize(1366, 768)
        main.show()
        main.activateWindow()
        qtbot.waitActive(main)
        sign_in(qtbot, main, "1234")
        bar = main.workspace.findChild(type(main.workspace.page_tabs[Page.CHECKOUT].parent()))
        wide_level = bar.level
        main.resize(1024, 768)
        qtbot.waitUntil(lambda: main.width() == 1024 and bar.width() <= 1024)
        qapp.processEvents()
        assert len(PAGE_KEYS) == 8
        shown = [label for label in bar.findChildren(QLabel) if label.isVisible()]
        assert {main.workspace.page_tabs[b.page] for b in PAGE_KEYS} <= set(shown)
        cut = [lb.text() for lb in shown if lb.width() < lb.minimumSizeHint().width()]
        assert not cut
        assert all(lb.geometry().right() <= bar.contentsRect().right() for lb in shown)
        assert bar.level > wide_level  # it stepped down to fit
        main.resize(1366, 768)
        qtbot.waitUntil(lambda: bar.level == wide_level)
        main.close_checkout()
    finally:
        qapp.setStyleSheet("")
        for translator in installed:
            QCoreApplication.removeTranslator(translator)


def test_a_workspace_serves_the_one_sign_in_it_began(window, qtbot):
    from station_app.ui.main_window import checkout_parts

    sign_in(qtbot, window, "1234")
    with pytest.raises(RuntimeError, match="one sign-in"):
        window.workspace.serve(window.workspace.operator)
    view_class, _, workspace_class = checkout_parts()
    unbegun = workspace_class(
        view_class(), window._db, window._settings, window._clock, window.print_queue
    )
    with pytest.raises(RuntimeError, match="not begun"):
        unbegun.show_page(Page.PEOPLE)
    unbegun.deleteLater()
