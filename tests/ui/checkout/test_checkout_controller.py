import json

from PySide6.QtCore import Qt

from station_app.core.barcodes import make_scale_code
from station_app.core.payments import PaymentMethod
from tests.helpers import count
from tests.ui.conftest import (
    COLA_500ML,
    RICE_PLU,
    SPRITE_500ML,
    focused,
    modal,
    press,
    sign_in,
    type_chinese,
    type_enter,
    type_text,
    wait_for_dialog,
    wait_for_no_dialog,
)


def _cart(window):
    return window.checkout.cart


def test_clerk_signs_in_and_sells_with_the_keyboard_alone(window, qtbot, demo_db):
    outbox_before = demo_db.execute("SELECT coalesce(max(seq), 0) FROM outbox").fetchone()[0]
    assert focused() is window.signin_view.pin_input
    sign_in(qtbot, window, "1234")
    scan = window.checkout_view.scan_input
    type_enter(qtbot, COLA_500ML)
    assert focused() is scan
    press(qtbot, Qt.Key.Key_F12)
    wait_for_dialog(qtbot, "paymentDialog")
    assert focused().objectName() == "amountInput"
    assert focused().selectedText() == "3.00"

    with qtbot.waitSignal(window.checkout.sale_completed) as completed:
        type_enter(qtbot, "10")
    wait_for_no_dialog(qtbot)  # no receipt dialog between this customer and the next
    qtbot.waitUntil(lambda: focused() is scan)
    view = window.checkout_view
    assert view.change_label.isVisible() and view.change_label.text() == "¥7.00"
    assert view.receipt_preview.isVisible()
    assert view.receipt_preview.image_label.pixmap().height() > 200

    sale = completed.args[0].sale
    assert count(demo_db, "sales") == 1
    assert count(demo_db, "sale_lines") == 1
    sale_events = demo_db.execute(
        "SELECT kind, payload FROM outbox WHERE seq > ? ORDER BY seq", [outbox_before]
    ).fetchall()
    assert [kind for kind, _ in sale_events] == ["sale.completed"]
    stored = demo_db.execute("SELECT total_fen, paid_fen, change_fen FROM sales").fetchone()
    assert stored == (300, 1000, 700)
    assert json.loads(sale_events[0][1])["receipt_no"] == sale.receipt_no
    assert window.checkout.cart.is_empty
    assert window.checkout_view.total_label.text() == "¥0.00"
    assert str(outbox_before + 1) in window.sync_label.text()  # nothing synced yet


def test_scanning_the_same_barcode_twice_raises_the_quantity(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, COLA_500ML)
    type_enter(qtbot, COLA_500ML)
    assert [(line.name, line.quantity) for line in _cart(window).lines] == [("可口可乐 500ml", 2)]
    assert window.checkout.cart_model.rowCount() == 1
    assert window.checkout_view.total_label.text() == "¥6.00"


def test_unknown_barcode_shows_a_message_and_writes_nothing(window, qtbot, demo_db):
    sign_in(qtbot, window, "1234")
    before = {table: count(demo_db, table) for table in ("products", "sales", "outbox")}
    type_enter(qtbot, "6900000000014")
    message = window.checkout_view.message_label.text()
    assert message.startswith("条码 6900000000014 不在商品库中")
    assert modal() is None  # a clerk is not offered the add-product dialog
    assert focused() is window.checkout_view.scan_input
    assert _cart(window).is_empty
    assert {table: count(demo_db, table) for table in before} == before


def test_owner_adds_an_unknown_barcode_through_the_quick_add_dialog(window, qtbot, demo_db):
    sign_in(qtbot, window, "8888")
    type_enter(qtbot, "6900000000014")
    dialog = wait_for_dialog(qtbot, "productDialog")
    assert focused() is dialog.name_input
    type_chinese("自制辣椒酱")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.price_input
    type_enter(qtbot, "12.5")
    wait_for_no_dialog(qtbot)
    assert [(line.name, line.total_fen) for line in _cart(window).lines] == [("自制辣椒酱", 1250)]
    row = demo_db.execute(
        "SELECT product_id FROM product_barcodes WHERE barcode = ?", ["6900000000014"]
    ).fetchone()
    assert row is not None
    assert focused() is window.checkout_view.scan_input


