"""The agency page (代购, Alt+2) driven by keys: new orders, payment, slip, each order's steps."""

import pytest
from PySide6.QtCore import Qt

from station_app.core.agency import find_orders, get_order, list_orders, order_history
from station_app.core.credit import balance_fen
from station_app.core.statuses import JobStatus
from station_app.core.villagers import find_villagers
from station_app.printing.print_jobs import unfinished_jobs
from station_app.ui.common.key_map import AGENCY_KEYS, PageAction
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

LI_CHUNHUA_TAIL = "9863"  # 李春花, credit limit ¥200 in the demo station
WANG_DASHAN_TAIL = "1592"  # 王大山, no credit


def open_agency_page(window, qtbot, pin="1234"):
    sign_in(qtbot, window, pin)
    press_alt(qtbot, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: focused() is window.workspace.agency_page.main_input)
    return window.workspace.agency


def fill_order_form(qtbot, phone_tail, *, price="199", shipping="10", fee="5"):
    """F2, pick the villager by phone tail, type a rice cooker from Pinduoduo; Enter."""
    press(qtbot, Qt.Key.Key_F2)
    wait_for_dialog(qtbot, "villagerPickerDialog")
    type_enter(qtbot, phone_tail)
    form = wait_for_dialog(qtbot, "agencyOrderDialog")
    assert focused() is form.inputs["platform"]
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    assert form.values()["platform"] == "拼多多"
    press(qtbot, Qt.Key.Key_Tab)
    type_chinese("美的电饭煲 3L")
    press(qtbot, Qt.Key.Key_Tab)  # link: none
    press(qtbot, Qt.Key.Key_Tab)  # quantity: 1
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, price)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, shipping)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, fee)
    press(qtbot, Qt.Key.Key_Return)
    return form


def close_notice(qtbot):
    notice = wait_for_dialog(qtbot, "noticeDialog")
    text = notice.text_label.text()
    press(qtbot, Qt.Key.Key_Return)
    wait_for_no_dialog(qtbot)
    return text


def take_step(qtbot, detail, number, *values):
    """In the order's detail: a step by its digit, its fields typed with Tab, then Enter."""
    type_text(qtbot, str(number))
    form = wait_for_dialog(qtbot, detail_step_name(detail, number))
    for index, value in enumerate(values):
        if index:
            press(qtbot, Qt.Key.Key_Tab)
        if value.isascii():
            type_text(qtbot, value)
        else:
            type_chinese(value)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: modal() is detail and focused() is detail.steps_list)
    return form


def detail_step_name(detail, number):
    state = detail.steps_list.item(number - 1).data(Qt.ItemDataRole.UserRole)
    return f"step_{state}"


