"""The report page (报表, Alt+8) by keys, on a station with simulated days of sales."""

from datetime import timedelta

import openpyxl
import pytest
from PySide6.QtCharts import QAbstractBarSeries, QPieSeries
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFrame, QLabel

from station_app.core.money import format_fen
from station_app.core.period_report import build_period_report
from station_app.core.simulation import simulate
from station_app.ui.common.key_map import REPORT_KEYS, Page
from station_app.ui.reports.report_page import SECTIONS, Section
from tests.printing.escpos_decode import decode
from tests.ui.conftest import (
    focused,
    press,
    press_alt,
    sign_in,
    type_enter,
    wait_for_dialog,
    wait_for_no_dialog,
)

DAYS = 9
BUILD_MS = 20_000


@pytest.fixture
def simulated(demo_db, clock):
    """Nine simulated days of sales, shifts, credit, agency and consignment, up to yesterday."""
    first = clock.today() - timedelta(days=DAYS)
    simulate(demo_db, DAYS, seed=14, start=first)
    return first, clock.today() - timedelta(days=1)


def open_reports(window, qtbot):
    sign_in(qtbot, window, "1234")
    press_alt(qtbot, Qt.Key.Key_8)
    reports = window.workspace.reports
    qtbot.waitUntil(lambda: focused() is window.workspace.reports_page.main_input)
    qtbot.waitUntil(lambda: reports.report is not None, timeout=BUILD_MS)  # today's, at once
    return reports


def show(qtbot, reports, text):
    """Type a period over the one shown, Enter, and wait for its figures."""
    with qtbot.waitSignal(reports.report_shown, timeout=BUILD_MS) as shown:
        type_enter(qtbot, text)
    return shown.args[0]


def bar_values(panel):
    (series,) = panel.chart().series()
    assert isinstance(series, QAbstractBarSeries)
    (bars,) = series.barSets()
    return [bars.at(i) for i in range(bars.count())]


def bar_labels(panel):
    """The category axis's labels: left of horizontal bars, under upright ones."""
    horizontal = panel.objectName() == "categoryChart"
    orientation = Qt.Orientation.Vertical if horizontal else Qt.Orientation.Horizontal
    return panel.chart().axes(orientation)[0].categories()


def yuan(fen):
    return fen / 100


def test_alt_8_shows_the_report_page_with_today_and_the_legend_of_its_keys(window, qtbot):
    reports = open_reports(window, qtbot)
    page = window.workspace.reports_page
    assert window.workspace.current_page is Page.REPORTS
    today = reports._clock.today().isoformat()
    assert page.main_input.text() == today
    assert reports.report.first == reports.report.last == reports._clock.today()
    assert {label.text() for label in page.legend_labels.values()} == {
        binding.translated_label() for binding in REPORT_KEYS
    }
    assert page.section_tabs[Section.SUMMARY].property("current") is True


def test_a_typed_range_and_enter_show_the_figures_core_adds_up(
    window, qtbot, demo_db, clock, simulated
):
    first, last = simulated
    reports = open_reports(window, qtbot)
    shown = show(qtbot, reports, f"{first}..{last}")
    expected = build_period_report(demo_db, first, last, clock)
    assert shown == expected
    page = window.workspace.reports_page
    summary = expected.summary
    values = {key: label.text() for key, label in page.summary_values.items()}
    assert values["sales_count"] == str(summary.sales_count) != "0"
    assert values["gross"] == format_fen(summary.gross_fen)
    assert values["discount"] == format_fen(-summary.discount_fen)
    assert values["rounding"] == format_fen(-summary.rounding_fen)
    assert values["refunds"] == f"{format_fen(-summary.refunds_fen)} ({summary.refund_count})"
    assert values["net"] == format_fen(summary.net_fen)
    for method in ("cash", "wechat", "alipay", "unionpay", "account"):
        assert values[method] == format_fen(summary.payments_fen[method])
    # The simulated demo station received no deliveries: no cost, so no margin to show.
    assert expected.margin.costed_lines == 0
    assert values["margin"] == "—"
    assert "Alt+7" in page.margin_label.text()
    assert f"net {format_fen(summary.net_fen)} from {summary.sales_count} sale(s)" in (
        page.headline_label.text()
    )
    credit = expected.credit
    assert credit.owed_fen > 0
    assert f"{format_fen(credit.owed_fen)} by {len(credit.villagers)} villager(s)" in (
        page.credit_label.text()
    )
    ageing = reports.ageing_model
    assert ageing.rowCount() == len(credit.villagers)
    assert ageing.index(0, 1).data() == format_fen(credit.villagers[0].owed_fen)
    agency = expected.agency
    assert page.agency_values["collected"].text() == format_fen(agency.collected_fen)
    assert page.agency_values["service_fee"].text() == format_fen(agency.service_fee_fen)
    lots = expected.consignment
    assert page.consignment_values["owed_to_farmers"].text() == format_fen(lots.owed_to_farmers_fen)
    shifts = expected.shifts
    assert reports.shift_model.rowCount() == len(shifts.shifts) >= DAYS
    assert page.shifts_label.text().endswith(format_fen(shifts.over_short_fen))
    top = expected.top_products.by_amount
    assert reports.amount_model.rowCount() == len(top) == 20
    assert [reports.amount_model.index(0, c).data() for c in (0, 1, 3)] == [
        "1",
        top[0].name,
        format_fen(top[0].amount_fen),
    ]
    by_units = expected.top_products.by_quantity
    assert reports.quantity_model.index(0, 2).data() == str(by_units[0].quantity)


