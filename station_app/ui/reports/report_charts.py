"""The report's charts, drawn by QtCharts: takings per day, hour, payment method, category.

Values are yuan (fen / 100) as the axes read; labels and titles are in the UI language.
A chart is rebuilt for each report: the old one is handed to `deleteLater`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

from station_app.core.money import FEN_PER_YUAN
from station_app.core.payments import PaymentMethod
from station_app.core.reports import DayReport
from station_app.core.sales_breakdown import BASIS_POINTS, CategoryFigures, HourFigures
from station_app.ui.checkout.payment_dialog import method_label
from station_app.ui.common.translation import QT_TRANSLATE_NOOP

MAX_DAY_BARS = 62  # two months of days; a longer period is shown month by month
LABELLED_BARS = 16  # more bars than this and a value over each would overlap
TOP_CATEGORIES = 10  # the rest is one bar, "other"
BAR_COLOUR = QColor("#d9480f")  # the page bar's orange: the eye knows it
LABEL_COLOUR = QColor("#3b3530")
TITLE_POINTS = 13
LABEL_POINTS = 11


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReportCharts", text)


def yuan(fen: int) -> float:
    """Fen as the yuan a chart plots (never stored, never summed again)."""
    return fen / FEN_PER_YUAN


def _font(points: int, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSize(points)
    font.setBold(bold)
    return font


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setTitleFont(_font(TITLE_POINTS, bold=True))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    return chart


def _value_axis(title: str) -> QValueAxis:
    axis = QValueAxis()
    axis.setTitleText(title)
    axis.setTitleFont(_font(LABEL_POINTS))
    axis.setLabelsFont(_font(LABEL_POINTS))
    axis.setLabelFormat("%.0f")
    return axis


def _bars(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    horizontal: bool = False,
) -> QChart:
    chart = _chart(title)
    bar_set = QBarSet(title)
    bar_set.setColor(BAR_COLOUR)
    bar_set.setLabelFont(_font(LABEL_POINTS - 1))
    bar_set.setLabelColor(LABEL_COLOUR)  # the theme's white would vanish above the bar
    bar_set.append(list(values))
    series: QAbstractBarSeries = QHorizontalBarSeries() if horizontal else QBarSeries()
    series.append(bar_set)
    series.setBarWidth(0.7)
    if len(values) <= LABELLED_BARS:
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        series.setLabelsPrecision(12)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart.addSeries(series)
    chart.legend().hide()
    categories = QBarCategoryAxis()
    categories.append(list(labels))
    categories.setLabelsFont(_font(LABEL_POINTS))
    amounts = _value_axis(_tr(QT_TRANSLATE_NOOP("ReportCharts", "yuan")))
    top = max([0.0, *values])
    low = min([0.0, *values])
    if -low < top * 0.05:
        # A refund hour of a few yuan would pull the nice scale down a whole step (-10000).
        low = 0.0
    # Room above the highest bar for its value label.
    amounts.setRange(low * 1.15, top * 1.15 if top > 0 else 1.0)
    amounts.applyNiceNumbers()
    if horizontal:
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(amounts, Qt.AlignmentFlag.AlignBottom)
    else:
        if len(labels) > LABELLED_BARS and max(map(len, labels)) > 2:
            categories.setLabelsAngle(-90)  # "11/30" side by side would overlap
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(amounts, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(categories)
    series.attachAxis(amounts)
    return chart


def day_chart(days: Sequence[DayReport]) -> QChart:
    """Net takings per day (bars); over `MAX_DAY_BARS` days, per month instead."""
    if len(days) <= MAX_DAY_BARS:
        labels = [f"{int(day.date[5:7])}/{int(day.date[8:10])}" for day in days]
        return _bars(
            _tr(QT_TRANSLATE_NOOP("ReportCharts", "Net takings per day (yuan)")),
            labels,
            [yuan(day.net_fen) for day in days],
        )
    months: dict[str, int] = {}
    for day in days:
        months[day.date[:7]] = months.get(day.date[:7], 0) + day.net_fen
    return _bars(
        _tr(QT_TRANSLATE_NOOP("ReportCharts", "Net takings per month (yuan)")),
        list(months),
        [yuan(net) for net in months.values()],
    )


def hour_chart(hours: Sequence[HourFigures]) -> QChart:
    """Net takings per hour of the station-local day, 0–23, summed over the period."""
    return _bars(
        _tr(QT_TRANSLATE_NOOP("ReportCharts", "Net takings per hour of day (yuan)")),
        [str(hour.hour) for hour in hours],
        [yuan(hour.net_fen) for hour in hours],
    )


def category_name(category: str | None) -> str:
    """A category's name; goods without one are one row of their own."""
    return (
        category
        if category is not None
        else _tr(QT_TRANSLATE_NOOP("ReportCharts", "(no category)"))
    )


def share_text(share_bp: int) -> str:
    """Basis points as the percent a keeper reads: `23.4%`."""
    return f"{share_bp * 100 / BASIS_POINTS:.1f}%"


def category_rows(categories: Sequence[CategoryFigures]) -> list[tuple[str, int, int]]:
    """(name, amount fen, share bp), largest first: the top ten and, after them, the rest."""
    ranked = sorted(categories, key=lambda c: c.amount_fen, reverse=True)
    rows = [(category_name(c.category), c.amount_fen, c.share_bp) for c in ranked[:TOP_CATEGORIES]]
    rest = ranked[TOP_CATEGORIES:]
    if rest:
        rows.append(
            (
                _tr(QT_TRANSLATE_NOOP("ReportCharts", "other")),
                sum(c.amount_fen for c in rest),
                sum(c.share_bp for c in rest),
            )
        )
    return rows


def category_chart(categories: Sequence[CategoryFigures]) -> QChart:
    """Each category's share of the line amounts, as horizontal bars, largest on top."""
    rows = list(reversed(category_rows(categories)))  # the axis counts from the bottom up
    return _bars(
        _tr(QT_TRANSLATE_NOOP("ReportCharts", "Sales per category (yuan, share)")),
        [f"{name} {share_text(share)}" for name, _amount, share in rows],
        [yuan(amount) for _name, amount, _share in rows],
        horizontal=True,
    )


def payment_chart(payments_fen: dict[str, int]) -> QChart:
    """Each payment method's share of the net takings (a pie); methods at zero left out.

    A method whose refunds outweigh its takings has no slice either: a pie has no
    negative pieces (the figures beside it show the amount).
    """
    chart = _chart(_tr(QT_TRANSLATE_NOOP("ReportCharts", "Takings per payment method")))
    series = QPieSeries()
    shown = {
        m: payments_fen.get(m.value, 0) for m in PaymentMethod if payments_fen.get(m.value, 0) > 0
    }
    whole = sum(shown.values())
    for method, fen in shown.items():
        # Name and share only: the amounts stand beside the chart, and a long label would
        # be cut at 1024 px.
        piece = series.append(
            f"{method_label(method)} {share_text(fen * BASIS_POINTS // whole)}", yuan(fen)
        )
        piece.setLabelFont(_font(LABEL_POINTS))
    series.setPieSize(0.5)  # room left and right for the labels at 1024 px
    series.setLabelsVisible(True)
    chart.addSeries(series)
    chart.legend().hide()
    return chart


class ChartPanel(QChartView):
    """A chart on the page; `show_chart` swaps in the next report's chart."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumSize(280, 220)

    def show_chart(self, chart: QChart) -> None:
        """Show `chart`; the chart shown before is deleted (the view does not own it)."""
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()