def test_order_paid_half_cash_half_on_account_arrives_is_picked_up_and_repaid(
    window, qtbot, demo_db, file_printer
):
    agency = open_agency_page(window, qtbot)
    villager = find_villagers(demo_db, LI_CHUNHUA_TAIL)[0]
    fill_order_form(qtbot, LI_CHUNHUA_TAIL)
    payment = wait_for_dialog(qtbot, "paymentDialog")
    assert payment.total_fen == 21_400
    type_enter(qtbot, "107")  # half in cash …
    assert payment.remaining_fen == 10_700
    press(qtbot, Qt.Key.Key_F6)  # … the other half on her account
    assert "李春花" in payment.account_label.text()
    assert payment.amount_input.selectedText() == "107.00"
    with (
        qtbot.waitSignal(agency.order_created) as created,
        qtbot.waitSignal(window.print_queue.job_finished, timeout=10_000) as printed,
    ):
        press(qtbot, Qt.Key.Key_Return)
    order = created.args[0]
    text = close_notice(qtbot)
    assert order.pickup_code in text and len(order.pickup_code) == 6
    assert focused() is window.workspace.agency_page.main_input
    assert (order.collected_fen, order.due_from_villager_fen) == (21_400, 0)
    assert balance_fen(demo_db, villager.id) == 10_700
    assert printed.args[0].job.ref == order.order_no and printed.args[0].printed
    assert order.pickup_code.encode() in file_printer.read_bytes()

    # The new order is highlighted on the board: Enter opens it; steps by their digit.
    assert agency.order_model.order(0).id == order.id
    press(qtbot, Qt.Key.Key_Return)
    detail = wait_for_dialog(qtbot, "agencyDetailDialog")
    assert [detail.steps_list.item(n).text()[0] for n in range(2)] == ["1", "2"]
    take_step(qtbot, detail, 1, "PDD2024001", "209")
    assert get_order(demo_db, order.id).status == "placed"
    take_step(qtbot, detail, 1, "YT1234567890123")
    assert get_order(demo_db, order.id).status == "shipped"
    assert "Alt+3" in detail.hint_label.text()
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)

    # The parcel arrives: registered on the pickup page, it marks the order arrived.
    press_alt(qtbot, Qt.Key.Key_3)
    pickup = window.workspace.pickup
    qtbot.waitUntil(lambda: focused() is window.workspace.pickup_page.main_input)
    press(qtbot, Qt.Key.Key_F2)
    arrival = wait_for_dialog(qtbot, "arrivalDialog")
    type_text(qtbot, "YT1234567890123")
    assert arrival.values()["carrier"] == "圆通"  # told by the number's format
    with qtbot.waitSignal(pickup.arrival_registered):
        press(qtbot, Qt.Key.Key_Return)
    assert order.pickup_code in arrival.message_label.text()
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    assert get_order(demo_db, order.id).status == "arrived"

    # Handed over by pickup code: nothing left to pay, so no payment is asked.
    type_enter(qtbot, order.pickup_code)
    assert "YT1234567890123" in window.workspace.pickup_page.message_label.text()
    with (
        qtbot.waitSignal(pickup.handed_over),
        qtbot.waitSignal(window.print_queue.job_finished, timeout=10_000),
    ):
        press(qtbot, Qt.Key.Key_Return)
    assert modal() is None
    assert get_order(demo_db, order.id).status == "picked_up"
    assert b"YT1234567890123" in file_printer.read_bytes()  # the handover slip

    # She repays her balance on the villagers page.
    press_alt(qtbot, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: focused() is window.workspace.villagers_page.main_input)
    type_enter(qtbot, LI_CHUNHUA_TAIL)
    account = wait_for_dialog(qtbot, "villagerAccountDialog")
    assert "¥107.00" in account.balance_label.text()
    assert account.model.rowCount() == 1
    press(qtbot, Qt.Key.Key_F3)
    repay = wait_for_dialog(qtbot, "repayDialog")
    assert repay.values()["amount"] == "107.00"
    press(qtbot, Qt.Key.Key_Return)
    assert wait_for_dialog(qtbot, "villagerAccountDialog") is account
    assert balance_fen(demo_db, villager.id) == 0
    assert "¥0.00" in account.balance_label.text()
    assert account.model.rowCount() == 2
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    assert [h.status for h in order_history(demo_db, order.id)] == [
        "created",
        "placed",
        "shipped",
        "arrived",
        "picked_up",
    ]
    assert not unfinished_jobs(demo_db) or all(
        job.status is JobStatus.DONE for job in unfinished_jobs(demo_db)
    )


def test_on_account_over_the_limit_needs_the_owner_pin(window, qtbot, demo_db):
    agency = open_agency_page(window, qtbot)
    villager = find_villagers(demo_db, LI_CHUNHUA_TAIL)[0]
    fill_order_form(qtbot, LI_CHUNHUA_TAIL, price="300", shipping="0", fee="5")
    payment = wait_for_dialog(qtbot, "paymentDialog")
    press(qtbot, Qt.Key.Key_F6)
    press(qtbot, Qt.Key.Key_Return)  # ¥305 on a ¥200 limit
    pin = wait_for_dialog(qtbot, "ownerPinDialog")
    assert "200" in pin.prompt_label.text()
    type_enter(qtbot, "1234")  # the clerk's PIN will not do
    assert pin.message_label.text()
    assert count(demo_db, "agency_orders") == 0
    with qtbot.waitSignal(agency.order_created):
        type_enter(qtbot, "8888")
    close_notice(qtbot)
    assert balance_fen(demo_db, villager.id) == 30_500
    approved = demo_db.execute("SELECT approved_by FROM villager_ledger").fetchone()[0]
    assert approved is not None
    assert payment is not None


