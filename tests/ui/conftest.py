"""Fixtures for driving the counter UI the way the keeper does: keys into the focused widget."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from station_app.core.clock import Clock
from station_app.core.settings import StationSettings, save_settings
from station_app.ui.main_window import MainWindow

COLA_500ML = "6932780008140"  # 可口可乐 500ml, ¥3.00
SPRITE_500ML = "6932780008522"  # 雪碧 500ml, ¥3.00
RICE_PLU = "1001"  # 散装大米, ¥5.60/kg, weighed


@pytest.fixture(autouse=True)
def _english_unless_a_test_installs_a_translation() -> Iterator[None]:
    """Each test starts in the source language, whatever translation a test before left in.

    open_counter installs the station's translation (Chinese by default) into the one
    QApplication all tests share; without this, text assertions depend on test order.
    """
    from station_app.ui.common.translation import remove_translators

    remove_translators()
    yield
    remove_translators()


def focused() -> QWidget | None:
    """The widget keys go to now, as the keeper's keyboard would."""
    return QApplication.focusWidget()


def _focus_target(qtbot: QtBot) -> QWidget:
    """The focused widget, allowing the moment a closing dialog hands the focus back.

    Between a dialog closing and its parent window becoming active again Qt briefly has
    no focus widget; a keeper's next key lands after that, so the test waits for it too
    (and still fails if the focus never comes back).
    """
    try:
        qtbot.waitUntil(lambda: focused() is not None, timeout=2000)
    except AssertionError:
        raise AssertionError("nothing has the keyboard focus") from None
    widget = focused()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot: QtBot, key: Qt.Key) -> None:
    """Press one key on whatever has the focus."""
    qtbot.keyClick(_focus_target(qtbot), key)


def press_alt(qtbot: QtBot, key: Qt.Key) -> None:
    """Alt plus a key on whatever has the focus (Alt+2 shows the agency page)."""
    qtbot.keyClick(_focus_target(qtbot), key, Qt.KeyboardModifier.AltModifier)


def type_text(qtbot: QtBot, text: str) -> None:
    """Type into whatever has the focus."""
    qtbot.keyClicks(_focus_target(qtbot), text)


def type_chinese(text: str) -> None:
    """Commit `text` into the focused widget as a Chinese input method does.

    QTest can only type ASCII keys; an input method delivers a whole word at once.
    """
    widget = focused()
    assert widget is not None, "nothing has the keyboard focus"
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_enter(qtbot: QtBot, text: str) -> None:
    """Type `text` then Enter, as a barcode scanner does."""
    type_text(qtbot, text)
    press(qtbot, Qt.Key.Key_Return)


def modal() -> QDialog | None:
    """The dialog in front, if any."""
    widget = QApplication.activeModalWidget()
    return widget if isinstance(widget, QDialog) else None


def wait_for_dialog(qtbot: QtBot, name: str) -> QDialog:
    """Wait until the dialog with objectName `name` is in front and holds the focus."""

    def ready() -> bool:
        dialog, widget = modal(), focused()
        return (
            dialog is not None
            and dialog.objectName() == name
            and widget is not None
            and dialog.isAncestorOf(widget)
        )

    qtbot.waitUntil(ready)
    dialog = modal()
    assert dialog is not None
    return dialog


def wait_for_no_dialog(qtbot: QtBot) -> None:
    """Wait until every dialog has closed and a window has the keyboard again.

    Window activation is asynchronous, so the focus comes back a moment after the close.
    """
    qtbot.waitUntil(lambda: modal() is None and focused() is not None)


@pytest.fixture
def window(
    demo_db: Database, settings: StationSettings, clock: Clock, qtbot: QtBot
) -> Iterator[MainWindow]:
    """The main window on the demo station, shown and active, at the sign-in screen."""
    main = MainWindow(demo_db, settings, clock)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    main.activateWindow()
    qtbot.waitActive(main)
    yield main
    main.close_checkout()


def sign_in(qtbot: QtBot, main: MainWindow, pin: str, float_yuan: str = "0") -> None:
    """Type a PIN and Enter on the sign-in screen; wait for the checkout's scan field.

    With no shift open on the till the float dialog comes first: `float_yuan` is typed
    there (over any carry-over), so a test that is not about shifts sells as before.
    """
    type_enter(qtbot, pin)
    pass_the_float(qtbot, main, float_yuan)


def pass_the_float(qtbot: QtBot, main: MainWindow, float_yuan: str = "0") -> None:
    """After a PIN was accepted: type `float_yuan` if the float dialog asks (no shift open).

    Then wait for the checkout's scan field, as `sign_in` does.
    """
    qtbot.waitUntil(lambda: main.checkout_view is not None or main.shift_opening.dialog is not None)
    if main.checkout_view is None:
        wait_for_dialog(qtbot, "floatDialog")
        type_enter(qtbot, float_yuan)
    qtbot.waitUntil(
        lambda: main.checkout_view is not None and focused() is main.checkout_view.scan_input
    )


@pytest.fixture
def file_printer(demo_db: Database, tmp_path: Path) -> Path:
    """A plain file as the station's printer: every job is appended to it, as paper."""
    paper = tmp_path / "printer.bin"
    save_settings(demo_db, printer_kind="file", printer_file=str(paper))
    return paper
