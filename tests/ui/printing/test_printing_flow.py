"""Printing at the counter: a dead printer never hurts a sale; the keeper retries by hand."""

import json

import pytest
from PySide6.QtCore import Qt

from station_app.core.audit import verify_audit
from station_app.core.sales import load_sale
from station_app.core.settings import save_settings
from station_app.core.statuses import JobStatus
from station_app.printing.print_jobs import load_job, unfinished_jobs
from station_app.printing.printer_status import ASK_PAPER, ASK_PRINTER
from tests.helpers import count
from tests.printing.escpos_decode import decode
from tests.printing.fake_printer import FakePrinter, dead_port
from tests.ui.conftest import (
    COLA_500ML,
    focused,
    press,
    sign_in,
    type_enter,
    type_text,
    wait_for_dialog,
    wait_for_no_dialog,
)

QUESTIONS = ASK_PRINTER + ASK_PAPER


def _network_printer(db, port):
    save_settings(
        db,
        printer_kind="network",
        printer_host="127.0.0.1",
        printer_port=port,
        printer_timeout_ms=500,
    )


def _printed_jobs(printer):
    return [decode(data[len(QUESTIONS) :]) for data in printer.received]


def _sell_one_cola(window, qtbot, *, wechat=False):
    type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F12)
    wait_for_dialog(qtbot, "paymentDialog")
    with (
        qtbot.waitSignal(window.print_queue.job_finished, timeout=10_000) as printed,
        qtbot.waitSignal(window.checkout.sale_completed) as completed,
    ):
        if wechat:
            press(qtbot, Qt.Key.Key_F2)
            type_text(qtbot, "3")
            press(qtbot, Qt.Key.Key_Tab)
            type_enter(qtbot, "4200001")
        else:
            type_enter(qtbot, "10")
    wait_for_no_dialog(qtbot)  # the receipt stands where the cart was
    return completed.args[0].sale, printed.args[0]


def test_a_cash_sale_with_the_printer_off_is_stored_and_printed_later_by_hand(
    window, qtbot, demo_db
):
    port = dead_port()
    _network_printer(demo_db, port)
    sign_in(qtbot, window, "1234")
    sales_before = count(demo_db, "sales")

    sale, outcome = _sell_one_cola(window, qtbot)

    assert count(demo_db, "sales") == sales_before + 1
    assert load_sale(demo_db, sale.receipt_no) == sale
    assert not outcome.printed
    label = window.printer_label.text()
    assert sale.receipt_no in label and "连不上打印机" in label
    assert window.printer_label.property("tone") == "error"
    job = load_job(demo_db, outcome.job.id)
    assert (job.status, job.open_drawer) == (JobStatus.FAILED, True)
    assert focused() is window.checkout_view.scan_input  # the counter goes on

    with FakePrinter(port=port) as printer:
        press(qtbot, Qt.Key.Key_F7)
        menu = wait_for_dialog(qtbot, "printMenuDialog")
        assert "(1)" in menu.list_widget.item(1).text()
        press(qtbot, Qt.Key.Key_2)
        jobs = wait_for_dialog(qtbot, "printJobsDialog")
        assert jobs.model.rowCount() == 1
        assert sale.receipt_no in jobs.model.index(0).data()
        with qtbot.waitSignal(window.print_queue.job_finished, timeout=10_000) as retried:
            press(qtbot, Qt.Key.Key_Return)
        assert retried.args[0].printed
        qtbot.waitUntil(lambda: jobs.model.rowCount() == 0)
        press(qtbot, Qt.Key.Key_Escape)
        wait_for_no_dialog(qtbot)
    paper = _printed_jobs(printer)
    assert len(paper) == 1
    assert any(sale.receipt_no in text for text in paper[0].texts)
    assert "drawer" not in paper[0].events  # minutes later the till stays shut
    assert "printed" in window.printer_label.text()
    assert load_job(demo_db, job.id).attempts == 2
    assert unfinished_jobs(demo_db) == []


def test_a_cash_sale_opens_the_drawer_and_a_wechat_sale_does_not(window, qtbot, demo_db):
    with FakePrinter() as printer:
        _network_printer(demo_db, printer.port)
        sign_in(qtbot, window, "1234")
        _, cash = _sell_one_cola(window, qtbot)
        _, wechat = _sell_one_cola(window, qtbot, wechat=True)
    assert cash.printed and wechat.printed
    cash_paper, wechat_paper = _printed_jobs(printer)
    assert cash_paper.events[0] == "drawer"
    assert "drawer" not in wechat_paper.events
    assert any(text.startswith("找零") for text in cash_paper.texts)