def test_owner_can_cancel_the_quick_add_and_nothing_is_written(window, qtbot, demo_db):
    sign_in(qtbot, window, "8888")
    products = count(demo_db, "products")
    type_enter(qtbot, "6900000000014")
    wait_for_dialog(qtbot, "productDialog")
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    assert count(demo_db, "products") == products
    assert focused() is window.checkout_view.scan_input


def test_weighed_product_asks_the_weight(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, RICE_PLU)
    dialog = wait_for_dialog(qtbot, "weightDialog")
    assert "/kg" in dialog.hint_label.text() or "公斤" in dialog.hint_label.text()
    type_enter(qtbot, "1.5")
    wait_for_no_dialog(qtbot)
    line = _cart(window).lines[0]
    assert (line.name, line.weight_g, line.total_fen) == ("散装大米", 1500, 840)
    model = window.checkout.cart_model
    assert model.index(0, 1).data() == "1.500 kg"
    assert "¥2.80" in model.index(0, 2).data()  # per 斤 beside per kg
    assert focused() is window.checkout_view.scan_input


def test_absurd_weight_is_refused_in_the_dialog(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, RICE_PLU)
    dialog = wait_for_dialog(qtbot, "weightDialog")
    type_enter(qtbot, "150")
    assert "100" in dialog.message_label.text()
    assert _cart(window).is_empty
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_scale_label_adds_a_weighed_line_without_asking(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, make_scale_code("20", RICE_PLU, 2500))
    assert modal() is None
    assert _cart(window).lines[0].weight_g == 2500


def test_absurd_quantities_are_refused_with_a_message(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F4)
    dialog = wait_for_dialog(qtbot, "quantityDialog")
    type_enter(qtbot, "0")
    assert "1 到 9999" in dialog.message_label.text()
    type_enter(qtbot, "10000")
    assert "1 到 9999" in dialog.message_label.text()
    assert _cart(window).lines[0].quantity == 1
    type_enter(qtbot, "6")
    wait_for_no_dialog(qtbot)
    assert _cart(window).lines[0].quantity == 6
    assert focused() is window.checkout_view.scan_input


def test_typing_pinyin_opens_a_pick_list_worked_by_arrows_and_enter(window, qtbot):
    sign_in(qtbot, window, "1234")
    view = window.checkout_view
    type_text(qtbot, "kkkl")
    assert view.pick_list.isVisible()
    names = [
        window.checkout.pick_model.product(r).name
        for r in range(window.checkout.pick_model.rowCount())
    ]
    assert names and all("可口可乐" in name for name in names)
    press(qtbot, Qt.Key.Key_Down)
    chosen = window.checkout.pick_model.product(view.pick_list.currentIndex().row())
    assert chosen.name == names[1]
    press(qtbot, Qt.Key.Key_Return)
    assert not view.pick_list.isVisible()
    assert _cart(window).lines[0].name == names[1]
    assert view.scan_input.text() == ""
    assert focused() is view.scan_input


