"""A stocktake (盘点, F3 on the stock page) by scans and typed counts, posted with the owner."""

from PySide6.QtCore import Qt

from station_app.core.catalog import list_categories, stock_of
from station_app.core.stock import ReceiveLine, receive_stock
from tests.helpers import count
from tests.ui.conftest import (
    COLA_500ML,
    RICE_PLU,
    focused,
    modal,
    press,
    type_enter,
    type_text,
    wait_for_dialog,
    wait_for_no_dialog,
)
from tests.ui.stock.test_stock_page import open_stock_page, product_id, shown

GUANGMING = "6946237019658"  # 光明莫斯利安酸奶 200g, 乳品, 36 in stock
TELUNSU = "6934399036972"  # 蒙牛特仑苏纯牛奶 250ml×12盒, 乳品, 3 in stock
YILI = "6934367031169"  # 伊利纯牛奶 250ml, 乳品, 48 in stock
DAIRY_PRODUCTS = 15


def start_stocktake(qtbot, db, category):
    """F3, then Down to the category (None: all goods) and Enter."""
    press(qtbot, Qt.Key.Key_F3)
    wait_for_dialog(qtbot, "stocktakeScopeDialog")
    if category is not None:
        for _ in range(list_categories(db).index(category) + 1):
            press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    return wait_for_dialog(qtbot, "stocktakeDialog")


def counted(dialog, code):
    model = dialog.model
    row = next(r for r in range(model.rowCount()) if model.record(r).item.barcode == code)
    return [model.index(row, column).data() for column in range(model.columnCount())]


def test_a_category_counted_by_scans_and_a_typed_count_is_posted_with_the_owners_pin(
    window, qtbot, demo_db, clerk, clock
):
    guangming = product_id(demo_db, GUANGMING)
    receive_stock(demo_db, [ReceiveLine(guangming, 12, 350)], clerk, clock)  # 48, at ¥3.50
    stock = open_stock_page(window, qtbot)
    dialog = start_stocktake(qtbot, demo_db, "乳品")
    assert "乳品" in dialog.heading.text() and str(DAIRY_PRODUCTS) in dialog.heading.text()
    assert focused() is dialog.scan_input
    type_enter(qtbot, GUANGMING)
    type_enter(qtbot, GUANGMING)
    assert counted(dialog, GUANGMING)[3:] == ["48", "2", "-46", "-¥161.00"]
    type_enter(qtbot, TELUNSU)
    press(qtbot, Qt.Key.Key_F2)
    wait_for_dialog(qtbot, "countPrompt")
    type_enter(qtbot, "5")
    qtbot.waitUntil(lambda: focused() is dialog.scan_input)
    assert counted(dialog, TELUNSU)[3:] == ["3", "5", "+2", "—"]  # no cost yet
    assert counted(dialog, YILI)[4] == "—"
    summary = dialog.summary_label.text()
    assert "Difference at cost: -¥161.00." in summary
    assert f"Not counted yet: {DAIRY_PRODUCTS - 2}" in summary

    press(qtbot, Qt.Key.Key_F12)
    wait_for_dialog(qtbot, "ownerPinDialog")  # the clerk is signed in
    with qtbot.waitSignal(stock.stocktake_posted) as posted:
        type_enter(qtbot, "8888")
    wait_for_no_dialog(qtbot)
    telunsu = product_id(demo_db, TELUNSU)
    assert posted.args[0] == {guangming: -46, telunsu: 2}
    adjustment = demo_db.execute(
        "SELECT id, kind, reason, operator_id FROM stock_adjustments"
    ).fetchall()
    owner_id = demo_db.execute("SELECT id FROM operators WHERE name = '店主'").fetchone()[0]
    assert [row[1:] for row in adjustment] == [
        ("stocktake", f"Stocktake {clock.today().isoformat()}", owner_id)
    ]
    moves = demo_db.execute(
        "SELECT product_id, delta FROM stock_moves WHERE reason = 'adjust' AND ref_id = ? "
        "ORDER BY delta",
        [adjustment[0][0]],
    ).fetchall()
    assert moves == [(guangming, -46), (telunsu, 2)]
    assert stock_of(demo_db, product_id(demo_db, YILI)) == 48  # not counted: kept
    assert shown(stock, GUANGMING)[2] == "2" and shown(stock, TELUNSU)[2] == "5"
    message = window.workspace.stock_page.message_label.text()
    assert "difference -¥161.00 at cost" in message
    assert f"{DAIRY_PRODUCTS - 2} product" in message
    assert focused() is window.workspace.stock_page.main_input


def test_the_owner_signed_in_posts_without_a_pin(window, qtbot, demo_db):
    stock = open_stock_page(window, qtbot, pin="8888")
    start_stocktake(qtbot, demo_db, "乳品")
    type_enter(qtbot, YILI)
    with qtbot.waitSignal(stock.stocktake_posted):
        press(qtbot, Qt.Key.Key_F12)
    wait_for_no_dialog(qtbot)
    assert stock_of(demo_db, product_id(demo_db, YILI)) == 1


def test_a_wrong_pin_or_esc_posts_nothing_and_keeps_the_counts(window, qtbot, demo_db):
    open_stock_page(window, qtbot)
    dialog = start_stocktake(qtbot, demo_db, "乳品")
    type_enter(qtbot, YILI)
    press(qtbot, Qt.Key.Key_F12)
    pin = wait_for_dialog(qtbot, "ownerPinDialog")
    type_enter(qtbot, "1234")  # the clerk's own PIN is no owner's
    assert pin.message_label.text()
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: focused() is dialog.scan_input)
    assert counted(dialog, YILI)[4] == "1"
    assert count(demo_db, "stock_adjustments") == 0
    press(qtbot, Qt.Key.Key_Escape)
    assert "Esc again throws away the counts" in dialog.message_label.text()
    assert modal() is dialog
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    assert count(demo_db, "stock_adjustments") == 0
    assert stock_of(demo_db, product_id(demo_db, YILI)) == 48


def test_a_scan_outside_the_category_or_unknown_is_refused_and_counts_nothing(
    window, qtbot, demo_db
):
    open_stock_page(window, qtbot)
    dialog = start_stocktake(qtbot, demo_db, "乳品")
    type_enter(qtbot, COLA_500ML)
    assert "可口可乐 500ml is not in this stocktake (乳品)" in dialog.message_label.text()
    type_enter(qtbot, "6900000000017")
    assert "条码 6900000000017 不在商品库中" in dialog.message_label.text()
    assert dialog.model.counts == {}
    press(qtbot, Qt.Key.Key_F12)
    assert "Nothing is counted yet" in dialog.message_label.text()
    assert modal() is dialog
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_weighed_goods_are_counted_by_typing_the_weight_in_kg(window, qtbot, demo_db):
    open_stock_page(window, qtbot)
    dialog = start_stocktake(qtbot, demo_db, "粮油")
    type_enter(qtbot, RICE_PLU)
    assert "is weighed: press F2" in dialog.message_label.text()
    press(qtbot, Qt.Key.Key_F2)
    prompt = wait_for_dialog(qtbot, "countPrompt")
    type_text(qtbot, "12.5.")
    assert prompt.input.text() == "12.5"  # the field takes a number only
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is dialog.scan_input)
    rice = dialog.model.record(dialog.model.row_of(product_id(demo_db, RICE_PLU)))
    assert rice.counted == 12_500
    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