def test_deposit_now_and_the_rest_collected_at_pickup(window, qtbot, demo_db):
    agency = open_agency_page(window, qtbot)
    fill_order_form(qtbot, WANG_DASHAN_TAIL)
    payment = wait_for_dialog(qtbot, "paymentDialog")
    assert "F7" in payment.keys_label.text()
    type_text(qtbot, "50")
    with qtbot.waitSignal(agency.order_created) as created:
        press(qtbot, Qt.Key.Key_F7)
    order = created.args[0]
    assert "¥164.00" in close_notice(qtbot)
    assert order.due_from_villager_fen == 16_400

    press(qtbot, Qt.Key.Key_Return)
    detail = wait_for_dialog(qtbot, "agencyDetailDialog")
    take_step(qtbot, detail, 1, "PDD2024002", "209")
    take_step(qtbot, detail, 1, "SF1234567890123")
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    press_alt(qtbot, Qt.Key.Key_3)
    press(qtbot, Qt.Key.Key_F2)
    wait_for_dialog(qtbot, "arrivalDialog")
    type_enter(qtbot, "SF1234567890123")
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)

    pickup = window.workspace.pickup
    type_enter(qtbot, WANG_DASHAN_TAIL)  # by phone tail this time
    assert "¥164.00" in window.workspace.pickup_page.message_label.text()
    press(qtbot, Qt.Key.Key_Return)
    due = wait_for_dialog(qtbot, "paymentDialog")
    assert due.total_fen == 16_400
    with qtbot.waitSignal(pickup.handed_over):
        type_enter(qtbot, "200")  # cash, ¥36 change
    wait_for_no_dialog(qtbot)
    done = get_order(demo_db, order.id)
    assert (done.status, done.collected_fen) == ("picked_up", 21_400)


def test_status_filter_cycles_and_f5_shows_open_balances(window, qtbot, demo_db):
    agency = open_agency_page(window, qtbot)
    fill_order_form(qtbot, WANG_DASHAN_TAIL)
    wait_for_dialog(qtbot, "paymentDialog")
    with qtbot.waitSignal(agency.order_created):
        press(qtbot, Qt.Key.Key_F7)  # nothing paid yet
    close_notice(qtbot)
    view = window.workspace.agency_page
    assert agency.order_model.rowCount() == 1
    press(qtbot, Qt.Key.Key_F3)
    assert "已下单登记" not in view.filter_label.text()  # the screen's own words
    assert agency.order_model.rowCount() == 1  # "taken, not ordered yet"
    press(qtbot, Qt.Key.Key_F3)
    assert agency.order_model.rowCount() == 0  # "ordered on the platform"
    press(qtbot, Qt.Key.Key_F4)
    press(qtbot, Qt.Key.Key_F4)
    assert agency.filter_index == 0
    press(qtbot, Qt.Key.Key_F5)
    assert view.tables.currentWidget() is view.balance_table
    assert agency.balance_model.rowCount() == 1
    assert agency.balance_model.index(0, 3).data() == "¥214.00"  # the villager owes it all
    assert agency.balance_model.index(0, 6).data() == "0"  # days old
    press(qtbot, Qt.Key.Key_Return)
    wait_for_dialog(qtbot, "agencyDetailDialog")
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    press(qtbot, Qt.Key.Key_F5)
    assert view.tables.currentWidget() is view.order_table
    assert focused() is view.main_input


