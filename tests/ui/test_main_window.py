"""The main window: what it leaves running once it is closed."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from station_app.core import operators
from station_app.core.clock import Clock
from station_app.core.settings import StationSettings
from station_app.sync.sync_job import SyncOutcome
from station_app.ui import main_window
from station_app.ui.main_window import MainWindow
from station_app.ui.sync.sync_worker import SyncWorker
from tests.ui.conftest import focused, pass_the_float, sign_in

OK = SyncOutcome(1, 1, 0, 0, 0, 0, 0, 0, 0, "2026-11-26T08:00:00.000Z")


def _active_timers(window: MainWindow) -> list[str]:
    timers = window.findChildren(QTimer)
    if window.sync_worker is not None:
        timers += window.sync_worker.findChildren(QTimer)
    return [timer.objectName() or repr(timer) for timer in timers if timer.isActive()]


def test_closing_the_window_stops_every_timer_and_the_background_sync(
    demo_db: Database, demo_db_path, settings: StationSettings, clock: Clock, qtbot: QtBot
):
    worker = SyncWorker(demo_db_path, runner=lambda path, stop: OK)
    window = MainWindow(demo_db, settings, clock, sync_worker=worker)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    worker.start(first_delay_ms=60_000)
    qtbot.waitUntil(lambda: focused() is window.signin_view.pin_input)
    sign_in(qtbot, window, "1234")
    assert _active_timers(window)  # the clock, the queue count, the worker's schedule
    window.close()
    assert _active_timers(window) == []
    worker.sync_now()
    assert not worker.state.running  # a stopped worker starts no sync


def test_a_closed_window_no_longer_reads_the_database(
    demo_db: Database,
    settings: StationSettings,
    clock: Clock,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
):
    # Ticking every 10 ms, the status bar would read the closed database at once.
    monkeypatch.setattr(main_window, "SYNC_COUNT_TICK_MS", 10)
    monkeypatch.setattr(main_window, "CLOCK_TICK_MS", 10)
    window = MainWindow(demo_db, settings, clock)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    window.close()
    demo_db.close()  # as when the app (or the test that made the window) ends
    # Qt fires timers in the order they fall due: once this one has fired, every tick
    # due within 100 ms has had its turn, and an error in one would fail this test.
    past_the_ticks = QTimer()
    past_the_ticks.setTimerType(Qt.TimerType.PreciseTimer)
    past_the_ticks.setSingleShot(True)
    with qtbot.waitSignal(past_the_ticks.timeout, timeout=5_000):
        past_the_ticks.start(100)


def test_the_status_bar_shows_the_last_backups_age(
    demo_db: Database, demo_db_path, settings: StationSettings, clock: Clock, qtbot: QtBot
):
    from datetime import timedelta

    from station_app.storage.backups import make_backup

    make_backup(demo_db_path, demo_db_path.parent, clock.local() - timedelta(hours=2, minutes=5))
    window = MainWindow(demo_db, settings, clock)
    qtbot.addWidget(window)

    assert window.backup_label.text() == "Backup: 2 h ago"
    assert window.backup_label.property("tone") == ""


@pytest.mark.parametrize("problem", ["old", "no_stick"])
def test_an_old_backup_or_a_missing_second_folder_is_shown_as_a_warning(
    demo_db: Database,
    demo_db_path,
    settings: StationSettings,
    clock: Clock,
    qtbot: QtBot,
    tmp_path,
    problem,
):
    from dataclasses import replace
    from datetime import timedelta

    from station_app.storage.backups import make_backup

    age = timedelta(days=3) if problem == "old" else timedelta(minutes=10)
    make_backup(demo_db_path, demo_db_path.parent, clock.local() - age)
    if problem == "no_stick":
        settings = replace(settings, backup_dir=str(tmp_path / "usb"))
    window = MainWindow(demo_db, settings, clock)
    qtbot.addWidget(window)

    expected = {
        "old": "Backup: 3 day(s) ago",  # the source text; en/zh .qm say "3 days" / "3 天前"
        "no_stick": "Backup: 10 min ago · second folder unavailable",
    }[problem]
    assert window.backup_label.text() == expected
    assert window.backup_label.property("tone") == "error"


def _unpacked_version(data_folder, version: str) -> None:
    from station_app.update.folders import READY_MARKER, UpdateFolders

    folder = UpdateFolders.of(data_folder).version_dir(version)
    folder.mkdir(parents=True)
    (folder / READY_MARKER).write_text("", encoding="utf-8")


def test_the_status_bar_says_when_an_update_is_downloaded_and_nothing_when_there_is_none(
    demo_db: Database, demo_db_path, settings: StationSettings, clock: Clock, qtbot: QtBot
):
    window = MainWindow(demo_db, settings, clock)
    qtbot.addWidget(window)
    assert window.update_label.isHidden()
    _unpacked_version(demo_db_path.parent, "99.0.0")
    window.refresh_update_status()
    assert not window.update_label.isHidden()
    assert window.update_label.text() == "更新 99.0.0 已下载，结班后自动安装"


def _hidden_next_workspace(window: MainWindow):
    workspace = window._next_workspace
    assert workspace is not None
    assert window.stack.indexOf(workspace) >= 0 and not workspace.isVisible()
    return workspace


def test_the_checkout_is_built_while_the_pin_is_typed_and_shown_by_the_sign_in(window, qtbot):
    qtbot.waitUntil(lambda: window._next_workspace is not None, timeout=3000)
    ahead = _hidden_next_workspace(window)
    assert window.stack.currentWidget() is window.signin_view
    sign_in(qtbot, window, "1234")
    assert window.workspace is ahead and window.stack.currentWidget() is ahead
    assert window.checkout_view is ahead.checkout_view
    assert window.workspace.operator.name == "店员"
    assert focused() is window.checkout_view.scan_input


def test_a_pin_typed_at_once_gets_its_checkout_built_during_its_hash(
    demo_db, settings, clock, qtbot, monkeypatch
):
    main = MainWindow(demo_db, settings, clock)
    qtbot.addWidget(main)
    main.show()
    real_hash = operators._hash_pin
    built_by_hash_end: list[bool] = []

    def hash_pin(pin: str, salt: bytes) -> bytes:
        # On the helper thread: this hash ends once the checkout is built (or in 5 s).
        deadline = time.monotonic() + 5
        while main._next_workspace is None and time.monotonic() < deadline:
            time.sleep(0.01)
        built_by_hash_end.append(main._next_workspace is not None)
        return real_hash(pin, salt)

    monkeypatch.setattr(operators, "_hash_pin", hash_pin)
    pin_input = main.signin_view.pin_input
    for digit in "8888":  # sent, not clicked: no event of the window's timers runs between
        QApplication.sendEvent(pin_input, _key(Qt.Key(ord(digit)), digit))
    assert main._next_workspace is None
    QApplication.sendEvent(pin_input, _key(Qt.Key.Key_Return, "\r"))
    assert built_by_hash_end[0] is True
    pass_the_float(qtbot, main)
    assert main.workspace is not None and main.workspace.operator.name == "店主"
    main.close_checkout()


def _key(key: Qt.Key, text: str) -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, text)


def test_after_signing_out_the_next_sign_in_gets_a_fresh_checkout(window, qtbot):
    from station_app.ui.checkout.checkout_view import CheckoutView

    sign_in(qtbot, window, "8888")
    first = window.workspace
    assert first is not None
    window.checkout_view.scan_input.setText("half-typed")
    window.sign_out()
    qtbot.waitUntil(lambda: window._next_workspace is not None, timeout=3000)
    ahead = _hidden_next_workspace(window)
    assert ahead is not first
    assert isinstance(ahead.checkout_view, CheckoutView)
    assert ahead.checkout_view.scan_input.text() == ""
    sign_in(qtbot, window, "1234")
    assert window.workspace is ahead and window.workspace.operator.name == "店员"
