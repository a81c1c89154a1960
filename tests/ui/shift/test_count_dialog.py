"""The cash count: pieces per note and coin add up live; one amount instead; refusals in place."""

from PySide6.QtCore import Qt

from station_app.ui.shift.count_dialog import CashCount, CountDialog
from tests.ui.conftest import focused, press, type_text


def make(qtbot, *, successor=False):
    dialog = CountDialog("Close", "Count the cash", "en", successor=successor)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    qtbot.waitUntil(lambda: focused() is dialog.piece_inputs[10_000])
    return dialog


def test_pieces_typed_down_the_lines_add_up_and_f12_hands_the_count_over(qtbot):
    dialog = make(qtbot)
    assert focused() is dialog.piece_inputs[10_000]
    type_text(qtbot, "2")  # ¥100
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Tab)  # no ¥50
    type_text(qtbot, "3")  # ¥20
    for _ in range(4):
        press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "1")  # ¥0.5
    assert dialog.line_totals[2_000].text() == "¥60.00"
    assert dialog.total_label.text() == "Counted: ¥260.50"
    with qtbot.waitSignal(dialog.counted) as counted:
        press(qtbot, Qt.Key.Key_F12)
    assert counted.args[0] == CashCount({10_000: 2, 2_000: 3, 50: 1}, None, "")


def test_one_amount_instead_of_pieces(qtbot):
    dialog = make(qtbot)
    dialog.amount_input.setFocus()
    type_text(qtbot, "88.8")
    assert dialog.total_label.text() == "Counted: ¥88.80"
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is dialog.note_input
    type_text(qtbot, "ok")
    with qtbot.waitSignal(dialog.counted) as counted:
        press(qtbot, Qt.Key.Key_Return)  # Enter on the last line
    assert counted.args[0] == CashCount(None, 8_880, "ok")


def test_pieces_and_an_amount_together_are_refused(qtbot):
    dialog = make(qtbot)
    type_text(qtbot, "1")
    dialog.amount_input.setFocus()
    type_text(qtbot, "100")
    with qtbot.assertNotEmitted(dialog.counted):
        press(qtbot, Qt.Key.Key_F12)
    assert "not both" in dialog.message_label.text()
    assert focused() is dialog.piece_inputs[10_000]


def test_nothing_counted_is_refused_with_how_to_say_an_empty_drawer(qtbot):
    dialog = make(qtbot)
    with qtbot.assertNotEmitted(dialog.counted):
        press(qtbot, Qt.Key.Key_F12)
    assert "0 for an empty drawer" in dialog.message_label.text()


def test_the_hand_over_count_ends_with_the_next_clerks_pin(qtbot):
    dialog = make(qtbot, successor=True)
    assert dialog.fields[-1] is dialog.pin_input
    dialog.amount_input.setFocus()
    type_text(qtbot, "50")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is dialog.pin_input
    type_text(qtbot, "1234")
    with qtbot.waitSignal(dialog.counted) as counted:
        press(qtbot, Qt.Key.Key_Return)
    assert counted.args[0].successor_pin == "1234"
