"""Operators (店主 owner, 店员 clerk) and PIN sign-in with a salted slow hash."""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from enum import Enum

from sqlite_utils import Database

from station_app.core.audit import record_audit
from station_app.core.clock import Clock
from station_app.core.errors import InputRefused, NotFound, PermissionRequired
from station_app.core.ids import uuid7

# scrypt with these costs takes ~50 ms: invisible at the counter, slow for guessing.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
MAX_NAME_CHARS = 20


class Role(Enum):
    """What an operator may do."""

    OWNER = "owner"
    CLERK = "clerk"


@dataclass(frozen=True)
class Operator:
    """A signed-in person at the counter."""

    id: str
    name: str
    role: Role

    @property
    def is_owner(self) -> bool:
        """True for the 店主."""
        return self.role is Role.OWNER


def _hash_pin(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, **_SCRYPT)  # type: ignore[arg-type]


def _check_pin_format(pin: str) -> None:
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise InputRefused("密码须为 4 到 8 位数字", "The PIN must be 4 to 8 digits")


def create_operator(db: Database, name: str, role: Role, pin: str, clock: Clock) -> Operator:
    """Add an operator; one transaction with its audit row."""
    name = name.strip()
    if not 1 <= len(name) <= MAX_NAME_CHARS:
        raise InputRefused(
            f"姓名须为 1 到 {MAX_NAME_CHARS} 个字", f"Name must be 1 to {MAX_NAME_CHARS} characters"
        )
    _check_pin_format(pin)
    salt = os.urandom(16)
    operator = Operator(uuid7(), name, role)
    at = clock.stamp()
    with db.atomic():
        if db.execute("SELECT 1 FROM operators WHERE name = ?", [name]).fetchone():
            raise InputRefused(f"已有名为“{name}”的操作员", f"An operator named {name} exists")
        db.execute(
            "INSERT INTO operators(id, name, role, pin_salt, pin_hash, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [operator.id, name, role.value, salt, _hash_pin(pin, salt), at],
        )
        record_audit(db, at=at, operator_id=None, action="operator.created",
                     subject_id=operator.id, detail={"name": name, "role": role.value})
    return operator


def _matching_operator(db: Database, pin: str, *, owners_only: bool = False) -> Operator | None:
    sql = "SELECT id, name, role, pin_salt, pin_hash FROM operators WHERE active = 1"
    if owners_only:
        sql += " AND role = 'owner'"
    for op_id, name, role, salt, stored in db.execute(sql).fetchall():
        if hmac.compare_digest(_hash_pin(pin, salt), stored):
            return Operator(op_id, name, Role(role))
    return None


def sign_in(db: Database, pin: str, clock: Clock) -> Operator:
    """Return the operator whose PIN this is, and audit the sign-in.

    Raises:
        NotFound: no active operator has this PIN (also audited).
    """
    operator = _matching_operator(db, pin) if pin.isdigit() else None
    at = clock.stamp()
    with db.atomic():
        record_audit(db, at=at, operator_id=operator.id if operator else None,
                     action="operator.signed_in" if operator else "operator.sign_in_failed")
    if operator is None:
        raise NotFound("密码不正确，请重新输入", "Wrong PIN, please try again")
    return operator


def owner_approval(db: Database, pin: str) -> Operator:
    """Check an owner's PIN for an action a clerk may not do alone.

    Raises:
        PermissionRequired: the PIN is not an active owner's.
    """
    owner = _matching_operator(db, pin, owners_only=True) if pin.isdigit() else None
    if owner is None:
        raise PermissionRequired("需要店主密码，输入的密码不正确", "The owner's PIN is required")
    return owner


def get_operator(db: Database, operator_id: str) -> Operator:
    """Load one operator by id."""
    row = db.execute("SELECT id, name, role FROM operators WHERE id = ?", [operator_id]).fetchone()
    if row is None:
        raise NotFound("找不到该操作员", f"No operator {operator_id}")
    return Operator(row[0], row[1], Role(row[2]))
