"""Outbox event kinds of protocol version 1 and what their payloads must mean.

The station builds these payloads (station_app/core: sales, refunds, villagers, credit,
agency, parcels, consignment); the hub refuses one that could not have come from a
correct station: a negative or absurd amount, lines or payments that do not add up to
the total, an unknown payment method or status. `check_payload` raises `EventRefused`
whose message is the reason the hub sends back, shown to the keeper.

Everything here mirrors the event table of `docs/sync-protocol.md`; change both together.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from village_protocol.carriers import CARRIERS, normalise_tracking
from village_protocol.money import (
    MAX_AMOUNT_FEN,
    MAX_AMOUNT_G,
    MAX_QUANTITY,
    PAYMENT_METHODS,
    PLATFORM_METHOD,
)

# The event kinds, as the station writes them to its outbox and the hub files them.
SALE_COMPLETED = "sale.completed"
REFUND_COMPLETED = "refund.completed"
VILLAGER_ADDED = "villager.added"
VILLAGER_CREDIT_LIMIT_SET = "villager.credit_limit_set"
CREDIT_ENTRY = "credit.entry"
AGENCY_CREATED = "agency.created"
AGENCY_STATUS_CHANGED = "agency.status_changed"
PARCEL_ARRIVED = "parcel.arrived"
PARCEL_HANDED_OVER = "parcel.handed_over"
LOT_RECEIVED = "lot.received"
SHIPMENT_SENT = "shipment.sent"
LOT_SPOILED = "lot.spoiled"
LOT_RETURNED = "lot.returned"
PAYOUT_MADE = "payout.made"
OPERATOR_ADDED = "operator.added"
OPERATOR_CHANGED = "operator.changed"
SETTINGS_CHANGED = "settings.changed"
SHIFT_CLOSED = "shift.closed"
STOCK_RECEIVED = "stock.received"
STOCK_ADJUSTED = "stock.adjusted"
STOCK_WRITTEN_OFF = "stock.written_off"

# Integers anywhere in a payload fit a signed 64-bit column (PostgreSQL BIGINT).
MAX_INT = 2**63 - 1

# Money kinds of an agency order's `money` entries. `collected` only restates the order's
# `collected_fen` by method (at pickup); the others are what the keeper spent on the
# platform, what the platform refunded and what went back to the villager.
AGENCY_MONEY_KINDS = ("collected", "spent", "platform_refund", "paid_back")
# `spent` and `platform_refund` move money with the platform, the others with the villager.
_PLATFORM_MONEY = ("spent", "platform_refund")
AGENCY_STATUSES = (
    "created",
    "placed",
    "shipped",
    "arrived",
    "picked_up",
    "cancelled",
    "return_requested",
    "returned",
    "refunding",
    "refunded",
)
# Ledger kinds of `credit.entry`: charges put money on the account (positive), the
# others take it off (negative).
CREDIT_CHARGES = ("sale", "agency")
CREDIT_RETURNS = ("refund", "repayment")
MAX_COMMISSION_BP = 10_000

Payload = dict[str, Any]


class EventRefused(ValueError):
    """One uploaded event is not acceptable; the message is the reason sent back."""


def printable(text: str) -> str:
    """`text` with lone surrogates written as backslash escapes, so it fits UTF-8 JSON."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def text_fault(text: str) -> str | None:
    """Why `text` cannot be stored as sent, else None.

    A lone UTF-16 surrogate cannot be written as UTF-8 at all; NUL cannot be held by
    PostgreSQL text or jsonb. No keeper can type either.
    """
    if "\0" in text:
        return "malformed text (a NUL character)"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "malformed text (a lone UTF-16 surrogate)"
    return None


# A field's place in the payload as a linked list of keys and indexes, joined into text
# only for a refusal, so a deep payload costs no long strings while it is walked.
_Trail = tuple["_Trail", str | int] | None


