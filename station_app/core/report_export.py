"""A period report as tables, written to .xlsx (one sheet per section) or .csv (all sections).

`report_tables` turns a `PeriodReport` into titled tables with Chinese headers and typed
columns; the writers only lay those out, so the xlsx and the csv always hold the same
figures. In both, money is yuan with two decimals, weights kilograms with three, dates
real dates (ISO text in the csv), shares and rates percentages.

The csv holds every section, one block after another: a title row (【汇总】…), the header
row, the rows, then an empty line. UTF-8 with a BOM, so Excel on a Chinese Windows opens
it right.

Text never becomes a formula: a product or villager named `=cmd|' /C calc'!A0` is a
string cell in the xlsx (with Excel's quote prefix), and in the csv a text cell starting
with =, +, -, @, tab or CR gets a leading `'` (as OWASP advises for CSV injection).

Files are written atomically: into a temporary file beside the target, flushed to disk,
then renamed over it, so a full disk or a crash never leaves half a file under the name.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import stat
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import IO, Any

from station_app.core.clock import parse_iso
from station_app.core.errors import InputRefused
from station_app.core.money import FEN_PER_YUAN, GRAMS_PER_KG, format_plain
from station_app.core.payments import PaymentMethod
from station_app.core.period_report import PeriodReport
from station_app.core.reports import DayReport
from station_app.core.sales_breakdown import BASIS_POINTS, ProductFigures

UNCATEGORISED = "（未分类）"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_METHOD_NAMES = {
    PaymentMethod.CASH.value: "现金",
    PaymentMethod.WECHAT.value: "微信",
    PaymentMethod.ALIPAY.value: "支付宝",
    PaymentMethod.UNIONPAY.value: "银联卡",
    PaymentMethod.ACCOUNT.value: "赊账",
}
_MAX_WIDTH = 60


class Kind(Enum):
    """How a column's values are written."""

    TEXT = "text"
    INT = "int"
    FEN = "fen"  # int fen → yuan, two decimals
    GRAMS = "grams"  # int grams → kg, three decimals
    BP = "bp"  # int basis points → percent, two decimals
    DATE = "date"  # YYYY-MM-DD text or a date
    DATETIME = "datetime"  # station-local naive datetime


@dataclass(frozen=True)
class Column:
    """A column: its Chinese header and its kind."""

    header: str
    kind: Kind