def test_typing_an_order_number_opens_it_and_cancel_then_refund_pays_back(window, qtbot, demo_db):
    agency = open_agency_page(window, qtbot)
    fill_order_form(qtbot, WANG_DASHAN_TAIL)
    wait_for_dialog(qtbot, "paymentDialog")
    with qtbot.waitSignal(agency.order_created) as created:
        type_enter(qtbot, "214")
    close_notice(qtbot)
    order = created.args[0]
    type_enter(qtbot, order.order_no)
    detail = wait_for_dialog(qtbot, "agencyDetailDialog")
    steps = [
        detail.steps_list.item(n).data(Qt.ItemDataRole.UserRole)
        for n in range(detail.steps_list.count())
    ]
    assert steps == ["placed", "cancelled"]  # only the legal next steps
    take_step(qtbot, detail, 2, "不要了")
    assert get_order(demo_db, order.id).owed_to_villager_fen == 21_400
    take_step(qtbot, detail, 1)  # refund: nothing spent on the platform, all paid back in cash
    refunded = get_order(demo_db, order.id)
    assert (refunded.status, refunded.owed_to_villager_fen) == ("refunded", 0)
    assert detail.steps_list.count() == 0
    assert [h.status for h in order_history(demo_db, order.id)][-1] == "refunded"
    assert detail.history_model.rowCount() == 3
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_an_illegal_number_is_refused_in_the_step_dialog(window, qtbot, demo_db):
    agency = open_agency_page(window, qtbot)
    fill_order_form(qtbot, WANG_DASHAN_TAIL)
    wait_for_dialog(qtbot, "paymentDialog")
    with qtbot.waitSignal(agency.order_created):
        press(qtbot, Qt.Key.Key_F7)
    close_notice(qtbot)
    press(qtbot, Qt.Key.Key_Return)
    detail = wait_for_dialog(qtbot, "agencyDetailDialog")
    type_text(qtbot, "1")
    step = wait_for_dialog(qtbot, "step_placed")
    press(qtbot, Qt.Key.Key_Return)  # no platform order number
    assert step.message_label.text()
    assert focused() is step.inputs["number"]
    press(qtbot, Qt.Key.Key_Escape)
    assert wait_for_dialog(qtbot, "agencyDetailDialog") is detail
    assert list_orders(demo_db)[0].status == "created"
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_empty_item_is_refused_in_the_form(window, qtbot, demo_db):
    open_agency_page(window, qtbot)
    press(qtbot, Qt.Key.Key_F2)
    wait_for_dialog(qtbot, "villagerPickerDialog")
    type_enter(qtbot, WANG_DASHAN_TAIL)
    form = wait_for_dialog(qtbot, "agencyOrderDialog")
    press(qtbot, Qt.Key.Key_Return)
    assert form.message_label.text()
    assert focused() is form.inputs["item"]
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    assert find_orders(demo_db, WANG_DASHAN_TAIL) == []


@pytest.mark.parametrize("binding", AGENCY_KEYS, ids=lambda b: b.caption)
def test_the_page_keys_are_shown_on_screen(window, qtbot, binding):
    open_agency_page(window, qtbot)
    label = window.workspace.agency_page.legend_labels[binding.action]
    assert label.isVisible() and label.text()
    assert PageAction.NEW_ORDER in window.workspace.agency_page.legend_labels