def _where(trail: _Trail) -> str:
    parts: list[str | int] = []
    while trail is not None:
        trail, part = trail
        parts.append(part)
    text = ""
    for part in reversed(parts):
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def check_tree(payload: Payload) -> None:
    """Refuse text that cannot be stored and numbers that are not finite 64-bit values.

    Walks the whole payload (keys too) without recursion, so a deeply nested payload
    cannot exhaust the stack.

    Raises:
        EventRefused: naming the field.
    """
    pending: list[tuple[_Trail, Any]] = [(None, payload)]
    while pending:
        trail, value = pending.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                fault = text_fault(key)
                if fault:
                    raise EventRefused(
                        f"a payload key under '{_where(trail) or 'payload'}' holds {fault}"
                    )
                pending.append(((trail, key), item))
        elif isinstance(value, list):
            pending.extend(((trail, i), item) for i, item in enumerate(value))
        elif isinstance(value, str):
            fault = text_fault(value)
            if fault:
                raise EventRefused(f"payload field '{_where(trail)}' holds {fault}")
        elif isinstance(value, float) and not math.isfinite(value):
            raise EventRefused(f"payload field '{_where(trail)}' is not a finite number")
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            raise EventRefused(f"payload field '{_where(trail)}' is beyond a 64-bit integer")


# -- field checks ---------------------------------------------------------------------


def _present(payload: Payload, name: str, where: str) -> Any:
    if name not in payload:
        raise EventRefused(f"missing payload field '{where}{name}'")
    return payload[name]


def _text(payload: Payload, name: str, where: str = "") -> str:
    value = _present(payload, name, where)
    if not isinstance(value, str) or not value:
        raise EventRefused(f"payload field '{where}{name}' must be a non-empty string")
    return value


def _is_int(value: Any) -> bool:
    # bool is an int in Python, but `true` is not an amount.
    return isinstance(value, int) and not isinstance(value, bool)


def _bounded(value: Any, name: str, where: str, unit: str, low: int, high: int) -> int:
    # Most values are plain ints in bounds (`type` is never bool here): answered first,
    # since the hub checks some thirty of them per sale.
    if type(value) is int and low <= value <= high:
        return value
    if not _is_int(value):
        raise EventRefused(f"payload field '{where}{name}' must be an integer ({unit})")
    if value < low:
        raise EventRefused(
            f"payload field '{where}{name}' must not be negative"
            if low == 0
            else f"payload field '{where}{name}' must be at least {low}"
        )
    if value > high:
        raise EventRefused(f"payload field '{where}{name}' must be at most {high} ({unit})")
    return int(value)


def _fen(
    payload: Payload, name: str, where: str = "", *, low: int = 0, high: int = MAX_AMOUNT_FEN
) -> int:
    return _bounded(_present(payload, name, where), name, where, "fen", low, high)


def _grams(payload: Payload, name: str, where: str = "") -> int:
    return _bounded(_present(payload, name, where), name, where, "grams", 0, MAX_AMOUNT_G)


def _optional_int(
    payload: Payload, name: str, where: str, unit: str, low: int, high: int
) -> int | None:
    """A field the station sends but older payloads may lack; null counts as absent."""
    value = payload.get(name)
    return None if value is None else _bounded(value, name, where, unit, low, high)


def _one_of(payload: Payload, name: str, allowed: tuple[str, ...], where: str = "") -> str:
    value = _text(payload, name, where)
    if value not in allowed:
        raise EventRefused(f"payload field '{where}{name}' must be one of {', '.join(allowed)}")
    return value


def _list(payload: Payload, name: str) -> list[Any]:
    value = _present(payload, name, "")
    if not isinstance(value, list):
        raise EventRefused(f"payload field '{name}' must be a list")
    return value


def _objects(payload: Payload, name: str, check: Callable[[Payload, str], None]) -> list[Payload]:
    """A list field whose entries are objects, each checked with its `name[i].` prefix."""
    entries = _list(payload, name)
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise EventRefused(f"payload field '{name}[{i}]' must be an object")
        try:
            check(entry, "")
        except EventRefused:
            # Checked again to say which entry: the prefix is only ever needed here.
            check(entry, f"{name}[{i}].")
            raise
    return entries


def _adds_up(parts: int, what: str, total: int, total_name: str) -> None:
    if parts != total:
        raise EventRefused(f"the {what} add up to {parts}, not {total_name} {total}")


def _texts(*names: str) -> Callable[[Payload], None]:
    """A check that each of `names` is a non-empty string."""

    def check(payload: Payload) -> None:
        for name in names:
            _text(payload, name)

    return check