@dataclass(frozen=True)
class ReportTable:
    """One section: a sheet title, columns and rows (None is an empty cell)."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]


def _col(header: str, kind: Kind = Kind.FEN) -> Column:
    return Column(header, kind)


_DAY_COLUMNS = (
    _col("笔数", Kind.INT),
    _col("毛额(元)"),
    _col("优惠(元)"),
    _col("抹零(元)"),
    _col("退款笔数", Kind.INT),
    _col("退款(元)"),
    _col("净额(元)"),
    *(_col(f"{name}(元)") for name in _METHOD_NAMES.values()),
)


def _day_cells(day: DayReport) -> tuple[Any, ...]:
    return (
        day.sales_count,
        day.gross_fen,
        day.discount_fen,
        day.rounding_fen,
        day.refund_count,
        day.refunds_fen,
        day.net_fen,
        *(day.payments_fen.get(method, 0) for method in _METHOD_NAMES),
    )


def _products(title: str, products: Sequence[ProductFigures]) -> ReportTable:
    return ReportTable(
        title,
        (
            _col("排名", Kind.INT),
            _col("商品", Kind.TEXT),
            _col("单位", Kind.TEXT),
            _col("数量", Kind.INT),
            _col("重量(千克)", Kind.GRAMS),
            _col("销售额(元)"),
            _col("退款(元)"),
        ),
        tuple(
            (
                rank,
                p.name,
                p.unit,
                None if p.is_weighed else p.quantity,
                p.weight_g if p.is_weighed else None,
                p.amount_fen,
                p.refunded_fen,
            )
            for rank, p in enumerate(products, start=1)
        ),
    )


def _local(stamp: str | None, tz_offset_min: int) -> datetime | None:
    if stamp is None:
        return None
    return (parse_iso(stamp) + timedelta(minutes=tz_offset_min)).replace(tzinfo=None)


def report_tables(report: PeriodReport) -> tuple[ReportTable, ...]:
    """The report's sections as tables, in the order a reader wants them."""
    margin, credit, agency, lots = report.margin, report.credit, report.agency, report.consignment
    top = report.top_products
    return (
        ReportTable(
            "汇总",
            (_col("开始日期", Kind.DATE), _col("结束日期", Kind.DATE), *_DAY_COLUMNS),
            ((report.first, report.last, *_day_cells(report.summary)),),
        ),
        ReportTable(
            "每日",
            (_col("日期", Kind.DATE), *_DAY_COLUMNS),
            tuple((date.fromisoformat(d.date), *_day_cells(d)) for d in report.days),
        ),
        ReportTable(
            "时段",
            (
                _col("时段", Kind.TEXT),
                _col("笔数", Kind.INT),
                _col("销售额(元)"),
                _col("退款笔数", Kind.INT),
                _col("退款(元)"),
                _col("净额(元)"),
            ),
            tuple(
                (
                    f"{h.hour:02d}:00-{h.hour:02d}:59",
                    h.sales_count,
                    h.sales_fen,
                    h.refund_count,
                    h.refunds_fen,
                    h.net_fen,
                )
                for h in report.hours
            ),
        ),
        ReportTable(
            "品类",
            (
                _col("品类", Kind.TEXT),
                _col("行数", Kind.INT),
                _col("销售额(元)"),
                _col("退款(元)"),
                _col("净额(元)"),
                _col("占比", Kind.BP),
            ),
            tuple(
                (
                    c.category or UNCATEGORISED,
                    c.lines,
                    c.amount_fen,
                    c.refunded_fen,
                    c.net_fen,
                    c.share_bp,
                )
                for c in report.categories
            ),
        ),
        _products("销售额前20", top.by_amount),
        _products("销量前20(计件)", top.by_quantity),
        _products("销量前20(称重)", top.by_weight),
        ReportTable(
            "毛利",
            (
                _col("有成本行数", Kind.INT),
                _col("有成本销售额(元)"),
                _col("成本(元)"),
                _col("毛利(元)"),
                _col("毛利率", Kind.BP),
                _col("无成本行数", Kind.INT),
                _col("无成本销售额(元)"),
            ),
            (
                (
                    margin.costed_lines,
                    margin.revenue_fen,
                    margin.cost_fen,
                    margin.margin_fen,
                    margin.margin_bp,
                    margin.uncosted_lines,
                    margin.uncosted_fen,
                ),
            ),
        ),
        ReportTable(
            "赊账账龄",
            (
                _col("村民", Kind.TEXT),
                _col("欠款(元)"),
                _col("0-30天(元)"),
                _col("31-60天(元)"),
                _col("61-90天(元)"),
                _col("90天以上(元)"),
                _col("最早未还", Kind.DATE),
            ),
            (
                *(
                    (
                        v.name,
                        v.owed_fen,
                        v.days_0_30_fen,
                        v.days_31_60_fen,
                        v.days_61_90_fen,
                        v.days_over_90_fen,
                        date.fromisoformat(v.oldest_unpaid),
                    )
                    for v in credit.villagers
                ),
                (
                    f"合计（截至 {credit.as_of}）",
                    credit.owed_fen,
                    *credit.bucket_totals_fen(),
                    None,
                ),
            ),
        ),
        ReportTable(
            "代购",
            (
                _col("新单数", Kind.INT),
                _col("收款(元)"),
                _col("平台付款(元)"),
                _col("服务费(元)"),
                _col("平台退款(元)"),
                _col("退给村民(元)"),
                _col("待收村民(元)"),
                _col("应退村民(元)"),
                _col("平台应退(元)"),
            ),
            (
                (
                    agency.orders_created,
                    agency.collected_fen,
                    agency.spent_fen,
                    agency.service_fee_fen,
                    agency.platform_refund_fen,
                    agency.paid_back_fen,
                    agency.due_from_villagers_fen,
                    agency.owed_to_villagers_fen,
                    agency.platforms_owe_fen,
                ),
            ),
        ),
        ReportTable(
            "代销",
            (
                _col("收货批次", Kind.INT),
                _col("收货净重(千克)", Kind.GRAMS),
                _col("发运单数", Kind.INT),
                _col("发运批次", Kind.INT),
                _col("发运净重(千克)", Kind.GRAMS),
                _col("结算笔数", Kind.INT),
                _col("售出(千克)", Kind.GRAMS),
                _col("售价(元)"),
                _col("县中心费用(元)"),
                _col("佣金(元)"),
                _col("应付农户(元)"),
                _col("付款笔数", Kind.INT),
                _col("已付农户(元)"),
                _col("仍欠农户(元)"),
                _col("待付农户数", Kind.INT),
            ),
            (
                (
                    lots.lots_taken_in,
                    lots.taken_in_g,
                    lots.shipments,
                    lots.lots_shipped,
                    lots.shipped_g,
                    lots.settlements,
                    lots.sold_g,
                    lots.sale_fen,
                    lots.hub_fees_fen,
                    lots.commission_fen,
                    lots.settled_due_fen,
                    lots.payouts,
                    lots.paid_out_fen,
                    lots.owed_to_farmers_fen,
                    lots.farmers_owed,
                ),
            ),
        ),
        ReportTable(
            "班次",
            (
                _col("收银台", Kind.TEXT),
                _col("开班", Kind.DATETIME),
                _col("结班", Kind.DATETIME),
                _col("开班人", Kind.TEXT),
                _col("结班人", Kind.TEXT),
                _col("备用金(元)"),
                _col("应有现金(元)"),
                _col("实点现金(元)"),
                _col("长短款(元)"),
                _col("备注", Kind.TEXT),
            ),
            tuple(
                (
                    s.terminal_id,
                    _local(s.opened_at, report.tz_offset_min),
                    _local(s.closed_at, report.tz_offset_min),
                    s.opened_by,
                    s.closed_by,
                    s.float_fen,
                    s.expected_cash_fen,
                    s.counted_cash_fen,
                    s.over_short_fen,
                    s.note,
                )
                for s in report.shifts.shifts
            ),
        ),
    )


