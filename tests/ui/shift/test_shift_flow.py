"""The keeper's day by keys: float, sales, agency and farmer cash, pay-out, the close and its Z."""

import json
import sqlite3

import pytest
from PySide6.QtCore import Qt

from station_app.core.consignment import ship_lots
from station_app.core.shifts import current_shift
from station_app.printing.print_jobs import unfinished_jobs
from station_app.storage.backups import list_backups
from tests.helpers import count
from tests.printing.escpos_decode import decode
from tests.ui.agency.test_agency_page import WANG_DASHAN_TAIL, close_notice, fill_order_form
from tests.ui.conftest import (
    COLA_500ML,
    SPRITE_500ML,
    focused,
    modal,
    press,
    press_alt,
    sign_in,
    type_chinese,
    type_enter,
    type_text,
    wait_for_dialog,
    wait_for_no_dialog,
)
from tests.ui.consignment.test_consignment_page import settle, take_in


def sell(window, qtbot, code, *, wechat=False):
    type_enter(qtbot, code)
    press(qtbot, Qt.Key.Key_F12)
    wait_for_dialog(qtbot, "paymentDialog")
    with qtbot.waitSignal(window.checkout.sale_completed) as completed:
        if wechat:
            press(qtbot, Qt.Key.Key_F2)
            type_text(qtbot, "3")
            press(qtbot, Qt.Key.Key_Tab)
            type_enter(qtbot, "4200001")
        else:
            type_enter(qtbot, "10")
    wait_for_no_dialog(qtbot)
    return completed.args[0].sale


def shift_menu(qtbot, digit):
    """F11 on the checkout, then an entry of the shift menu by its digit."""
    press(qtbot, Qt.Key.Key_F11)
    wait_for_dialog(qtbot, "shiftMenuDialog")
    press(qtbot, getattr(Qt.Key, f"Key_{digit}"))


def count_pieces(qtbot, dialog, pieces):
    """Type how many of each note and coin, moving down with Enter."""
    for fen, edit in dialog.piece_inputs.items():
        assert focused() is edit
        if fen in pieces:
            type_text(qtbot, str(pieces[fen]))
        press(qtbot, Qt.Key.Key_Return)


def pay_out_by_keys(qtbot, amount, reason):
    shift_menu(qtbot, 5)
    wait_for_dialog(qtbot, "payOutDialog")
    type_text(qtbot, amount)
    press(qtbot, Qt.Key.Key_Tab)
    type_chinese(reason)
    press(qtbot, Qt.Key.Key_Return)


def wait_printed(qtbot, db, paper, text):
    qtbot.waitUntil(
        lambda: (
            not unfinished_jobs(db)
            and paper.exists()
            and text.encode("gb18030") in paper.read_bytes()
        ),
        timeout=10_000,
    )


def _has(texts, label, value):
    return any(t.startswith(label) and t.endswith(value) for t in texts)