# -- sales and refunds ----------------------------------------------------------------


# A sale line's optional integers: (name, unit, lowest, highest).
_LINE_OPTIONAL = (
    ("discount_fen", "fen", 0, MAX_AMOUNT_FEN),
    ("unit_price_fen", "fen", 0, MAX_AMOUNT_FEN),
    ("quantity", "count", 1, MAX_QUANTITY),
    ("weight_g", "grams", 1, MAX_AMOUNT_G),
)


def _check_sale_line(line: Payload, where: str) -> None:
    _fen(line, "total_fen", where)
    for name, unit, low, high in _LINE_OPTIONAL:
        _optional_int(line, name, where, unit, low, high)


def _check_payment(payment: Payload, where: str) -> None:
    method = _one_of(payment, "method", PAYMENT_METHODS, where)
    _fen(payment, "amount_fen", where)
    if method == "account":
        _text(payment, "villager_id", where)


_SALE_AMOUNTS = ("subtotal_fen", "discount_fen", "rounding_fen", "total_fen")


def _sale_passes(payload: Payload) -> bool:
    """Whether the sale keeps every rule of `_explain_sale`, which words a refusal.

    The hub checks every sale of every upload: this says yes to a good one in one pass
    with no call per field, and the checks below still word each refusal.
    """
    for name in ("sale_id", "receipt_no"):
        value = payload.get(name)
        if type(value) is not str or not value:
            return False
    amounts: list[int] = []
    for name in _SALE_AMOUNTS:
        value = payload.get(name)
        if type(value) is not int or not 0 <= value <= MAX_AMOUNT_FEN:
            return False
        amounts.append(value)
    subtotal, discount, rounding, total = amounts
    lines = payload.get("lines")
    payments = payload.get("payments")
    if type(lines) is not list or type(payments) is not list:
        return False
    lines_total = line_discounts = 0
    for line in lines:
        if type(line) is not dict:
            return False
        value = line.get("total_fen")
        if type(value) is not int or not 0 <= value <= MAX_AMOUNT_FEN:
            return False
        lines_total += value
        for name, _, low, high in _LINE_OPTIONAL:
            value = line.get(name)
            if value is not None and (type(value) is not int or not low <= value <= high):
                return False
        line_discounts += line.get("discount_fen") or 0
    paid = 0
    for payment in payments:
        if type(payment) is not dict:
            return False
        method = payment.get("method")
        value = payment.get("amount_fen")
        if type(method) is not str or method not in PAYMENT_METHODS:
            return False
        if type(value) is not int or not 0 <= value <= MAX_AMOUNT_FEN:
            return False
        if method == "account":
            villager = payment.get("villager_id")
            if type(villager) is not str or not villager:
                return False
        paid += value
    return (
        subtotal - discount - rounding == total
        and lines_total + line_discounts == subtotal
        and line_discounts <= discount
        and paid == total
    )


def _check_sale(payload: Payload) -> None:
    if not _sale_passes(payload):
        _explain_sale(payload)


def _explain_sale(payload: Payload) -> None:
    """Every rule of a sale, one at a time: the refusal names the first it breaks."""
    _text(payload, "sale_id")
    _text(payload, "receipt_no")
    subtotal = _fen(payload, "subtotal_fen")
    discount = _fen(payload, "discount_fen")
    rounding = _fen(payload, "rounding_fen")
    total = _fen(payload, "total_fen")
    lines = _objects(payload, "lines", _check_sale_line)
    payments = _objects(payload, "payments", _check_payment)
    # The cart's arithmetic: subtotal is the lines before their discounts; the sale's
    # discount is the lines' plus the whole-sale one; 抹零 comes off last.
    _adds_up(
        subtotal - discount - rounding, "subtotal less discount and rounding", total, "total_fen"
    )
    line_discounts = sum(line.get("discount_fen") or 0 for line in lines)
    _adds_up(
        sum(line["total_fen"] for line in lines) + line_discounts,
        "lines before their discounts",
        subtotal,
        "subtotal_fen",
    )
    if line_discounts > discount:
        raise EventRefused(
            f"the lines' discounts {line_discounts} are more than discount_fen {discount}"
        )
    _adds_up(sum(p["amount_fen"] for p in payments), "payments", total, "total_fen")