def test_escape_closes_the_pick_list(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_text(qtbot, "xb")
    assert window.checkout_view.pick_list.isVisible()
    press(qtbot, Qt.Key.Key_Escape)
    assert not window.checkout_view.pick_list.isVisible()
    assert _cart(window).is_empty


def test_arrows_in_the_scan_field_move_the_selected_line_and_delete_voids_it(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, COLA_500ML)
    type_enter(qtbot, SPRITE_500ML)
    assert window.checkout.selected_row == 1
    press(qtbot, Qt.Key.Key_Up)
    assert window.checkout.selected_row == 0
    press(qtbot, Qt.Key.Key_Delete)
    assert [line.name for line in _cart(window).lines] == ["雪碧 500ml"]
    assert focused() is window.checkout_view.scan_input


def test_rounding_key_cycles_none_jiao_yuan(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, RICE_PLU)
    wait_for_dialog(qtbot, "weightDialog")
    type_enter(qtbot, "1.234")  # ¥6.91
    wait_for_no_dialog(qtbot)
    total = window.checkout_view.total_label
    assert total.text() == "¥6.91"
    press(qtbot, Qt.Key.Key_F10)
    assert total.text() == "¥6.90"
    press(qtbot, Qt.Key.Key_F10)
    assert total.text() == "¥6.00"
    press(qtbot, Qt.Key.Key_F10)
    assert total.text() == "¥6.91"


def test_open_item_adds_an_amount_against_a_category(window, qtbot):
    sign_in(qtbot, window, "1234")
    press(qtbot, Qt.Key.Key_F9)
    dialog = wait_for_dialog(qtbot, "openItemDialog")
    press(qtbot, Qt.Key.Key_Down)
    category = dialog.category
    type_enter(qtbot, "8.5")
    wait_for_no_dialog(qtbot)
    line = _cart(window).lines[0]
    assert line.name == f"无码商品·{category}"
    assert line.total_fen == 850


def test_clerk_discount_above_the_limit_needs_the_owner_pin(window, qtbot):
    sign_in(qtbot, window, "1234")
    for _ in range(4):
        type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F6)
    wait_for_dialog(qtbot, "discountDialog")
    type_enter(qtbot, "8")
    pin = wait_for_dialog(qtbot, "ownerPinDialog")
    type_enter(qtbot, "1234")  # the clerk's own PIN is not enough
    assert pin.message_label.text() == "需要店主密码，输入的密码不正确"
    assert pin.input.text() == ""
    type_enter(qtbot, "8888")
    wait_for_no_dialog(qtbot)
    assert _cart(window).sale_discount_fen == 800
    assert window.checkout_view.total_label.text() == "¥4.00"
    assert focused() is window.checkout_view.scan_input


def test_small_discount_on_a_line_needs_no_approval(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F6)
    wait_for_dialog(qtbot, "discountDialog")
    press(qtbot, Qt.Key.Key_F1)
    type_enter(qtbot, "0.5")
    wait_for_no_dialog(qtbot)
    assert _cart(window).lines[0].discount_fen == 50
    assert window.checkout.cart_model.index(0, 3).data() == "-¥0.50"


def test_hold_and_resume(window, qtbot, demo_db):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F2)
    assert _cart(window).is_empty
    assert count(demo_db, "held_carts") == 1
    type_enter(qtbot, SPRITE_500ML)
    press(qtbot, Qt.Key.Key_F3)  # refused: a sale is open
    assert modal() is None
    press(qtbot, Qt.Key.Key_F2)
    press(qtbot, Qt.Key.Key_F3)
    dialog = wait_for_dialog(qtbot, "heldCartsDialog")
    assert dialog.model.rowCount() == 2
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    wait_for_no_dialog(qtbot)
    assert [line.name for line in _cart(window).lines] == ["雪碧 500ml"]
    assert count(demo_db, "held_carts") == 1
    assert focused() is window.checkout_view.scan_input


def _sell_two_colas_for_cash(window, qtbot):
    type_enter(qtbot, COLA_500ML)
    type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F12)
    wait_for_dialog(qtbot, "paymentDialog")
    with qtbot.waitSignal(window.checkout.sale_completed) as completed:
        type_enter(qtbot, "20")
    wait_for_no_dialog(qtbot)
    return completed.args[0].sale


