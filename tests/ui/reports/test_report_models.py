"""The report page's tables read as the keeper expects, and pass Qt's model checks."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from station_app.core.period_report import build_period_report
from station_app.core.simulation import simulate
from station_app.ui.reports.report_models import AgeingModel, ProductModel, ShiftModel, ranked


@pytest.fixture
def report(demo_db, clock):
    first = clock.today() - timedelta(days=5)
    simulate(demo_db, 5, seed=9, start=first)
    return build_period_report(demo_db, first, clock.today(), clock)


def test_every_model_passes_the_model_tester(qtmodeltester, report):
    products, ageing, shifts = ProductModel(), AgeingModel(), ShiftModel()
    products.set_records(ranked(report.top_products.by_weight))
    ageing.set_records(report.credit.villagers)
    shifts.set_records(report.shifts.shifts)
    for model in (products, ageing, shifts):
        qtmodeltester.check(model, force_py=True)


def test_weighed_goods_show_kilograms_and_counted_goods_units(report):
    model = ProductModel()
    model.set_records(ranked(report.top_products.by_weight))
    first = report.top_products.by_weight[0]
    assert model.index(0, 2).data() == f"{first.weight_g // 1000}.{first.weight_g % 1000:03d}kg"
    model.set_records(ranked(report.top_products.by_quantity))
    assert model.index(1, 0).data() == "2"
    assert model.index(1, 2).data() == str(report.top_products.by_quantity[1].quantity)


def test_a_shift_short_of_cash_is_red_and_times_are_station_time(report):
    model = ShiftModel(480)
    model.set_records(report.shifts.shifts)
    line = report.shifts.shifts[0]
    # 07:00 at UTC+8 is 23:00 UTC the day before: the station's day is shown.
    assert model.index(0, 1).data() == f"{report.first:%m-%d} 07:00 {line.opened_by}"
    for row, shift in enumerate(report.shifts.shifts):
        colour = model.index(row, 6).data(Qt.ItemDataRole.ForegroundRole)
        assert (colour is not None) == ((shift.over_short_fen or 0) < 0)