def display_width(text: str) -> int:
    """Columns `text` takes in a spreadsheet or terminal: a CJK (wide) character counts 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _as_text(value: Any, kind: Kind) -> str:
    """A cell as csv text (and as its width in the xlsx)."""
    if value is None:
        return ""
    if kind is Kind.FEN:
        return format_plain(value)
    if kind is Kind.GRAMS:
        sign = "-" if value < 0 else ""
        whole, part = divmod(abs(value), GRAMS_PER_KG)
        return f"{sign}{whole}.{part:03d}"
    if kind is Kind.BP:
        return f"{format_plain(value)}%"  # basis points are hundredths of a percent
    if kind is Kind.DATE:
        return value.isoformat() if isinstance(value, date) else str(value)
    if kind is Kind.DATETIME:
        return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else str(value)
    return str(value)


def safe_csv_text(text: str) -> str:
    """`text` with a leading `'` if a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# -- writing, atomically ------------------------------------------------------------------------


def _refusal(error: OSError, path: Path) -> InputRefused:
    if error.errno in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return InputRefused(
            f"磁盘已满，{path} 没有写出（也没有留下半个文件）；请清理磁盘空间或换一个位置后重试",
            f"the disk is full: {path} was not written (no partial file left); free some "
            "space or choose another place and try again",
            "out",
            code="export_disk_full",
        )
    return InputRefused(
        f"无法写入 {path}（{error.strerror or error}）；请确认文件夹存在且可写，或换一个位置",
        f"cannot write {path} ({error.strerror or error}): check that the folder exists "
        "and is writable, or choose another place",
        "out",
        code="export_not_writable",
    )


