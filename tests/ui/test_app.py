import sys

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import QLabel, QMessageBox

from station_app.ui.app import SMOKE_EXIT_ENV, open_counter
from tests.helpers import run_python
from tests.ui.conftest import focused, pass_the_float


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
    pass_the_float(qtbot, counter)
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
    # Nothing beside it either: no -wal/-shm, no second database; only the app's own
    # station lock, released again (a restore may now take it).
    assert sorted(p.name for p in tmp_path.iterdir()) in (
        ["station.db"],
        ["station.db", "station.lock"],
    )
    from station_app.storage.station_lock import hold_station

    with hold_station(tmp_path):
        pass


FREEZE_REPORT = """
import gc, sys
from pathlib import Path
from station_app.ui.app import run_gui
code = run_gui(Path(sys.argv[1]))
print("frozen", gc.get_freeze_count())
sys.exit(code)
"""


def test_a_started_counter_keeps_its_start_objects_out_of_later_collections(demo_db_path):
    # In its own process: run_gui's freeze is for the life of a process, and this one
    # goes on to open many more counters.
    done = run_python(FREEZE_REPORT, str(demo_db_path), env={SMOKE_EXIT_ENV: "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert "smoke: sign-in screen shown" in done.stdout
    # The modules, the window and its pages: tens of thousands of objects a full
    # collection no longer walks while the keeper scans.
    frozen = int(done.stdout.strip().splitlines()[-1].removeprefix("frozen "))
    assert frozen > 20_000


def test_starting_without_a_station_creates_it_for_the_set_up_wizard(tmp_path):
    from station_app.core.operators import is_initialised
    from station_app.ui.app import open_station

    db = open_station(tmp_path / "new" / "station.db")
    try:
        assert not is_initialised(db)  # run_gui opens the wizard on it
    finally:
        db.close()


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


def _count_sales(path) -> int:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM sales").fetchone()[0]
    finally:
        conn.close()


def _backup_then_sell(counter, qtbot):
    """The owner signs in, F7 on the people page, then sells a cola; back to the page."""
    from tests.ui.conftest import (
        COLA_500ML,
        press,
        press_alt,
        sign_in,
        type_enter,
        wait_for_dialog,
        wait_for_no_dialog,
    )

    counter.show()
    counter.activateWindow()
    qtbot.waitActive(counter)
    sign_in(qtbot, counter, "8888")
    press_alt(qtbot, Qt.Key.Key_6)
    press(qtbot, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: "备份" in counter.workspace.people_page.message_label.text())
    press_alt(qtbot, Qt.Key.Key_1)
    type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F12)
    wait_for_dialog(qtbot, "paymentDialog")
    with qtbot.waitSignal(counter.checkout.sale_completed):
        type_enter(qtbot, "20")
    wait_for_no_dialog(qtbot)
    press_alt(qtbot, Qt.Key.Key_6)


def _restore_by_keys(counter, qtbot, typed_path=None):
    """F8, keep the highlighted backup (or type a path), Enter, the owner's PIN, Enter."""
    from station_app.ui.app import current_counter
    from tests.ui.conftest import press, type_enter, type_text, wait_for_dialog

    press(qtbot, Qt.Key.Key_F8)
    wait_for_dialog(qtbot, "restoreDialog")
    if typed_path is not None:
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, str(typed_path))
    press(qtbot, Qt.Key.Key_Return)
    wait_for_dialog(qtbot, "ownerPinDialog")
    type_enter(qtbot, "8888")
    qtbot.waitUntil(lambda: current_counter() not in (None, counter))
    fresh = current_counter()
    qtbot.addWidget(fresh)
    box = fresh.findChild(QMessageBox, "restoreBox")
    qtbot.waitUntil(lambda: box is not None and box.isVisible())
    return fresh, box


@BOX_ON_OFFSCREEN
def test_f8_restores_the_chosen_backup_and_reopens_on_sign_in_without_later_sales(
    counter, qtbot, demo_db_path
):
    sales_at_backup = _count_sales(demo_db_path)
    _backup_then_sell(counter, qtbot)
    assert _count_sales(demo_db_path) == sales_at_backup + 1

    fresh, box = _restore_by_keys(counter, qtbot)

    assert not counter.isVisible()
    assert fresh.stack.currentWidget() is fresh.signin_view
    assert _count_sales(demo_db_path) == sales_at_backup
    replaced = list(demo_db_path.parent.glob("station.db.replaced-*"))
    assert len(replaced) == 1 and _count_sales(replaced[0]) == sales_at_backup + 1
    assert replaced[0].name in box.text()
    box.accept()
    fresh.close()


@BOX_ON_OFFSCREEN
def test_f8_on_a_corrupted_backup_is_refused_in_a_box_and_keeps_the_sale(
    counter, qtbot, demo_db_path
):
    import shutil

    from station_app.storage.backups import list_backups

    _backup_then_sell(counter, qtbot)
    good = list_backups(demo_db_path.parent)[-1].path
    bad = good.with_name("station-20200101-0900-manual.db")
    shutil.copy(good, bad)
    with bad.open("r+b") as file:
        file.seek(4096 * 2)
        file.write(b"\xff" * 4096 * 4)
    sales_before = _count_sales(demo_db_path)

    fresh, box = _restore_by_keys(counter, qtbot, typed_path=bad)

    assert "station-20200101-0900-manual.db" in box.text() and "不能恢复" in box.text()
    assert _count_sales(demo_db_path) == sales_before
    assert not list(demo_db_path.parent.glob("station.db.replaced-*"))
    assert fresh.stack.currentWidget() is fresh.signin_view
    box.accept()
    fresh.close()
