from PySide6.QtCore import Qt

from station_app.core.cart import Cart
from station_app.core.catalog import Product, ScanHit
from station_app.ui.checkout.cart_model import CartColumn, CartModel

COLA = Product("p1", "可口可乐 500ml", "瓶", 300, False, None, "饮料", "6932780008140")
RICE = Product("p2", "散装大米", "kg", 560, True, "1001", "粮油", None)


def _cart() -> Cart:
    cart = Cart()
    cart.add_scan(ScanHit(COLA))
    cart.add_scan(ScanHit(COLA))
    cart.add_weighed(RICE, 1250)
    cart.add_open_item("日用品", 850)
    return cart


def test_cart_model_passes_the_model_tester(qtmodeltester):
    model = CartModel()
    model.set_lines(_cart().lines)
    qtmodeltester.check(model, force_py=True)


def test_empty_cart_model_passes_the_model_tester(qtmodeltester):
    qtmodeltester.check(CartModel(), force_py=True)


def test_cells_show_quantity_weight_and_money(qapp):
    model = CartModel()
    cart = _cart()
    cart.discount_line(0, 50, _owner())
    model.set_lines(cart.lines)
    text = [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    assert text[0] == ["可口可乐 500ml", "2 瓶", "¥3.00", "-¥0.50", "¥5.50"]
    assert text[1] == ["散装大米", "1.250 kg", "¥5.60/kg (¥2.80/jin)", "", "¥7.00"]
    assert text[2][0] == "无码商品·日用品"
    assert model.headerData(CartColumn.AMOUNT, Qt.Orientation.Horizontal) == "Amount"
    assert model.headerData(1, Qt.Orientation.Vertical) == "2"


def test_money_is_right_aligned_and_names_left(qapp):
    model = CartModel()
    model.set_lines(_cart().lines)
    right = model.index(0, CartColumn.AMOUNT).data(Qt.ItemDataRole.TextAlignmentRole)
    left = model.index(0, CartColumn.ITEM).data(Qt.ItemDataRole.TextAlignmentRole)
    assert right & Qt.AlignmentFlag.AlignRight.value
    assert left & Qt.AlignmentFlag.AlignLeft.value


def _owner():
    from station_app.core.operators import Operator, Role

    return Operator("o1", "店主", Role.OWNER)


def test_a_weight_is_shown_in_kg_and_jin(qapp):
    from station_app.ui.checkout.cart_model import format_weight_kg_jin

    assert format_weight_kg_jin(1000) == "1.000 kg (2 jin)"
    assert format_weight_kg_jin(1250) == "1.250 kg (2.5 jin)"
