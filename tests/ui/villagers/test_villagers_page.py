"""The villagers page (村民, Alt+4) driven by keys: search, add, statement, repay, limit."""

from PySide6.QtCore import Qt

from station_app.core.cart import Cart
from station_app.core.catalog import find_by_code
from station_app.core.credit import balance_fen
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.sales import complete_sale
from station_app.core.villagers import find_villagers, get_villager
from station_app.ui.villagers.villager_models import VillagerColumn
from tests.helpers import count
from tests.ui.conftest import (
    COLA_500ML,
    focused,
    press,
    press_alt,
    sign_in,
    type_chinese,
    type_enter,
    type_text,
    wait_for_dialog,
    wait_for_no_dialog,
)

ZHANG_YONGGANG_TAIL = "8134"  # 张永刚, credit limit ¥500 in the demo station


def open_villagers_page(window, qtbot, pin="1234"):
    sign_in(qtbot, window, pin)
    press_alt(qtbot, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: focused() is window.workspace.villagers_page.main_input)
    return window.workspace.villagers


def buy_colas_on_account(db, settings, clock, clerk, villager, bottles):
    cart = Cart()
    cart.add_scan(find_by_code(db, COLA_500ML, settings.scale_prefixes))
    cart.set_quantity(0, bottles)
    total = cart.totals().total_fen
    return complete_sale(
        db,
        cart,
        [Tender(PaymentMethod.ACCOUNT, total, villager_id=villager.id)],
        clerk,
        settings,
        clock,
    ).sale


def test_everyone_is_listed_and_typing_narrows_the_list(window, qtbot, demo_db):
    villagers = open_villagers_page(window, qtbot)
    assert villagers.model.rowCount() == 40
    type_text(qtbot, ZHANG_YONGGANG_TAIL)
    assert villagers.model.rowCount() == 1
    row = villagers.model.record(0)
    assert row.villager.name == "张永刚"
    phone = villagers.model.index(0, VillagerColumn.PHONE).data()
    assert phone.endswith(ZHANG_YONGGANG_TAIL) and "****" in phone  # the queue can see it
    for _ in range(4):
        press(qtbot, Qt.Key.Key_Backspace)
    type_text(qtbot, "zyg")  # pinyin initials
    assert villagers.model.record(0).villager.name == "张永刚"


def test_statement_shows_each_entry_with_the_running_balance(
    window, qtbot, demo_db, settings, clock, clerk
):
    zhang = find_villagers(demo_db, ZHANG_YONGGANG_TAIL)[0]
    first = buy_colas_on_account(demo_db, settings, clock, clerk, zhang, 2)
    buy_colas_on_account(demo_db, settings, clock, clerk, zhang, 5)
    open_villagers_page(window, qtbot)
    type_enter(qtbot, ZHANG_YONGGANG_TAIL)
    account = wait_for_dialog(qtbot, "villagerAccountDialog")
    model = account.model
    assert [model.index(r, 4).data() for r in range(2)] == ["¥6.00", "¥21.00"]
    assert model.index(0, 2).data() == first.receipt_no
    assert "¥21.00" in account.balance_label.text()
    assert "¥500.00" in account.limit_label.text()
    press(qtbot, Qt.Key.Key_F3)
    repay = wait_for_dialog(qtbot, "repayDialog")
    type_text(qtbot, "30")  # more than owed
    press(qtbot, Qt.Key.Key_Return)
    assert "21.00" in repay.message_label.text()
    type_text(qtbot, "20")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Down)  # WeChat Pay
    press(qtbot, Qt.Key.Key_Return)
    assert wait_for_dialog(qtbot, "villagerAccountDialog") is account
    assert balance_fen(demo_db, zhang.id) == 100
    assert model.rowCount() == 3
    assert "WeChat" in model.index(2, 1).data()  # the tests run in the source language
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    assert focused() is window.workspace.villagers_page.main_input


def test_a_clerk_sets_a_credit_limit_with_the_owner_pin(window, qtbot, demo_db):
    open_villagers_page(window, qtbot)
    type_enter(qtbot, ZHANG_YONGGANG_TAIL)
    account = wait_for_dialog(qtbot, "villagerAccountDialog")
    press(qtbot, Qt.Key.Key_F4)
    wait_for_dialog(qtbot, "creditLimitDialog")
    type_enter(qtbot, "800")
    wait_for_dialog(qtbot, "ownerPinDialog")
    type_enter(qtbot, "8888")
    assert wait_for_dialog(qtbot, "villagerAccountDialog") is account
    zhang = find_villagers(demo_db, ZHANG_YONGGANG_TAIL)[0]
    assert get_villager(demo_db, zhang.id).credit_limit_fen == 80_000
    assert "¥800.00" in account.limit_label.text()
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_the_owner_sets_a_limit_without_a_pin(window, qtbot, demo_db):
    open_villagers_page(window, qtbot, pin="8888")
    type_enter(qtbot, ZHANG_YONGGANG_TAIL)
    wait_for_dialog(qtbot, "villagerAccountDialog")
    press(qtbot, Qt.Key.Key_F4)
    wait_for_dialog(qtbot, "creditLimitDialog")
    type_enter(qtbot, "0")
    wait_for_dialog(qtbot, "villagerAccountDialog")
    zhang = find_villagers(demo_db, ZHANG_YONGGANG_TAIL)[0]
    assert zhang.credit_limit_fen == 0
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_f2_adds_a_villager_with_the_number_typed(window, qtbot, demo_db):
    villagers = open_villagers_page(window, qtbot)
    type_text(qtbot, "13712345678")
    assert villagers.model.rowCount() == 0
    press(qtbot, Qt.Key.Key_F2)
    form = wait_for_dialog(qtbot, "villagerFormDialog")
    assert form.values()["phone"] == "13712345678"
    press(qtbot, Qt.Key.Key_Return)  # no name yet
    assert form.message_label.text()
    assert focused() is form.inputs["name"]
    type_chinese("王老汉")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_chinese("三组")
    press(qtbot, Qt.Key.Key_Return)
    wait_for_no_dialog(qtbot)
    assert count(demo_db, "villagers") == 41
    table = window.workspace.villagers_page.villager_table
    highlighted = table.selectionModel().currentIndex().row()
    assert villagers.model.record(highlighted).villager.name == "王老汉"
    assert focused() is window.workspace.villagers_page.main_input


