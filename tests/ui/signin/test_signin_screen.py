from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLineEdit

from station_app.core.clock import Clock, SteppingClock
from station_app.core.operators import Role
from station_app.ui.main_window import MainWindow
from tests.ui.conftest import (
    focused,
    pass_the_float,
    press,
    sign_in,
    type_enter,
    wait_for_dialog,
)


def test_pin_field_has_the_focus_and_hides_the_digits(window):
    pin = window.signin_view.pin_input
    assert focused() is pin
    assert pin.echoMode() == QLineEdit.EchoMode.Password
    assert pin.maxLength() == 8


def test_pin_field_takes_digits_only(window, qtbot):
    qtbot.keyClicks(window.signin_view.pin_input, "12ab34")
    assert window.signin_view.pin_input.text() == "1234"


def test_clerk_signs_in_with_pin_and_enter(window, qtbot):
    sign_in(qtbot, window, "1234")
    assert window.checkout.operator.role is Role.CLERK
    assert window.checkout_view.isVisible()  # the checkout is the page shown after sign-in
    assert "店员" in window.operator_label.text()


def test_wrong_pin_shows_the_message_and_clears_the_field(window, qtbot, demo_db):
    type_enter(qtbot, "9999")
    view = window.signin_view
    assert view.message_label.text() == "密码不正确，请重新输入"
    assert view.pin_input.text() == ""
    assert focused() is view.pin_input
    assert window.checkout is None
    failed = demo_db.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'operator.sign_in_failed'"
    ).fetchone()[0]
    assert failed == 1


def test_sign_out_returns_to_the_sign_in_screen(window, qtbot):
    sign_in(qtbot, window, "8888")
    qtbot.keyClick(window.checkout_view.scan_input, Qt.Key.Key_F11)
    wait_for_dialog(qtbot, "shiftMenuDialog")
    press(qtbot, Qt.Key.Key_1)  # sign out: the shift stays open
    qtbot.waitUntil(lambda: focused() is window.signin_view.pin_input)
    assert window.checkout is None
    assert window.stack.currentWidget() is window.signin_view


# -- lockout after wrong PINs -----------------------------------------------------------------
@pytest.fixture
def time_source():
    return SteppingClock(datetime(2026, 12, 2, 8, 0, tzinfo=UTC))


def _window(demo_db, settings, time_source, qtbot):
    main = MainWindow(demo_db, settings, Clock(source=time_source))
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    main.activateWindow()
    qtbot.waitActive(main)
    qtbot.waitUntil(lambda: focused() is main.signin_view.pin_input)
    return main


def _stop(main):
    # A closed window's timers still fire; once the test's database is closed they
    # would raise in whichever test runs next.
    main.close()
    for timer in main.findChildren(QTimer):
        timer.stop()


@pytest.fixture
def stepping_window(demo_db, settings, time_source, qtbot):
    main = _window(demo_db, settings, time_source, qtbot)
    yield main
    main.close_checkout()
    _stop(main)


def _five_wrong_pins(qtbot):
    for _ in range(5):
        type_enter(qtbot, "9999")


def test_five_wrong_pins_lock_the_field_and_say_how_long_to_wait(stepping_window, qtbot):
    view = stepping_window.signin_view
    _five_wrong_pins(qtbot)
    assert "30 秒" in view.message_label.text()
    assert view.pin_input.isReadOnly() and focused() is view.pin_input
    type_enter(qtbot, "1234")  # the clerk's right PIN, refused unread
    assert view.pin_input.text() == ""
    assert stepping_window.checkout is None


def test_the_field_opens_again_when_the_wait_is_over(stepping_window, qtbot, time_source):
    view = stepping_window.signin_view
    _five_wrong_pins(qtbot)
    time_source.advance(timedelta(seconds=30))
    with qtbot.waitSignal(stepping_window.signin.lock_ended, timeout=5000):
        pass
    assert not view.pin_input.isReadOnly() and focused() is view.pin_input
    sign_in(qtbot, stepping_window, "1234")
    assert stepping_window.checkout.operator.role is Role.CLERK


def test_the_countdown_shows_the_seconds_left(stepping_window, qtbot, time_source):
    _five_wrong_pins(qtbot)
    time_source.advance(timedelta(seconds=12))
    qtbot.waitUntil(lambda: "18" in stepping_window.signin_view.message_label.text(), timeout=5000)


def test_a_restarted_app_still_waits(demo_db, settings, time_source, qtbot):
    first = _window(demo_db, settings, time_source, qtbot)
    _five_wrong_pins(qtbot)
    _stop(first)
    again = _window(demo_db, settings, time_source, qtbot)
    assert again.signin_view.pin_input.isReadOnly()
    assert "30" in again.signin_view.message_label.text()
    _stop(again)


# -- first PIN of an operator recovered from the hub ------------------------------------------


def _recovered_owner_only(db):
    # What `recover` leaves: the owner without a PIN; the demo's PIN holders gone.
    db.execute("UPDATE operators SET active = 0")
    db.execute(
        "INSERT INTO operators(id, name, role, pin_salt, pin_hash, created_at, pin_must_change) "
        "VALUES ('op-zhang', '张三', 'owner', x'', x'', '2026-12-01T08:00:00', 1)"
    )
    db.conn.commit()


@pytest.fixture
def recovered_window(demo_db, settings, qtbot):
    _recovered_owner_only(demo_db)
    main = MainWindow(demo_db, settings, Clock())
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    main.activateWindow()
    qtbot.waitActive(main)
    qtbot.waitUntil(lambda: focused() is main.signin_view.name_choice)
    yield main
    main.close_checkout()
    _stop(main)


def _set_new_pin(qtbot, first, second):
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # from the name to the new PIN
    type_enter(qtbot, first)
    type_enter(qtbot, second)


def test_a_recovered_owner_sets_a_new_pin_typed_twice_and_is_signed_in(
    recovered_window, qtbot, demo_db
):
    view = recovered_window.signin_view
    assert view.first_pin_box.isVisible() and view.name_choice.currentText() == "张三"
    _set_new_pin(qtbot, "2846", "2846")
    pass_the_float(qtbot, recovered_window)
    assert recovered_window.checkout.operator.name == "张三"
    assert recovered_window.checkout.operator.role is Role.OWNER
    assert demo_db.execute(
        "SELECT pin_must_change FROM operators WHERE name = '张三'"
    ).fetchone() == (0,)


def test_two_different_new_pins_are_refused_and_both_fields_cleared(recovered_window, qtbot):
    view = recovered_window.signin_view
    _set_new_pin(qtbot, "2846", "2847")
    assert view.message_label.text() == "The two PINs differ. Type the new PIN again, twice."
    assert (view.new_pin_input.text(), view.again_pin_input.text()) == ("", "")
    assert focused() is view.new_pin_input
    assert recovered_window.checkout is None


def test_a_weak_new_pin_is_refused_saying_why(recovered_window, qtbot):
    view = recovered_window.signin_view
    _set_new_pin(qtbot, "1234", "1234")
    assert "密码不能是连续的数字" in view.message_label.text()
    assert recovered_window.checkout is None
    assert view.first_pin_box.isVisible()


def test_with_no_recovered_operator_the_first_pin_part_is_hidden(window):
    assert not window.signin_view.first_pin_box.isVisible()
