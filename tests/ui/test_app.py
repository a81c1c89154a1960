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
    assert lost < 10, (
        f"this PySide6 build loses a reference to None per call ({lost} in "
        "100 calls): pin PySide6-Essentials<6.12 or use Python 3.12+"
    )


def _close_the_next_box() -> list[str]:
    """Once a message box is up, note its text and close it, as the keeper's Enter would."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen: list[str] = []

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, close_box)
            return
        seen.append(box.text())
        box.accept()

    QTimer.singleShot(0, close_box)
    return seen


def _start_and_read_the_box(qapp, qtbot, path):
    """Run the GUI start on `path`; close the message box it shows; return (code, text)."""
    from station_app.ui.app import run_gui

    seen = _close_the_next_box()
    code = run_gui(path)
    return code, seen


# The offscreen platform warns about every message box it opens; a real screen does not.
BOX_ON_OFFSCREEN = pytest.mark.qt_log_ignore("propagateSizeHints")


@BOX_ON_OFFSCREEN
@pytest.mark.parametrize("content", [b"", b"\x00garbage" * 700], ids=["empty", "garbage"])
def test_starting_on_a_broken_file_shows_why_in_a_box_and_leaves_it_alone(
    qapp, qtbot, tmp_path, capsys, content
):
    path = tmp_path / "station.db"
    path.write_bytes(content)
    code, seen = _start_and_read_the_box(qapp, qtbot, path)
    assert code == 1
    assert len(seen) == 1 and "不是站点数据库" in seen[0] and "not a station database" in seen[0]
    error_lines = capsys.readouterr().err.splitlines()
    assert len(error_lines) == 1 and error_lines[0].startswith("error: ")
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["station.db"]


@BOX_ON_OFFSCREEN
def test_starting_without_a_station_shows_how_to_set_one_up_and_creates_nothing(
    qapp, qtbot, tmp_path
):
    code, seen = _start_and_read_the_box(qapp, qtbot, tmp_path / "station.db")
    assert code == 1
    assert len(seen) == 1 and "main.py init" in seen[0]
    assert list(tmp_path.iterdir()) == []


@BOX_ON_OFFSCREEN
def test_a_storage_error_no_screen_caught_is_a_message_box_not_a_traceback(qapp, db, capsys):
    import sqlite3

    from station_app.ui.app import storage_errors_shown

    db.execute(f"PRAGMA max_page_count={db.execute('PRAGMA page_count').fetchone()[0]}")
    with pytest.raises(sqlite3.OperationalError) as full:
        db.execute("INSERT INTO settings(key, value) VALUES ('big', ?)", ["x" * 100_000])
    seen = _close_the_next_box()
    with storage_errors_shown("en"):
        # What Qt does with an exception that escapes a slot.
        sys.excepthook(full.type, full.value, full.tb)
    assert seen == ["the disk is full: nothing was saved; free some disk space and try again"]
    assert "Traceback" not in capsys.readouterr().err