def test_refund_with_the_owner_pin(window, qtbot, demo_db):
    sign_in(qtbot, window, "1234")
    sale = _sell_two_colas_for_cash(window, qtbot)
    stock_before = demo_db.execute(
        "SELECT sum(delta) FROM stock_moves WHERE product_id = ?", [sale.lines[0].product_id]
    ).fetchone()[0]
    press(qtbot, Qt.Key.Key_F8)
    receipt_no = wait_for_dialog(qtbot, "receiptNoDialog")
    assert receipt_no.input.text() == sale.receipt_no  # the latest sale, ready to confirm
    press(qtbot, Qt.Key.Key_Return)
    refund = wait_for_dialog(qtbot, "refundDialog")
    assert refund.model.index(0, 2).data() == "2"
    press(qtbot, Qt.Key.Key_Return)  # nothing chosen yet
    assert refund.message_label.text()
    type_text(qtbot, "1")  # a digit starts editing the "return now" cell
    press(qtbot, Qt.Key.Key_Return)  # commits the cell
    qtbot.waitUntil(lambda: refund.model.chosen_quantities() == {sale.lines[0].id: 1})
    qtbot.waitUntil(lambda: focused() is refund.table)
    assert refund.method is PaymentMethod.CASH
    with qtbot.waitSignal(window.checkout.refund_completed) as refunded:
        press(qtbot, Qt.Key.Key_Return)
        wait_for_dialog(qtbot, "ownerPinDialog")
        type_enter(qtbot, "8888")
    notice = wait_for_dialog(qtbot, "noticeDialog")
    assert "¥3.00" in notice.text_label.text()
    press(qtbot, Qt.Key.Key_Return)
    wait_for_no_dialog(qtbot)
    assert focused() is window.checkout_view.scan_input

    assert refunded.args[0].total_fen == 300
    assert count(demo_db, "refunds") == 1
    assert demo_db.execute("SELECT kind FROM outbox ORDER BY seq DESC LIMIT 2").fetchall() == [
        ("refund.completed",),
        ("sale.completed",),
    ]
    stock_after = demo_db.execute(
        "SELECT sum(delta) FROM stock_moves WHERE product_id = ?", [sale.lines[0].product_id]
    ).fetchone()[0]
    assert stock_after == stock_before + 1


def test_refund_of_an_unknown_receipt_says_so(window, qtbot, demo_db):
    sign_in(qtbot, window, "1234")
    press(qtbot, Qt.Key.Key_F8)
    dialog = wait_for_dialog(qtbot, "receiptNoDialog")
    type_enter(qtbot, "20990101-T1-00001")
    assert "20990101-T1-00001" in dialog.message_label.text()
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    assert count(demo_db, "refunds") == 0


def test_pay_with_an_empty_cart_is_refused(window, qtbot, demo_db):
    sign_in(qtbot, window, "1234")
    press(qtbot, Qt.Key.Key_F12)
    assert modal() is None
    assert window.checkout_view.message_label.text()
    assert count(demo_db, "sales") == 0


def test_sign_out_is_refused_while_a_sale_is_open(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F11)
    assert window.checkout is not None
    assert focused() is window.checkout_view.scan_input


def test_function_keys_are_shown_on_screen(window, qtbot):
    from station_app.ui.common.key_map import CHECKOUT_KEYS

    sign_in(qtbot, window, "1234")
    legend = window.checkout_view.legend_labels
    assert set(legend) == {binding.action for binding in CHECKOUT_KEYS}
    assert all(label.isVisible() and label.text() for label in legend.values())