def test_a_wrong_mobile_number_is_refused_in_the_form(window, qtbot, demo_db):
    open_villagers_page(window, qtbot)
    press(qtbot, Qt.Key.Key_F2)
    form = wait_for_dialog(qtbot, "villagerFormDialog")
    type_chinese("赵六")
    press(qtbot, Qt.Key.Key_Tab)
    type_enter(qtbot, "12345")
    assert "12345" in form.message_label.text()
    assert focused() is form.inputs["phone"]
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    assert count(demo_db, "villagers") == 40


def test_f5_prints_the_statement(window, qtbot, demo_db, settings, clock, clerk, file_printer):
    zhang = find_villagers(demo_db, ZHANG_YONGGANG_TAIL)[0]
    buy_colas_on_account(demo_db, settings, clock, clerk, zhang, 2)
    open_villagers_page(window, qtbot)
    type_enter(qtbot, ZHANG_YONGGANG_TAIL)
    account = wait_for_dialog(qtbot, "villagerAccountDialog")
    with qtbot.waitSignal(window.print_queue.job_finished, timeout=10_000) as printed:
        press(qtbot, Qt.Key.Key_F5)
    assert printed.args[0].printed
    assert account.message_label.text()
    assert "对账单".encode("gb18030") in file_printer.read_bytes()
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_the_picker_takes_nobody_on_a_stray_enter(window, qtbot, demo_db):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F12)
    wait_for_dialog(qtbot, "paymentDialog")
    press(qtbot, Qt.Key.Key_F6)
    picker = wait_for_dialog(qtbot, "villagerPickerDialog")
    assert picker.model.rowCount() == 40  # the whole register to browse …
    press(qtbot, Qt.Key.Key_Return)  # … but nobody is chosen yet
    assert picker.message_label.text()
    press(qtbot, Qt.Key.Key_Down)
    chosen = picker.current.villager
    press(qtbot, Qt.Key.Key_Return)
    payment = wait_for_dialog(qtbot, "paymentDialog")
    assert chosen.name in payment.account_label.text()
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    assert count(demo_db, "sales") == 0


def test_the_added_message_goes_at_the_next_step(window, qtbot, demo_db):
    open_villagers_page(window, qtbot)
    page = window.workspace.villagers_page
    press(qtbot, Qt.Key.Key_F2)
    wait_for_dialog(qtbot, "villagerFormDialog")
    type_chinese("王老汉")
    press(qtbot, Qt.Key.Key_Return)
    wait_for_no_dialog(qtbot)
    assert "王老汉" in page.message_label.text()
    press(qtbot, Qt.Key.Key_F2)  # the next step: another villager, then not after all
    wait_for_dialog(qtbot, "villagerFormDialog")
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    assert "王老汉" not in page.message_label.text()


def test_the_debtors_count_reads_singular_and_plural_in_english(
    qapp, qtbot, demo_db, settings, clock, clerk
):
    from dataclasses import replace

    from PySide6.QtCore import QCoreApplication

    from station_app.ui.common.translation import install_translators
    from station_app.ui.main_window import MainWindow

    zhang = find_villagers(demo_db, ZHANG_YONGGANG_TAIL)[0]
    buy_colas_on_account(demo_db, settings, clock, clerk, zhang, 2)
    installed = install_translators(qapp, "en")
    try:
        main = MainWindow(demo_db, replace(settings, language="en"), clock)
        qtbot.addWidget(main)
        main.show()
        main.activateWindow()
        qtbot.waitActive(main)
        qtbot.waitUntil(lambda: focused() is main.signin_view.pin_input)
        open_villagers_page(main, qtbot)
        summary = main.workspace.villagers_page.summary_label
        assert summary.text().startswith("1 villager owes ¥6.00 in total.")
        main.close_checkout()
    finally:
        for translator in installed:
            QCoreApplication.removeTranslator(translator)


def test_a_mobile_number_already_registered_puts_the_cursor_in_the_phone_field(
    window, qtbot, demo_db
):
    taken = find_villagers(demo_db, ZHANG_YONGGANG_TAIL)[0].phone
    open_villagers_page(window, qtbot)
    press(qtbot, Qt.Key.Key_F2)
    form = wait_for_dialog(qtbot, "villagerFormDialog")
    type_chinese("赵六")
    press(qtbot, Qt.Key.Key_Tab)
    type_enter(qtbot, taken)
    assert "已登记" in form.message_label.text()
    assert focused() is form.inputs["phone"]
    assert form.inputs["phone"].property("refused") is True
    assert not form.inputs["name"].property("refused")
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    assert count(demo_db, "villagers") == 40
