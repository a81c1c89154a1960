"""The consignment page (代销, Alt+5) driven by keys: intake, shipment, write-off, payout, trace."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from station_app.core.consignment import (
    get_lot,
    intake_lot,
    list_lots,
    pay_out,
    ship_lots,
    unpaid_settlements,
)
from station_app.core.errors import InputRefused
from station_app.core.hub_changes import apply_hub_change
from station_app.core.payments import PaymentMethod
from station_app.core.villagers import find_villagers
from station_app.printing.print_jobs import unfinished_jobs
from station_app.storage.transaction import write_transaction
from station_app.ui.common.key_map import CONSIGNMENT_KEYS
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

WANG_DASHAN_TAIL = "1592"  # 王大山 in the demo station


def open_consignment_page(window, qtbot, pin="1234"):
    sign_in(qtbot, window, pin)
    press_alt(qtbot, Qt.Key.Key_5)
    qtbot.waitUntil(lambda: focused() is window.workspace.consignment_page.main_input)
    return window.workspace.consignment


def farmer(db):
    return find_villagers(db, WANG_DASHAN_TAIL)[0]


def take_in(
    db,
    clerk,
    settings,
    clock,
    product="脐橙",
    grade="一级",
    crates=3,
    gross_g=31_500,
    harvest_days_ago=0,
    shelf_life_days=10,
):
    """A lot stored through core, as an earlier intake at the counter would have."""
    return intake_lot(
        db,
        farmer(db).id,
        product,
        grade,
        crates,
        0,
        gross_g,
        500,
        clock.today() - timedelta(days=harvest_days_ago),
        shelf_life_days,
        600,
        800,
        clerk,
        settings,
        clock,
    )


def settle(
    db, lot, clock, settlement_id="S-0001", sale_fen=18_000, hub_fees_fen=900, commission_fen=1_440
):
    """The hub's `lot.settled` change, applied as a sync download page applies it."""
    with write_transaction(db):
        apply_hub_change(
            db,
            7,
            "lot.settled",
            clock.stamp(),
            {
                "settlement_id": settlement_id,
                "lot_code": lot.lot_code,
                "outcome": "sold",
                "sold_g": lot.net_g,
                "sale_fen": sale_fen,
                "hub_fees_fen": hub_fees_fen,
                "commission_fen": commission_fen,
                "due_to_farmer_fen": sale_fen - hub_fees_fen - commission_fen,
            },
            clock.stamp(),
        )


def wait_printed(qtbot, db, jobs):
    qtbot.waitUntil(
        lambda: count(db, "print_jobs") == jobs and not unfinished_jobs(db), timeout=10_000
    )


def start_intake(qtbot):
    press(qtbot, Qt.Key.Key_F2)
    wait_for_dialog(qtbot, "villagerPickerDialog")
    type_enter(qtbot, WANG_DASHAN_TAIL)
    return wait_for_dialog(qtbot, "intakeDialog")


def fill_intake(qtbot, form, *, gross="31.5", tare="0.5", crates="3", harvest="-1"):
    """Oranges, grade 1, weights in kg, harvested yesterday, 10 days, ¥6/kg, 8 %."""
    assert focused() is form.inputs["product"]
    type_chinese("脐橙")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Down)  # 特级 → 一级
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, crates)
    press(qtbot, Qt.Key.Key_Tab)  # pieces: none counted
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, gross)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, tare)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, harvest)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "10")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "6")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "8")


def test_intake_typed_in_kg_shows_the_lot_code_and_prints_a_label_per_crate(
    window, qtbot, demo_db, clock, file_printer
):
    consignment = open_consignment_page(window, qtbot)
    form = start_intake(qtbot)
    fill_intake(qtbot, form)
    assert form.net_label.text().startswith("30.000")  # 31.5 − 3 × 0.5, shown as typed
    assert (clock.today() - timedelta(days=1)).isoformat() in form.dates_label.text()
    with qtbot.waitSignal(consignment.lot_taken_in) as taken:
        press(qtbot, Qt.Key.Key_Return)
    lot = taken.args[0]
    assert (lot.net_g, lot.tare_g, lot.grade) == (30_000, 1_500, "一级")
    assert lot.harvest_date == (clock.today() - timedelta(days=1)).isoformat()
    assert lot.lot_code in form.message_label.text()
    assert lot.lot_code in window.workspace.consignment_page.message_label.text()
    # The form stays for the next lot of this delivery: weights cleared, product kept.
    assert focused() is form.inputs["product"]
    assert form.values()["gross"] == "" and form.values()["product"] == "脐橙"
    wait_printed(qtbot, demo_db, 2)  # the crate labels, then the farmer's slip
    paper = file_printer.read_bytes()
    assert paper.count(b"1/3") == 1 and b"3/3" in paper and lot.lot_code.encode() in paper
    assert "代销收货单".encode("gb18030") in paper
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    assert focused() is window.workspace.consignment_page.main_input
    assert consignment.lot_model.lot(0).id == lot.id
    assert "DEMO-001" in window.workspace.consignment_page.paper_caption.text()


