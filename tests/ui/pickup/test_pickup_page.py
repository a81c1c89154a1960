"""The pickup page (取件, Alt+3) driven by keys: arrivals, handover once, overdue parcels."""

from datetime import timedelta

from PySide6.QtCore import Qt

from station_app.core.agency import create_order, mark_placed, mark_shipped
from station_app.core.clock import Clock
from station_app.core.parcels import find_parcels, register_arrival
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.settings import save_settings
from station_app.core.villagers import find_villagers
from station_app.ui.pickup.parcel_models import OVERDUE_BACKGROUND, ParcelColumn
from tests.helpers import count
from tests.ui.conftest import (
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


def open_pickup_page(window, qtbot, pin="1234"):
    sign_in(qtbot, window, pin)
    press_alt(qtbot, Qt.Key.Key_3)
    qtbot.waitUntil(lambda: focused() is window.workspace.pickup_page.main_input)
    return window.workspace.pickup


def register_by_keys(qtbot, pickup, tracking, phone="", name=""):
    """F2, scan the number, Tab past the carrier, the recipient; Enter, then Esc."""
    press(qtbot, Qt.Key.Key_F2)
    dialog = wait_for_dialog(qtbot, "arrivalDialog")
    type_text(qtbot, tracking)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, phone)
    press(qtbot, Qt.Key.Key_Tab)
    if name:
        type_chinese(name)
    with qtbot.waitSignal(pickup.arrival_registered) as registered:
        press(qtbot, Qt.Key.Key_Return)
    assert focused() is dialog.inputs["tracking"]  # ready for the next parcel
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    return registered.args[0]


def test_second_pickup_of_the_same_parcel_is_refused_saying_when_and_by_whom(
    window, qtbot, demo_db, file_printer
):
    pickup = open_pickup_page(window, qtbot)
    parcel = register_by_keys(qtbot, pickup, "JT1234567890123", "13900001234", "李四")
    assert parcel.carrier == "极兔"
    page = window.workspace.pickup_page
    assert pickup.model.rowCount() == 1

    type_enter(qtbot, "1234")  # the phone's last four digits
    assert "JT1234567890123" in page.message_label.text()
    with (
        qtbot.waitSignal(pickup.handed_over),
        qtbot.waitSignal(window.print_queue.job_finished, timeout=10_000),
    ):
        press(qtbot, Qt.Key.Key_Return)
    assert "李四" in page.message_label.text()
    assert pickup.model.rowCount() == 0  # nothing waits any more
    assert "李四".encode("gb18030") in file_printer.read_bytes()  # the handover slip

    type_enter(qtbot, parcel.pickup_code)
    assert pickup.model.rowCount() == 1
    assert "店员" in pickup.model.index(0, ParcelColumn.STATE).data()
    press(qtbot, Qt.Key.Key_Return)
    message = page.message_label.text()
    assert "不能重复取件" in message and "店员" in message
    assert page.message_label.property("tone") == "error"
    assert count(demo_db, "parcel_handovers") == 1
    assert focused() is page.main_input


def test_a_plain_digit_number_needs_the_carrier_chosen(window, qtbot, demo_db):
    pickup = open_pickup_page(window, qtbot)
    press(qtbot, Qt.Key.Key_F2)
    dialog = wait_for_dialog(qtbot, "arrivalDialog")
    type_enter(qtbot, "773012345678901")
    assert "快递公司" in dialog.message_label.text()
    assert focused() is dialog.inputs["carrier"]
    for _ in range(4):  # (from the number), 顺丰, 京东, 圆通, 中通
        press(qtbot, Qt.Key.Key_Down)
    assert dialog.values()["carrier"] == "中通"
    with qtbot.waitSignal(pickup.arrival_registered) as registered:
        press(qtbot, Qt.Key.Key_Return)
    assert registered.args[0].carrier == "中通"
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    assert focused() is window.workspace.pickup_page.main_input


def test_parcels_waiting_too_long_are_highlighted(window, qtbot, demo_db, clock, owner):
    save_settings(demo_db, parcel_overdue_days=3)
    long_ago = Clock(source=lambda: clock.now() - timedelta(days=5))
    register_arrival(demo_db, "SF1234567890123", long_ago, operator=owner, recipient_name="王大山")
    register_arrival(demo_db, "YT1234567890123", clock, operator=owner, recipient_name="李春花")
    pickup = open_pickup_page(window, qtbot)
    model = pickup.model
    assert [model.index(r, ParcelColumn.TRACKING).data() for r in range(2)] == [
        "SF1234567890123",
        "YT1234567890123",
    ]
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole).color() == OVERDUE_BACKGROUND
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "5" in model.index(0, ParcelColumn.STATE).data()
    assert "3" in window.workspace.pickup_page.summary_label.text()


def test_enter_on_the_waiting_list_chooses_and_a_second_enter_hands_over(
    window, qtbot, demo_db, owner, clock
):
    register_arrival(demo_db, "SF1234567890123", clock, operator=owner, recipient_name="王大山")
    pickup = open_pickup_page(window, qtbot)
    press(qtbot, Qt.Key.Key_Return)  # nothing highlighted: a stray Enter does nothing
    assert window.workspace.pickup_page.message_label.property("tone") == "error"
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)  # Enter on the waiting list only chooses
    assert count(demo_db, "parcel_handovers") == 0
    assert pickup.searching
    with qtbot.waitSignal(pickup.handed_over):
        press(qtbot, Qt.Key.Key_Return)
    assert count(demo_db, "parcel_handovers") == 1
    assert find_parcels(demo_db, "SF1234567890123") == []


