from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from station_app.core.operators import Role
from tests.ui.conftest import focused, sign_in, type_enter


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
        "SELECT count(*) FROM audit_log WHERE action = 'operator.sign_in_failed'").fetchone()[0]
    assert failed == 1


def test_sign_out_returns_to_the_sign_in_screen(window, qtbot):
    sign_in(qtbot, window, "8888")
    qtbot.keyClick(window.checkout_view.scan_input, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: focused() is window.signin_view.pin_input)
    assert window.checkout is None
    assert window.stack.currentWidget() is window.signin_view
