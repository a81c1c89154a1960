"""Signing in opens the shift with its float (开班), or carries on the open one; stock notice."""

from PySide6.QtCore import Qt

from station_app.core.catalog import find_by_code
from station_app.core.shifts import close_shift, current_shift, open_shift
from station_app.core.stock import set_reorder_level
from tests.helpers import count
from tests.ui.conftest import (
    COLA_500ML,
    focused,
    modal,
    press,
    sign_in,
    type_enter,
    wait_for_dialog,
)


def test_signing_in_with_no_shift_asks_the_float_and_opens_the_shift(
    window, qtbot, demo_db, settings, clock
):
    type_enter(qtbot, "1234")
    dialog = wait_for_dialog(qtbot, "floatDialog")
    assert window.checkout is None  # nobody sells before the float is in
    assert focused() is dialog.input and dialog.input.text() == ""
    type_enter(qtbot, "")
    assert modal() is dialog and dialog.message_label.text()
    type_enter(qtbot, "150.5")
    qtbot.waitUntil(lambda: window.checkout_view is not None)
    shift = current_shift(demo_db, settings, clock)
    assert (shift.opened_by, shift.float_fen) == ("店员", 15_050)
    assert "¥150.50" in window.checkout_view.message_label.text()


def test_esc_at_the_float_goes_back_to_the_sign_in_screen(window, qtbot, demo_db):
    type_enter(qtbot, "1234")
    wait_for_dialog(qtbot, "floatDialog")
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: modal() is None and focused() is window.signin_view.pin_input)
    assert window.checkout is None
    assert window.stack.currentWidget() is window.signin_view
    assert count(demo_db, "shifts") == 0


def test_enter_carries_over_the_last_close_as_the_float(
    window, qtbot, demo_db, owner, settings, clock
):
    open_shift(demo_db, 10_000, owner, settings, clock)
    close_shift(demo_db, owner, settings, clock, counted_fen=10_000 + 245)  # small over, no note
    type_enter(qtbot, "1234")
    dialog = wait_for_dialog(qtbot, "floatDialog")
    assert dialog.input.text() == "102.45"
    assert "¥102.45" in dialog.hint_label.text()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.checkout_view is not None)
    assert current_shift(demo_db, settings, clock).float_fen == 10_245


def test_signing_in_on_someone_elses_open_shift_carries_it_on_and_says_whose(
    window, qtbot, demo_db, owner, settings, clock
):
    open_shift(demo_db, 30_000, owner, settings, clock)
    type_enter(qtbot, "1234")
    qtbot.waitUntil(lambda: window.checkout_view is not None)
    assert modal() is None
    assert "店主" in window.checkout_view.message_label.text()
    assert count(demo_db, "shifts") == 1


def test_the_sign_in_notice_says_when_goods_run_low(window, qtbot, demo_db, owner, clock):
    cola = find_by_code(demo_db, COLA_500ML, ()).product
    set_reorder_level(demo_db, cola.id, 50, owner, clock)  # 30 on the shelf
    sign_in(qtbot, window, "1234")
    # Counted on a worker thread: the checkout is usable before the notice is ready.
    qtbot.waitUntil(lambda: not window.shift_opening.stock_pending)
    text = window.checkout_view.message_label.text()
    assert "Low on stock: 1 product(s) (Alt+7 Stock)" in text


def test_no_stock_notice_when_nothing_is_low_or_expiring(window, qtbot):
    sign_in(qtbot, window, "1234")
    qtbot.waitUntil(lambda: not window.shift_opening.stock_pending)
    assert "Alt+7" not in window.checkout_view.message_label.text()