def _check_refund_line(line: Payload, where: str) -> None:
    _fen(line, "amount_fen", where)
    _optional_int(line, "quantity", where, "count", 1, MAX_QUANTITY)


def _check_refund(payload: Payload) -> None:
    for name in ("refund_id", "refund_no", "sale_id"):
        _text(payload, name)
    _one_of(payload, "method", PAYMENT_METHODS)
    total = _fen(payload, "total_fen")
    lines = _objects(payload, "lines", _check_refund_line)
    _adds_up(sum(line["amount_fen"] for line in lines), "refunded lines", total, "total_fen")


# -- villagers and credit -------------------------------------------------------------


def _check_villager(payload: Payload) -> None:
    _texts("villager_id", "name")(payload)
    phone = payload.get("phone")
    if phone is not None and not isinstance(phone, str):
        raise EventRefused("payload field 'phone' must be a string or null")


def _check_credit_limit(payload: Payload) -> None:
    _text(payload, "villager_id")
    _fen(payload, "credit_limit_fen")


def _check_credit_entry(payload: Payload) -> None:
    _texts("entry_id", "villager_id")(payload)
    kind = _one_of(payload, "kind", CREDIT_CHARGES + CREDIT_RETURNS)
    # Charges are positive, repayments and refunds negative; zero is never written.
    if kind in CREDIT_CHARGES:
        _fen(payload, "amount_fen", low=1)
    else:
        _fen(payload, "amount_fen", low=-MAX_AMOUNT_FEN, high=-1)
    if payload.get("method") is not None:
        _one_of(payload, "method", PAYMENT_METHODS)


# -- agency ---------------------------------------------------------------------------


def _check_tender(entry: Payload, where: str) -> None:
    _one_of(entry, "method", PAYMENT_METHODS, where)
    _fen(entry, "amount_fen", where)


def _check_pickup_code(payload: Payload) -> None:
    # Added for recovery from the hub; older events have none and still pass.
    code = payload.get("pickup_code")
    if code is not None and not (
        isinstance(code, str) and len(code) == 6 and code.isascii() and code.isdigit()
    ):
        raise EventRefused("payload field 'pickup_code' must be 6 digits")


def _check_agency_created(payload: Payload) -> None:
    _texts("order_id", "order_no", "villager_id")(payload)
    _check_pickup_code(payload)
    total = _fen(payload, "total_fen")
    collected = _objects(payload, "collected", _check_tender)
    parts = [
        _optional_int(payload, name, "", "fen", 0, MAX_AMOUNT_FEN)
        for name in ("item_price_fen", "shipping_fen", "service_fee_fen")
    ]
    quantity = _optional_int(payload, "quantity", "", "count", 1, MAX_QUANTITY)
    if quantity is not None and None not in parts:
        price, shipping, fee = (int(part or 0) for part in parts)
        _adds_up(
            quantity * price + shipping + fee,
            "quantity × item price, shipping and service fee",
            total,
            "total_fen",
        )
    taken = sum(t["amount_fen"] for t in collected)
    if taken > total:
        raise EventRefused(
            f"the 'collected' entries add up to {taken}, more than total_fen {total}"
        )


def _check_agency_money(entry: Payload, where: str) -> None:
    kind = _one_of(entry, "kind", AGENCY_MONEY_KINDS, where)
    methods = (PLATFORM_METHOD,) if kind in _PLATFORM_MONEY else PAYMENT_METHODS
    _one_of(entry, "method", methods, where)
    _fen(entry, "amount_fen", where)


def _check_agency_status(payload: Payload) -> None:
    _texts("order_id", "order_no")(payload)
    _one_of(payload, "status", AGENCY_STATUSES)
    collected = _fen(payload, "collected_fen")
    money = _objects(payload, "money", _check_agency_money)
    # At pickup the `collected` entries itemise `collected_fen` by method. If they said
    # something else the hub could not tell which to count, so such an event is refused.
    itemised = sum(m["amount_fen"] for m in money if m["kind"] == "collected")
    if itemised and itemised != collected:
        raise EventRefused(
            f"the 'collected' money entries add up to {itemised}, not collected_fen {collected}"
        )