def test_chinese_typed_with_an_input_method_searches_by_name(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_chinese("雪碧")
    view = window.checkout_view
    assert view.pick_list.isVisible()
    assert window.checkout.pick_model.product(0).name.startswith("雪碧")
    press(qtbot, Qt.Key.Key_Return)
    assert _cart(window).lines[0].name.startswith("雪碧")


def test_chinese_name_with_no_match_says_nothing_was_found(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_chinese("火箭发动机")
    assert not window.checkout_view.pick_list.isVisible()
    press(qtbot, Qt.Key.Key_Return)
    assert "火箭发动机" in window.checkout_view.message_label.text()
    assert _cart(window).is_empty


def test_refund_accepts_the_receipt_qr_code(window, qtbot, settings):
    sign_in(qtbot, window, "1234")
    sale = _sell_two_colas_for_cash(window, qtbot)
    press(qtbot, Qt.Key.Key_F8)
    dialog = wait_for_dialog(qtbot, "receiptNoDialog")
    dialog.input.clear()
    type_enter(qtbot, f"{settings.station_id}|{sale.receipt_no}")
    refund = wait_for_dialog(qtbot, "refundDialog")
    assert refund.sale.receipt_no == sale.receipt_no
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_half_typed_search_does_not_carry_over_to_the_next_customer(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, COLA_500ML)
    qtbot.keyClicks(focused(), "kkk")
    press(qtbot, Qt.Key.Key_Escape)  # closes the pick list, keeps the text
    press(qtbot, Qt.Key.Key_F12)
    wait_for_dialog(qtbot, "paymentDialog")
    type_enter(qtbot, "3")
    wait_for_no_dialog(qtbot)
    assert window.checkout_view.scan_input.text() == ""


def _pay_on_account(qtbot, phone_tail):
    """In the payment dialog: F6, find the villager by phone tail, Enter."""
    press(qtbot, Qt.Key.Key_F6)
    wait_for_dialog(qtbot, "villagerPickerDialog")
    type_enter(qtbot, phone_tail)
    payment = wait_for_dialog(qtbot, "paymentDialog")
    assert payment.method is PaymentMethod.ACCOUNT
    return payment


def test_a_sale_partly_on_a_villagers_account_and_the_rest_in_cash(window, qtbot, demo_db):
    from station_app.core.credit import balance_fen
    from station_app.core.villagers import find_villagers

    zhang = find_villagers(demo_db, "8134")[0]  # 张永刚, limit ¥500
    sign_in(qtbot, window, "1234")
    for _ in range(4):
        type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F12)
    wait_for_dialog(qtbot, "paymentDialog")
    payment = _pay_on_account(qtbot, "8134")
    assert "张永刚" in payment.account_label.text()
    assert focused() is payment.amount_input and focused().selectedText() == "12.00"
    type_enter(qtbot, "10")
    assert payment.method is PaymentMethod.CASH
    assert payment.remaining_fen == 200
    with qtbot.waitSignal(window.checkout.sale_completed) as completed:
        type_enter(qtbot, "5")
    wait_for_no_dialog(qtbot)
    assert window.checkout_view.change_label.text() == "¥3.00"
    sale = completed.args[0].sale
    assert [(p.method, p.amount_fen, p.villager_id) for p in sale.payments] == [
        (PaymentMethod.ACCOUNT, 1000, zhang.id),
        (PaymentMethod.CASH, 200, None),
    ]
    assert balance_fen(demo_db, zhang.id) == 1000


def test_on_account_over_the_villagers_limit_needs_the_owner_pin(window, qtbot, demo_db):
    from station_app.core.credit import balance_fen
    from station_app.core.villagers import find_villagers

    li = find_villagers(demo_db, "9863")[0]  # 李春花, limit ¥200
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F4)
    wait_for_dialog(qtbot, "quantityDialog")
    type_enter(qtbot, "70")  # ¥210
    wait_for_no_dialog(qtbot)
    press(qtbot, Qt.Key.Key_F12)
    wait_for_dialog(qtbot, "paymentDialog")
    _pay_on_account(qtbot, "9863")
    press(qtbot, Qt.Key.Key_Return)
    pin = wait_for_dialog(qtbot, "ownerPinDialog")
    assert "200" in pin.prompt_label.text()
    press(qtbot, Qt.Key.Key_Escape)  # not approved: the sale waits, nothing stored
    wait_for_dialog(qtbot, "paymentDialog")
    assert count(demo_db, "sales") == 0
    press(qtbot, Qt.Key.Key_Return)
    wait_for_dialog(qtbot, "ownerPinDialog")
    with qtbot.waitSignal(window.checkout.sale_completed):
        type_enter(qtbot, "8888")
    wait_for_no_dialog(qtbot)
    assert balance_fen(demo_db, li.id) == 21_000


# -- between two customers -------------------------------------------------------------------
def _pay_cash(window, qtbot, cash, *, wait=True):
    press(qtbot, Qt.Key.Key_F12)
    wait_for_dialog(qtbot, "paymentDialog")
    with qtbot.waitSignal(window.checkout.sale_completed) as completed:
        type_enter(qtbot, cash)
    if wait:
        wait_for_no_dialog(qtbot)
    return completed.args[0].sale


def test_a_cash_sale_is_scan_f12_cash_enter_and_the_change_shows_big(window, qtbot, demo_db):
    sign_in(qtbot, window, "1234")
    view = window.checkout_view
    type_enter(qtbot, COLA_500ML)  # 1: scan
    press(qtbot, Qt.Key.Key_F12)  # 2: pay
    wait_for_dialog(qtbot, "paymentDialog")
    type_text(qtbot, "10")  # 3: the cash handed over
    with qtbot.waitSignal(window.checkout.sale_completed):
        press(qtbot, Qt.Key.Key_Return)  # 4: done
    wait_for_no_dialog(qtbot)
    assert count(demo_db, "sales") == 1
    assert modal() is None
    assert focused() is view.scan_input
    assert view.change_label.isVisible() and view.change_label.text() == "¥7.00"
    assert not view.total_label.isVisible()


