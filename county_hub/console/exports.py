"""The console's tables as .xlsx (openpyxl): Chinese headers, yuan as numbers, header frozen.

Amounts are written as numbers of yuan (exact decimals from fen) shown as `0.00`, so
Excel sums them; counts as whole numbers; text as text, including text that looks like
a formula (`=…`, `+…`, `-…`, `@…`): a station's name typed as `=HYPERLINK(…)` must
never run in the county office's Excel.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

YUAN_FORMAT = "0.00"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HEADER_FONT = Font(bold=True)
_ALERT = PatternFill("solid", fgColor="FDECEA")


@dataclass(frozen=True)
class Column:
    """A column: its Chinese header, its kind (`text`, `count` or `fen`) and its width."""

    title: str
    kind: str = "text"
    width: int = 14


@dataclass(frozen=True)
class Sheet:
    """One worksheet: columns and rows (one value per column); `alert(row)` fills a row red."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    alert: Any = None  # Callable[[Sequence[Any]], bool] | None


def yuan(fen: int) -> Decimal:
    """Fen as exact yuan (1250 -> 12.50)."""
    return Decimal(fen) / 100


def _cell(sheet: Any, column: Column, value: Any, alert: bool) -> WriteOnlyCell:
    if value is None:
        cell = WriteOnlyCell(sheet, value=None)
    elif column.kind == "fen":
        cell = WriteOnlyCell(sheet, value=yuan(int(value)))
        cell.number_format = YUAN_FORMAT
    elif column.kind == "count":
        cell = WriteOnlyCell(sheet, value=int(value))
    else:
        cell = WriteOnlyCell(sheet, value=str(value))
        # openpyxl takes text starting with "=" for a formula; this is data, never code.
        cell.data_type = "s"
    if alert:
        cell.fill = _ALERT
    return cell


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """An .xlsx file of `sheets`, written row by row (write-only: memory stays flat)."""
    book = Workbook(write_only=True)
    for spec in sheets:
        sheet = book.create_sheet(spec.title)
        sheet.freeze_panes = "A2"
        for index, column in enumerate(spec.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        header = []
        for column in spec.columns:
            cell = WriteOnlyCell(sheet, value=column.title)
            cell.font = _HEADER_FONT
            header.append(cell)
        sheet.append(header)
        for row in spec.rows:
            alert = bool(spec.alert and spec.alert(row))
            sheet.append(
                [
                    _cell(sheet, column, value, alert)
                    for column, value in zip(spec.columns, row, strict=True)
                ]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
