"""Villagers (村民): who buys on credit, orders online through the station, picks up parcels."""

from __future__ import annotations

import re
from dataclasses import dataclass

from station_app.core import events
from station_app.core.audit import record_audit
from station_app.core.clock import Clock
from station_app.core.errors import InputRefused, NotFound, PermissionRequired
from station_app.core.ids import uuid7
from station_app.core.money import check_price
from station_app.core.operators import Operator
from station_app.core.outbox import enqueue_event
from station_app.core.search_terms import normalise_query, pinyin_of
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction

MAX_NAME = 20
MAX_GROUP = 20
MAX_NOTE = 100
_MAINLAND_MOBILE = re.compile(r"^1[3-9]\d{9}$")

_COLUMNS = "id, name, phone, village_group, note, credit_limit_fen"


@dataclass(frozen=True)
class Villager:
    """A villager known to the station. `phone` is personal data: mask it when printed."""

    id: str
    name: str
    phone: str | None
    village_group: str
    note: str
    credit_limit_fen: int


def check_mobile(phone: str, field: str = "phone") -> str:
    """A mainland mobile number: 11 digits starting 13-19. Spaces and dashes are dropped.

    Raises:
        InputRefused: naming `field`, the caller's parameter that held the number.
    """
    digits = re.sub(r"[\s-]", "", phone)
    if not _MAINLAND_MOBILE.match(digits):
        raise InputRefused(
            f"手机号“{phone}”不对，应为 1 开头的 11 位数字",
            f"'{phone}' is not a mainland mobile number (11 digits, 1…)",
            field,
            code="phone_invalid",
        )
    return digits


def _check_text(
    value: str, limit: int, zh: str, en: str, field: str, *, required: bool = False
) -> str:
    value = value.strip()
    if len(value) > limit or (required and not value):
        raise InputRefused(
            f"{zh}须为{'1 到 ' if required else '最多 '}{limit} 个字",
            f"{en}: {'1 to ' if required else 'at most '}{limit} characters",
            field,
            code=f"{field}_length",
        )
    return value


def add_villager(
    db: Database,
    name: str,
    phone: str | None,
    operator: Operator,
    clock: Clock,
    *,
    village_group: str = "",
    note: str = "",
) -> Villager:
    """Register a villager; one transaction with audit row and outbox event."""
    name = _check_text(name, MAX_NAME, "姓名", "Name", "name", required=True)
    mobile = check_mobile(phone) if phone and phone.strip() else None
    villager = Villager(
        uuid7(),
        name,
        mobile,
        _check_text(village_group, MAX_GROUP, "村民小组", "Village group", "village_group"),
        _check_text(note, MAX_NOTE, "备注", "Note", "note"),
        0,
    )
    full, initials = pinyin_of(name)
    at = clock.stamp()
    with write_transaction(db):
        if mobile and db.execute("SELECT 1 FROM villagers WHERE phone = ?", [mobile]).fetchone():
            raise InputRefused(
                f"手机号 {mobile[:3]}****{mobile[-4:]} 已登记",
                "That phone number is already registered",
                "phone",
                code="phone_taken",
            )

        db.execute(
            "INSERT INTO villagers(id, name, phone, village_group, note, pinyin, initials, "
            "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
            [
                villager.id,
                name,
                mobile,
                villager.village_group,
                villager.note,
                full,
                initials,
                at,
                at,
            ],
        )
        record_audit(
            db,
            at=at,
            operator_id=operator.id,
            action="villager.added",
            subject_id=villager.id,
            detail={"name": name},
        )
        enqueue_event(db, events.villager_added(villager), at)
    return villager


def get_villager(db: Database, villager_id: str) -> Villager:
    """Load one villager."""
    row = db.execute(f"SELECT {_COLUMNS} FROM villagers WHERE id = ?", [villager_id]).fetchone()
    if row is None:
        raise NotFound("找不到该村民", f"No villager {villager_id}")
    return Villager(*row)


def find_villagers(db: Database, text: str, limit: int = 20) -> list[Villager]:
    """By phone tail (digits), name substring or pinyin initials; best matches first."""
    query = normalise_query(text)
    if not query:
        return []
    if query.isdigit():
        rows = db.execute(
            f"SELECT {_COLUMNS} FROM villagers WHERE active = 1 AND phone LIKE '%' || ? "
            "ORDER BY name LIMIT ?",
            [query, limit],
        )
    else:
        rows = db.execute(
            f"SELECT {_COLUMNS} FROM villagers WHERE active = 1 AND (instr(name, ?) > 0 "
            "OR initials LIKE ? || '%' OR pinyin LIKE ? || '%') "
            "ORDER BY (initials = ? OR name = ?) DESC, length(name), name LIMIT ?",
            [query, query, query, query, query, limit],
        )
    return [Villager(*r) for r in rows]


def list_villagers(db: Database, limit: int = 500) -> list[Villager]:
    """Everyone registered, in pinyin order (as a paper register would list them)."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM villagers WHERE active = 1 ORDER BY pinyin, name LIMIT ?", [limit]
    )
    return [Villager(*r) for r in rows]


def set_credit_limit(
    db: Database, villager_id: str, limit_fen: int, owner: Operator, clock: Clock
) -> Villager:
    """The owner sets how much a villager may owe (0 = no credit)."""
    if not owner.is_owner:
        raise PermissionRequired("只有店主可以设置赊账额度", "Only the owner sets credit limits")
    check_price(limit_fen, field=("赊账额度", "Credit limit"))
    at = clock.stamp()
    with write_transaction(db):
        get_villager(db, villager_id)
        db.execute(
            "UPDATE villagers SET credit_limit_fen = ?, updated_at = ? WHERE id = ?",
            [limit_fen, at, villager_id],
        )
        record_audit(
            db,
            at=at,
            operator_id=owner.id,
            action="villager.credit_limit_set",
            subject_id=villager_id,
            detail={"credit_limit_fen": limit_fen},
        )
        enqueue_event(db, events.villager_credit_limit_set(get_villager(db, villager_id)), at)
    return get_villager(db, villager_id)
