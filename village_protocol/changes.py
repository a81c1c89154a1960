"""Change kinds of protocol version 1: what the hub's feed carries and what `data` holds.

The hub builds each change's `data` and checks it here before queueing it; the station
checks every change it receives here before applying it (`station_app/core/hub_changes`).
Two ways a change can fail, kept apart on purpose:

- `ChangeMalformed`: the data does not have the shape below (a field missing or of the
  wrong JSON type). A hub sending it is broken: the station refuses the whole page.
- `ChangeRefused`: well-formed, but a value is one the receiving station cannot take (a
  notice too long, an implausible settlement; at the station also a barcode with a bad
  check digit, a PLU another product holds). The station skips it and keeps it for the
  keeper, so one odd change cannot hold the whole feed up.

Everything here mirrors the change table of `docs/sync-protocol.md`; change both together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from village_protocol.money import MAX_PRICE_FEN

PRODUCT_UPSERT = "product.upsert"
PRODUCT_RETIRE = "product.retire"
PRICE_CHANGE = "price.change"
NOTICE = "notice"
# The hub's word that a parcel waits at the station; the station's own `parcel.arrived`
# event (village_protocol.events) is the keeper registering it, a different message.
PARCEL_ARRIVED = "parcel.arrived"
LOT_SETTLED = "lot.settled"

MAX_NOTICE_TITLE = 200
MAX_NOTICE_BODY = 10_000
# A `lot.settled` change: `sold` and `rejected` close the lot, `partial` leaves it open.
SETTLEMENT_OUTCOMES = ("sold", "partial", "rejected")
# Every figure of a settlement (fen, or grams for `sold_g`) is at most the station's
# price cap, ¥1,000,000.
MAX_SETTLEMENT_AMOUNT = MAX_PRICE_FEN
MAX_SETTLEMENT_REASON = 100
SETTLEMENT_AMOUNTS = ("sold_g", "sale_fen", "hub_fees_fen", "commission_fen", "due_to_farmer_fen")

Data = dict[str, Any]


class ChangeMalformed(ValueError):
    """The change's data breaks the protocol (missing field, wrong type)."""


class ChangeRefused(ValueError):
    """A well-formed change the station cannot apply; the message says why (English)."""


class Type(Enum):
    """The JSON type of a `data` field."""

    TEXT = "text"
    # Digits a spreadsheet may have turned into a number (a PLU): text, or an integer the
    # station reads as its digits.
    TEXT_OR_NUMBER = "text or number"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    TEXTS = "list of text"


_JSON_SCHEMA: dict[Type, dict[str, Any]] = {
    Type.TEXT: {"type": "string"},
    Type.TEXT_OR_NUMBER: {"type": ["string", "integer"]},
    Type.INTEGER: {"type": "integer"},
    Type.BOOLEAN: {"type": "boolean"},
    Type.TEXTS: {"type": "array", "items": {"type": "string"}},
}


@dataclass(frozen=True)
class Field:
    """One field of a change's `data`.

    `required`: it must be there and not null. Otherwise it may be absent; `nullable`
    says whether it may also be null.
    """

    name: str
    type: Type
    required: bool = True
    nullable: bool = False


def _optional(name: str, kind: Type = Type.TEXT_OR_NUMBER) -> Field:
    return Field(name, kind, required=False, nullable=True)


CHANGE_FIELDS: dict[str, tuple[Field, ...]] = {
    PRODUCT_UPSERT: (
        Field("barcodes", Type.TEXTS),
        Field("name", Type.TEXT),
        Field("unit", Type.TEXT),
        Field("price_fen", Type.INTEGER),
        Field("is_weighed", Type.BOOLEAN),
        _optional("plu"),
        _optional("category"),
    ),
    # At least one of the two (see `_check_retire`).
    PRODUCT_RETIRE: (Field("barcodes", Type.TEXTS, required=False), _optional("plu")),
    PRICE_CHANGE: (_optional("barcode"), _optional("plu"), Field("price_fen", Type.INTEGER)),
    NOTICE: (Field("title", Type.TEXT), Field("body", Type.TEXT)),
    PARCEL_ARRIVED: (
        Field("tracking_no", Type.TEXT),
        _optional("carrier"),
        _optional("recipient_name"),
        _optional("recipient_phone"),
    ),
    LOT_SETTLED: (
        Field("settlement_id", Type.TEXT),
        Field("lot_code", Type.TEXT),
        Field("outcome", Type.TEXT),
        *(Field(name, Type.INTEGER) for name in SETTLEMENT_AMOUNTS),
        Field("reason", Type.TEXT, required=False),
        Field("settled_at", Type.TEXT, required=False),
    ),
}
CHANGE_KINDS = tuple(CHANGE_FIELDS)