def test_a_day_from_the_float_to_the_z_report_printed_backed_up_and_queued_for_the_hub(
    window, qtbot, demo_db, demo_db_path, file_printer, clerk, settings, clock
):
    lot = take_in(demo_db, clerk, settings, clock)
    ship_lots(demo_db, [lot.id], "县物流车", clerk, settings, clock)
    settle(demo_db, lot, clock)  # ¥156.60 due to 王大山

    sign_in(qtbot, window, "1234", float_yuan="200")
    assert "¥200.00" in window.checkout_view.message_label.text()
    sell(window, qtbot, COLA_500ML)  # ¥3 cash
    sell(window, qtbot, SPRITE_500ML, wechat=True)  # ¥3 WeChat

    press_alt(qtbot, Qt.Key.Key_2)  # agency: ¥50 deposit in cash
    fill_order_form(qtbot, WANG_DASHAN_TAIL)
    wait_for_dialog(qtbot, "paymentDialog")
    type_text(qtbot, "50")
    press(qtbot, Qt.Key.Key_F7)
    close_notice(qtbot)

    press_alt(qtbot, Qt.Key.Key_5)  # consignment: pay the farmer out in cash
    qtbot.waitUntil(lambda: focused() is window.workspace.consignment_page.main_input)
    press(qtbot, Qt.Key.Key_F5)
    press(qtbot, Qt.Key.Key_Return)
    wait_for_dialog(qtbot, "payoutDialog")
    press(qtbot, Qt.Key.Key_Return)
    wait_for_dialog(qtbot, "payOutForm")
    with qtbot.waitSignal(window.workspace.consignment.paid_out):
        press(qtbot, Qt.Key.Key_Return)  # cash, the first method
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)

    press_alt(qtbot, Qt.Key.Key_1)
    pay_out_by_keys(qtbot, "20", "付送货费")
    wait_for_no_dialog(qtbot)
    assert "¥20.00" in window.checkout_view.message_label.text()

    # Expected: 200 + 3 (cash sale) + 50 (deposit) − 156.60 (payout) − 20 = ¥76.40.
    shift_menu(qtbot, 3)
    dialog = wait_for_dialog(qtbot, "countDialog")
    assert "76.40" not in "".join(
        label.text() for label in dialog.findChildren(type(dialog.total_label))
    )
    count_pieces(qtbot, dialog, {5_000: 1, 2_000: 1, 500: 1, 50: 1, 10: 4})
    assert dialog.total_label.text().endswith("¥75.90")
    assert focused() is dialog.amount_input
    press(qtbot, Qt.Key.Key_F12)

    report = wait_for_dialog(qtbot, "shiftReportDialog")
    shown = {key: label.text() for key, label in report.values.items()}
    assert shown == shown | {
        "float_fen": "¥200.00",
        "cash_sales_fen": "¥3.00",
        "agency_cash_in_fen": "¥50.00",
        "payouts_cash_fen": "-¥156.60",
        "pay_out_fen": "-¥20.00",
        "expected_cash_fen": "¥76.40",
        "counted_cash_fen": "¥75.90",
        "over_short_fen": "-¥0.50",
        "receipts_count": "2",
        "payments.cash": "¥3.00",
        "payments.wechat": "¥3.00",
    }
    assert "short ¥0.50" in report.headline_label.text()

    wait_printed(qtbot, demo_db, file_printer, "日结报表")
    texts = decode(file_printer.read_bytes()).texts
    for label, value in [
        ("备用金", "￥200.00"),
        ("现金销售", "￥3.00"),
        ("代购收款", "￥50.00"),
        ("农户付款", "-￥156.60"),
        ("取出", "-￥20.00"),
        ("应有现金", "￥76.40"),
        ("实点现金", "￥75.90"),
        ("  ￥0.1 × 4", "￥0.40"),
        ("长短款（短款）", "-￥0.50"),
        ("微信支付", "￥3.00"),
    ]:
        assert _has(texts, label, value), (label, value)

    (payload,) = demo_db.execute(
        "SELECT payload FROM outbox WHERE kind = 'shift.closed'"
    ).fetchone()
    event = json.loads(payload)
    assert (event["expected_cash_fen"], event["counted_cash_fen"], event["over_short_fen"]) == (
        7_640,
        7_590,
        -50,
    )
    assert (event["payouts_cash_fen"], event["pay_out_fen"]) == (15_660, 2_000)

    qtbot.waitUntil(lambda: "Backup made" in report.message_label.text(), timeout=10_000)
    assert any(b.reason == "daily" for b in list_backups(demo_db_path.parent, check=False))

    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is window.signin_view.pin_input)
    assert window.checkout is None
    assert current_shift(demo_db, settings, clock) is None


def test_a_pay_out_over_the_limit_asks_the_owners_pin(window, qtbot, demo_db):
    sign_in(qtbot, window, "1234", float_yuan="500")
    pay_out_by_keys(qtbot, "250", "交电费")
    pin = wait_for_dialog(qtbot, "ownerPinDialog")
    assert "¥200.00" in pin.prompt_label.text()  # the limit, from core's refusal
    type_enter(qtbot, "8888")
    wait_for_no_dialog(qtbot)
    detail = json.loads(
        demo_db.execute("SELECT detail FROM audit_log WHERE action = 'shift.pay_out'").fetchone()[0]
    )
    assert detail["amount_fen"] == 25_000 and detail["approved_by"] is not None
    assert "¥250.00" in window.checkout_view.message_label.text()


