"""The stock page (库存, Alt+7) driven by keys: the list, its filters, write-off, reorder level."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel

from station_app.core.catalog import find_by_code, stock_of
from station_app.core.stock import ReceiveLine, receive_stock
from station_app.ui.common.key_map import STOCK_KEYS, Page
from station_app.ui.stock.stock_models import StockModel
from tests.helpers import count
from tests.ui.conftest import (
    COLA_500ML,
    SPRITE_500ML,
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


def open_stock_page(window, qtbot, pin="1234"):
    sign_in(qtbot, window, pin)
    press_alt(qtbot, Qt.Key.Key_7)
    qtbot.waitUntil(lambda: focused() is window.workspace.stock_page.main_input)
    return window.workspace.stock


def product_id(db, code):
    return find_by_code(db, code, {}).product.id


def shown(stock, code_or_id):
    """The page's row of a product (by barcode or id), as the list shows it now."""
    model = stock.model
    for row in range(model.rowCount()):
        record = model.record(row)
        if code_or_id in (record.barcode, record.product_id):
            return [model.index(row, column).data() for column in range(model.columnCount())]
    return None


def highlighted_name(stock):
    return stock.model.record(stock.table.selectionModel().currentIndex().row()).name


def test_alt_7_lists_the_stock_with_its_value_at_cost_and_at_sale_price(
    window, qtbot, demo_db, clerk, clock
):
    receive_stock(demo_db, [ReceiveLine(product_id(demo_db, COLA_500ML), 10, 180)], clerk, clock)
    stock = open_stock_page(window, qtbot)
    assert window.workspace.current_page is Page.STOCK
    # 40 colas at ¥1.80 is all the demo stock with a cost.
    assert "¥72.00 at cost" in window.workspace.stock_page.value_label.text()
    assert shown(stock, COLA_500ML)[1:7] == ["可口可乐 500ml", "40", "瓶", "", "¥1.80", "¥72.00"]
    assert stock.model.rowCount() == count(demo_db, "products WHERE active = 1")


def test_a_scan_and_enter_highlight_the_product_and_enter_again_shows_its_batches(
    window, qtbot, demo_db, clerk, clock
):
    soon = clock.today() + timedelta(days=12)
    receive_stock(
        demo_db, [ReceiveLine(product_id(demo_db, SPRITE_500ML), 24, 200, soon)], clerk, clock
    )
    stock = open_stock_page(window, qtbot)
    type_enter(qtbot, SPRITE_500ML)
    assert highlighted_name(stock) == "雪碧 500ml"
    assert "雪碧 500ml: stock 30 瓶" in window.workspace.stock_page.message_label.text()
    press(qtbot, Qt.Key.Key_Return)
    batches = wait_for_dialog(qtbot, "batchesDialog")
    assert batches.text_label.text() == f"24 瓶: expires {soon.isoformat()}\n6 瓶: no expiry date"
    press(qtbot, Qt.Key.Key_Return)
    wait_for_no_dialog(qtbot)
    assert focused() is window.workspace.stock_page.main_input


def test_an_unknown_code_is_said_plainly(window, qtbot):
    open_stock_page(window, qtbot)
    type_enter(qtbot, "6900000000017")
    assert "条码 6900000000017 不在商品库中" in (window.workspace.stock_page.message_label.text())


def test_f6_steps_through_all_low_and_expiring_and_colours_expired_red(
    window, qtbot, demo_db, clerk, clock
):
    cola, sprite = product_id(demo_db, COLA_500ML), product_id(demo_db, SPRITE_500ML)
    receive_stock(demo_db, [ReceiveLine(cola, 5, 180, clock.today() + timedelta(5))], clerk, clock)
    receive_stock(
        demo_db, [ReceiveLine(sprite, 5, 180, clock.today() + timedelta(200))], clerk, clock
    )
    # A week on, the colas of that delivery have expired.
    later = clock.now() + timedelta(days=7)
    clock.source = lambda: later
    stock = open_stock_page(window, qtbot)
    page = window.workspace.stock_page
    press(qtbot, Qt.Key.Key_F6)
    assert page.filter_label.text().startswith("Showing: low stock")
    press(qtbot, Qt.Key.Key_F6)
    assert page.filter_label.text().startswith("Showing: expiring or expired (1)")
    row = shown(stock, cola)
    assert row[7].endswith(" expired")
    index = stock.model.index(0, 1)
    assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b3140b"
    assert shown(stock, sprite) is None
    press(qtbot, Qt.Key.Key_F6)
    assert page.filter_label.text().startswith("Showing: all products")


def test_negative_stock_is_shown_negative_and_as_low(window, qtbot, demo_db, clerk, clock):
    from station_app.core.stock import write_off

    sprite = product_id(demo_db, SPRITE_500ML)
    write_off(demo_db, sprite, 8, "破损", clerk, clock)
    stock = open_stock_page(window, qtbot)
    assert shown(stock, SPRITE_500ML)[2] == "-2"
    press(qtbot, Qt.Key.Key_F6)
    assert shown(stock, SPRITE_500ML) is not None and shown(stock, COLA_500ML) is None


