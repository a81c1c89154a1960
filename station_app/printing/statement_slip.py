"""A villager's credit statement (赊账对账单) on paper: entries, running balance, limit."""

from __future__ import annotations

from collections.abc import Sequence

from station_app.core.clock import Clock
from station_app.core.credit import LedgerEntry
from station_app.core.payments import METHOD_NAMES_ZH, PaymentMethod
from station_app.core.settings import StationSettings
from station_app.core.villagers import Villager
from station_app.printing.masking import mask_phone
from station_app.printing.receipt_layout import (
    Layout,
    Row,
    Separator,
    Text,
    closing,
    local_time,
    paper_money,
    rows,
    signature,
    station_header,
)

# The last entries fit a slip a villager can read; older ones are summed up front.
MAX_ENTRIES = 30
_KINDS_ZH = {"sale": "赊购", "agency": "代购赊账", "repayment": "还款", "refund": "退款冲账"}


def _entry_label(entry: LedgerEntry) -> str:
    kind = _KINDS_ZH.get(entry.kind, entry.kind)
    if entry.method in {m.value for m in PaymentMethod}:
        kind += f"（{METHOD_NAMES_ZH[PaymentMethod(entry.method)]}）"
    return kind


def statement_slip(
    villager: Villager, entries: Sequence[LedgerEntry], clock: Clock, settings: StationSettings
) -> Layout:
    """The villager's copy, printed now: entries (oldest first) with their balances, what is owed.

    `entries` are `core.credit.statement`'s; only the last `MAX_ENTRIES` are listed.
    """
    blocks = station_header(settings, "赊账对账单 STATEMENT")
    blocks += rows(
        ("村民", villager.name),
        ("电话", mask_phone(villager.phone or "")),
        ("打印时间", f"{clock.local():%Y-%m-%d %H:%M}"),
    )
    blocks.append(Separator())
    shown = entries[-MAX_ENTRIES:]
    if len(shown) < len(entries):
        earlier = entries[len(entries) - len(shown) - 1]
        blocks.append(Row("此前余额", paper_money(earlier.balance_fen)))
    for entry in shown:
        day = local_time(entry.at, settings.tz_offset_min)[:10]
        blocks += [
            Text(f"{day} {_entry_label(entry)} {entry.ref_no}".rstrip()),
            Row(f"  {paper_money(entry.amount_fen)}", f"余 {paper_money(entry.balance_fen)}"),
        ]
    balance = entries[-1].balance_fen if entries else 0
    blocks += [
        Separator(),
        Row("现欠款", paper_money(balance), bold=True, double=True),
        Row("赊账额度", paper_money(villager.credit_limit_fen)),
        *signature("村民签字"),
    ]
    return Layout(tuple([*blocks, *closing(settings, footer=False)]), settings.receipt_columns)