@pytest.mark.parametrize(
    ("gross", "tare", "said", "field"),
    [
        ("9999", "0.5", "5000 公斤", "gross"),  # 10 t on one farmer's cart: a typing slip
        ("1", "2", "须小于毛重", "tare"),
    ],
)
def test_an_absurd_weight_is_refused_with_cores_reason_and_nothing_saved(
    window, qtbot, demo_db, gross, tare, said, field
):
    open_consignment_page(window, qtbot)
    form = start_intake(qtbot)
    fill_intake(qtbot, form, gross=gross, tare=tare, crates="1")
    press(qtbot, Qt.Key.Key_Return)
    assert said in form.message_label.text()
    assert focused() is form.inputs[field]
    assert list_lots(demo_db) == [] and count(demo_db, "print_jobs") == 0
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_a_harvest_date_that_is_no_date_is_refused(window, qtbot, demo_db):
    open_consignment_page(window, qtbot)
    form = start_intake(qtbot)
    fill_intake(qtbot, form, harvest="2025-13-40")
    press(qtbot, Qt.Key.Key_Return)
    assert form.message_label.text()
    assert focused() is form.inputs["harvest"]
    assert list_lots(demo_db) == []
    press(qtbot, Qt.Key.Key_Escape)


def test_a_product_taken_in_before_brings_its_terms(window, qtbot, demo_db, clerk, settings, clock):
    intake_lot(
        demo_db,
        farmer(demo_db).id,
        "猕猴桃",
        "特级",
        4,
        0,
        42_000,
        1_000,
        clock.today(),
        14,
        900,
        1_000,
        clerk,
        settings,
        clock,
    )
    open_consignment_page(window, qtbot)
    form = start_intake(qtbot)
    type_chinese("猕猴桃")
    press(qtbot, Qt.Key.Key_Tab)
    values = form.values()
    assert (values["tare"], values["shelf_life"], values["price"], values["commission"]) == (
        "1",
        "14",
        "9.00",
        "10",
    )
    press(qtbot, Qt.Key.Key_Escape)


def test_up_and_down_in_the_product_field_offer_the_products_taken_in_before(
    window, qtbot, demo_db, clerk, settings, clock
):
    take_in(demo_db, clerk, settings, clock, product="猕猴桃")
    take_in(demo_db, clerk, settings, clock, product="香菇")  # the newest comes first
    open_consignment_page(window, qtbot)
    form = start_intake(qtbot)
    press(qtbot, Qt.Key.Key_Down)
    assert form.values()["product"] == "香菇"
    press(qtbot, Qt.Key.Key_Down)
    assert form.values()["product"] == "猕猴桃"
    assert form.values()["price"] == "6.00"  # its terms came with it
    press(qtbot, Qt.Key.Key_Up)
    assert form.values()["product"] == "香菇"
    assert focused() is form.inputs["product"]
    press(qtbot, Qt.Key.Key_Escape)


def test_two_lots_ticked_with_space_ship_on_one_manifest(
    window, qtbot, demo_db, clerk, settings, clock, file_printer
):
    first = take_in(demo_db, clerk, settings, clock)
    second = take_in(demo_db, clerk, settings, clock, grade="特级", crates=1, gross_g=10_000)
    consignment = open_consignment_page(window, qtbot)
    press(qtbot, Qt.Key.Key_F6)
    dialog = wait_for_dialog(qtbot, "shipmentDialog")
    assert focused() is dialog.table
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Space)
    assert {lot.id for lot in dialog.model.chosen} == {first.id, second.id}
    assert "2" in dialog.summary_label.text()
    with qtbot.waitSignal(consignment.shipment_sent) as sent:
        press(qtbot, Qt.Key.Key_Return)
    wait_for_no_dialog(qtbot)
    manifest_no = sent.args[0]
    assert {get_lot(demo_db, lot.id).status for lot in (first, second)} == {"shipped"}
    assert manifest_no in window.workspace.consignment_page.message_label.text()
    assert consignment.lot_model.rowCount() == 2  # the board now shows the shipped lots
    wait_printed(qtbot, demo_db, 1)
    paper = file_printer.read_bytes()
    assert manifest_no.encode() in paper
    assert "按品名等级合计".encode("gb18030") in paper
    assert "合计 2批 4筐".encode("gb18030") in paper
    assert focused() is window.workspace.consignment_page.main_input


