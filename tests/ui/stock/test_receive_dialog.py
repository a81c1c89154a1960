"""Receiving a delivery (进货, F2 on the stock page) by key presses, and what it refuses."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from station_app.core.catalog import stock_of
from tests.helpers import count
from tests.ui.conftest import (
    COLA_500ML,
    RICE_PLU,
    SPRITE_500ML,
    focused,
    press,
    type_chinese,
    type_enter,
    type_text,
    wait_for_dialog,
    wait_for_no_dialog,
)
from tests.ui.stock.test_stock_page import open_stock_page, product_id, shown


def start_receiving(qtbot):
    press(qtbot, Qt.Key.Key_F2)
    return wait_for_dialog(qtbot, "receiveDialog")


def type_line(qtbot, dialog, code, quantity, cost, expiry="", produced="", shelf_life=""):
    """Scan, then quantity, cost and dates; Enter adds the line."""
    type_enter(qtbot, code)
    assert focused() is dialog.inputs["quantity"], dialog.message_label.text()
    type_text(qtbot, quantity)
    press(qtbot, Qt.Key.Key_Tab)
    dialog.inputs["cost"].clear()
    type_text(qtbot, cost)
    for text in (expiry, produced, shelf_life):
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, text)
    press(qtbot, Qt.Key.Key_Return)


def test_a_delivery_with_expiry_dates_is_stored_and_shows_on_the_page(
    window, qtbot, demo_db, clock
):
    stock = open_stock_page(window, qtbot)
    dialog = start_receiving(qtbot)
    assert focused() is dialog.inputs["supplier"]
    type_chinese("县城批发部")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "13800001111")
    press(qtbot, Qt.Key.Key_Tab)
    soon = clock.today() + timedelta(days=20)
    type_line(qtbot, dialog, COLA_500ML, "24", "1.80", soon.isoformat())
    assert focused() is dialog.inputs["code"]
    assert dialog.model.rowCount() == 1
    # Produced today, good for 180 days; the line shows the expiry worked out.
    produced = clock.today()
    type_line(qtbot, dialog, SPRITE_500ML, "12", "2.00", "", produced.strftime("%Y%m%d"), "180")
    later = produced + timedelta(days=180)
    assert dialog.model.index(1, 6).data() == later.isoformat()
    assert dialog.total_label.text().startswith("2 line")
    assert dialog.total_label.text().endswith(", ¥67.20 at cost")
    with qtbot.waitSignal(stock.received) as stored:
        press(qtbot, Qt.Key.Key_F12)
    wait_for_no_dialog(qtbot)
    assert stored.args[0].warnings == []

    cola, sprite = product_id(demo_db, COLA_500ML), product_id(demo_db, SPRITE_500ML)
    lines = demo_db.execute(
        "SELECT product_id, quantity, cost_fen, expiry FROM stock_receipt_lines ORDER BY id"
    ).fetchall()
    assert lines == [(cola, 24, 180, soon.isoformat()), (sprite, 12, 200, later.isoformat())]
    assert demo_db.execute("SELECT name, phone FROM suppliers").fetchall() == [
        ("县城批发部", "13800001111")
    ]
    costs = demo_db.execute(
        "SELECT last_cost_fen, avg_cost_fen FROM products WHERE id = ?", [cola]
    ).fetchone()
    assert costs == (180, 180)
    assert stock_of(demo_db, cola) == 54
    assert shown(stock, COLA_500ML)[2] == "54"
    assert "¥67.20 at cost." in window.workspace.stock_page.message_label.text()
    # The colas expire within the 30 days the station warns about; the sprite does not.
    press(qtbot, Qt.Key.Key_F6)
    press(qtbot, Qt.Key.Key_F6)
    assert shown(stock, COLA_500ML)[7] == soon.isoformat()
    assert shown(stock, SPRITE_500ML) is None


def test_a_sale_price_at_or_below_cost_is_warned_before_and_after_storing(window, qtbot, demo_db):
    stock = open_stock_page(window, qtbot)
    dialog = start_receiving(qtbot)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_line(qtbot, dialog, SPRITE_500ML, "12", "3.00")  # sells at ¥3.00
    assert "雪碧 500ml sells at ¥3.00, not above this cost ¥3.00" in dialog.message_label.text()
    assert dialog.model.index(0, 5).data() == "¥3.00 ≤ cost!"
    with qtbot.waitSignal(stock.received):
        press(qtbot, Qt.Key.Key_F12)
    notice = wait_for_dialog(qtbot, "costWarningDialog")
    assert notice.text_label.text() == "雪碧 500ml 售价 3.00 元不高于进价 3.00 元，请调整售价"
    press(qtbot, Qt.Key.Key_Return)
    wait_for_no_dialog(qtbot)
    assert stock_of(demo_db, product_id(demo_db, SPRITE_500ML)) == 18


def test_weighed_goods_are_received_in_kg_at_a_cost_per_kg(window, qtbot, demo_db):
    open_stock_page(window, qtbot)
    dialog = start_receiving(qtbot)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_enter(qtbot, RICE_PLU)
    assert dialog.quantity_caption.text() == "Quantity (kg)"
    press(qtbot, Qt.Key.Key_Escape)  # back out of the line: nothing typed, the dialog closes
    wait_for_no_dialog(qtbot)
    dialog = start_receiving(qtbot)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_line(qtbot, dialog, RICE_PLU, "25.5", "4.00")
    assert dialog.total_label.text().endswith(", ¥102.00 at cost")
    press(qtbot, Qt.Key.Key_F12)
    wait_for_no_dialog(qtbot)
    line = demo_db.execute("SELECT quantity, cost_fen FROM stock_receipt_lines").fetchone()
    assert line == (25_500, 400)


def _tomorrow(clock):
    return (clock.today() + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("code", "quantity", "expiry", "said", "field"),
    [
        ("6900000000017", "1", "", "条码 6900000000017 不在商品库中", "code"),
        (COLA_500ML, "999999", "", "数量须在 1 到 100000", "quantity"),
        (COLA_500ML, "0", "", "数量须在 1 到 100000", "quantity"),
        (COLA_500ML, "6", "2026-13-45", "is no date", "expiry"),
        (COLA_500ML, "6", "2026-02-30", "is no date", "expiry"),
        (COLA_500ML, "6", "past", "已经过了", "expiry"),
    ],
    ids=["unknown", "absurd", "zero", "malformed", "no_such_day", "past"],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_stored(
    window, qtbot, demo_db, clock, code, quantity, expiry, said, field
):
    open_stock_page(window, qtbot)
    dialog = start_receiving(qtbot)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    if expiry == "past":
        expiry = (clock.today() - timedelta(days=1)).isoformat()
    type_enter(qtbot, code)
    if field != "code":
        type_text(qtbot, quantity)
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "1.80")
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, expiry)
        press(qtbot, Qt.Key.Key_Return)
    assert said in dialog.message_label.text()
    assert focused() is dialog.inputs[field]
    assert dialog.model.rowCount() == 0
    press(qtbot, Qt.Key.Key_F12)
    assert "No goods yet" in dialog.message_label.text()
    assert count(demo_db, "stock_receipts") == 0
    assert count(demo_db, "stock_receipt_lines") == 0
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_a_production_date_without_the_shelf_life_is_refused(window, qtbot, demo_db, clock):
    open_stock_page(window, qtbot)
    dialog = start_receiving(qtbot)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_line(qtbot, dialog, COLA_500ML, "6", "1.80", "", clock.today().isoformat(), "")
    assert "shelf life in days" in dialog.message_label.text()
    assert focused() is dialog.inputs["shelf_life"]
    assert dialog.model.rowCount() == 0
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_esc_with_lines_typed_asks_again_and_del_removes_a_line(window, qtbot, demo_db, clock):
    open_stock_page(window, qtbot)
    dialog = start_receiving(qtbot)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_line(qtbot, dialog, COLA_500ML, "6", "1.80", _tomorrow(clock))
    type_line(qtbot, dialog, SPRITE_500ML, "6", "1.80")
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Delete)
    assert [line.name for line in dialog.model.lines] == ["雪碧 500ml"]
    press(qtbot, Qt.Key.Key_Escape)
    assert "Esc again throws away the 1 line" in dialog.message_label.text()
    assert dialog.isVisible()
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    assert count(demo_db, "stock_receipts") == 0
