"""Exporting a period report: xlsx and csv with the same figures, text never a formula."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from station_app.core.barcodes import make_ean13
from station_app.core.cart import Cart
from station_app.core.catalog import NewProduct, add_product
from station_app.core.clock import Clock, SteppingClock
from station_app.core.errors import InputRefused
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.period_report import build_period_report
from station_app.core.report_export import (
    Column,
    Kind,
    ReportTable,
    display_width,
    export_report,
    report_tables,
    safe_csv_text,
    write_csv,
    write_xlsx,
)
from station_app.core.sales import complete_sale
from station_app.core.shifts import close_shift, open_shift
from station_app.core.simulation import simulate

ROOT = Path(__file__).resolve().parents[2]
EVIL = "=cmd|' /C calc'!A0"
FIRST, LAST = date(2026, 3, 1), date(2026, 3, 3)


@pytest.fixture
def report(demo_db):
    simulate(demo_db, 2, 3, FIRST)
    return build_period_report(demo_db, FIRST, LAST, Clock())


@pytest.fixture
def evil_report(shop):
    """A day on which products named like formulas sold."""
    ticker = SteppingClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    clock = Clock(shop.settings.tz_offset_min, ticker)
    names = (EVIL, "+SUM(A1:A9)", "-2+3", "@HYPERLINK(1)")
    cart = Cart()
    for n, name in enumerate(names):
        product = add_product(
            shop.db,
            NewProduct(name, "个", 100 * (n + 1), (make_ean13(f"69000000040{n}"),)),
            shop.owner.id,
            clock,
        )
        cart.add_product(product, 1)
    total = cart.totals().total_fen
    complete_sale(
        shop.db, cart, [Tender(PaymentMethod.CASH, total)], shop.clerk, shop.settings, clock
    )
    return build_period_report(shop.db, date(2026, 3, 2), date(2026, 3, 2), clock)


def _fen(value) -> int:
    return round(value * 100)


def test_the_xlsx_opens_and_its_totals_are_the_json_figures(report, tmp_path):
    path = tmp_path / "report.xlsx"
    export_report(report, path, "xlsx")
    book = openpyxl.load_workbook(path)
    data = report.as_json()
    assert book.sheetnames[:4] == ["汇总", "每日", "时段", "品类"]
    summary = book["汇总"]
    headers = [c.value for c in summary[1]]
    row = dict(zip(headers, [c.value for c in summary[2]], strict=True))
    assert row["开始日期"].date() == FIRST and row["结束日期"].date() == LAST
    assert row["笔数"] == data["sales_count"]
    assert _fen(row["净额(元)"]) == data["net_fen"]
    assert _fen(row["毛额(元)"]) == data["gross_fen"]
    assert _fen(row["现金(元)"]) == data["payments_fen"]["cash"]
    assert summary["I2"].number_format == "0.00"

    days = book["每日"]
    assert days.freeze_panes == "A2"
    assert [(r[0].value.date().isoformat(), _fen(r[7].value)) for r in days.iter_rows(2)] == [
        (d["date"], d["net_fen"]) for d in data["days"]
    ]
    assert sum(_fen(c.value) for c in book["时段"]["F"][1:]) == data["net_fen"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.bold for cell in sheet[1]), sheet.title


def test_the_csv_has_a_bom_and_every_section_as_a_titled_block(report, tmp_path):
    path = tmp_path / "report.csv"
    export_report(report, path, "csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    titles = [r[0] for r in rows if len(r) == 1 and r[0].startswith("【")]
    assert titles == [f"【{t.title}】" for t in report_tables(report)]
    assert rows[0] == ["【汇总】"]
    header, summary = rows[1], rows[2]
    assert summary[header.index("净额(元)")] == f"{report.summary.net_fen / 100:.2f}"
    assert summary[header.index("开始日期")] == "2026-03-01"
    assert rows[3] == []  # a blank line before the next block


def test_formula_like_names_stay_text_in_the_xlsx(evil_report, tmp_path):
    path = tmp_path / "evil.xlsx"
    export_report(evil_report, path, "xlsx")
    sheet = openpyxl.load_workbook(path)["销售额前20"]
    names = {c.value: c for c in sheet["B"][1:]}
    assert EVIL in names
    for value, cell in names.items():
        assert cell.data_type == "s", value
    assert names[EVIL].quotePrefix
    assert set(names) == {EVIL, "+SUM(A1:A9)", "-2+3", "@HYPERLINK(1)"}


def test_text_starting_with_a_tab_or_cr_stays_text_in_both(tmp_path):
    # The catalog strips a product name, so these reach the writers only from other text.
    table = ReportTable("文本", (Column("名称", Kind.TEXT),), (("\t制表符",), ("\r回车",)))
    write_xlsx([table], tmp_path / "t.xlsx")
    cells = openpyxl.load_workbook(tmp_path / "t.xlsx")["文本"]["A"][1:]
    assert [(c.data_type, c.quotePrefix) for c in cells] == [("s", True), ("s", True)]
    # XML reading turns a lone CR into LF; the text is otherwise what was written.
    assert [c.value for c in cells] == ["\t制表符", "\n回车"]
    write_csv([table], tmp_path / "t.csv")
    with (tmp_path / "t.csv").open(encoding="utf-8-sig", newline="") as text:
        assert list(csv.reader(text))[2:] == [["'\t制表符"], ["'\r回车"]]


def test_formula_like_names_get_a_quote_in_the_csv(evil_report, tmp_path):
    path = tmp_path / "evil.csv"
    export_report(evil_report, path, "csv")
    with path.open(encoding="utf-8-sig", newline="") as text:
        cells = {cell for row in csv.reader(text) for cell in row}
    assert "'" + EVIL in cells and EVIL not in cells
    for name in ("+SUM(A1:A9)", "-2+3", "@HYPERLINK(1)"):
        assert "'" + name in cells, repr(name)
    assert safe_csv_text("普通商品") == "普通商品"


def test_money_columns_are_numbers_even_when_negative(shop, tmp_path):
    ticker = SteppingClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    clock = Clock(shop.settings.tz_offset_min, ticker)
    open_shift(shop.db, 10_000, shop.clerk, shop.settings, clock)
    ticker.advance(timedelta(hours=1))
    close_shift(shop.db, shop.owner, shop.settings, clock, counted_fen=9_950)
    report = build_period_report(shop.db, date(2026, 3, 2), date(2026, 3, 2), clock)
    export_report(report, tmp_path / "r.xlsx", "xlsx")
    export_report(report, tmp_path / "r.csv", "csv")
    shifts = openpyxl.load_workbook(tmp_path / "r.xlsx")["班次"]
    headers = [c.value for c in shifts[1]]
    cell = shifts.cell(row=2, column=headers.index("长短款(元)") + 1)
    assert (cell.value, cell.data_type, cell.number_format) == (-0.5, "n", "0.00")
    opened = shifts.cell(row=2, column=headers.index("开班") + 1).value
    assert opened == datetime(2026, 3, 2, 9, 0)  # station-local time, a real date
    # Negative money in the csv is a number too: its minus sign gets no quote.
    with (tmp_path / "r.csv").open(encoding="utf-8-sig", newline="") as text:
        row = ["T1", "2026-03-02 09:00", "2026-03-02 10:00", "店员", "店主", "100.00"]
        assert [*row, "100.00", "99.50", "-0.50", ""] in list(csv.reader(text))


def test_column_widths_count_a_chinese_character_as_two(evil_report, tmp_path):
    assert display_width("散装大米") == 8 and display_width("ab1") == 3
    export_report(evil_report, tmp_path / "w.xlsx", "xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "w.xlsx")["汇总"]
    # "笔数" is 4 columns wide; the dates "2026-03-02" 10.
    assert sheet.column_dimensions["A"].width == 12
    assert sheet.column_dimensions["C"].width == display_width("笔数") + 2


def test_a_missing_folder_is_refused_and_nothing_is_written(report, tmp_path):
    target = tmp_path / "no such folder" / "report.xlsx"
    with pytest.raises(InputRefused) as refused:
        export_report(report, target, "xlsx")
    assert refused.value.code == "export_not_writable"
    assert str(target) in refused.value.zh and str(target) in refused.value.en
    assert not target.parent.exists()


_FULL_DISK = """
import resource, sys
from datetime import date
from pathlib import Path
from station_app.core.clock import Clock
from station_app.core.errors import InputRefused
from station_app.core.period_report import build_period_report
from station_app.core.report_export import export_report
from station_app.storage import open_database

db = open_database(Path(sys.argv[1]))
report = build_period_report(db, date(2026, 3, 1), date(2026, 3, 3), Clock())
# Python ignores SIGXFSZ, so writing past the limit fails with EFBIG, as a full disk does.
resource.setrlimit(resource.RLIMIT_FSIZE, (1000, resource.RLIM_INFINITY))
try:
    export_report(report, Path(sys.argv[2]), sys.argv[3])
except InputRefused as refused:
    print(refused.code)
    print(refused.en)
"""


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_a_full_disk_leaves_the_old_file_whole_and_no_part_file(
    report, demo_db_path, tmp_path, file_format
):
    out = tmp_path / "out"
    out.mkdir()
    target = out / f"report.{file_format}"
    target.write_bytes(b"the report of last month")
    result = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, str(demo_db_path), str(target), file_format],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    code, message = result.stdout.splitlines()
    assert code == "export_disk_full"
    assert "disk is full" in message
    assert target.read_bytes() == b"the report of last month"
    assert [p.name for p in out.iterdir()] == [target.name]


def test_an_unknown_format_is_refused(report, tmp_path):
    with pytest.raises(InputRefused):
        export_report(report, tmp_path / "r.pdf", "pdf")