def test_an_expired_lot_is_refused_for_shipping_then_written_off(
    window, qtbot, demo_db, clerk, settings, clock
):
    lot = take_in(demo_db, clerk, settings, clock, harvest_days_ago=5, shelf_life_days=2)
    consignment = open_consignment_page(window, qtbot)
    model = consignment.lot_model
    assert model.expired(model.lot(0))
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "F7" in model.index(0, model.columnCount() - 1).data()
    assert "F7" in window.workspace.consignment_page.filter_label.text()

    press(qtbot, Qt.Key.Key_F6)
    dialog = wait_for_dialog(qtbot, "shipmentDialog")
    press(qtbot, Qt.Key.Key_F2)  # all waiting: the expired lot is left out …
    assert dialog.model.chosen == []
    press(qtbot, Qt.Key.Key_Space)  # … ticked by hand, core refuses it
    press(qtbot, Qt.Key.Key_Return)
    assert "已过保质期" in dialog.message_label.text()
    assert get_lot(demo_db, lot.id).status == "received"
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)

    press(qtbot, Qt.Key.Key_F7)
    form = wait_for_dialog(qtbot, "writeOffDialog")
    assert form.values()["how"] == "spoiled"
    press(qtbot, Qt.Key.Key_Tab)
    type_chinese("放久了，霉烂")
    press(qtbot, Qt.Key.Key_Return)
    wait_for_no_dialog(qtbot)
    assert get_lot(demo_db, lot.id).status == "spoiled"
    assert not model.expired(model.lot(0))
    assert "F7" not in window.workspace.consignment_page.filter_label.text()
    press(qtbot, Qt.Key.Key_F7)  # a lot written off cannot be written off again
    assert modal() is None
    assert lot.lot_code in window.workspace.consignment_page.message_label.text()


def test_a_hub_settlement_is_paid_out_by_keys_once(
    window, qtbot, demo_db, clerk, settings, clock, file_printer
):
    lot = take_in(demo_db, clerk, settings, clock)
    ship_lots(demo_db, [lot.id], "县物流车", clerk, settings, clock)
    settle(demo_db, lot, clock)
    consignment = open_consignment_page(window, qtbot)
    press(qtbot, Qt.Key.Key_F5)
    page = window.workspace.consignment_page
    assert page.tables.currentWidget() is page.farmer_table
    assert consignment.farmer_model.rowCount() == 1
    assert consignment.farmer_model.index(0, 0).data() == "王大山"
    assert consignment.farmer_model.index(0, 3).data() == "¥156.60"
    press(qtbot, Qt.Key.Key_Return)
    dialog = wait_for_dialog(qtbot, "payoutDialog")
    assert "¥156.60" in dialog.heading.text()
    press(qtbot, Qt.Key.Key_Return)
    form = wait_for_dialog(qtbot, "payOutForm")
    assert "¥156.60" in form.intro_label.text()
    press(qtbot, Qt.Key.Key_Down)  # WeChat Pay
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "4200009876543210")
    with qtbot.waitSignal(consignment.paid_out) as paid:
        press(qtbot, Qt.Key.Key_Return)
    assert wait_for_dialog(qtbot, "payoutDialog") is dialog
    assert [s.due_to_farmer_fen for s in paid.args[0]] == [15_660]
    assert dialog.model.rowCount() == 0
    assert "¥156.60" in dialog.message_label.text()
    wait_printed(qtbot, demo_db, 1)  # only the payout slip: the lot came in through core
    paper = file_printer.read_bytes()
    assert b"4200009876543210" in paper and "农户结算单".encode("gb18030") in paper
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    assert consignment.farmer_model.rowCount() == 0
    assert focused() is page.main_input
    # The same settlement cannot be paid a second time, whoever tries.
    with pytest.raises(InputRefused):
        pay_out(demo_db, "S-0001", PaymentMethod.CASH, "", clerk, clock)
    assert count(demo_db, "farmer_payouts") == 1


