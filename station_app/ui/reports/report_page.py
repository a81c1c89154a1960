"""The report page (报表, Alt+8): period field, progress, section bar, one section shown. No logic.

Tab and Shift+Tab step through the sections from the period field: the page catches
them before Qt's focus chain would move the cursor out of the field.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.ui.common.key_map import REPORT_KEYS
from station_app.ui.common.page_frame import PageFrame, list_table, stretch_column
from station_app.ui.common.style_property import set_style_property
from station_app.ui.common.translation import QT_TRANSLATE_NOOP
from station_app.ui.reports.report_charts import ChartPanel

SECTION_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
NARROW_COLUMN = 56


class Section(Enum):
    """The report's sections, in the order Tab steps through them."""

    SUMMARY = QT_TRANSLATE_NOOP("ReportPage", "Summary")
    DAYS = QT_TRANSLATE_NOOP("ReportPage", "Per day")
    HOURS = QT_TRANSLATE_NOOP("ReportPage", "Per hour")
    CATEGORIES = QT_TRANSLATE_NOOP("ReportPage", "Categories")
    PRODUCTS = QT_TRANSLATE_NOOP("ReportPage", "Top products")
    CREDIT = QT_TRANSLATE_NOOP("ReportPage", "Credit")
    AGENCY = QT_TRANSLATE_NOOP("ReportPage", "Agency, consignment")
    SHIFTS = QT_TRANSLATE_NOOP("ReportPage", "Shifts")

    def translated(self) -> str:
        """The section's name in the UI language."""
        return QCoreApplication.translate("ReportPage", self.value)


SECTIONS = tuple(Section)

# The section bar's look: the page bar's colours on a lighter strip, current in orange.
_SECTION_STYLE = """
#sectionBar { background: #ece6dc; border-radius: 6px; }
#sectionTab { color: #3b3530; font-size: 13pt; padding: 2px 8px; border-radius: 4px; }
#sectionTab[current="true"] { background: #d9480f; color: #ffffff; font-weight: bold; }
#figureName { color: #5c544c; }
#figureValue { font-weight: bold; }
#figureTotal { font-weight: bold; font-size: 18pt; color: #d9480f; }
"""


def figure_grid(
    parent: QWidget, names: tuple[tuple[str, str], ...], *, columns: int = 1, total: str = ""
) -> tuple[QFrame, dict[str, QLabel]]:
    """Name–value rows (`names`: key and shown name), `columns` pairs a row.

    Returns the frame and the value labels by key; the `total` key's value shows large.
    """
    frame = QFrame(parent)
    grid = QGridLayout(frame)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(16)
    grid.setVerticalSpacing(4)
    values: dict[str, QLabel] = {}
    rows = (len(names) + columns - 1) // columns
    for index, (key, name) in enumerate(names):
        column, row = divmod(index, rows)
        label = QLabel(name, frame)
        label.setObjectName("figureName")
        value = QLabel(frame)
        value.setObjectName("figureTotal" if key == total else "figureValue")
        value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(label, row, 2 * column)
        grid.addWidget(value, row, 2 * column + 1)
        values[key] = value
    grid.setRowStretch(rows, 1)
    return frame, values


