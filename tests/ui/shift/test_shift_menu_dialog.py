"""The shift menu (F11): every entry shown carries its digit from the key map, and each works."""

import pytest
from PySide6.QtCore import Qt

from station_app.ui.common.key_map import SHIFT_MENU_KEYS, ShiftAction
from tests.ui.conftest import focused, modal, press, sign_in, wait_for_dialog

OPENS = {
    ShiftAction.HAND_OVER: "countDialog",
    ShiftAction.CLOSE: "countDialog",
    ShiftAction.PAY_IN: "payInDialog",
    ShiftAction.PAY_OUT: "payOutDialog",
    ShiftAction.X_REPORT: "shiftReportDialog",
}


def open_menu(window, qtbot):
    sign_in(qtbot, window, "1234")
    press(qtbot, Qt.Key.Key_F11)
    return wait_for_dialog(qtbot, "shiftMenuDialog")


def test_the_menu_shows_every_entry_of_the_table_with_its_digit(window, qtbot):
    menu = open_menu(window, qtbot)
    shown = [menu.list_widget.item(row).text() for row in range(menu.list_widget.count())]
    assert shown == [f"{b.caption}  {b.translated_label()}" for b in SHIFT_MENU_KEYS]
    first, last = SHIFT_MENU_KEYS[0].caption, SHIFT_MENU_KEYS[-1].caption
    assert f"{first}–{last}" in menu.keys_label.text()
    assert "店员" in menu.heading_label.text()


@pytest.mark.parametrize("binding", SHIFT_MENU_KEYS, ids=lambda b: b.action.value)
def test_every_digit_shown_in_the_menu_opens_its_entry(window, qtbot, binding):
    open_menu(window, qtbot)
    press(qtbot, binding.key)
    if binding.action is ShiftAction.SIGN_OUT:
        qtbot.waitUntil(lambda: focused() is window.signin_view.pin_input)
        assert window.checkout is None
    else:
        wait_for_dialog(qtbot, OPENS[binding.action])


def test_enter_opens_the_highlighted_entry_and_esc_closes_the_menu(window, qtbot):
    open_menu(window, qtbot)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert wait_for_dialog(qtbot, "countDialog").pin_input is None  # the close, not hand-over
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: modal() is None and focused() is window.checkout_view.scan_input)


def test_a_digit_not_in_the_table_does_nothing(window, qtbot):
    menu = open_menu(window, qtbot)
    press(qtbot, Qt.Key.Key_9)
    assert modal() is menu