def test_f2_pays_all_of_a_farmers_settlements_each_recorded_separately(
    window, qtbot, demo_db, clerk, settings, clock, file_printer
):
    lots = [take_in(demo_db, clerk, settings, clock), take_in(demo_db, clerk, settings, clock)]
    ship_lots(demo_db, [lot.id for lot in lots], "县物流车", clerk, settings, clock)
    settle(demo_db, lots[0], clock, "S-0001")
    settle(demo_db, lots[1], clock, "S-0002", sale_fen=10_000, hub_fees_fen=500, commission_fen=800)
    consignment = open_consignment_page(window, qtbot)
    press(qtbot, Qt.Key.Key_F5)
    assert consignment.farmer_model.index(0, 2).data() == "2"
    press(qtbot, Qt.Key.Key_Return)
    dialog = wait_for_dialog(qtbot, "payoutDialog")
    press(qtbot, Qt.Key.Key_F2)
    form = wait_for_dialog(qtbot, "payOutForm")
    assert "¥243.60" in form.intro_label.text()  # 156.60 + 87.00
    with qtbot.waitSignal(consignment.paid_out) as paid:
        press(qtbot, Qt.Key.Key_Return)  # cash, no reference
    assert wait_for_dialog(qtbot, "payoutDialog") is dialog
    assert len(paid.args[0]) == 2
    assert [
        row[0]
        for row in demo_db.execute("SELECT amount_fen FROM farmer_payouts ORDER BY amount_fen")
    ] == [8_700, 15_660]
    assert dialog.model.rowCount() == 0
    wait_printed(qtbot, demo_db, 1)  # one slip with both lots
    paper = file_printer.read_bytes()
    assert all(lot.lot_code.encode() in paper for lot in lots)
    assert "￥243.60".encode("gb18030") in paper
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_a_settlement_paid_meanwhile_is_refused_in_the_pay_form(
    window, qtbot, demo_db, clerk, settings, clock
):
    lot = take_in(demo_db, clerk, settings, clock)
    ship_lots(demo_db, [lot.id], "县物流车", clerk, settings, clock)
    settle(demo_db, lot, clock)
    open_consignment_page(window, qtbot)
    press(qtbot, Qt.Key.Key_F5)
    press(qtbot, Qt.Key.Key_Return)
    dialog = wait_for_dialog(qtbot, "payoutDialog")
    press(qtbot, Qt.Key.Key_Return)
    form = wait_for_dialog(qtbot, "payOutForm")
    # Paid out at the other counter PC while this form was open.
    pay_out(
        demo_db,
        unpaid_settlements(demo_db, farmer(demo_db).id)[0].id,
        PaymentMethod.CASH,
        "",
        clerk,
        clock,
    )
    press(qtbot, Qt.Key.Key_Return)
    assert "不能重复付款" in form.message_label.text()
    assert count(demo_db, "farmer_payouts") == 1
    assert dialog.model.rowCount() == 0  # the list shows it paid
    press(qtbot, Qt.Key.Key_Escape)
    assert wait_for_dialog(qtbot, "payoutDialog") is dialog
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_trace_by_lot_code_shows_every_step_of_the_lot(
    window, qtbot, demo_db, clerk, settings, clock
):
    lot = take_in(demo_db, clerk, settings, clock)
    manifest_no = ship_lots(demo_db, [lot.id], "县物流车", clerk, settings, clock)
    settle(demo_db, lot, clock)
    pay_out(demo_db, "S-0001", PaymentMethod.CASH, "", clerk, clock)
    open_consignment_page(window, qtbot)
    type_enter(qtbot, lot.lot_code)  # as the label's QR code scans
    dialog = wait_for_dialog(qtbot, "lotTraceDialog")
    model = dialog.model
    steps = [model.index(row, 1).data() for row in range(model.rowCount())]
    assert steps == ["At the station", "Shipped to the hub", "Settled", "Paid to the farmer"]
    details = [model.index(row, 3).data() for row in range(model.rowCount())]
    assert "王大山" in details[0] and manifest_no in details[1] and "¥156.60" in details[2]
    assert [model.index(row, 2).data() for row in range(4)] == [
        "店员",
        "店员",
        "County hub",
        "店员",
    ]
    assert lot.lot_code in dialog.heading.text()
    press(qtbot, Qt.Key.Key_Return)
    wait_for_no_dialog(qtbot)
    assert focused() is window.workspace.consignment_page.main_input
    type_enter(qtbot, lot.lot_code.removeprefix(f"{settings.station_id}-"))  # typed short
    wait_for_dialog(qtbot, "lotTraceDialog")
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    type_enter(qtbot, "NO-SUCH-LOT")
    assert modal() is None
    assert "NO-SUCH-LOT" in window.workspace.consignment_page.message_label.text()