def _write_atomically(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write through `write` into a temporary file beside `path`, then rename it over `path`."""
    path = Path(path)
    temp_name: str | None = None
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".part", dir=path.parent
        )
        # mkstemp makes the file private (0600); a report is for sharing, like any saved file.
        os.chmod(temp_name, stat.S_IMODE(path.stat().st_mode) if path.is_file() else 0o644)
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_name, path)
        temp_name = None
    except OSError as error:
        raise _refusal(error, path) from None
    finally:
        if temp_name is not None:
            Path(temp_name).unlink(missing_ok=True)


def write_csv(tables: Sequence[ReportTable], path: Path) -> None:
    """All `tables` into one UTF-8 (with BOM) csv, block after block (see the module).

    Raises:
        InputRefused: the file cannot be written (disk full, no such folder, no permission).
    """

    def write(out: IO[bytes]) -> None:
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
        rows = csv.writer(text)
        for number, table in enumerate(tables):
            if number:
                rows.writerow([])
            rows.writerow([f"【{table.title}】"])
            rows.writerow([column.header for column in table.columns])
            for row in table.rows:
                rows.writerow(
                    [
                        safe_csv_text(_as_text(value, column.kind))
                        if column.kind is Kind.TEXT
                        else _as_text(value, column.kind)
                        for value, column in zip(row, table.columns, strict=True)
                    ]
                )
        text.flush()
        text.detach()  # leave `out` open for the fsync

    _write_atomically(path, write)


_NUMBER_FORMATS = {
    Kind.FEN: "0.00",
    Kind.GRAMS: "0.000",
    Kind.BP: "0.00%",
    Kind.INT: "0",
    Kind.DATE: "yyyy-mm-dd",
    Kind.DATETIME: "yyyy-mm-dd hh:mm",
}


def _xlsx_value(value: Any, kind: Kind) -> Any:
    if value is None:
        return None
    if kind is Kind.FEN:
        return Decimal(value) / FEN_PER_YUAN
    if kind is Kind.GRAMS:
        return Decimal(value) / GRAMS_PER_KG
    if kind is Kind.BP:
        return Decimal(value) / BASIS_POINTS
    if kind is Kind.DATE and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def write_xlsx(tables: Sequence[ReportTable], path: Path) -> None:
    """`tables` into an .xlsx, one sheet each, frozen bold header row, widths that fit.

    Raises:
        InputRefused: the file cannot be written (disk full, no such folder, no permission).
    """
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(table.title[:31])
        widths = [display_width(column.header) for column in table.columns]
        for index, column in enumerate(table.columns, start=1):
            cell = sheet.cell(row=1, column=index, value=column.header)
            cell.font = bold
        for row_no, row in enumerate(table.rows, start=2):
            for index, (value, column) in enumerate(zip(row, table.columns, strict=True), 1):
                cell = sheet.cell(row=row_no, column=index)
                if column.kind is Kind.TEXT and value is not None:
                    # Assigned as a string cell, never parsed: "=…" stays text, not a formula.
                    cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
                    cell.data_type = "s"
                    cell.quotePrefix = str(value).startswith(FORMULA_STARTS)
                else:
                    cell.value = _xlsx_value(value, column.kind)
                    if value is not None:
                        cell.number_format = _NUMBER_FORMATS[column.kind]
                widths[index - 1] = max(
                    widths[index - 1], display_width(_as_text(value, column.kind))
                )
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, _MAX_WIDTH)
        sheet.freeze_panes = "A2"
    _write_atomically(path, book.save)


def export_report(report: PeriodReport, path: Path, file_format: str) -> None:
    """Write `report` to `path` as "xlsx" or "csv".

    Raises:
        InputRefused: an unknown format, or the file cannot be written.
    """
    writers = {"xlsx": write_xlsx, "csv": write_csv}
    if file_format not in writers:
        raise InputRefused(
            f"不支持的导出格式 {file_format}，请用 xlsx 或 csv",
            f"Unknown export format {file_format}: use xlsx or csv",
            "file_format",
        )
    writers[file_format](report_tables(report), path)
