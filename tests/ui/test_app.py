import sys

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import QLabel

from station_app.ui.app import open_counter
from tests.ui.conftest import focused


@pytest.fixture
def counter(qapp, demo_db, qtbot):
    window = open_counter(qapp, demo_db)
    qtbot.addWidget(window)
    yield window
    # open_counter styles and translates the shared test QApplication; undo both.
    qapp.setStyleSheet("")
    for translator in qapp.findChildren(QTranslator):
        QCoreApplication.removeTranslator(translator)
        translator.deleteLater()


def test_the_counter_opens_in_chinese_on_the_sign_in_screen(counter, qapp, qtbot):
    counter.show()
    counter.activateWindow()
    qtbot.waitActive(counter)
    assert counter.windowTitle() == "村级服务站收银 — 示范村服务站"
    qtbot.waitUntil(lambda: focused() is counter.signin_view.pin_input)
    assert counter.printer_label.text() == "打印机：未配置"
    assert qapp.font().pointSize() >= 14
    assert "Microsoft YaHei" in qapp.font().families()


def test_the_total_is_shown_at_least_36_points(counter, qtbot):
    counter.show()
    counter.activateWindow()
    qtbot.waitActive(counter)
    qtbot.keyClicks(counter.signin_view.pin_input, "1234")
    qtbot.keyClick(counter.signin_view.pin_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.checkout_view is not None)
    assert counter.checkout_view.total_label.font().pointSize() >= 36


def test_qt_binding_keeps_none_alive(qapp):
    # PySide6 6.12.0 on Python 3.11 drops a reference to None on every call that returns
    # nothing; the counter app then aborts ("deallocating None") after a few hundred
    # scans. Python 3.12+ (immortal None) or PySide6 < 6.12 do not have the problem.
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(100):
        label.setText("x")
    lost = before - sys.getrefcount(None)
    assert lost < 10, (f"this PySide6 build loses a reference to None per call ({lost} in "
                       "100 calls): pin PySide6-Essentials<6.12 or use Python 3.12+")
