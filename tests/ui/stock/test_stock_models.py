"""The stock page's models: stock rows, a delivery's lines, a stocktake's counts."""

from datetime import date, timedelta

from PySide6.QtCore import Qt

from station_app.core.stock import Batch, CountItem, ReceiveLine, StockRow
from station_app.ui.stock.stock_models import (
    CountModel,
    CountRow,
    DraftLine,
    ReceiveLineModel,
    StockModel,
)

TODAY = date(2026, 5, 1)


def _row(name="可口可乐 500ml", stock=30, expiry=None, reorder=0, weighed=False, cost=180):
    return StockRow(
        name, "6932780008140", name, stock, "kg" if weighed else "瓶", weighed, reorder, cost,
        300, [Batch(stock, expiry)] if stock > 0 else [],
    )  # fmt: skip


def _cells(model, row):
    return [model.index(row, column).data() for column in range(model.columnCount())]


def test_stock_rows_pass_the_model_tester_and_read_as_the_page_shows_them(qtmodeltester):
    model = StockModel()
    model.set_days(TODAY, TODAY + timedelta(30))
    model.set_records([_row(), _row("散装大米", 12_500, weighed=True, cost=None), _row(stock=-3)])
    qtmodeltester.check(model)
    assert _cells(model, 0) == ["6932780008140", "可口可乐 500ml", "30", "瓶", "", "¥1.80",
                                "¥54.00", ""]  # fmt: skip
    assert _cells(model, 1)[2:7] == ["12.500", "kg", "", "—", "—"]
    assert _cells(model, 2)[2] == "-3"


def test_expired_rows_are_red_expiring_yellow_and_low_stock_red_in_its_cell():
    model = StockModel()
    model.set_days(TODAY, TODAY + timedelta(30))
    expired = _row(expiry=(TODAY - timedelta(1)).isoformat())
    soon = _row(expiry=(TODAY + timedelta(30)).isoformat())
    later = _row(expiry=(TODAY + timedelta(31)).isoformat(), stock=5, reorder=5)
    model.set_records([expired, soon, later])
    background = Qt.ItemDataRole.BackgroundRole
    assert model.index(0, 0).data(background).color().name() == "#ffe3e0"
    assert _cells(model, 0)[7].endswith(" expired")
    assert model.index(1, 0).data(background).color().name() == "#fff3c4"
    assert model.index(2, 0).data(background) is None
    stock_colour = model.index(2, StockModel.STOCK_COLUMN).data(Qt.ItemDataRole.ForegroundRole)
    assert stock_colour.color().name() == "#b3140b"


def test_a_delivery_line_sold_at_or_below_cost_is_marked(qtmodeltester):
    model = ReceiveLineModel()
    cheap = DraftLine(ReceiveLine("p1", 12, 300, TODAY), "雪碧 500ml", "瓶", False, 300)
    rice = DraftLine(ReceiveLine("p2", 25_500, 400), "散装大米", "kg", True, 560)
    model.set_records([cheap, rice])
    qtmodeltester.check(model)
    assert _cells(model, 0) == ["雪碧 500ml", "12", "瓶", "¥3.00", "¥36.00", "¥3.00 ≤ cost!",
                                TODAY.isoformat()]  # fmt: skip
    assert _cells(model, 1)[1:5] == ["25.500", "kg", "¥4.00", "¥102.00"]
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.headerData(1, Qt.Orientation.Vertical) == "2"


def test_a_count_shows_the_difference_and_its_value_once_counted(qtmodeltester):
    model = CountModel()
    items = [
        CountItem("a", "111", "光明莫斯利安酸奶 200g", "盒", False, 48, 350),
        CountItem("b", None, "散装大米", "kg", True, 20_000, 400),
    ]
    model.set_records(CountRow(item) for item in items)
    qtmodeltester.check(model)
    assert _cells(model, 0)[3:] == ["48", "—", "", ""]
    model.set_count(0, 50)
    model.set_count(1, 18_500)
    assert _cells(model, 0)[3:] == ["48", "50", "+2", "¥7.00"]
    assert _cells(model, 1)[3:] == ["20.000", "18.500", "-1.500", "-¥6.00"]
    assert model.counts == {"a": 50, "b": 18_500}
    assert model.row_of("b") == 1 and model.row_of("zz") == -1
    qtmodeltester.check(model)