def test_a_pay_out_without_a_reason_is_refused_in_the_form(window, qtbot, demo_db):
    sign_in(qtbot, window, "1234")
    shift_menu(qtbot, 5)
    form = wait_for_dialog(qtbot, "payOutDialog")
    type_enter(qtbot, "5")
    assert modal() is form and form.message_label.text()
    assert focused() is form.inputs["reason"]
    assert count(demo_db, "drawer_moves") == 0


def test_a_pay_in_puts_cash_into_the_expected(window, qtbot, demo_db, settings, clock):
    sign_in(qtbot, window, "1234", float_yuan="100")
    shift_menu(qtbot, 4)
    wait_for_dialog(qtbot, "payInDialog")
    type_text(qtbot, "30")
    press(qtbot, Qt.Key.Key_Tab)
    type_chinese("银行换零钱")
    press(qtbot, Qt.Key.Key_Return)
    wait_for_no_dialog(qtbot)
    assert current_shift(demo_db, settings, clock).expected_cash_fen == 13_000


def test_an_over_short_beyond_the_limit_needs_a_note_and_the_owner(
    window, qtbot, demo_db, settings, clock
):
    sign_in(qtbot, window, "1234", float_yuan="200")
    shift_menu(qtbot, 3)
    dialog = wait_for_dialog(qtbot, "countDialog")
    dialog.amount_input.setFocus()
    type_text(qtbot, "150")  # ¥50 short, the limit is ¥10
    press(qtbot, Qt.Key.Key_F12)
    assert modal() is dialog
    assert focused() is dialog.note_input
    assert "¥-50.00" in dialog.message_label.text() or "-¥50.00" in dialog.message_label.text()
    assert current_shift(demo_db, settings, clock) is not None
    type_chinese("给错找零")
    press(qtbot, Qt.Key.Key_Return)  # the last line: done
    wait_for_dialog(qtbot, "ownerPinDialog")
    type_enter(qtbot, "8888")
    report = wait_for_dialog(qtbot, "shiftReportDialog")
    assert report.values["over_short_fen"].text() == "-¥50.00"
    closed = demo_db.execute("SELECT over_short_fen, note FROM shift_closes").fetchone()
    assert tuple(closed) == (-5_000, "给错找零")
    detail = json.loads(
        demo_db.execute("SELECT detail FROM audit_log WHERE action = 'shift.closed'").fetchone()[0]
    )
    assert detail["approved_by"] is not None
    qtbot.waitUntil(lambda: "Backup" in report.message_label.text(), timeout=10_000)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: focused() is window.signin_view.pin_input)


def test_handing_over_by_the_next_clerks_pin_opens_their_shift_on_the_counted_cash(
    window, qtbot, demo_db, settings, clock
):
    sign_in(qtbot, window, "1234", float_yuan="200")
    sell(window, qtbot, COLA_500ML)
    shift_menu(qtbot, 2)
    dialog = wait_for_dialog(qtbot, "countDialog")
    for _ in dialog.piece_inputs:
        press(qtbot, Qt.Key.Key_Return)
    type_enter(qtbot, "203")
    press(qtbot, Qt.Key.Key_Return)  # no note
    assert focused() is dialog.pin_input
    type_enter(qtbot, "9999")  # nobody's PIN
    assert modal() is dialog and dialog.pin_input.text() == ""
    assert focused() is dialog.pin_input
    type_enter(qtbot, "8888")
    report = wait_for_dialog(qtbot, "shiftReportDialog")
    assert report.values["over_short_fen"].text() == "¥0.00"
    assert report.values["counted_cash_fen"].text() == "¥203.00"
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            window.checkout is not None
            and window.checkout.operator.name == "店主"
            and focused() is window.checkout_view.scan_input
        )
    )
    assert "店员" in window.checkout_view.message_label.text()
    opened = current_shift(demo_db, settings, clock)
    assert (opened.opened_by, opened.float_fen) == ("店主", 20_300)
    assert count(demo_db, "outbox WHERE kind = 'shift.closed'") == 1


