"""Tendered payments and how they settle a total: change only ever comes from cash."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from station_app.core.errors import InputRefused, PaymentIncomplete
from station_app.core.money import check_price, format_fen

MAX_REFERENCE = 64


class PaymentMethod(Enum):
    """How a villager pays."""

    CASH = "cash"
    WECHAT = "wechat"
    ALIPAY = "alipay"
    UNIONPAY = "unionpay"
    ACCOUNT = "account"  # 赊账: on the villager's credit account


METHOD_NAMES_ZH = {
    PaymentMethod.CASH: "现金",
    PaymentMethod.WECHAT: "微信支付",
    PaymentMethod.ALIPAY: "支付宝",
    PaymentMethod.UNIONPAY: "银联卡",
    PaymentMethod.ACCOUNT: "赊账",
}


def opens_drawer(methods: Iterable[PaymentMethod]) -> bool:
    """Whether paper for money moved by `methods` pulses the cash drawer: cash in or out.

    The one rule for every paper that moves money across the counter: a sale, an agency
    deposit or pickup payment, a refund, a farmer's payout. QR, card and account money
    never touch the till, so the drawer stays shut for them.
    """
    return PaymentMethod.CASH in set(methods)


@dataclass(frozen=True)
class Tender:
    """What the keeper entered: for cash the amount handed over, else the amount charged."""

    method: PaymentMethod
    amount_fen: int
    reference: str = ""
    villager_id: str | None = None  # whose account, for PaymentMethod.ACCOUNT


def still_due_fen(total_fen: int, tenders: Iterable[Tender]) -> int:
    """What the tenders taken so far leave unpaid of `total_fen` (never below zero)."""
    return max(0, total_fen - sum(t.amount_fen for t in tenders))


def cash_change_fen(due_fen: int, cash_given_fen: int) -> int:
    """The change for `cash_given_fen` handed over against `due_fen`; none while short."""
    return max(0, cash_given_fen - due_fen)


@dataclass(frozen=True)
class Settlement:
    """Tenders applied to a total: `applied` amounts sum to the total, change is from cash."""

    applied: tuple[tuple[Tender, int], ...]
    paid_fen: int
    change_fen: int


def settle(total_fen: int, tenders: list[Tender]) -> Settlement:
    """Apply tenders to `total_fen`.

    Raises:
        InputRefused: a bad amount or reference, or card/e-wallet amounts above the total.
        PaymentIncomplete: the tenders do not cover the total.
    """
    for tender in tenders:
        check_price(tender.amount_fen, field=("付款金额", "Payment"))
        if tender.amount_fen == 0:
            raise InputRefused("付款金额不能为 0", "A payment cannot be zero")
        if len(tender.reference) > MAX_REFERENCE:
            raise InputRefused(f"交易单号最多 {MAX_REFERENCE} 位", "The reference is too long")
        if (tender.method is PaymentMethod.ACCOUNT) != (tender.villager_id is not None):
            raise InputRefused("赊账须选择村民", "Paying on account needs a villager")
    non_cash = sum(t.amount_fen for t in tenders if t.method is not PaymentMethod.CASH)
    if non_cash > total_fen:
        raise InputRefused(
            "扫码或刷卡金额不能超过应收金额（无法找零）",
            "Card or e-wallet payments cannot exceed the total (no change from them)",
        )
    paid = sum(t.amount_fen for t in tenders)
    if paid < total_fen:
        raise PaymentIncomplete(
            f"还差 {format_fen(total_fen - paid)}", f"{format_fen(total_fen - paid)} still due"
        )
    change = paid - total_fen
    cash_to_apply = total_fen - non_cash
    applied: list[tuple[Tender, int]] = []
    for tender in tenders:
        if tender.method is PaymentMethod.CASH:
            amount = min(tender.amount_fen, cash_to_apply)
            cash_to_apply -= amount
        else:
            amount = tender.amount_fen
        if amount > 0:
            applied.append((tender, amount))
    return Settlement(tuple(applied), paid, change)