def _fits(value: Any, kind: Type) -> bool:
    # bool is an int in Python, but `true` is neither a count nor a PLU.
    if isinstance(value, bool):
        return kind is Type.BOOLEAN
    if kind is Type.TEXT:
        return isinstance(value, str)
    if kind is Type.TEXT_OR_NUMBER:
        return isinstance(value, str | int)
    if kind is Type.INTEGER:
        return isinstance(value, int)
    if kind is Type.TEXTS:
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return False


def _check_fields(kind: str, data: Data) -> None:
    for field in CHANGE_FIELDS[kind]:
        if field.name not in data:
            if field.required:
                raise ChangeMalformed(f"field {field.name!r} missing or of the wrong type")
            continue
        value = data[field.name]
        if value is None and field.nullable:
            continue
        if not _fits(value, field.type):
            raise ChangeMalformed(f"field {field.name!r} missing or of the wrong type")


def _check_retire(data: Data) -> None:
    if not data.get("barcodes") and data.get("plu") is None:
        raise ChangeMalformed("product.retire needs barcodes or plu")


def _check_price(data: Data) -> None:
    if data.get("barcode") is None and data.get("plu") is None:
        raise ChangeMalformed("price.change needs barcode or plu")


def _check_notice(data: Data) -> None:
    if len(data["title"]) > MAX_NOTICE_TITLE or len(data["body"]) > MAX_NOTICE_BODY:
        raise ChangeRefused("notice too long")


def settlement_fault(data: Data) -> str | None:
    """Why a well-formed `lot.settled` cannot be a real settlement, else None."""
    if data["outcome"] not in SETTLEMENT_OUTCOMES:
        return f"outcome must be one of {', '.join(SETTLEMENT_OUTCOMES)}"
    for name in SETTLEMENT_AMOUNTS:
        if not 0 <= data[name] <= MAX_SETTLEMENT_AMOUNT:
            return f"{name} must be 0 to {MAX_SETTLEMENT_AMOUNT}"
    if data["due_to_farmer_fen"] > data["sale_fen"]:
        return "due_to_farmer_fen is more than sale_fen"
    # A longer `reason` is no reason to refuse the money: the station keeps its first
    # MAX_SETTLEMENT_REASON characters, and the hub never sends more.
    return None


def _check_settlement(data: Data) -> None:
    fault = settlement_fault(data)
    if fault:
        raise ChangeRefused(f"Implausible settlement {data['settlement_id']}: {fault}")


# Rules beyond each field's type, run once the fields have their shape.
_RULES: dict[str, Callable[[Data], None]] = {
    PRODUCT_RETIRE: _check_retire,
    PRICE_CHANGE: _check_price,
    NOTICE: _check_notice,
    LOT_SETTLED: _check_settlement,
}


def check_change(kind: str, data: Data) -> None:
    """Check that `data` is what protocol version 1 allows for a change of `kind`.

    Raises:
        ChangeRefused: an unknown kind (an older station must never block on a newer
            hub's kinds), or values no station takes.
        ChangeMalformed: `data` does not have the kind's shape.
    """
    if kind not in CHANGE_FIELDS:
        raise ChangeRefused(f"unknown change kind {kind!r}")
    if not isinstance(data, dict):
        raise ChangeMalformed("data must be an object")
    _check_fields(kind, data)
    rule = _RULES.get(kind)
    if rule is not None:
        rule(data)


def data_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a change's `data`, for the hub's OpenAPI description."""
    properties: dict[str, Any] = {}
    for field in CHANGE_FIELDS[kind]:
        schema = dict(_JSON_SCHEMA[field.type])
        if field.nullable:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            schema["type"] = [*types, "null"]
        properties[field.name] = schema
    return {
        "type": "object",
        "title": kind,
        "properties": properties,
        "required": [f.name for f in CHANGE_FIELDS[kind] if f.required],
    }
