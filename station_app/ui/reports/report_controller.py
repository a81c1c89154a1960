"""The report page's logic: which period, building it in the background, showing, export, print.

Every figure comes from core's `build_period_report`, built by `ReportWorker` on its own
thread; this controller only formats what it returns. The report shown stays until a
newer one is built, and export and print always take the report on screen.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QStandardPaths, Signal, Slot
from PySide6.QtWidgets import QTableView

from station_app.core.clock import Clock
from station_app.core.errors import StationError
from station_app.core.money import format_fen, format_plain, format_weight
from station_app.core.operators import Operator
from station_app.core.period_report import PeriodReport, build_period_report
from station_app.core.report_export import export_report
from station_app.core.settings import StationSettings
from station_app.printing.print_jobs import JobKind
from station_app.printing.report_paper import period_report_paper, period_text
from station_app.storage.sqlite_wrapper import Database
from station_app.ui.common.background import run_in_background
from station_app.ui.common.key_map import REPORT_KEYS, Page, PageAction, no_printer_text
from station_app.ui.common.messages import STORAGE_ERRORS, Tone, storage_failure
from station_app.ui.common.page_controller import PageController
from station_app.ui.common.page_frame import MOVE_KEYS, move_selection
from station_app.ui.common.print_queue import PrintQueue, database_file
from station_app.ui.common.prompt_dialog import PromptDialog
from station_app.ui.reports.report_charts import (
    category_chart,
    day_chart,
    hour_chart,
    payment_chart,
)
from station_app.ui.reports.report_models import AgeingModel, ProductModel, ShiftModel, ranked
from station_app.ui.reports.report_page import SECTIONS, ReportPage, Section
from station_app.ui.reports.report_period import Period, parse_period, preset_period
from station_app.ui.reports.report_worker import Builder, ReportWorker

PRESETS = (
    PageAction.TODAY,
    PageAction.YESTERDAY,
    PageAction.THIS_WEEK,
    PageAction.THIS_MONTH,
    PageAction.LAST_MONTH,
)
FORMATS = ("xlsx", "csv")
MAX_PATH = 400


class ReportController(PageController):
    """Connects the report page to core for the signed-in operator.

    Signals:
        report_shown(object): the PeriodReport now on the page.
        exported(object): the Path of a file written.
    """

    report_shown = Signal(object)
    exported = Signal(object)

    def __init__(
        self,
        view: ReportPage,
        db: Database,
        settings: StationSettings,
        clock: Clock,
        operator: Operator,
        print_queue: PrintQueue,
        parent: QObject | None = None,
        *,
        build: Builder = build_period_report,
    ) -> None:
        super().__init__(view, db, settings, clock, operator, print_queue, REPORT_KEYS, parent)
        self.view: ReportPage = view
        self.worker = ReportWorker(database_file(db), clock, self, build=build)
        self.worker.progressed.connect(view.show_progress)
        self.worker.built.connect(self._built)
        self.worker.failed.connect(self._failed)
        self.amount_model = ProductModel(self)
        self.quantity_model = ProductModel(self)
        self.ageing_model = AgeingModel(self)
        self.shift_model = ShiftModel(clock.tz_offset_min)
        self.shift_model.setParent(self)
        view.amount_table.setModel(self.amount_model)
        view.quantity_table.setModel(self.quantity_model)
        view.ageing_table.setModel(self.ageing_model)
        view.shift_table.setModel(self.shift_model)
        view.size_columns(
            ProductModel.PRODUCT_COLUMN, AgeingModel.NAME_COLUMN, ShiftModel.OPENED_COLUMN
        )
        self.report: PeriodReport | None = None
        self.period: Period | None = None  # the one asked for last (maybe still building)
        self.section_index = 0
        self._exporting = False
        view.show_section(self.section)
        for preset in PRESETS:
            self.handlers[preset] = partial(self.show_preset, preset)
        self.handlers.update(
            {
                PageAction.NEXT_SECTION: lambda: self.step_section(1),
                PageAction.PREVIOUS_SECTION: lambda: self.step_section(-1),
                PageAction.EXPORT_XLSX: lambda: self.export("xlsx"),
                PageAction.EXPORT_CSV: lambda: self.export("csv"),
                PageAction.PRINT: self.print_summary,
            }
        )

    # -- the page ---------------------------------------------------------------------------------
    @property
    def section(self) -> Section:
        """The section shown now."""
        return SECTIONS[self.section_index]

    @property
    def current_table(self) -> QTableView | None:
        """The list of the section shown, if it has one."""
        return {
            Section.PRODUCTS: self.view.amount_table,
            Section.CREDIT: self.view.ageing_table,
            Section.SHIFTS: self.view.shift_table,
        }.get(self.section)

    @property
    def table(self) -> QTableView:
        """The list the arrows move in (the top products when the section has none)."""
        return self.current_table or self.view.amount_table

    @Slot()
    def activate(self) -> None:
        """The page is shown: the cursor in the period field; the first time, today's report."""
        self.view.main_input.setFocus()
        if self.period is None:
            self.show_preset(PageAction.TODAY)

    @Slot(int)
    def _key_pressed(self, key: int) -> None:
        if key in MOVE_KEYS:
            table = self.current_table
            if table is not None:
                move_selection(table, key)
            return
        super()._key_pressed(key)

    def step_section(self, step: int) -> None:
        """Tab / Shift+Tab: the next or previous section."""
        self.section_index = (self.section_index + step) % len(SECTIONS)
        self.view.show_section(self.section)

    # -- which period -----------------------------------------------------------------------------
    @Slot()
    def enter(self) -> None:
        """Enter: show the typed period; with nothing typed, build the one shown again."""
        text = self.view.main_input.text().strip()
        if not text:
            self.show_period(self.period or preset_period(PageAction.TODAY, self._clock.today()))
            return
        try:
            period = parse_period(text)
        except StationError as error:
            self._say(error.text(self._language), Tone.ERROR)
            self.view.main_input.selectAll()
            return
        self.show_period(period)

    def show_preset(self, action: PageAction) -> None:
        """F2–F6: today, yesterday, this week, this month, last month."""
        self.show_period(preset_period(action, self._clock.today()))

    def show_period(self, period: Period) -> None:
        """Build the report of `period` in the background; a build already running gives way."""
        self.period = period
        # Selected, so the next period typed replaces it.
        self.view.main_input.setText(period.text())
        self.view.main_input.selectAll()
        self.view.show_progress(0, 1)
        self.view.headline_label.setText(
            self.tr("Adding up {0}…").format(self._period_words(period.first, period.last))
        )
        self.worker.request(period.first, period.last)

    def _period_words(self, first: Any, last: Any) -> str:
        if first == last:
            return str(first)
        return self.tr("{0} to {1}").format(first, last)

    # -- showing ----------------------------------------------------------------------------------
    @Slot(object)
    def _built(self, report: PeriodReport) -> None:
        self.report = report
        self.view.show_progress(0, 0)
        self._show(report)
        self.report_shown.emit(report)

    @Slot(object)
    def _failed(self, error: Exception) -> None:
        self.view.show_progress(0, 0)
        self.view.headline_label.setText(self._headline(self.report) if self.report else "")
        self._say(self._error_text(error), Tone.ERROR)

    def _error_text(self, error: BaseException) -> str:
        if isinstance(error, StationError):
            return error.text(self._language)
        if isinstance(error, STORAGE_ERRORS):
            return storage_failure(error).text(self._language)
        return self.tr("The report could not be made: {0}").format(error)

    def _headline(self, report: PeriodReport) -> str:
        days = (report.last - report.first).days + 1
        return self.tr("{0} ({1} day(s)): net {2} from {3} sale(s)").format(
            self._period_words(report.first, report.last),
            days,
            format_fen(report.summary.net_fen),
            report.summary.sales_count,
        )

    def _show(self, report: PeriodReport) -> None:
        view = self.view
        view.headline_label.setText(self._headline(report))
        self._show_summary(report)
        view.day_chart.show_chart(day_chart(report.days))
        view.hour_chart.show_chart(hour_chart(report.hours))
        view.category_chart.show_chart(category_chart(report.categories))
        view.payment_chart.show_chart(payment_chart(report.summary.payments_fen))
        self.amount_model.set_records(ranked(report.top_products.by_amount))
        self.quantity_model.set_records(ranked(report.top_products.by_quantity))
        self._show_credit(report)
        self._show_agency(report)
        self.shift_model.set_records(report.shifts.shifts)
        shifts = report.shifts
        view.shifts_label.setText(
            self.tr("{0} shift(s), {1} closed with a count; over/short together {2}").format(
                len(shifts.shifts), shifts.closed, format_fen(shifts.over_short_fen)
            )
        )

    def _show_summary(self, report: PeriodReport) -> None:
        summary, margin = report.summary, report.margin
        values = self.view.summary_values
        values["sales_count"].setText(str(summary.sales_count))
        values["gross"].setText(format_fen(summary.gross_fen))
        values["discount"].setText(format_fen(-summary.discount_fen))
        values["rounding"].setText(format_fen(-summary.rounding_fen))
        values["refunds"].setText(
            self.tr("{0} ({1})").format(format_fen(-summary.refunds_fen), summary.refund_count)
        )
        values["net"].setText(format_fen(summary.net_fen))
        for method in ("cash", "wechat", "alipay", "unionpay", "account"):
            values[method].setText(format_fen(summary.payments_fen.get(method, 0)))
        if margin.costed_lines == 0:
            # ¥0.00 would read as "sold at cost": with no cost known there is no margin.
            values["margin"].setText("—")
            text = self.tr(
                "No goods sold in the period have a cost yet: receive deliveries with their "
                "cost (Alt+7, F2) to see the gross margin."
            )
        else:
            values["margin"].setText(format_fen(margin.margin_fen))
            rate = "—" if margin.margin_bp is None else f"{format_plain(margin.margin_bp)}%"
            text = self.tr("Gross margin {0} ({1}) on {2} of goods with a known cost.").format(
                format_fen(margin.margin_fen), rate, format_fen(margin.revenue_fen)
            )
        if margin.uncosted_lines:
            text += " " + self.tr(
                "%n line(s) without a cost ({0}) are left out.", "", margin.uncosted_lines
            ).format(format_fen(margin.uncosted_fen))
        self.view.margin_label.setText(text)

    def _show_credit(self, report: PeriodReport) -> None:
        credit = report.credit
        buckets = [format_fen(fen) for fen in credit.bucket_totals_fen()]
        self.view.credit_label.setText(
            self.tr(
                "Owed on credit at the end of {0}: {1} by {2} villager(s). 0–30 days {3}, "
                "31–60 days {4}, 61–90 days {5}, over 90 days {6}. Owed now: {7}."
            ).format(
                credit.as_of,
                format_fen(credit.owed_fen),
                len(credit.villagers),
                *buckets,
                format_fen(report.owed_now_fen),
            )
        )
        self.ageing_model.set_records(credit.villagers)

    def _show_agency(self, report: PeriodReport) -> None:
        agency, lots = report.agency, report.consignment
        values = self.view.agency_values
        values["orders_created"].setText(str(agency.orders_created))
        for key in (
            "collected",
            "spent",
            "service_fee",
            "platform_refund",
            "paid_back",
            "due_from_villagers",
            "owed_to_villagers",
            "platforms_owe",
        ):
            values[key].setText(format_fen(getattr(agency, f"{key}_fen")))
        values = self.view.consignment_values
        values["lots_taken_in"].setText(str(lots.lots_taken_in))
        values["taken_in"].setText(format_weight(lots.taken_in_g))
        values["lots_shipped"].setText(str(lots.lots_shipped))
        values["shipped"].setText(format_weight(lots.shipped_g))
        values["settlements"].setText(str(lots.settlements))
        for key in ("sale", "settled_due", "paid_out", "owed_to_farmers"):
            values[key].setText(format_fen(getattr(lots, f"{key}_fen")))

    # -- export -----------------------------------------------------------------------------------
    def export_folder(self) -> Path:
        """Where exports go by default: the Documents folder, else the station's data folder."""
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        if documents and Path(documents).is_dir():
            return Path(documents)
        return database_file(self._db).parent

    def default_export_path(self, report: PeriodReport, file_format: str) -> Path:
        """`报表_2026-03-01_2026-03-31.xlsx` in `export_folder`."""
        days = report.first.isoformat()
        if report.last != report.first:
            days += f"_{report.last.isoformat()}"
        name = self.tr("report")
        return self.export_folder() / f"{name}_{days}.{file_format}"

    def export(self, file_format: str) -> PromptDialog | None:
        """F7 / F8: ask where to write the report shown, as .xlsx or .csv, then write it."""
        report = self.report
        if report is None:
            self._say(self.tr("Show a period first (F2–F6, or type one and Enter)."), Tone.ERROR)
            return None
        dialog = PromptDialog(
            self.tr("Export the report"),
            self.tr("Save the report of {0} as {1} to:").format(
                self._period_words(report.first, report.last), file_format.upper()
            ),
            self.view,
            text=str(self.default_export_path(report, file_format)),
            hint=self.tr("A file of that name is replaced. Esc: do not export."),
            max_length=MAX_PATH,
        )
        dialog.setObjectName("exportDialog")
        dialog.submitted.connect(
            lambda text: self._export_to(dialog, report, text.strip(), file_format)
        )
        return self.dialogs.open(dialog)

    def _export_to(
        self, dialog: PromptDialog, report: PeriodReport, text: str, file_format: str
    ) -> None:
        if self._exporting:
            return  # a second Enter while the file is being written
        if not text:
            dialog.show_error(self.tr("Type where to save the file."))
            return
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.export_folder() / path
        if path.suffix.lower() != f".{file_format}":
            path = path.with_name(f"{path.name}.{file_format}")
        if path.is_dir():
            dialog.show_error(self.tr("{0} is a folder: add a file name.").format(path))
            return
        self._exporting = True

        def written(_result: object) -> None:
            self._exporting = False
            if shiboken6.isValid(dialog):
                dialog.accept()
            self._say(self.tr("Saved: {0}").format(path), Tone.SUCCESS)
            self.exported.emit(path)

        def refused(error: Exception) -> None:
            self._exporting = False
            text = self._error_text(error)
            if shiboken6.isValid(dialog) and dialog.isVisible():
                dialog.show_error(text)
            else:
                self._say(text, Tone.ERROR)

        run_in_background(lambda: export_report(report, path, file_format), written, refused)

    # -- print ------------------------------------------------------------------------------------
    def print_summary(self) -> int | None:
        """F9: the summary of the report shown, on the receipt printer; the job id, or None."""
        report = self.report
        if report is None:
            self._say(self.tr("Show a period first (F2–F6, or type one and Enter)."), Tone.ERROR)
            return None
        queue = self._print_queue
        layout = period_report_paper(report, queue.settings, self._clock.stamp())
        job_id = queue.print_layout(JobKind.SLIP, period_text(report), layout)
        if job_id is None:
            self._say(no_printer_text(Page.REPORTS), Tone.ERROR)
        else:
            self._say(self.tr("The summary is printing."), Tone.INFO)
        return job_id