def test_a_return_after_pickup_is_sent_back_and_refunded_to_the_account(
    window, qtbot, demo_db, settings, clock, clerk
):
    from station_app.core.agency import create_order, mark_placed, mark_shipped
    from station_app.core.parcels import hand_over, register_arrival
    from station_app.core.payments import PaymentMethod, Tender

    li = find_villagers(demo_db, LI_CHUNHUA_TAIL)[0]
    order = create_order(
        demo_db,
        li.id,
        "淘宝",
        "雨靴",
        1,
        5_000,
        0,
        500,
        [Tender(PaymentMethod.ACCOUNT, 5_500, villager_id=li.id)],
        clerk,
        settings,
        clock,
    )
    mark_placed(demo_db, order.id, "TB001", 5_000, clerk, clock)
    mark_shipped(demo_db, order.id, "SF1234567890123", clerk, clock)
    hand_over(
        demo_db,
        register_arrival(demo_db, "SF1234567890123", clock, operator=clerk).id,
        clerk,
        clock,
    )
    open_agency_page(window, qtbot)
    type_enter(qtbot, order.pickup_code)
    detail = wait_for_dialog(qtbot, "agencyDetailDialog")
    take_step(qtbot, detail, 1, "尺码不对")  # return requested
    type_text(qtbot, "1")  # returned: a confirmation only
    confirm = wait_for_dialog(qtbot, "step_returned")
    assert focused() is confirm.confirm_button
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: modal() is detail and focused() is detail.steps_list)
    assert get_order(demo_db, order.id).status == "returned"
    type_text(qtbot, "1")  # refund
    refund = wait_for_dialog(qtbot, "step_refunded")
    assert refund.values()["platform"] == "50.00"
    assert refund.values()["paid_back"] == "55.00"
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    for _ in range(4):  # cash, WeChat, Alipay, UnionPay, on account
        press(qtbot, Qt.Key.Key_Down)
    assert refund.values()["method"] is PaymentMethod.ACCOUNT
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: modal() is detail and focused() is detail.steps_list)
    assert get_order(demo_db, order.id).status == "refunded"
    assert balance_fen(demo_db, li.id) == 0
    assert "¥55.00" in detail.history_model.index(7, 3).data()
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_partial_refunds_show_what_is_still_owed_until_both_are_settled(
    window, qtbot, demo_db, settings, clock, clerk
):
    from station_app.core.agency import cancel_order, create_order, mark_placed
    from station_app.core.payments import PaymentMethod, Tender

    wang = find_villagers(demo_db, WANG_DASHAN_TAIL)[0]
    # Boots 2 × ¥60 + ¥5 shipping + ¥5 fee; ¥83 paid down, ¥125 spent, then out of stock.
    order = create_order(
        demo_db,
        wang.id,
        "淘宝",
        "雨靴",
        2,
        6_000,
        500,
        500,
        [Tender(PaymentMethod.CASH, 8_300)],
        clerk,
        settings,
        clock,
    )
    mark_placed(demo_db, order.id, "TB0001", 12_500, clerk, clock)
    cancel_order(demo_db, order.id, "缺货", clerk, clock)
    agency = open_agency_page(window, qtbot)
    type_enter(qtbot, order.order_no)
    detail = wait_for_dialog(qtbot, "agencyDetailDialog")
    assert "¥125.00" in detail.hint_label.text() and "¥83.00" in detail.hint_label.text()

    type_text(qtbot, "1")
    refund = wait_for_dialog(qtbot, "step_refunded")
    assert (refund.values()["platform"], refund.values()["paid_back"]) == ("125.00", "83.00")
    type_enter(qtbot, "200")  # more than the platform was paid
    assert "¥125.00" in refund.message_label.text()
    assert focused() is refund.inputs["platform"]
    assert get_order(demo_db, order.id).platform_refund_fen == 0

    take_refund_values(qtbot, detail, "50", "0")  # the platform refunds part first
    assert "¥75.00" in detail.fact_labels[6].text()
    assert "¥83.00" in detail.fact_labels[7].text()
    assert "¥75.00" in detail.message_label.text() and "¥83.00" in detail.message_label.text()
    type_text(qtbot, "1")
    take_refund_values(qtbot, detail, "0", "40")  # ¥40 of ¥83 back
    partly = get_order(demo_db, order.id)
    assert (partly.status, partly.platform_owes_fen, partly.owed_to_villager_fen) == (
        "refunding",
        7_500,
        4_300,
    )
    assert "¥43.00" in detail.fact_labels[7].text()
    assert detail.steps_list.count() == 1  # the rest can still be recorded
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)

    press(qtbot, Qt.Key.Key_F5)
    view = window.workspace.agency_page
    assert agency.balance_model.order(0).id == order.id
    assert [agency.balance_model.index(0, c).data() for c in (3, 4, 5)] == ["", "¥43.00", "¥75.00"]
    assert "¥43.00" in view.filter_label.text() and "¥75.00" in view.filter_label.text()

    press(qtbot, Qt.Key.Key_Return)
    detail = wait_for_dialog(qtbot, "agencyDetailDialog")
    type_text(qtbot, "1")
    rest = wait_for_dialog(qtbot, "step_refunded")
    assert (rest.values()["platform"], rest.values()["paid_back"]) == ("75.00", "43.00")
    press(qtbot, Qt.Key.Key_Return)  # the rest, as offered
    qtbot.waitUntil(lambda: modal() is detail and focused() is detail.steps_list)
    done = get_order(demo_db, order.id)
    assert (done.status, done.platform_refund_fen, done.paid_back_fen) == (
        "refunded",
        12_500,
        8_300,
    )
    assert detail.steps_list.count() == 0
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    assert agency.balance_model.rowCount() == 0
    assert count(demo_db, "agency_money") == 6  # collected, spent, and one row per amount
    assert demo_db.execute(
        "SELECT count(*) FROM outbox WHERE kind = 'agency.status_changed' "
        "AND json_extract(payload, '$.status') IN "
        "('refunding', 'refunded')"
    ).fetchone() == (3,)