def test_the_next_customers_scan_right_after_a_sale_starts_the_next_sale(window, qtbot):
    sign_in(qtbot, window, "1234")
    view = window.checkout_view
    type_enter(qtbot, COLA_500ML)
    sale = _pay_cash(window, qtbot, "10", wait=False)
    # At once, before the platform has even re-activated the window: the keyboard's keys
    # go to the window's focus widget, and that is the scan field, not a receipt dialog.
    keys = window.focusWidget()
    assert keys is view.scan_input and modal() is None
    qtbot.keyClicks(keys, SPRITE_500ML)
    qtbot.keyClick(keys, Qt.Key.Key_Return)
    assert [line.name for line in _cart(window).lines] == ["雪碧 500ml"]
    assert window.checkout.cart_model.rowCount() == 1
    assert view.cart_table.isVisible() and not view.receipt_preview.isVisible()
    assert not view.change_label.isVisible()
    assert view.total_label.isVisible() and view.total_label.text() == "¥3.00"
    assert count_sales_lines(window, sale) == 1  # the first sale kept its own line


def count_sales_lines(window, sale):
    return window.checkout._db.execute(
        "SELECT count(*) FROM sale_lines WHERE sale_seq = ?", [sale.seq]
    ).fetchone()[0]


def test_the_change_stays_on_screen_until_the_next_scan(window, qtbot):
    sign_in(qtbot, window, "1234")
    view = window.checkout_view
    type_enter(qtbot, COLA_500ML)
    _pay_cash(window, qtbot, "50")
    for key in (Qt.Key.Key_Up, Qt.Key.Key_Escape, Qt.Key.Key_F10, Qt.Key.Key_Delete):
        press(qtbot, key)
    type_enter(qtbot, "6900000000014")  # an unknown code adds nothing: the change stays
    assert view.change_label.isVisible() and view.change_label.text() == "¥47.00"
    type_enter(qtbot, COLA_500ML)
    assert not view.change_label.isVisible()


def test_the_last_receipt_is_shown_until_the_next_sale_starts_and_when_the_cart_empties(
    window, qtbot
):
    sign_in(qtbot, window, "1234")
    view = window.checkout_view
    assert not view.receipt_preview.isVisible()  # no sale yet: the (empty) cart
    type_enter(qtbot, COLA_500ML)
    sale = _pay_cash(window, qtbot, "3")
    assert view.receipt_preview.isVisible()
    assert sale.receipt_no in view.last_sale_label.text()
    assert view.receipt_preview.image_label.pixmap().width() == 384
    type_enter(qtbot, SPRITE_500ML)
    assert not view.receipt_preview.isVisible()
    press(qtbot, Qt.Key.Key_Delete)  # the cart is empty again: the last receipt is back
    assert view.receipt_preview.isVisible() and not view.change_label.isVisible()
    assert focused() is view.scan_input


# -- weights ---------------------------------------------------------------------------------
def test_a_weight_typed_in_jin_is_read_as_jin_and_shown_in_kg_and_jin_before_enter(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, RICE_PLU)  # ¥5.60/kg
    dialog = wait_for_dialog(qtbot, "weightDialog")
    type_text(qtbot, "2")
    assert dialog.reading_label.text().startswith("= 2.000 kg (4 jin)")
    type_chinese("斤")
    assert dialog.input.text() == "2斤"
    assert dialog.reading_label.text().startswith("= 1.000 kg (2 jin)")
    assert "¥5.60" in dialog.reading_label.text()
    press(qtbot, Qt.Key.Key_Return)
    wait_for_no_dialog(qtbot)
    line = _cart(window).lines[0]
    assert (line.weight_g, line.total_fen) == (1000, 560)
    assert window.checkout.cart_model.index(0, 1).data() == "1.000 kg"