def test_unknown_code_says_so_and_esc_shows_the_waiting_parcels(window, qtbot, demo_db):
    pickup = open_pickup_page(window, qtbot)
    type_enter(qtbot, "000000")
    page = window.workspace.pickup_page
    assert "000000" in page.message_label.text()
    assert not pickup.searching
    type_text(qtbot, "12")
    press(qtbot, Qt.Key.Key_Escape)
    assert page.main_input.text() == ""
    assert modal() is None


def test_a_bad_phone_puts_the_cursor_in_the_phone_field_outlined(window, qtbot, demo_db):
    open_pickup_page(window, qtbot)
    press(qtbot, Qt.Key.Key_F2)
    dialog = wait_for_dialog(qtbot, "arrivalDialog")
    type_text(qtbot, "JT1234567890123")  # the carrier follows the number
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_enter(qtbot, "12345")
    assert "12345" in dialog.message_label.text()
    assert focused() is dialog.inputs["phone"]
    assert dialog.inputs["phone"].property("refused") is True
    assert not dialog.inputs["tracking"].property("refused")
    assert count(demo_db, "parcels") == 0
    type_text(qtbot, "139")  # correcting it: the refusal was about what is now gone
    assert dialog.message_label.text() == ""
    assert not dialog.inputs["phone"].property("refused")
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_the_handed_over_message_goes_at_the_next_step(window, qtbot, demo_db, owner, clock):
    register_arrival(demo_db, "SF1234567890123", clock, operator=owner, recipient_name="王大山")
    pickup = open_pickup_page(window, qtbot)
    page = window.workspace.pickup_page
    type_enter(qtbot, "SF1234567890123")
    with qtbot.waitSignal(pickup.handed_over):
        press(qtbot, Qt.Key.Key_Return)
    assert "王大山" in page.message_label.text()
    press(qtbot, Qt.Key.Key_F2)  # the next step: a parcel arrives
    wait_for_dialog(qtbot, "arrivalDialog")
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    assert "王大山" not in page.message_label.text()


def test_a_refusal_on_the_page_goes_when_the_keeper_types_again(window, qtbot, demo_db):
    open_pickup_page(window, qtbot)
    page = window.workspace.pickup_page
    type_enter(qtbot, "000000")
    assert page.message_label.property("tone") == "error"
    type_text(qtbot, "1")
    assert page.message_label.text() == ""
    assert page.message_label.property("tone") != "error"


def test_the_waiting_count_reads_one_parcel_then_two_parcels_in_english(
    qapp, qtbot, demo_db, settings, clock, owner
):
    from dataclasses import replace

    from PySide6.QtCore import QCoreApplication

    from station_app.ui.common.translation import install_translators
    from station_app.ui.main_window import MainWindow

    save_settings(demo_db, parcel_overdue_days=1)
    installed = install_translators(qapp, "en")
    try:
        main = MainWindow(demo_db, replace(settings, language="en"), clock)
        qtbot.addWidget(main)
        main.show()
        main.activateWindow()
        qtbot.waitActive(main)
        qtbot.waitUntil(lambda: focused() is main.signin_view.pin_input)
        register_arrival(demo_db, "SF1234567890123", clock, operator=owner)
        pickup = open_pickup_page(main, qtbot)
        summary = main.workspace.pickup_page.summary_label
        assert summary.text() == "Waiting: 1 parcel, 0 of them over 1 day (red)."
        register_by_keys(qtbot, pickup, "JT1234567890123")
        assert summary.text().startswith("Waiting: 2 parcels,")
        main.close_checkout()
    finally:
        for translator in installed:
            QCoreApplication.removeTranslator(translator)


def test_the_handover_slip_of_money_collected_in_cash_is_stored_to_open_the_drawer(
    window, qtbot, demo_db, clerk, settings, clock, file_printer
):
    villager = find_villagers(demo_db, "1592")[0]  # 王大山
    order = create_order(
        demo_db,
        villager.id,
        "拼多多",
        "电饭煲",
        1,
        19_900,
        1000,
        500,
        [Tender(PaymentMethod.CASH, 5_000)],
        clerk,
        settings,
        clock,
    )
    mark_placed(demo_db, order.id, "PDD1", 20_900, clerk, clock)
    mark_shipped(demo_db, order.id, "SF1234567890123", clerk, clock)
    parcel = register_arrival(demo_db, "SF1234567890123", clock, operator=clerk)
    pickup = open_pickup_page(window, qtbot)
    type_enter(qtbot, parcel.pickup_code)
    assert "¥164.00" in window.workspace.pickup_page.message_label.text()
    press(qtbot, Qt.Key.Key_Return)
    wait_for_dialog(qtbot, "paymentDialog")
    with (
        qtbot.waitSignal(pickup.handed_over),
        qtbot.waitSignal(window.print_queue.job_finished, timeout=10_000),
    ):
        type_enter(qtbot, "200")  # cash, ¥36 change
    wait_for_no_dialog(qtbot)
    assert demo_db.execute(
        "SELECT open_drawer FROM print_jobs WHERE ref = ?", [parcel.tracking_no]
    ).fetchone() == (1,)


def test_a_parcel_already_in_puts_the_cursor_back_in_the_tracking_field(
    window, qtbot, demo_db, clock
):
    register_arrival(demo_db, "JT1234567890123", clock, operator=None)
    open_pickup_page(window, qtbot)
    press(qtbot, Qt.Key.Key_F2)
    dialog = wait_for_dialog(qtbot, "arrivalDialog")
    type_text(qtbot, "JT1234567890123")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_enter(qtbot, "13900001234")
    assert "已登记到站" in dialog.message_label.text()
    assert focused() is dialog.inputs["tracking"]
    assert dialog.inputs["tracking"].property("refused") is True
    assert not dialog.inputs["phone"].property("refused")
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
