from station_app.ui.checkout.product_list_model import ProductListModel
from tests.ui.checkout.test_cart_model import COLA, RICE


def test_product_list_model_passes_the_model_tester(qtmodeltester):
    model = ProductListModel()
    model.set_products([COLA, RICE])
    qtmodeltester.check(model, force_py=True)
    assert model.index(1).data() == "散装大米    ¥5.60/kg (¥2.80/jin)"
    assert model.index(0).data() == "可口可乐 500ml    ¥3.00/瓶"