def test_the_x_report_shows_the_shift_so_far_and_prints_on_f7(window, qtbot, demo_db, file_printer):
    sign_in(qtbot, window, "1234", float_yuan="100")
    sell(window, qtbot, COLA_500ML)
    shift_menu(qtbot, 6)
    report = wait_for_dialog(qtbot, "shiftReportDialog")
    assert report.values["expected_cash_fen"].text() == "¥103.00"
    assert "counted_cash_fen" not in report.values
    press(qtbot, Qt.Key.Key_F7)
    wait_printed(qtbot, demo_db, file_printer, "中班报表")
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    assert focused() is window.checkout_view.scan_input


def test_the_shift_menu_is_refused_while_a_sale_is_open(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F11)
    assert modal() is None
    assert "F2" in window.checkout_view.message_label.text()


@pytest.fixture
def other_writer(demo_db_path):
    """Another program holding the station database's write lock."""
    conn = sqlite3.connect(demo_db_path, isolation_level=None)
    yield conn
    conn.close()


def test_a_deleted_line_is_counted_in_the_x_report(window, qtbot, demo_db, settings, clock):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, COLA_500ML)
    type_enter(qtbot, SPRITE_500ML)
    press(qtbot, Qt.Key.Key_Delete)
    assert len(window.checkout.cart.lines) == 1
    assert current_shift(demo_db, settings, clock).voided_lines_count == 1


def test_a_delete_that_cannot_be_recorded_keeps_the_line_and_says_why(
    window, qtbot, demo_db, other_writer, settings, clock
):
    demo_db.execute("PRAGMA busy_timeout=50")
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, COLA_500ML)
    other_writer.execute("BEGIN EXCLUSIVE")
    press(qtbot, Qt.Key.Key_Delete)
    assert len(window.checkout.cart.lines) == 1
    assert "占用" in window.checkout_view.message_label.text()
    other_writer.execute("ROLLBACK")
    press(qtbot, Qt.Key.Key_Delete)
    assert window.checkout.cart.is_empty
    assert current_shift(demo_db, settings, clock).voided_lines_count == 1


def test_a_shift_closed_from_the_command_line_meanwhile_is_said_in_the_menu(
    window, qtbot, demo_db, owner, settings, clock
):
    from station_app.core.shifts import close_shift

    sign_in(qtbot, window, "1234")
    close_shift(demo_db, owner, settings, clock, counted_fen=0)
    shift_menu(qtbot, 3)
    menu = wait_for_dialog(qtbot, "shiftMenuDialog")
    assert menu.message_label.text()
    press(qtbot, Qt.Key.Key_1)  # signing out still works
    qtbot.waitUntil(lambda: focused() is window.signin_view.pin_input)


def test_closing_the_day_installs_a_downloaded_update_to_start_next_time(
    window, qtbot, demo_db, demo_db_path
):
    from station_app.update.folders import READY_MARKER, UpdateFolders
    from station_app.update.state import read_state

    folders = UpdateFolders.of(demo_db_path.parent)
    folders.version_dir("99.0.0").mkdir(parents=True)
    (folders.version_dir("99.0.0") / READY_MARKER).write_text("", encoding="utf-8")
    sign_in(qtbot, window, "1234", float_yuan="0")
    assert read_state(folders).trial is None  # never while the shift is open
    shift_menu(qtbot, 3)
    dialog = wait_for_dialog(qtbot, "countDialog")
    dialog.amount_input.setFocus()
    type_text(qtbot, "0")
    press(qtbot, Qt.Key.Key_F12)
    report = wait_for_dialog(qtbot, "shiftReportDialog")
    qtbot.waitUntil(lambda: "Backup" in report.message_label.text(), timeout=10_000)
    assert read_state(folders).trial == "99.0.0"
    press(qtbot, Qt.Key.Key_Escape)
    window.refresh_update_status()
    assert window.update_label.text() == "更新 99.0.0 已安装，重新打开软件后生效"
