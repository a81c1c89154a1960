import pytest

from station_app.core.credit import LedgerEntry
from station_app.printing.receipt_layout import PrintedLine, print_items, render_text
from station_app.printing.statement_slip import MAX_ENTRIES, StatementSlip, statement_slip
from tests.printing.samples import settings


def _entries(count):
    entries, balance = [], 0
    for n in range(count):
        amount = 1_000 if n % 3 else -500
        balance += amount
        kind, method = ("sale", None) if amount > 0 else ("repayment", "cash")
        entries.append(LedgerEntry(n + 1, "2025-03-01T02:00:00.000Z", kind, amount, method,
                                   None, "", balance, f"20250301-T1-{n:05d}"))
    return tuple(entries)


@pytest.mark.parametrize("columns", [32, 48])
def test_statement_fits_the_paper_and_masks_the_phone(columns):
    layout = statement_slip(StatementSlip("王大山", "13812341234", "2025-03-01 18:00",
                                          _entries(5), 50_000), settings(columns))
    lines = [item for item in print_items(layout) if isinstance(item, PrintedLine)]
    assert all(line.width <= columns for line in lines)
    text = "\n".join(render_text(layout))
    assert "138****1234" in text and "13812341234" not in text
    assert "还款（现金）" in text
    assert "余 ￥20.00" in text  # −5 +10 +10 −5 +10
    assert "现  欠  款" in text  # double size on the preview


def test_a_long_statement_starts_with_the_balance_before_the_entries_shown():
    entries = _entries(MAX_ENTRIES + 5)
    text = "\n".join(render_text(statement_slip(StatementSlip(
        "王大山", "", "2025-03-01 18:00", entries, 0), settings(32))))
    assert "此前余额" in text
    assert text.count("20250301-T1-") == MAX_ENTRIES
