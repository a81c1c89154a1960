from station_app.core.clock import Clock
from station_app.core.holds import HeldCart
from station_app.ui.checkout.held_cart_model import HeldCartModel


def test_held_cart_model_shows_local_time_and_label(qtmodeltester):
    held = [HeldCart("h1", "2025-03-01T06:03:04.000Z", "可口可乐 500ml 等2项 ¥6.00", 600)]
    model = HeldCartModel(held, Clock(tz_offset_min=480))
    qtmodeltester.check(model, force_py=True)
    assert model.index(0).data() == "14:03    可口可乐 500ml 等2项 ¥6.00"