def test_the_charts_plot_the_days_hours_methods_and_categories_in_yuan(
    window, qtbot, demo_db, clock, simulated
):
    first, last = simulated
    reports = open_reports(window, qtbot)
    report = show(qtbot, reports, f"{first} {last}")
    page = window.workspace.reports_page
    assert bar_values(page.day_chart) == [yuan(day.net_fen) for day in report.days]
    assert bar_labels(page.day_chart)[0] == f"{first.month}/{first.day}"
    assert bar_values(page.hour_chart) == [yuan(hour.net_fen) for hour in report.hours]
    assert len(bar_values(page.hour_chart)) == 24
    (pie,) = page.payment_chart.chart().series()
    assert isinstance(pie, QPieSeries)
    paid = {m: fen for m, fen in report.summary.payments_fen.items() if fen > 0}
    assert [piece.value() for piece in pie.slices()] == [yuan(fen) for fen in paid.values()]
    assert pie.slices()[0].label().startswith("Cash ")
    ranked = sorted(report.categories, key=lambda c: c.amount_fen, reverse=True)
    # Largest on top: the horizontal bars count from the bottom.
    plotted = list(reversed(bar_values(page.category_chart)))
    assert plotted[: len(ranked[:10])] == [yuan(c.amount_fen) for c in ranked[:10]]
    top_label = bar_labels(page.category_chart)[-1]
    assert top_label.startswith(ranked[0].category or "(no category)")


def test_f3_shows_yesterday_and_f2_today(window, qtbot, demo_db, clock, simulated):
    _first, last = simulated
    reports = open_reports(window, qtbot)
    page = window.workspace.reports_page
    with qtbot.waitSignal(reports.report_shown, timeout=BUILD_MS) as shown:
        press(qtbot, Qt.Key.Key_F3)
    assert (shown.args[0].first, shown.args[0].last) == (last, last)
    assert page.main_input.text() == last.isoformat()
    assert page.summary_values["net"].text() == format_fen(
        build_period_report(demo_db, last, last, clock).summary.net_fen
    )
    with qtbot.waitSignal(reports.report_shown, timeout=BUILD_MS) as shown:
        press(qtbot, Qt.Key.Key_F2)
    assert shown.args[0].first == clock.today()
    assert page.summary_values["sales_count"].text() == "0"


def test_tab_and_shift_tab_step_through_the_sections_and_arrows_move_in_lists(
    window, qtbot, simulated
):
    first, last = simulated
    reports = open_reports(window, qtbot)
    show(qtbot, reports, f"{first}..{last}")
    page = window.workspace.reports_page
    seen = []
    for _ in SECTIONS:
        seen.append(reports.section)
        assert page.sections.currentWidget() is page.section_widgets[reports.section]
        assert page.section_tabs[reports.section].property("current") is True
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is page.main_input  # Tab never takes the cursor away
    assert seen == list(SECTIONS)
    assert reports.section is Section.SUMMARY
    press(qtbot, Qt.Key.Key_Backtab)
    assert reports.section is Section.SHIFTS
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Up)
    assert page.shift_table.selectionModel().currentIndex().row() == 0
    while reports.section is not Section.PRODUCTS:
        press(qtbot, Qt.Key.Key_Backtab)
    press(qtbot, Qt.Key.Key_PageDown)  # the first key highlights the first row
    press(qtbot, Qt.Key.Key_PageDown)
    assert page.amount_table.selectionModel().currentIndex().row() == 5


