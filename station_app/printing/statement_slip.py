"""A villager's credit statement (赊账对账单) on paper: entries, running balance, limit."""

from __future__ import annotations

from dataclasses import dataclass

from station_app.core.credit import LedgerEntry
from station_app.core.payments import METHOD_NAMES_ZH, PaymentMethod
from station_app.core.settings import StationSettings
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


@dataclass(frozen=True)
class StatementSlip:
    """What a statement prints: the villager, when, the ledger entries, the limit."""

    villager_name: str
    villager_phone: str
    printed_at: str  # station-local text
    entries: tuple[LedgerEntry, ...]
    credit_limit_fen: int


def _entry_label(entry: LedgerEntry) -> str:
    kind = _KINDS_ZH.get(entry.kind, entry.kind)
    if entry.method in {m.value for m in PaymentMethod}:
        kind += f"（{METHOD_NAMES_ZH[PaymentMethod(entry.method)]}）"
    return kind


def statement_slip(slip: StatementSlip, settings: StationSettings) -> Layout:
    """The villager's copy: each entry with its date, the balance after it, what is owed."""
    blocks = station_header(settings, "赊账对账单 STATEMENT")
    blocks += rows(("村民", slip.villager_name), ("电话", mask_phone(slip.villager_phone)),
                   ("打印时间", slip.printed_at))
    blocks.append(Separator())
    shown = slip.entries[-MAX_ENTRIES:]
    if len(shown) < len(slip.entries):
        earlier = slip.entries[len(slip.entries) - len(shown) - 1]
        blocks.append(Row("此前余额", paper_money(earlier.balance_fen)))
    for entry in shown:
        day = local_time(entry.at, settings.tz_offset_min)[:10]
        blocks += [Text(f"{day} {_entry_label(entry)} {entry.ref_no}".rstrip()),
                   Row(f"  {paper_money(entry.amount_fen)}",
                       f"余 {paper_money(entry.balance_fen)}")]
    balance = slip.entries[-1].balance_fen if slip.entries else 0
    blocks += [Separator(), Row("现欠款", paper_money(balance), bold=True, double=True),
               Row("赊账额度", paper_money(slip.credit_limit_fen)), *signature("村民签字")]
    return Layout(tuple([*blocks, *closing(settings, footer=False)]), settings.receipt_columns)