def take_refund_values(qtbot, detail, platform, paid_back):
    """In the open refund form, the cursor in the platform amount: both amounts, Enter."""
    form = wait_for_dialog(qtbot, "step_refunded")
    assert focused() is form.inputs["platform"]
    type_text(qtbot, platform)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, paid_back)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: modal() is detail and focused() is detail.steps_list)


def test_the_item_refusal_goes_away_once_the_item_is_typed(window, qtbot, demo_db):
    open_agency_page(window, qtbot)
    press(qtbot, Qt.Key.Key_F2)
    wait_for_dialog(qtbot, "villagerPickerDialog")
    type_enter(qtbot, WANG_DASHAN_TAIL)
    form = wait_for_dialog(qtbot, "agencyOrderDialog")
    press(qtbot, Qt.Key.Key_Return)
    assert form.message_label.text() == form.tr("Describe the item to buy.")
    assert focused() is form.inputs["item"]
    type_chinese("电饭煲")
    assert form.message_label.text() == ""
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_the_slip_of_an_agency_cash_deposit_is_stored_to_open_the_drawer(
    window, qtbot, demo_db, file_printer
):
    agency = open_agency_page(window, qtbot)
    fill_order_form(qtbot, WANG_DASHAN_TAIL)
    wait_for_dialog(qtbot, "paymentDialog")
    type_text(qtbot, "50")  # a cash deposit, the rest at pickup
    with (
        qtbot.waitSignal(agency.order_created) as created,
        qtbot.waitSignal(window.print_queue.job_finished, timeout=10_000),
    ):
        press(qtbot, Qt.Key.Key_F7)
    close_notice(qtbot)
    order = created.args[0]
    assert order.collected_fen == 5_000
    assert demo_db.execute(
        "SELECT open_drawer FROM print_jobs WHERE ref = ?", [order.order_no]
    ).fetchone() == (1,)


def test_a_refused_platform_amount_puts_the_cursor_in_the_amount_field(window, qtbot, demo_db):
    agency = open_agency_page(window, qtbot)
    fill_order_form(qtbot, WANG_DASHAN_TAIL)
    wait_for_dialog(qtbot, "paymentDialog")
    with qtbot.waitSignal(agency.order_created):
        press(qtbot, Qt.Key.Key_F7)
    close_notice(qtbot)
    press(qtbot, Qt.Key.Key_Return)
    detail = wait_for_dialog(qtbot, "agencyDetailDialog")
    type_text(qtbot, "1")
    step = wait_for_dialog(qtbot, "step_placed")
    type_text(qtbot, "PDD2024009")
    press(qtbot, Qt.Key.Key_Tab)
    type_enter(qtbot, "2000000")  # over the ¥1,000,000 any amount may be
    assert "超过上限 ¥1,000,000.00" in step.message_label.text()
    assert focused() is step.inputs["spent"]
    assert step.inputs["spent"].property("refused") is True
    assert not step.inputs["number"].property("refused")
    press(qtbot, Qt.Key.Key_Escape)
    assert wait_for_dialog(qtbot, "agencyDetailDialog") is detail
    assert list_orders(demo_db)[0].status == "created"
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