def test_status_keys_cycle_the_board(window, qtbot, demo_db, clerk, settings, clock):
    shipped = take_in(demo_db, clerk, settings, clock)
    ship_lots(demo_db, [shipped.id], "县物流车", clerk, settings, clock)
    take_in(demo_db, clerk, settings, clock)
    consignment = open_consignment_page(window, qtbot)
    assert consignment.lot_model.rowCount() == 2
    press(qtbot, Qt.Key.Key_F3)  # at the station
    assert consignment.lot_model.rowCount() == 1
    press(qtbot, Qt.Key.Key_F3)  # shipped
    assert consignment.lot_model.lot(0).id == shipped.id
    press(qtbot, Qt.Key.Key_F4)
    press(qtbot, Qt.Key.Key_F4)
    assert consignment.filter_index == 0
    press(qtbot, Qt.Key.Key_F3)
    press(qtbot, Qt.Key.Key_Escape)
    assert consignment.filter_index == 0 and consignment.lot_model.rowCount() == 2


@pytest.mark.parametrize("binding", CONSIGNMENT_KEYS, ids=lambda b: b.caption)
def test_the_page_keys_are_shown_on_screen(window, qtbot, binding):
    open_consignment_page(window, qtbot)
    label = window.workspace.consignment_page.legend_labels[binding.action]
    assert label.isVisible() and label.text()


def test_a_tare_not_below_the_gross_says_to_weigh_again_or_correct_the_crates(
    window, qtbot, demo_db
):
    open_consignment_page(window, qtbot)
    form = start_intake(qtbot)
    fill_intake(qtbot, form, gross="2", tare="0.8", crates="3")
    press(qtbot, Qt.Key.Key_Return)
    assert form.message_label.text() == (
        "皮重（每筐皮重 × 3 筐）须小于毛重：请重新称毛重，或改正筐数、每筐皮重"
    )
    assert focused() is form.inputs["tare"]
    assert form.inputs["tare"].property("refused") is True
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_the_saved_message_goes_at_the_next_step_in_the_form_and_on_the_page(
    window, qtbot, demo_db
):
    consignment = open_consignment_page(window, qtbot)
    page = window.workspace.consignment_page
    form = start_intake(qtbot)
    fill_intake(qtbot, form)
    with qtbot.waitSignal(consignment.lot_taken_in) as taken:
        press(qtbot, Qt.Key.Key_Return)
    code = taken.args[0].lot_code
    assert code in form.message_label.text() and code in page.message_label.text()
    type_chinese("猕猴桃")  # the next lot of the delivery
    assert form.message_label.text() == ""
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    assert code in page.message_label.text()  # nothing else happened on the page yet
    press(qtbot, Qt.Key.Key_F3)  # the next step on the page
    assert code not in page.message_label.text()


def test_a_message_does_not_survive_a_trip_to_another_page(window, qtbot, demo_db):
    open_consignment_page(window, qtbot)
    page = window.workspace.consignment_page
    type_enter(qtbot, "ZZ-99")
    assert "ZZ-99" in page.message_label.text()
    press_alt(qtbot, Qt.Key.Key_1)
    press_alt(qtbot, Qt.Key.Key_5)
    assert page.message_label.text() == ""


def test_the_slip_of_a_cash_payout_is_stored_to_open_the_drawer(
    window, qtbot, demo_db, clerk, settings, clock, file_printer
):
    lot = take_in(demo_db, clerk, settings, clock)
    ship_lots(demo_db, [lot.id], "县物流车", clerk, settings, clock)
    settle(demo_db, lot, clock)
    consignment = open_consignment_page(window, qtbot)
    press(qtbot, Qt.Key.Key_F5)
    press(qtbot, Qt.Key.Key_Return)
    wait_for_dialog(qtbot, "payoutDialog")
    press(qtbot, Qt.Key.Key_Return)
    form = wait_for_dialog(qtbot, "payOutForm")
    assert form.values()["method"] == PaymentMethod.CASH
    with qtbot.waitSignal(consignment.paid_out):
        press(qtbot, Qt.Key.Key_Return)
    wait_printed(qtbot, demo_db, 1)
    assert demo_db.execute("SELECT ref, open_drawer FROM print_jobs").fetchall() == [
        (lot.lot_code, 1)
    ]
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_a_commission_over_the_limit_puts_the_cursor_in_the_commission_field(
    window, qtbot, demo_db
):
    open_consignment_page(window, qtbot)
    form = start_intake(qtbot)
    fill_intake(qtbot, form)
    type_text(qtbot, "0")  # 8 → 80 %
    press(qtbot, Qt.Key.Key_Return)
    assert form.message_label.text() == "佣金比例须在 0% 到 50% 之间"
    assert focused() is form.inputs["commission"]
    assert form.inputs["commission"].property("refused") is True
    assert list_lots(demo_db) == []
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
