from station_app.core.refunds import RefundableLine
from station_app.core.sales import SaleLineRecord
from station_app.ui.checkout.refund_lines_model import RefundColumn, RefundLinesModel


def _refundable() -> list[RefundableLine]:
    cola = SaleLineRecord("l1", 1, "p1", "693", "可口可乐 500ml", "瓶", 300, 3, None, 900, 0, 900)
    rice = SaleLineRecord("l2", 2, "p2", "1001", "散装大米", "kg", 560, 1, 1250, 700, 0, 700)
    return [RefundableLine(cola, 2, 600), RefundableLine(rice, 1, 700)]


def test_refund_lines_model_passes_the_model_tester(qtmodeltester):
    model = RefundLinesModel(_refundable())
    qtmodeltester.check(model, force_py=True)


def test_refund_quantity_is_limited_to_what_is_left(qapp):
    model = RefundLinesModel(_refundable())
    cell = model.index(0, RefundColumn.RETURN)
    assert not model.setData(cell, 3)
    assert model.setData(cell, 1)
    assert model.chosen_quantities() == {"l1": 1}
    assert model.chosen_amount_fen() == 300
    model.choose_all()
    assert model.chosen_quantities() == {"l1": 2, "l2": 1}
    assert model.chosen_amount_fen() == 1300
    assert model.index(1, RefundColumn.SOLD).data() == "1.250 kg"
