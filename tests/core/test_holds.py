import pytest

from station_app.core.cart import Cart
from station_app.core.errors import InputRefused, NotFound
from station_app.core.holds import hold_cart, list_held, resume_held
from tests.helpers import reopen


def test_held_cart_survives_a_restart_and_resumes_once(shop, tmp_path):
    cart = Cart()
    cart.add_product(shop.cola, 2)
    cart.add_weighed(shop.rice, 800)
    held = hold_cart(shop.db, cart, shop.clerk, shop.clock)
    assert "可口可乐" in held.label
    db = reopen(shop.db)
    assert [h.id for h in list_held(db)] == [held.id]
    again = resume_held(db, held.id)
    assert again.lines == cart.lines
    assert list_held(db) == []
    with pytest.raises(NotFound):
        resume_held(db, held.id)


def test_empty_cart_is_not_held(shop):
    with pytest.raises(InputRefused):
        hold_cart(shop.db, Cart(), shop.clerk, shop.clock)