# -- parcels --------------------------------------------------------------------------


def _check_tracking(payload: Payload) -> None:
    tracking = _text(payload, "tracking_no")
    if normalise_tracking(tracking) != tracking:
        raise EventRefused("payload field 'tracking_no' must be 8-30 upper-case letters and digits")


def _check_parcel_arrived(payload: Payload) -> None:
    _text(payload, "parcel_id")
    _check_tracking(payload)
    _check_pickup_code(payload)
    if payload.get("carrier") is not None:
        _one_of(payload, "carrier", CARRIERS)


def _check_parcel_handed_over(payload: Payload) -> None:
    _text(payload, "parcel_id")
    _check_tracking(payload)


# -- consignment ----------------------------------------------------------------------


def _check_lot_received(payload: Payload) -> None:
    _texts("lot_id", "lot_code", "villager_id", "product")(payload)
    net = _grams(payload, "net_g")
    gross = _optional_int(payload, "gross_g", "", "grams", 0, MAX_AMOUNT_G)
    tare = _optional_int(payload, "tare_g", "", "grams", 0, MAX_AMOUNT_G)
    if gross is not None and tare is not None:
        _adds_up(gross - tare, "gross less tare", net, "net_g")
    _optional_int(payload, "asking_price_fen_per_kg", "", "fen", 0, MAX_AMOUNT_FEN)
    _optional_int(payload, "commission_bp", "", "basis points", 0, MAX_COMMISSION_BP)


def _check_shipped_lot(entry: Payload, where: str) -> None:
    _text(entry, "lot_id", where)
    _text(entry, "lot_code", where)
    _grams(entry, "net_g", where)


def _check_shipment(payload: Payload) -> None:
    _texts("shipment_id", "manifest_no")(payload)
    _objects(payload, "lots", _check_shipped_lot)


def _check_payout(payload: Payload) -> None:
    _texts("settlement_id", "lot_code", "villager_id")(payload)
    # The station pays farmers in cash or by transfer, never onto their account.
    _one_of(payload, "method", tuple(m for m in PAYMENT_METHODS if m != "account"))
    _fen(payload, "amount_fen")


# -- people ---------------------------------------------------------------------------

OPERATOR_ROLES = ("owner", "clerk")


def _check_operator(payload: Payload) -> None:
    # Who works at the counter, never how they sign in: a PIN field would put a guessable
    # secret of 4 to 8 digits (or its hash) on the hub, so any such field is refused.
    _texts("operator_id", "name")(payload)
    _one_of(payload, "role", OPERATOR_ROLES)
    if not isinstance(_present(payload, "active", ""), bool):
        raise EventRefused("payload field 'active' must be true or false")
    pin_fields = sorted(set(payload) & {"pin", "pin_hash", "pin_salt"})
    if pin_fields:
        raise EventRefused(f"operator events carry no PIN material: '{pin_fields[0]}'")


# -- settings -------------------------------------------------------------------------

MAX_SETTING_VALUE = 1000
# A setting's name as the station keeps it: lower case, digits and `_`.
_SETTING_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
# The hub link's secret is never a setting; a key that names one is refused, so that no
# station could leak it through this kind.
_SECRET_WORDS = ("secret", "pin", "password", "token", "credential")


def _check_setting(payload: Payload) -> None:
    key = _text(payload, "key")
    if len(key) > 40 or not set(key) <= _SETTING_KEY_CHARS:
        raise EventRefused("payload field 'key' must be a setting name (a-z, 0-9, _)")
    if any(word in key for word in _SECRET_WORDS):
        raise EventRefused(f"settings events carry no secrets: '{key}'")
    value = _present(payload, "value", "")
    if not isinstance(value, str) or len(value) > MAX_SETTING_VALUE:
        raise EventRefused(
            f"payload field 'value' must be a string of at most {MAX_SETTING_VALUE} characters"
        )


# -- stock ----------------------------------------------------------------------------