def test_full_width_jin_and_grams_are_read_in_the_weight_dialog(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, RICE_PLU)
    wait_for_dialog(qtbot, "weightDialog")
    type_chinese("１．５斤")
    press(qtbot, Qt.Key.Key_Return)
    wait_for_no_dialog(qtbot)
    type_enter(qtbot, RICE_PLU)
    wait_for_dialog(qtbot, "weightDialog")
    type_enter(qtbot, "750g")
    wait_for_no_dialog(qtbot)
    assert [line.weight_g for line in _cart(window).lines] == [750, 750]


def test_f5_changes_a_weight_typed_in_liang(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, make_scale_code("20", RICE_PLU, 2500))
    press(qtbot, Qt.Key.Key_F5)
    dialog = wait_for_dialog(qtbot, "weightDialog")
    assert dialog.input.text() == "2.500"
    assert dialog.reading_label.text().startswith("= 2.500 kg (5 jin)")
    type_text(qtbot, "3")
    type_chinese("两")
    press(qtbot, Qt.Key.Key_Return)
    wait_for_no_dialog(qtbot)
    assert _cart(window).lines[0].weight_g == 150
    assert "0.150 kg (0.3 jin)" in window.checkout_view.message_label.text()


def test_a_weight_in_an_unknown_unit_is_refused_naming_the_forms(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, RICE_PLU)
    dialog = wait_for_dialog(qtbot, "weightDialog")
    type_enter(qtbot, "2lb")
    assert dialog.input.text() == "2lb"  # nothing filtered away
    assert "2斤" in dialog.message_label.text() and "750g" in dialog.message_label.text()
    assert _cart(window).is_empty
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


# -- quantities and messages -----------------------------------------------------------------
def test_a_negative_or_lettered_quantity_is_refused_with_the_reason(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F4)
    dialog = wait_for_dialog(qtbot, "quantityDialog")
    type_enter(qtbot, "-1")
    assert dialog.input.text() == "-1"
    assert "1 到 9999" in dialog.message_label.text()
    type_enter(qtbot, "2x")
    assert dialog.input.text() == "2x"
    assert "不是整数" in dialog.message_label.text()
    assert _cart(window).lines[0].quantity == 1
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_the_quantity_message_goes_when_the_next_step_starts(window, qtbot):
    sign_in(qtbot, window, "1234")
    message = window.checkout_view.message_label
    type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F4)
    wait_for_dialog(qtbot, "quantityDialog")
    type_enter(qtbot, "6")
    wait_for_no_dialog(qtbot)
    assert "6" in message.text()
    press(qtbot, Qt.Key.Key_F6)
    wait_for_dialog(qtbot, "discountDialog")
    press(qtbot, Qt.Key.Key_F1)
    type_enter(qtbot, "1")
    wait_for_no_dialog(qtbot)
    assert "Quantity" not in message.text()
    assert "¥1.00" in message.text() and "¥17.00" in message.text()
    press(qtbot, Qt.Key.Key_F6)
    wait_for_dialog(qtbot, "discountDialog")
    press(qtbot, Qt.Key.Key_Escape)  # nothing changed, nothing to say
    wait_for_no_dialog(qtbot)
    assert message.text() == ""


def test_the_search_hint_goes_when_the_search_text_is_erased(window, qtbot):
    sign_in(qtbot, window, "1234")
    message = window.checkout_view.message_label
    type_text(qtbot, "kkkl")
    assert message.text()
    for _ in range(4):
        press(qtbot, Qt.Key.Key_Backspace)
    assert message.text() == ""


def test_a_name_with_no_match_is_not_called_an_unknown_barcode(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, "qxqxqx")
    message = window.checkout_view.message_label.text()
    assert "不在商品库中" not in message
    assert message.startswith('No product name matches "qxqxqx"')
    assert "pinyin" in message and "F9" in message
    assert modal() is None
    assert _cart(window).is_empty


def test_line_keys_on_an_empty_cart_say_the_cart_is_empty(window, qtbot):
    sign_in(qtbot, window, "1234")
    message = window.checkout_view.message_label
    for key in (Qt.Key.Key_Delete, Qt.Key.Key_F4, Qt.Key.Key_F5, Qt.Key.Key_F6):
        press(qtbot, key)
        assert modal() is None
        assert message.text().startswith("The cart is empty"), key
        assert "Select" not in message.text()


