import pytest
from PySide6.QtCore import Qt

from station_app.core.operators import sign_in as core_sign_in
from station_app.ui.common.key_map import Page
from tests.ui.conftest import (
    focused,
    press,
    press_alt,
    sign_in,
    type_enter,
    type_text,
    wait_for_dialog,
    wait_for_no_dialog,
)


@pytest.fixture(autouse=True)
def chinese(qapp):
    """The page in Chinese, as the app starts it, whatever test ran before."""
    from PySide6.QtCore import QCoreApplication

    from station_app.ui.common.translation import install_translators

    installed = install_translators(qapp, "zh_CN")
    yield
    for translator in installed:
        QCoreApplication.removeTranslator(translator)


def _open_people(qtbot, window, pin="8888"):
    sign_in(qtbot, window, pin)
    press_alt(qtbot, Qt.Key.Key_6)
    qtbot.waitUntil(lambda: window.workspace.current_page is Page.PEOPLE)
    return window.workspace.people_page


def _rows(page):
    model = page.people_table.model()
    return [
        tuple(model.index(row, col).data() for col in range(3)) for row in range(model.rowCount())
    ]


def test_the_owner_sees_everyone_with_role_and_status(window, qtbot):
    page = _open_people(qtbot, window)
    assert ("店主", "店主", "在用") in _rows(page)
    assert len(_rows(page)) == 2


def test_the_owner_adds_a_clerk_who_then_signs_in(window, qtbot, demo_db, clock):
    _open_people(qtbot, window)
    press(qtbot, Qt.Key.Key_F2)
    dialog = wait_for_dialog(qtbot, "peopleDialog")
    type_text(qtbot, "Wang")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "3917")
    press(qtbot, Qt.Key.Key_Tab)
    type_enter(qtbot, "3917")
    assert dialog.message_label.text() == ""
    wait_for_no_dialog(qtbot)
    stored = demo_db.execute("SELECT role, active FROM operators WHERE name = 'Wang'").fetchone()
    assert stored == ("clerk", 1)
    assert core_sign_in(demo_db, "3917", clock).name == "Wang"
    assert "Wang" in window.workspace.people_page.message_label.text()


def test_a_weak_pin_is_refused_on_its_field_with_the_core_message(window, qtbot, demo_db):
    _open_people(qtbot, window)
    press(qtbot, Qt.Key.Key_F2)
    dialog = wait_for_dialog(qtbot, "peopleDialog")
    type_text(qtbot, "Wang")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "0000")
    press(qtbot, Qt.Key.Key_Tab)
    type_enter(qtbot, "0000")
    assert "同一个数字" in dialog.message_label.text()
    assert focused() is dialog.inputs["pin"]
    assert demo_db.execute("SELECT 1 FROM operators WHERE name = 'Wang'").fetchone() is None


def test_disabling_the_last_owner_is_refused_with_the_core_message(window, qtbot, demo_db):
    page = _open_people(qtbot, window)
    owner_row = next(i for i, row in enumerate(_rows(page)) if row[0] == "店主")
    for _ in range(owner_row):
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_F4)
    dialog = wait_for_dialog(qtbot, "peopleDialog")
    press(qtbot, Qt.Key.Key_Return)
    assert "店主" in dialog.message_label.text()
    assert demo_db.execute("SELECT active FROM operators WHERE name = '店主'").fetchone() == (1,)


def test_the_owner_disables_the_clerk_whose_pin_then_fails(window, qtbot, demo_db):
    page = _open_people(qtbot, window)
    clerk_row = next(i for i, row in enumerate(_rows(page)) if row[0] == "店员")
    for _ in range(clerk_row):
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_F4)
    wait_for_dialog(qtbot, "peopleDialog")
    press(qtbot, Qt.Key.Key_Return)
    wait_for_no_dialog(qtbot)
    assert demo_db.execute("SELECT active FROM operators WHERE name = '店员'").fetchone() == (0,)
    assert "停用" in _rows(page)[clerk_row][2] or "Disabled" in _rows(page)[clerk_row][2]


def test_the_owner_resets_the_clerks_pin(window, qtbot, demo_db, clock):
    page = _open_people(qtbot, window)
    clerk_row = next(i for i, row in enumerate(_rows(page)) if row[0] == "店员")
    for _ in range(clerk_row):
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_F5)
    wait_for_dialog(qtbot, "peopleDialog")
    type_text(qtbot, "7305")
    press(qtbot, Qt.Key.Key_Tab)
    type_enter(qtbot, "7305")
    wait_for_no_dialog(qtbot)
    assert core_sign_in(demo_db, "7305", clock).name == "店员"


def test_the_owner_changes_their_own_pin_giving_the_old_one_first(window, qtbot, demo_db, clock):
    _open_people(qtbot, window)
    press(qtbot, Qt.Key.Key_F6)
    dialog = wait_for_dialog(qtbot, "peopleDialog")
    type_text(qtbot, "1111")  # not the current PIN
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "5173")
    press(qtbot, Qt.Key.Key_Tab)
    type_enter(qtbot, "5173")
    assert dialog.message_label.text()
    assert dialog.isVisible()
    dialog.inputs["old_pin"].setFocus()
    dialog.inputs["old_pin"].selectAll()
    type_enter(qtbot, "8888")
    wait_for_no_dialog(qtbot)
    assert core_sign_in(demo_db, "5173", clock).name == "店主"


def test_a_clerk_pressing_the_people_key_is_told_it_is_for_the_owner(window, qtbot):
    sign_in(qtbot, window, "1234")
    press_alt(qtbot, Qt.Key.Key_6)
    assert window.workspace.current_page is Page.CHECKOUT
    assert "只有店主能用" in window.checkout_view.message_label.text()


def test_back_up_now_makes_a_backup_and_shows_its_age(window, qtbot, demo_db_path):
    page = _open_people(qtbot, window)
    assert "F7" in page.backup_label.text()
    press(qtbot, Qt.Key.Key_F7)
    backups = list((demo_db_path.parent / "backups").glob("*.db"))
    assert len(backups) == 1
    assert str(backups[0]) in page.message_label.text()
    assert "F7" not in page.backup_label.text()


def test_f8_lists_the_backups_with_the_newest_intact_one_chosen_and_asks_the_owner_pin(
    window, qtbot, demo_db_path, clock
):
    import shutil

    from station_app.storage.backups import make_backup

    made = make_backup(demo_db_path, demo_db_path.parent, clock, reason="manual")
    newer_but_damaged = made.path.with_name("station-29990101-0900-manual.db")
    shutil.copy(made.path, newer_but_damaged)
    with newer_but_damaged.open("r+b") as file:
        file.seek(4096 * 2)
        file.write(b"\xff" * 4096 * 4)
    _open_people(qtbot, window)
    controller = window.workspace.people
    press(qtbot, Qt.Key.Key_F8)
    dialog = wait_for_dialog(qtbot, "restoreDialog")
    choice = dialog.inputs["backup"]
    assert choice.count() == 2
    assert choice.currentData() == str(made.path)
    assert "完好" in choice.currentText()
    assert "已损坏" in choice.itemText(1)
    with qtbot.waitSignal(controller.restore_requested) as requested:
        press(qtbot, Qt.Key.Key_Return)
        wait_for_dialog(qtbot, "ownerPinDialog")
        type_enter(qtbot, "8888")
    assert requested.args == [made.path]