def test_a_stalled_printer_fails_the_job_without_blocking_the_counter(window, qtbot, demo_db):
    with FakePrinter("stall") as printer:
        _network_printer(demo_db, printer.port)
        sign_in(qtbot, window, "1234")
        sale, outcome = _sell_one_cola(window, qtbot)
    assert not outcome.printed
    assert "没有回应" in window.printer_label.text()
    assert load_sale(demo_db, sale.receipt_no) == sale


def test_a_reprint_from_the_menu_says_reprint_and_is_audited(window, qtbot, demo_db):
    with FakePrinter() as printer:
        _network_printer(demo_db, printer.port)
        sign_in(qtbot, window, "1234")
        sale, _ = _sell_one_cola(window, qtbot)
        press(qtbot, Qt.Key.Key_F7)
        wait_for_dialog(qtbot, "printMenuDialog")
        press(qtbot, Qt.Key.Key_1)
        dialog = wait_for_dialog(qtbot, "reprintDialog")
        assert dialog.input.text() == sale.receipt_no
        with qtbot.waitSignal(window.print_queue.job_finished, timeout=10_000):
            press(qtbot, Qt.Key.Key_Return)
        wait_for_no_dialog(qtbot)
    copy = _printed_jobs(printer)[-1]
    assert copy.texts[0].strip() == "重印 REPRINT"
    assert "drawer" not in copy.events
    audit = demo_db.execute(
        "SELECT subject_id FROM audit_log WHERE action = 'receipt.reprinted'"
    ).fetchall()
    assert audit == [(sale.receipt_no,)]


def test_a_clerk_opens_the_drawer_only_with_the_owners_pin(window, qtbot, demo_db):
    with FakePrinter() as printer:
        _network_printer(demo_db, printer.port)
        sign_in(qtbot, window, "1234")
        press(qtbot, Qt.Key.Key_F7)
        wait_for_dialog(qtbot, "printMenuDialog")
        press(qtbot, Qt.Key.Key_3)
        wait_for_dialog(qtbot, "ownerPinDialog")
        with qtbot.waitSignal(
            window.print_queue.status_changed,
            timeout=10_000,
            check_params_cb=lambda text, tone: "drawer" in text,
        ):
            type_enter(qtbot, "8888")
        wait_for_no_dialog(qtbot)
    assert printer.all_bytes == QUESTIONS + b"\x1bp\x00\x32\x32"
    owner_row = demo_db.execute(
        "SELECT o.name, a.detail FROM audit_log a JOIN operators o "
        "ON o.id = a.operator_id WHERE a.action = 'drawer.opened'"
    ).fetchall()
    assert [(name, json.loads(detail)["reason"]) for name, detail in owner_row] == [
        ("店主", "for 店员")
    ]
    assert verify_audit(demo_db).ok


def test_the_owner_sets_up_the_printer_with_a_test_print(window, qtbot, demo_db):
    with FakePrinter() as printer:
        sign_in(qtbot, window, "8888")
        press(qtbot, Qt.Key.Key_F7)
        wait_for_dialog(qtbot, "printMenuDialog")
        press(qtbot, Qt.Key.Key_4)
        dialog = wait_for_dialog(qtbot, "printerSettingsDialog")
        assert focused() is dialog.kind_box
        dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("network"))
        assert dialog.host_input.isVisibleTo(dialog) and not dialog.usb_input.isVisibleTo(dialog)
        dialog.host_input.setText("127.0.0.1")
        dialog.port_input.setValue(printer.port)
        dialog.timeout_input.setValue(500)
        dialog.paper_box.setCurrentIndex(dialog.paper_box.findData("48"))
        dialog.host_input.setFocus()
        press(qtbot, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: "Check the paper" in dialog.message_label.text(), timeout=10_000)
        assert (
            demo_db.execute("SELECT value FROM settings WHERE key = 'printer_kind'").fetchone()
            is None
        )  # a test print saves nothing
        press(qtbot, Qt.Key.Key_Return)
        wait_for_no_dialog(qtbot)
    page = _printed_jobs(printer)[0]
    assert any("1234567890" * 4 in text for text in page.texts)
    assert max(line.columns for line in page.lines) == 48
    assert window.print_queue.config.where() == f"127.0.0.1:{printer.port}"
    assert window.print_queue.settings.receipt_columns == 48
    changed = demo_db.execute(
        "SELECT subject_id FROM audit_log WHERE action = 'settings.changed'"
    ).fetchall()
    assert ("printer",) in changed