def test_an_unknown_barcode_says_how_to_sell_it_anyway(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, "6900000000014")
    message = window.checkout_view.message_label.text()
    assert "F9" in message and "owner" in message
    press(qtbot, Qt.Key.Key_F9)  # what the message says works
    wait_for_dialog(qtbot, "openItemDialog")
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_the_owner_is_told_the_add_product_dialog_is_for_the_unknown_barcode(window, qtbot):
    sign_in(qtbot, window, "8888")
    type_enter(qtbot, "6900000000014")
    wait_for_dialog(qtbot, "productDialog")
    message = window.checkout_view.message_label.text()
    assert message.startswith("条码 6900000000014 不在商品库中") and "F9" in message
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


# -- refunds ---------------------------------------------------------------------------------
def test_one_f2_in_the_refund_dialog_changes_the_method_and_the_refund_uses_it(
    window, qtbot, demo_db
):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F12)
    wait_for_dialog(qtbot, "paymentDialog")
    press(qtbot, Qt.Key.Key_F2)  # WeChat
    with qtbot.waitSignal(window.checkout.sale_completed):
        type_enter(qtbot, "3")
    wait_for_no_dialog(qtbot)
    press(qtbot, Qt.Key.Key_F8)
    wait_for_dialog(qtbot, "receiptNoDialog")
    press(qtbot, Qt.Key.Key_Return)
    refund = wait_for_dialog(qtbot, "refundDialog")
    assert refund.method is PaymentMethod.WECHAT
    press(qtbot, Qt.Key.Key_F2)  # once
    assert refund.method is PaymentMethod.CASH
    assert refund.method_input.currentText() == "Cash"
    assert "Cash" in refund.amount_label.text()
    assert focused() is refund.table  # no quantity editor was opened
    press(qtbot, Qt.Key.Key_F1)
    with qtbot.waitSignal(window.checkout.refund_completed):
        press(qtbot, Qt.Key.Key_Return)
        wait_for_dialog(qtbot, "ownerPinDialog")
        type_enter(qtbot, "8888")
    wait_for_dialog(qtbot, "noticeDialog")
    press(qtbot, Qt.Key.Key_Return)
    wait_for_no_dialog(qtbot)
    assert demo_db.execute("SELECT method, total_fen FROM refunds").fetchall() == [("cash", 300)]


def test_arrows_scroll_the_last_receipt_between_customers(window, qtbot):
    sign_in(qtbot, window, "1234")
    type_enter(qtbot, COLA_500ML)
    _pay_cash(window, qtbot, "10")  # a receipt is taller than the room beside the totals
    bar = window.checkout_view.receipt_preview.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    press(qtbot, Qt.Key.Key_PageDown)
    assert bar.value() > 0
    assert focused() is window.checkout_view.scan_input


def _drawer_flag(db, ref):
    """Whether the stored print job of `ref` opens the cash drawer."""
    return bool(db.execute("SELECT open_drawer FROM print_jobs WHERE ref = ?", [ref]).fetchone()[0])


def _sell_cola(window, qtbot, *, wechat):
    type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F12)
    wait_for_dialog(qtbot, "paymentDialog")
    with (
        qtbot.waitSignal(window.print_queue.job_finished, timeout=10_000),
        qtbot.waitSignal(window.checkout.sale_completed) as completed,
    ):
        if wechat:
            press(qtbot, Qt.Key.Key_F2)
            type_text(qtbot, "3")
            press(qtbot, Qt.Key.Key_Tab)
            type_enter(qtbot, "4200001")
        else:
            type_enter(qtbot, "10")
    wait_for_no_dialog(qtbot)
    return completed.args[0].sale


def test_the_receipt_of_a_cash_sale_is_stored_to_open_the_drawer(
    window, qtbot, demo_db, file_printer
):
    sign_in(qtbot, window, "1234")
    sale = _sell_cola(window, qtbot, wechat=False)
    assert _drawer_flag(demo_db, sale.receipt_no) is True


def test_the_receipt_of_a_wechat_sale_is_stored_to_leave_the_drawer_shut(
    window, qtbot, demo_db, file_printer
):
    sign_in(qtbot, window, "1234")
    sale = _sell_cola(window, qtbot, wechat=True)
    assert _drawer_flag(demo_db, sale.receipt_no) is False