class ReportPage(PageFrame):
    """Period field, what is shown and how far a build is, the sections. No logic."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "reportPage",
            self.tr("Period:"),
            self.tr("F2–F6, or type 2026-03-01..2026-03-31 then Enter"),
            REPORT_KEYS,
            parent,
        )
        self.setStyleSheet(_SECTION_STYLE)
        head = QHBoxLayout()
        self.headline_label = QLabel(self)
        self.headline_label.setObjectName("pageSummary")
        head.addWidget(self.headline_label, 1)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setObjectName("reportProgress")
        self.progress_bar.setFixedWidth(260)
        self.progress_bar.setFormat(self.tr("working… %p%"))
        self.progress_bar.hide()
        head.addWidget(self.progress_bar)
        self.body.addLayout(head)
        self.body.addWidget(self._section_bar())
        self.sections = QStackedWidget(self)
        self.day_chart = ChartPanel("dayChart", self)
        self.hour_chart = ChartPanel("hourChart", self)
        self.category_chart = ChartPanel("categoryChart", self)
        self.section_widgets: dict[Section, QWidget] = {
            Section.SUMMARY: self._summary(),
            Section.DAYS: self.day_chart,
            Section.HOURS: self.hour_chart,
            Section.CATEGORIES: self.category_chart,
            Section.PRODUCTS: self._products(),
            Section.CREDIT: self._credit(),
            Section.AGENCY: self._agency(),
            Section.SHIFTS: self._shifts(),
        }
        for widget in self.section_widgets.values():
            self.sections.addWidget(widget)
        self.body.addWidget(self.sections, 1)
        self.main_input.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Tab and Shift+Tab in the period field are section keys, never focus moves."""
        if (
            watched is self.main_input
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in SECTION_KEYS
        ):
            self.main_input.key_pressed.emit(event.key())
            return True
        return super().eventFilter(watched, event)

    # -- building ------------------------------------------------------------------------------
    def _section_bar(self) -> QFrame:
        bar = QFrame(self)
        bar.setObjectName("sectionBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(6, 3, 6, 3)
        row.setSpacing(2)
        self.section_tabs: dict[Section, QLabel] = {}
        for section in SECTIONS:
            tab = QLabel(section.translated(), bar)
            tab.setObjectName("sectionTab")
            self.section_tabs[section] = tab
            row.addWidget(tab)
        row.addStretch(1)
        return bar

    def _summary(self) -> QWidget:
        widget = QWidget(self)
        row = QHBoxLayout(widget)
        row.setContentsMargins(0, 0, 0, 0)
        figures = QVBoxLayout()
        sales, self.summary_values = figure_grid(
            widget,
            (
                ("sales_count", self.tr("Sales")),
                ("gross", self.tr("Gross")),
                ("discount", self.tr("Discounts")),
                ("rounding", self.tr("Rounded off (抹零)")),
                ("refunds", self.tr("Refunds")),
                ("net", self.tr("Net")),
                ("cash", self.tr("Cash")),
                ("wechat", self.tr("WeChat Pay")),
                ("alipay", self.tr("Alipay")),
                ("unionpay", self.tr("UnionPay card")),
                ("account", self.tr("On account")),
                ("margin", self.tr("Gross margin")),
            ),
            columns=2,
            total="net",
        )
        figures.addWidget(sales)
        self.margin_label = QLabel(widget)
        self.margin_label.setObjectName("pageSummary")
        self.margin_label.setWordWrap(True)
        figures.addWidget(self.margin_label)
        figures.addStretch(1)
        row.addLayout(figures, 5)
        self.payment_chart = ChartPanel("paymentChart", widget)
        row.addWidget(self.payment_chart, 4)
        return widget

    def _table(self, parent: QWidget, name: str) -> QTableView:
        table = list_table(parent, name)
        table.horizontalHeader().setMinimumSectionSize(NARROW_COLUMN)
        return table

    def _products(self) -> QWidget:
        widget = QWidget(self)
        row = QHBoxLayout(widget)
        row.setContentsMargins(0, 0, 0, 0)
        self.amount_caption = QLabel(self.tr("Top 20 by amount"), widget)
        self.quantity_caption = QLabel(self.tr("Top 20 by units sold"), widget)
        self.amount_table = self._table(widget, "topByAmountTable")
        self.quantity_table = self._table(widget, "topByQuantityTable")
        for caption, table in (
            (self.amount_caption, self.amount_table),
            (self.quantity_caption, self.quantity_table),
        ):
            caption.setObjectName("pageSummary")
            column = QVBoxLayout()
            column.addWidget(caption)
            column.addWidget(table, 1)
            row.addLayout(column, 1)
        return widget

    def _credit(self) -> QWidget:
        widget = QWidget(self)
        column = QVBoxLayout(widget)
        column.setContentsMargins(0, 0, 0, 0)
        self.credit_label = QLabel(widget)
        self.credit_label.setObjectName("pageSummary")
        self.credit_label.setWordWrap(True)
        column.addWidget(self.credit_label)
        self.ageing_table = self._table(widget, "ageingTable")
        column.addWidget(self.ageing_table, 1)
        return widget

    def _agency(self) -> QWidget:
        widget = QWidget(self)
        row = QHBoxLayout(widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(32)
        agency, self.agency_values = figure_grid(
            widget,
            (
                ("orders_created", self.tr("New agency orders")),
                ("collected", self.tr("Collected from villagers")),
                ("spent", self.tr("Paid to platforms")),
                ("service_fee", self.tr("Service fees")),
                ("platform_refund", self.tr("Refunds from platforms")),
                ("paid_back", self.tr("Paid back to villagers")),
                ("due_from_villagers", self.tr("Still to collect")),
                ("owed_to_villagers", self.tr("Refunds owed to villagers")),
                ("platforms_owe", self.tr("Refunds platforms owe")),
            ),
        )
        lots, self.consignment_values = figure_grid(
            widget,
            (
                ("lots_taken_in", self.tr("Lots taken in")),
                ("taken_in", self.tr("Net weight taken in")),
                ("lots_shipped", self.tr("Lots shipped")),
                ("shipped", self.tr("Net weight shipped")),
                ("settlements", self.tr("Settlements")),
                ("sale", self.tr("Sold by the hub for")),
                ("settled_due", self.tr("Due to farmers")),
                ("paid_out", self.tr("Paid out to farmers")),
                ("owed_to_farmers", self.tr("Still owed to farmers")),
            ),
        )
        for caption, grid in (
            (self.tr("Agency purchases (代购)"), agency),
            (self.tr("Consignment (代销)"), lots),
        ):
            column = QVBoxLayout()
            title = QLabel(caption, widget)
            title.setObjectName("pageSummary")
            column.addWidget(title)
            column.addWidget(grid)
            column.addStretch(1)
            row.addLayout(column, 1)
        return widget

    def _shifts(self) -> QWidget:
        widget = QWidget(self)
        column = QVBoxLayout(widget)
        column.setContentsMargins(0, 0, 0, 0)
        self.shifts_label = QLabel(widget)
        self.shifts_label.setObjectName("pageSummary")
        column.addWidget(self.shifts_label)
        self.shift_table = self._table(widget, "shiftTable")
        column.addWidget(self.shift_table, 1)
        return widget

    # -- what the controller calls ---------------------------------------------------------------
    def size_columns(self, product_column: int, name_column: int, opened_column: int) -> None:
        """Names take the spare width; numbers only what they need."""
        stretch_column(self.amount_table, product_column)
        stretch_column(self.quantity_table, product_column)
        stretch_column(self.ageing_table, name_column)
        stretch_column(self.shift_table, opened_column)
        for table in (self.amount_table, self.quantity_table, self.ageing_table, self.shift_table):
            table.horizontalHeader().setMinimumSectionSize(NARROW_COLUMN)

    def show_section(self, section: Section) -> None:
        """Bring `section` to the front and mark it on the section bar."""
        self.sections.setCurrentWidget(self.section_widgets[section])
        for shown, tab in self.section_tabs.items():
            set_style_property(tab, "current", shown is section)

    def show_progress(self, done: int, total: int) -> None:
        """How far the build is; `total` 0 hides the bar."""
        self.progress_bar.setVisible(total > 0)
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