def test_a_bad_setting_keeps_the_dialog_open_with_the_reason(window, qtbot, demo_db):
    sign_in(qtbot, window, "8888")
    press(qtbot, Qt.Key.Key_F7)
    wait_for_dialog(qtbot, "printMenuDialog")
    press(qtbot, Qt.Key.Key_4)
    dialog = wait_for_dialog(qtbot, "printerSettingsDialog")
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("usb"))
    dialog.usb_input.setText("12:34")
    dialog.usb_input.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert "USB" in dialog.message_label.text()
    assert window.print_queue.config.kind == "none"
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_without_a_printer_the_sale_shows_its_receipt_and_stores_no_job(window, qtbot, demo_db):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F12)
    wait_for_dialog(qtbot, "paymentDialog")
    with qtbot.waitSignal(window.checkout.sale_completed):
        type_enter(qtbot, "10")
    wait_for_no_dialog(qtbot)
    assert window.checkout_view.showing_last_sale
    assert window.checkout_view.receipt_preview.image_label.pixmap().width() == 384
    assert count(demo_db, "print_jobs") == 0
    assert window.printer_label.text() == "Printer: not set up"


@pytest.mark.parametrize("columns", [32, 48])
def test_the_preview_is_the_paper_width(window, qtbot, demo_db, columns):
    save_settings(demo_db, receipt_columns=columns)
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F12)
    wait_for_dialog(qtbot, "paymentDialog")
    type_enter(qtbot, "10")
    wait_for_no_dialog(qtbot)
    assert window.checkout_view.showing_last_sale
    assert window.checkout_view.receipt_preview.image_label.pixmap().width() == columns * 12


def test_a_clerk_reaches_the_printer_settings_with_the_owners_pin(window, qtbot):
    sign_in(qtbot, window, "1234")
    press(qtbot, Qt.Key.Key_F7)
    wait_for_dialog(qtbot, "printMenuDialog")
    press(qtbot, Qt.Key.Key_4)
    wait_for_dialog(qtbot, "ownerPinDialog")
    type_enter(qtbot, "8888")
    dialog = wait_for_dialog(qtbot, "printerSettingsDialog")
    assert focused() is dialog.kind_box
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    assert focused() is window.checkout_view.scan_input


def test_a_cash_refund_prints_a_refund_receipt_and_opens_the_drawer(window, qtbot, demo_db):
    with FakePrinter() as printer:
        _network_printer(demo_db, printer.port)
        sign_in(qtbot, window, "1234")
        sale, _ = _sell_one_cola(window, qtbot)
        press(qtbot, Qt.Key.Key_F8)
        wait_for_dialog(qtbot, "receiptNoDialog")
        press(qtbot, Qt.Key.Key_Return)
        refund = wait_for_dialog(qtbot, "refundDialog")
        type_text(qtbot, "1")
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: refund.model.chosen_quantities() == {sale.lines[0].id: 1})
        qtbot.waitUntil(lambda: focused() is refund.table)
        with qtbot.waitSignal(window.print_queue.job_finished, timeout=10_000) as printed:
            press(qtbot, Qt.Key.Key_Return)
            wait_for_dialog(qtbot, "ownerPinDialog")
            type_enter(qtbot, "8888")
        wait_for_dialog(qtbot, "noticeDialog")
        press(qtbot, Qt.Key.Key_Return)
        wait_for_no_dialog(qtbot)
    assert printed.args[0].printed
    paper = _printed_jobs(printer)[-1]
    assert paper.texts[0].strip() == "退款 REFUND"
    assert paper.events[0] == "drawer"
    assert any(text.startswith("原小票") and text.endswith(sale.receipt_no) for text in paper.texts)


def test_a_failed_test_print_says_what_to_check_and_how_to_try_again(window, qtbot, demo_db):
    sign_in(qtbot, window, "8888")
    press(qtbot, Qt.Key.Key_F7)
    wait_for_dialog(qtbot, "printMenuDialog")
    press(qtbot, Qt.Key.Key_4)
    dialog = wait_for_dialog(qtbot, "printerSettingsDialog")
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("network"))
    dialog.host_input.setText("127.0.0.1")
    dialog.port_input.setValue(dead_port())
    dialog.timeout_input.setValue(300)
    dialog.host_input.setFocus()
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: dialog.message_label.property("tone") == "error", timeout=10_000)
    said = dialog.message_label.text()
    assert said.startswith("Test print failed: 连不上打印机"), said
    for advice in (
        "switched on",
        "paper",
        "cable or network port",
        "F5 to try again",
        "correct the connection",
    ):
        assert advice in said, advice
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
