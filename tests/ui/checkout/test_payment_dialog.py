import pytest
from PySide6.QtCore import Qt

from station_app.core.payments import PaymentMethod, Tender
from station_app.ui.checkout.payment_dialog import PaymentDialog
from tests.helpers import count
from tests.printing.escpos_decode import decode
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


@pytest.fixture
def dialog(qtbot):
    payment = PaymentDialog(1234, "zh_CN")
    # qtbot closes the widget after the test, so it must outlive a cancel.
    payment.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(payment)
    payment.show()
    payment.activateWindow()
    qtbot.waitActive(payment)
    qtbot.waitUntil(lambda: focused() is payment.amount_input)
    return payment


def test_cash_field_has_the_focus_with_the_total_selected(dialog):
    assert focused() is dialog.amount_input
    assert dialog.amount_input.selectedText() == "12.34"
    assert "¥12.34" in dialog.total_label.text()
    assert dialog.method is PaymentMethod.CASH


def test_typing_replaces_the_prefill_and_enter_confirms_with_change_shown(dialog, qtbot):
    type_text(qtbot, "20")
    assert dialog.amount_input.text() == "20"
    assert "¥7.66" in dialog.change_label.text()
    with qtbot.waitSignal(dialog.tenders_confirmed) as confirmed:
        press(qtbot, Qt.Key.Key_Return)
    assert confirmed.args[0] == [Tender(PaymentMethod.CASH, 2000, "")]


def test_wechat_part_payment_then_cash_for_the_rest(dialog, qtbot):
    press(qtbot, Qt.Key.Key_F2)
    assert dialog.method is PaymentMethod.WECHAT
    assert dialog.reference_input.isVisible()
    assert focused() is dialog.amount_input
    type_text(qtbot, "10")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.reference_input
    type_text(qtbot, "4200001")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.tenders == [Tender(PaymentMethod.WECHAT, 1000, "4200001")]
    assert dialog.method is PaymentMethod.CASH
    assert dialog.amount_input.selectedText() == "2.34"
    assert "¥2.34" in dialog.paid_label.text()
    with qtbot.waitSignal(dialog.tenders_confirmed) as confirmed:
        type_enter(qtbot, "5")
    assert confirmed.args[0] == [
        Tender(PaymentMethod.WECHAT, 1000, "4200001"),
        Tender(PaymentMethod.CASH, 500, ""),
    ]


def test_card_amount_above_the_total_is_refused(dialog, qtbot):
    press(qtbot, Qt.Key.Key_F4)
    with qtbot.assertNotEmitted(dialog.tenders_confirmed):
        type_enter(qtbot, "20")
    assert dialog.message_label.text() == "扫码或刷卡金额不能超过应收金额（无法找零）"
    assert dialog.tenders == []


def test_zero_is_refused_and_f5_clears_part_payments(dialog, qtbot):
    type_enter(qtbot, "0")
    assert "0" in dialog.message_label.text()
    type_enter(qtbot, "2")
    assert [t.amount_fen for t in dialog.tenders] == [200]
    press(qtbot, Qt.Key.Key_F5)
    assert dialog.tenders == []
    assert dialog.amount_input.selectedText() == "12.34"


def test_escape_cancels(dialog, qtbot):
    with qtbot.waitSignal(dialog.rejected):
        press(qtbot, Qt.Key.Key_Escape)


def test_split_payment_is_stored_as_two_payments(window, qtbot, demo_db):
    sign_in(qtbot, window, "1234")
    for _ in range(3):
        type_enter(qtbot, COLA_500ML)  # ¥9.00
    press(qtbot, Qt.Key.Key_F12)
    wait_for_dialog(qtbot, "paymentDialog")
    press(qtbot, Qt.Key.Key_F3)
    type_enter(qtbot, "4")  # Alipay ¥4.00, the rest in cash
    with qtbot.waitSignal(window.checkout.sale_completed):
        type_enter(qtbot, "10")
    wait_for_no_dialog(qtbot)
    assert count(demo_db, "sales") == 1
    payments = demo_db.execute(
        "SELECT method, amount_fen, tendered_fen FROM payments ORDER BY rowid"
    ).fetchall()
    assert payments == [("alipay", 400, None), ("cash", 500, 1000)]
    assert demo_db.execute("SELECT change_fen FROM sales").fetchone()[0] == 500


def test_cash_paid_in_two_goes_prints_one_cash_line(window, qtbot, demo_db, file_printer):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, COLA_500ML)  # ¥3.00
    press(qtbot, Qt.Key.Key_F12)
    payment = wait_for_dialog(qtbot, "paymentDialog")
    type_enter(qtbot, "1")  # ¥1 first …
    assert payment.remaining_fen == 200
    with (
        qtbot.waitSignal(window.checkout.sale_completed),
        qtbot.waitSignal(window.print_queue.job_finished, timeout=10_000),
    ):
        type_enter(qtbot, "5")  # … then a ¥5 note
    wait_for_no_dialog(qtbot)
    paper = decode(file_printer.read_bytes())
    cash = [text for text in paper.texts if text.startswith("现金")]
    assert len(cash) == 1 and cash[0].endswith("￥6.00")
    assert next(text for text in paper.texts if text.startswith("找零")).endswith("￥3.00")
    # The stored payments stay as taken: two cash tenders.
    assert demo_db.execute(
        "SELECT method, amount_fen, tendered_fen FROM payments ORDER BY rowid"
    ).fetchall() == [("cash", 100, 100), ("cash", 200, 500)]
