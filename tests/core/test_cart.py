import pytest

from station_app.core.barcodes import make_scale_code
from station_app.core.cart import Cart, WeightRequired
from station_app.core.catalog import ScanHit, find_by_code
from station_app.core.errors import InputRefused, PermissionRequired
from station_app.core.money import Rounding


def scan(shop, cart, code):
    return cart.add_scan(find_by_code(shop.db, code, shop.settings.scale_prefixes))


def test_scanning_the_same_barcode_again_raises_the_quantity(shop):
    cart = Cart()
    scan(shop, cart, shop.cola.barcode)
    scan(shop, cart, shop.cola.barcode)
    scan(shop, cart, shop.noodles.barcode)
    assert [(line.name, line.quantity) for line in cart.lines] == [
        ("可口可乐 500ml", 2),
        ("康师傅红烧牛肉面 桶装", 1),
    ]
    assert cart.totals().total_fen == 2 * 300 + 450


def test_scale_label_adds_a_weighed_line_priced_per_kg(shop):
    cart = Cart()
    line = scan(shop, cart, make_scale_code("20", "1001", 2345))
    assert (line.name, line.weight_g, line.unit_price_fen) == ("散装大米", 2345, 560)
    assert line.total_fen == 1313  # 5.60 × 2.345 = 13.132


def test_price_label_keeps_the_printed_price(shop):
    cart = Cart()
    line = scan(shop, cart, make_scale_code("27", "1002", 1580))
    assert line.total_fen == 1580
    assert line.weight_g == 1215  # implied for stock: 15.80 / 13.00 per kg


def test_weighed_goods_without_a_label_ask_for_the_weight(shop):
    cart = Cart()
    with pytest.raises(WeightRequired) as asked:
        scan(shop, cart, "1001")
    assert cart.is_empty
    cart.add_weighed(asked.value.product, 500)
    assert cart.totals().total_fen == 280


@pytest.mark.parametrize("quantity", [0, -1, 10_000])
def test_absurd_quantity_is_refused_and_the_line_unchanged(shop, quantity):
    cart = Cart()
    scan(shop, cart, shop.cola.barcode)
    with pytest.raises(InputRefused):
        cart.set_quantity(0, quantity)
    assert cart.lines[0].quantity == 1


@pytest.mark.parametrize("grams", [0, 100_001])
def test_absurd_weight_is_refused(shop, grams):
    with pytest.raises(InputRefused):
        Cart().add_weighed(shop.rice, grams)


def test_open_item_sells_an_amount_against_a_category():
    cart = Cart()
    line = cart.add_open_item("零食", 350)
    assert line.product_id is None
    assert line.name == "无码商品·零食"
    assert cart.totals().total_fen == 350
    with pytest.raises(InputRefused):
        cart.add_open_item("零食", 100_000_001)


def test_clerk_discount_above_the_limit_needs_the_owner(shop):
    cart = Cart(discount_limit_fen=500)
    cart.add_product(shop.noodles, 10)
    cart.discount_line(0, 500, shop.clerk)
    with pytest.raises(PermissionRequired):
        cart.discount_sale(100, shop.clerk)
    assert cart.sale_discount_fen == 0
    cart.discount_sale(100, shop.clerk, approver=shop.owner)
    assert cart.totals().discount_fen == 600
    assert cart.discount_approved_by == shop.owner.id


def test_discount_cannot_exceed_the_amount(shop):
    cart = Cart()
    cart.add_product(shop.cola)
    with pytest.raises(InputRefused):
        cart.discount_line(0, 301, shop.owner)
    with pytest.raises(InputRefused):
        cart.discount_sale(301, shop.owner)


def test_rounding_is_a_visible_line_of_its_own(shop):
    cart = Cart()
    cart.add_weighed(shop.rice, 2345)  # 13.13
    cart.set_rounding(Rounding.JIAO)
    totals = cart.totals()
    assert (totals.gross_fen, totals.rounding_fen, totals.total_fen) == (1313, 3, 1310)
    cart.set_rounding(Rounding.YUAN)
    assert cart.totals().total_fen == 1300


def test_void_line_removes_it(shop):
    cart = Cart()
    cart.add_product(shop.cola)
    cart.add_product(shop.noodles)
    cart.void_line(0)
    assert [line.name for line in cart.lines] == ["康师傅红烧牛肉面 桶装"]
    with pytest.raises(InputRefused):
        cart.void_line(5)


def test_held_cart_round_trips_through_json(shop):
    cart = Cart()
    cart.add_product(shop.cola, 3)
    cart.add_weighed(shop.eggs, 1500)
    cart.discount_sale(50, shop.owner)
    cart.set_rounding(Rounding.JIAO)
    again = Cart.from_json(cart.to_json())
    assert again.lines == cart.lines
    assert again.totals() == cart.totals()


def test_scan_hit_without_scale_for_counted_goods(shop):
    cart = Cart()
    cart.add_scan(ScanHit(shop.cola))
    assert cart.lines[0].quantity == 1
