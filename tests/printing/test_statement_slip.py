from dataclasses import replace

import pytest

from station_app.core.agency import create_order
from station_app.core.credit import LedgerEntry, repay, statement
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.villagers import get_villager, set_credit_limit
from station_app.printing.receipt_layout import PrintedLine, print_items, render_text
from station_app.printing.statement_slip import MAX_ENTRIES, statement_slip
from tests.printing.records import MASKED, MOBILE, villager


@pytest.mark.parametrize("columns", [32, 48])
def test_statement_lists_the_ledger_fits_the_paper_and_masks_the_phone(
    demo_db, settings, clock, clerk, owner, columns
):
    buyer = villager(demo_db, clerk, clock, "王大山")
    set_credit_limit(demo_db, buyer.id, 50_000, owner, clock)
    create_order(
        demo_db,
        buyer.id,
        "淘宝",
        "雨靴",
        1,
        3_000,
        0,
        0,
        [Tender(PaymentMethod.ACCOUNT, 3_000, villager_id=buyer.id)],
        clerk,
        settings,
        clock,
        credit_approver=owner,
    )
    repay(demo_db, buyer.id, 1_000, PaymentMethod.CASH, clerk, clock)
    layout = statement_slip(
        get_villager(demo_db, buyer.id),
        statement(demo_db, buyer.id),
        clock,
        replace(settings, receipt_columns=columns),
    )
    lines = [item for item in print_items(layout) if isinstance(item, PrintedLine)]
    assert all(line.width <= columns for line in lines)
    text = "\n".join(render_text(layout))
    assert MASKED in text and MOBILE not in text
    assert "代购赊账" in text and "还款（现金）" in text
    assert "余 ￥20.00" in text  # +30 −10
    assert "现  欠  款" in text  # double size on the preview
    assert "￥500.00" in text  # the credit limit
    assert f"{clock.local():%Y-%m-%d}" in text


def _entries(count):
    entries, balance = [], 0
    for n in range(count):
        amount = 1_000 if n % 3 else -500
        balance += amount
        kind, method = ("sale", None) if amount > 0 else ("repayment", "cash")
        entries.append(
            LedgerEntry(
                n + 1,
                "2025-03-01T02:00:00.000Z",
                kind,
                amount,
                method,
                None,
                "",
                balance,
                f"20250301-T1-{n:05d}",
            )
        )
    return entries


def test_a_long_statement_starts_with_the_balance_before_the_entries_shown(
    demo_db, settings, clock, clerk
):
    buyer = villager(demo_db, clerk, clock, "王大山", "")
    text = "\n".join(render_text(statement_slip(buyer, _entries(MAX_ENTRIES + 5), clock, settings)))
    assert "此前余额" in text
    assert text.count("20250301-T1-") == MAX_ENTRIES