def test_a_bad_typed_range_is_refused_with_a_message_and_the_report_stays(window, qtbot, simulated):
    first, last = simulated
    reports = open_reports(window, qtbot)
    shown = show(qtbot, reports, f"{first}..{last}")
    page = window.workspace.reports_page
    for typed, said in (
        ("2026-02-30", "没有 2026-02-30 这一天"),
        ("yesterday", "看不懂日期“yesterday”"),
        (f"{last}..{first}", "晚于结束日期"),
    ):
        type_enter(qtbot, typed)
        assert said in page.message_label.text()
        assert page.message_label.property("tone") == "error"
        assert reports.report is shown
        assert not reports.worker.busy
        page.main_input.selectAll()
    assert page.summary_values["net"].text() == format_fen(shown.summary.net_fen)


def test_f7_exports_the_period_to_an_xlsx_whose_totals_match(window, qtbot, simulated, tmp_path):
    first, last = simulated
    reports = open_reports(window, qtbot)
    report = show(qtbot, reports, f"{first}..{last}")
    press(qtbot, Qt.Key.Key_F7)
    dialog = wait_for_dialog(qtbot, "exportDialog")
    assert dialog.input.text().endswith(f"report_{first}_{last}.xlsx")
    target = tmp_path / "march"
    with qtbot.waitSignal(reports.exported, timeout=BUILD_MS) as written:
        type_enter(qtbot, str(target))  # the typed text replaces the default
    wait_for_no_dialog(qtbot)
    path = written.args[0]
    assert path == tmp_path / "march.xlsx"
    assert str(path) in window.workspace.reports_page.message_label.text()
    summary = openpyxl.load_workbook(path)["汇总"]
    row = dict(zip([c.value for c in summary[1]], [c.value for c in summary[2]], strict=True))
    assert round(row["净额(元)"] * 100) == report.summary.net_fen
    assert round(row["毛额(元)"] * 100) == report.summary.gross_fen
    assert row["笔数"] == report.summary.sales_count
    assert focused() is window.workspace.reports_page.main_input


def test_f8_into_a_missing_folder_says_so_in_chinese_and_writes_nothing(
    window, qtbot, simulated, tmp_path
):
    first, last = simulated
    reports = open_reports(window, qtbot)
    show(qtbot, reports, f"{first}..{last}")
    press(qtbot, Qt.Key.Key_F8)
    dialog = wait_for_dialog(qtbot, "exportDialog")
    missing = tmp_path / "no-such-folder" / "r.csv"
    type_enter(qtbot, str(missing))
    qtbot.waitUntil(lambda: "无法写入" in dialog.message_label.text(), timeout=BUILD_MS)
    assert not missing.parent.exists()
    press(qtbot, Qt.Key.Key_Escape)
    wait_for_no_dialog(qtbot)
    with qtbot.waitSignal(reports.exported, timeout=BUILD_MS) as written:
        press(qtbot, Qt.Key.Key_F8)
        wait_for_dialog(qtbot, "exportDialog")
        type_enter(qtbot, str(tmp_path / "r"))
    assert written.args[0].read_bytes().startswith("\ufeff".encode())


def test_f9_prints_the_summary_on_the_receipt_printer(window, qtbot, simulated, file_printer):
    first, last = simulated
    reports = open_reports(window, qtbot)
    report = show(qtbot, reports, f"{first}..{last}")
    with qtbot.waitSignal(window.print_queue.job_finished, timeout=BUILD_MS) as printed:
        press(qtbot, Qt.Key.Key_F9)
    assert printed.args[0].printed
    texts = decode(file_printer.read_bytes()).texts
    assert any("经营报表" in t for t in texts)
    assert any(t.startswith("期间") and t.endswith(f"{first} 至 {last}") for t in texts)
    net = format_fen(report.summary.net_fen, symbol="￥")
    assert any(t.startswith("净额") and t.endswith(net) for t in texts)


def test_f9_without_a_printer_says_where_to_set_one(window, qtbot, simulated):
    reports = open_reports(window, qtbot)
    press(qtbot, Qt.Key.Key_F9)
    assert "No printer is set up" in window.workspace.reports_page.message_label.text()
    assert reports.report is not None


def _cut(label):
    return label.isVisible() and label.width() < label.minimumSizeHint().width()


def test_at_1024_by_768_nothing_on_the_page_or_its_bars_is_cut(window, qtbot, simulated):
    first, last = simulated
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: window.width() == 1024)
    reports = open_reports(window, qtbot)
    show(qtbot, reports, f"{first}..{last}")
    page = window.workspace.reports_page
    for _section in SECTIONS:
        QApplication.processEvents()
        bar = window.workspace.findChild(QFrame, "pageBar")
        labels = [*page.findChildren(QLabel), *bar.findChildren(QLabel)]
        assert not [label.text() for label in labels if _cut(label)], reports.section
        assert page.width() <= 1024
        press(qtbot, Qt.Key.Key_Tab)