def _check_received_line(line: Payload, where: str) -> None:
    _text(line, "product_id", where)
    _bounded(
        _present(line, "quantity", where), "quantity", where, "units or grams", 1, MAX_AMOUNT_G
    )
    _fen(line, "cost_fen", where)
    expiry = line.get("expiry")
    if expiry is not None and not isinstance(expiry, str):
        raise EventRefused(f"payload field '{where}expiry' must be a date or null")


def _check_stock_received(payload: Payload) -> None:
    _texts("receipt_id", "at")(payload)
    if not _objects(payload, "lines", _check_received_line):
        raise EventRefused("payload field 'lines' must not be empty")


def _check_adjusted_line(line: Payload, where: str) -> None:
    _text(line, "product_id", where)
    _bounded(
        _present(line, "delta", where),
        "delta",
        where,
        "units or grams",
        -MAX_AMOUNT_G,
        MAX_AMOUNT_G,
    )


def _check_stock_adjusted(payload: Payload) -> None:
    _texts("adjustment_id", "reason", "at")(payload)
    _objects(payload, "lines", _check_adjusted_line)


def _check_stock_written_off(payload: Payload) -> None:
    _check_stock_adjusted(payload)
    for i, line in enumerate(payload["lines"]):
        if line["delta"] >= 0:
            raise EventRefused(f"payload field 'lines[{i}].delta' must be negative (a write-off)")


# -- the cash drawer ------------------------------------------------------------------

_SHIFT_INS = ("cash_sales_fen", "agency_cash_in_fen", "credit_repayments_cash_fen", "pay_in_fen")
_SHIFT_OUTS = ("cash_refunds_fen", "agency_cash_out_fen", "payouts_cash_fen", "pay_out_fen")


def _check_shift_closed(payload: Payload) -> None:
    _texts("shift_id", "terminal_id", "opened_at", "closed_at")(payload)
    parts = _fen(payload, "float_fen")
    for name in _SHIFT_INS:
        parts += _fen(payload, name)
    for name in _SHIFT_OUTS:
        parts -= _fen(payload, name)
    # Payouts can leave the drawer below its float: expected may be negative.
    expected = _fen(payload, "expected_cash_fen", low=-MAX_AMOUNT_FEN)
    _adds_up(parts, "float plus cash in less cash out", expected, "expected_cash_fen")
    counted = _fen(payload, "counted_cash_fen")
    over_short = _fen(payload, "over_short_fen", low=-MAX_AMOUNT_FEN)
    _adds_up(counted - expected, "counted less expected", over_short, "over_short_fen")


EVENT_KINDS: dict[str, Callable[[Payload], None]] = {
    SALE_COMPLETED: _check_sale,
    REFUND_COMPLETED: _check_refund,
    VILLAGER_ADDED: _check_villager,
    VILLAGER_CREDIT_LIMIT_SET: _check_credit_limit,
    CREDIT_ENTRY: _check_credit_entry,
    AGENCY_CREATED: _check_agency_created,
    AGENCY_STATUS_CHANGED: _check_agency_status,
    PARCEL_ARRIVED: _check_parcel_arrived,
    PARCEL_HANDED_OVER: _check_parcel_handed_over,
    LOT_RECEIVED: _check_lot_received,
    SHIPMENT_SENT: _check_shipment,
    LOT_SPOILED: _texts("lot_id", "lot_code", "reason"),
    LOT_RETURNED: _texts("lot_id", "lot_code", "reason"),
    PAYOUT_MADE: _check_payout,
    OPERATOR_ADDED: _check_operator,
    OPERATOR_CHANGED: _check_operator,
    SETTINGS_CHANGED: _check_setting,
    SHIFT_CLOSED: _check_shift_closed,
    STOCK_RECEIVED: _check_stock_received,
    STOCK_ADJUSTED: _check_stock_adjusted,
    STOCK_WRITTEN_OFF: _check_stock_written_off,
}


def check_payload(kind: str, payload: Payload) -> None:
    """Check that `payload` is what a correct station sends for `kind`.

    Raises:
        EventRefused: an unknown kind, malformed text or numbers, a missing or wrongly
            typed field, an amount out of bounds, or figures that do not add up.
    """
    check = EVENT_KINDS.get(kind)
    if check is None:
        raise EventRefused(f"unknown kind '{printable(kind)}'")
    check_tree(payload)
    check(payload)