def test_a_write_off_takes_the_goods_out_with_the_reason(window, qtbot, demo_db):
    stock = open_stock_page(window, qtbot)
    type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F4)
    form = wait_for_dialog(qtbot, "stockWriteOffDialog")
    assert "in stock 30 瓶" in form.intro_label.text()
    type_text(qtbot, "2")
    press(qtbot, Qt.Key.Key_Tab)
    type_chinese("破损")
    with qtbot.waitSignal(stock.written_off):
        press(qtbot, Qt.Key.Key_Return)
    wait_for_no_dialog(qtbot)
    cola = product_id(demo_db, COLA_500ML)
    assert stock_of(demo_db, cola) == 28
    assert shown(stock, COLA_500ML)[2] == "28"
    assert demo_db.execute("SELECT kind, reason FROM stock_adjustments").fetchall() == [
        ("write_off", "破损")
    ]
    assert demo_db.execute(
        "SELECT delta, reason FROM stock_moves WHERE product_id = ? ORDER BY id DESC LIMIT 1",
        [cola],
    ).fetchone() == (-2, "adjust")
    assert "Wrote off 2 瓶 of 可口可乐 500ml (破损). Stock now 28." in (
        window.workspace.stock_page.message_label.text()
    )


@pytest.mark.parametrize(
    ("quantity", "reason", "said", "field"),
    [
        ("2", "", "请填写原因", "reason"),
        ("0", "破损", "报损数量须在 1 到", "quantity"),
        ("", "破损", "Type how many", "quantity"),
    ],
)
def test_a_write_off_without_reason_or_quantity_is_refused_and_nothing_stored(
    window, qtbot, demo_db, quantity, reason, said, field
):
    open_stock_page(window, qtbot)
    type_enter(qtbot, COLA_500ML)
    press(qtbot, Qt.Key.Key_F4)
    form = wait_for_dialog(qtbot, "stockWriteOffDialog")
    type_text(qtbot, quantity)
    press(qtbot, Qt.Key.Key_Tab)
    if reason:
        type_chinese(reason)
    press(qtbot, Qt.Key.Key_Return)
    assert said in form.message_label.text()
    assert focused() is form.inputs[field]
    assert count(demo_db, "stock_adjustments") == 0
    assert stock_of(demo_db, product_id(demo_db, COLA_500ML)) == 30
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def test_a_reorder_level_makes_the_product_show_under_low_stock(window, qtbot, demo_db):
    stock = open_stock_page(window, qtbot)
    press(qtbot, Qt.Key.Key_F6)
    assert shown(stock, SPRITE_500ML) is None  # 6 in stock, no level yet
    press(qtbot, Qt.Key.Key_Escape)
    type_enter(qtbot, SPRITE_500ML)
    press(qtbot, Qt.Key.Key_F5)
    prompt = wait_for_dialog(qtbot, "reorderLevelDialog")
    prompt.input.clear()
    type_enter(qtbot, "10")
    wait_for_no_dialog(qtbot)
    level = demo_db.execute(
        "SELECT reorder_level FROM products WHERE id = ?", [product_id(demo_db, SPRITE_500ML)]
    ).fetchone()[0]
    assert level == 10
    assert shown(stock, SPRITE_500ML)[4] == "10"
    press(qtbot, Qt.Key.Key_F6)
    assert shown(stock, SPRITE_500ML) is not None
    assert shown(stock, COLA_500ML) is None  # 30 in stock, no level


def test_an_absurd_reorder_level_is_refused(window, qtbot, demo_db):
    open_stock_page(window, qtbot)
    type_enter(qtbot, SPRITE_500ML)
    press(qtbot, Qt.Key.Key_F5)
    prompt = wait_for_dialog(qtbot, "reorderLevelDialog")
    prompt.input.clear()
    type_enter(qtbot, "9999999")
    assert "补货线须在 0 到" in prompt.message_label.text()
    assert count(demo_db, "products WHERE reorder_level > 0") == 0
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)


def _cut(label: QLabel) -> bool:
    return label.isVisible() and label.width() < label.minimumSizeHint().width()


def test_at_1024_by_768_nothing_on_the_page_is_cut(window, qtbot, demo_db):
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: window.width() == 1024)
    stock = open_stock_page(window, qtbot)
    page = window.workspace.stock_page

    def cut() -> list[str]:
        return [label.text() for label in page.findChildren(QLabel) if _cut(label)]

    def all_fit() -> None:
        assert not cut()

    # Layouts settle over a few event-loop turns on a loaded machine: the last failed
    # check is what a timeout reports.
    qtbot.waitUntil(all_fit, timeout=3000)
    assert {label.text() for label in page.legend_labels.values()} == {
        binding.translated_label() for binding in STOCK_KEYS
    }
    header = stock.table.horizontalHeader()
    assert header.length() <= stock.table.viewport().width()
    twelve_cjk = QFontMetrics(stock.table.font()).horizontalAdvance("蒙" * 12)
    assert stock.table.columnWidth(StockModel.PRODUCT_COLUMN) >= twelve_cjk
    for key, name in ((Qt.Key.Key_F2, "receiveDialog"), (Qt.Key.Key_F3, "stocktakeScopeDialog")):
        press(qtbot, key)
        dialog = wait_for_dialog(qtbot, name)
        assert dialog.width() <= 1024 and dialog.height() <= 768
        assert not [label.text() for label in dialog.findChildren(QLabel) if _cut(label)]
        press(qtbot, Qt.Key.Key_Escape)
        wait_for_no_dialog(qtbot)
