"""Operators (店主 owner, 店员 clerk) and PIN sign-in with a salted slow hash.

Wrong PINs in a row, at sign-in or for an owner's approval, lock PIN entry: after
`LOCKOUT_AFTER` the station waits `FIRST_WAIT_S` seconds, doubling with each further
wrong PIN up to `MAX_WAIT_S`. The streak and the wait live in the database, so
restarting the app does not end them; a correct PIN ends the streak.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
from dataclasses import dataclass
from enum import Enum

from sqlite_utils import Database

from station_app.core.audit import record_audit
from station_app.core.clock import Clock, iso, parse_iso
from station_app.core.errors import InputRefused, NotFound, PermissionRequired, StationError
from station_app.core.ids import uuid7
from station_app.storage.transaction import write_transaction

# scrypt with these costs takes ~50 ms: invisible at the counter, slow for guessing.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
MAX_NAME_CHARS = 20
LOCKOUT_AFTER = 5
FIRST_WAIT_S = 30
# A villager pressing keys must not lock the counter for a day: the doubling stops here.
MAX_WAIT_S = 3600


class SignInLocked(StationError):
    """Too many wrong PINs in a row: no PIN is checked for `wait_s` more seconds."""

    default_code = "sign_in_locked"

    def __init__(self, zh: str, en: str, wait_s: int) -> None:
        super().__init__(zh, en)
        self.wait_s = wait_s


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
    with write_transaction(db):
        if db.execute("SELECT 1 FROM operators WHERE name = ?", [name]).fetchone():
            raise InputRefused(f"已有名为“{name}”的操作员", f"An operator named {name} exists")
        db.execute(
            "INSERT INTO operators(id, name, role, pin_salt, pin_hash, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [operator.id, name, role.value, salt, _hash_pin(pin, salt), at],
        )
        record_audit(
            db,
            at=at,
            operator_id=None,
            action="operator.created",
            subject_id=operator.id,
            detail={"name": name, "role": role.value},
        )
    return operator


def _matching_operator(db: Database, pin: str, *, owners_only: bool = False) -> Operator | None:
    sql = "SELECT id, name, role, pin_salt, pin_hash FROM operators WHERE active = 1"
    if owners_only:
        sql += " AND role = 'owner'"
    for op_id, name, role, salt, stored in db.execute(sql).fetchall():
        if hmac.compare_digest(_hash_pin(pin, salt), stored):
            return Operator(op_id, name, Role(role))
    return None


@dataclass(frozen=True)
class PinLockout:
    """The wrong-PIN streak and how many seconds PIN entry stays refused (0: open)."""

    failures: int
    wait_left_s: int

    @property
    def locked(self) -> bool:
        """True while no PIN may be tried."""
        return self.wait_left_s > 0


def pin_lockout(db: Database, clock: Clock) -> PinLockout:
    """Where the wrong-PIN streak stands now."""
    failures, locked_at, wait_s = db.execute(
        "SELECT failures, locked_at, wait_s FROM signin_lockout WHERE id = 1"
    ).fetchone()
    if locked_at is None or wait_s == 0:
        return PinLockout(failures, 0)
    waited = (clock.now() - parse_iso(locked_at)).total_seconds()
    # A PC clock set back must not stretch the wait, nor one set forward skip it entirely
    # beyond what it moved: the wait is never more than it was when it began.
    left = min(wait_s, max(0, math.ceil(wait_s - max(waited, 0.0))))
    return PinLockout(failures, left)


def _locked_error(wait_s: int, wrong_now: bool) -> SignInLocked:
    if wrong_now:
        return SignInLocked(
            f"密码不正确。已连续输错 {LOCKOUT_AFTER} 次以上，请等 {wait_s} 秒后再试",
            f"Wrong PIN. {LOCKOUT_AFTER} or more wrong PINs in a row: wait {wait_s} s, "
            "then try again",
            wait_s,
        )
    return SignInLocked(
        f"密码输错次数过多，请等 {wait_s} 秒后再试",
        f"Too many wrong PINs: wait {wait_s} s, then try again",
        wait_s,
    )


def _refuse_while_locked(db: Database, clock: Clock) -> None:
    lockout = pin_lockout(db, clock)
    if lockout.locked:
        raise _locked_error(lockout.wait_left_s, wrong_now=False)


def _count_pin(db: Database, clock: Clock, operator: Operator | None, action: str) -> int:
    """Audit one PIN attempt and move the streak; returns the wait it started (0: none).

    Runs in the caller's transaction.
    """
    failures = pin_lockout(db, clock).failures
    at = clock.stamp()
    if operator is not None:
        record_audit(
            db,
            at=at,
            operator_id=operator.id,
            action=action,
            detail={"after_wrong_pins": failures} if failures else None,
        )
        db.execute(
            "UPDATE signin_lockout SET failures = 0, locked_at = NULL, wait_s = 0 WHERE id = 1"
        )
        return 0
    failures += 1
    record_audit(db, at=at, operator_id=None, action=action, detail={"streak": failures})
    if failures < LOCKOUT_AFTER:
        db.execute("UPDATE signin_lockout SET failures = ? WHERE id = 1", [failures])
        return 0
    wait_s = min(MAX_WAIT_S, FIRST_WAIT_S * 2 ** min(failures - LOCKOUT_AFTER, 20))
    db.execute(
        "UPDATE signin_lockout SET failures = ?, locked_at = ?, wait_s = ? WHERE id = 1",
        [failures, iso(clock.now()), wait_s],
    )
    record_audit(
        db,
        at=at,
        operator_id=None,
        action="operator.pin_locked",
        detail={"streak": failures, "wait_s": wait_s},
    )
    return wait_s


def sign_in(db: Database, pin: str, clock: Clock) -> Operator:
    """Return the operator whose PIN this is, and audit the sign-in.

    Raises:
        SignInLocked: too many wrong PINs in a row; the PIN was not checked, or it was
            wrong and started a (longer) wait (audited).
        NotFound: no active operator has this PIN (audited, counted in the streak).
    """
    _refuse_while_locked(db, clock)
    operator = _matching_operator(db, pin) if pin.isdigit() else None
    with write_transaction(db):
        _refuse_while_locked(db, clock)
        wait_s = _count_pin(
            db, clock, operator, "operator.signed_in" if operator else "operator.sign_in_failed"
        )
    if wait_s:
        raise _locked_error(wait_s, wrong_now=True)
    if operator is None:
        raise NotFound("密码不正确，请重新输入", "Wrong PIN, please try again")
    return operator


def owner_approval(db: Database, pin: str, clock: Clock | None = None) -> Operator:
    """Check an owner's PIN for an action a clerk may not do alone.

    A wrong PIN counts in the same streak as sign-in's: otherwise this dialog would let
    anyone at the counter guess the owner's PIN without a wait.

    Raises:
        SignInLocked: too many wrong PINs in a row (see `sign_in`).
        PermissionRequired: the PIN is not an active owner's (audited, counted).
    """
    clock = clock or Clock()
    _refuse_while_locked(db, clock)
    owner = _matching_operator(db, pin, owners_only=True) if pin.isdigit() else None
    with write_transaction(db):
        _refuse_while_locked(db, clock)
        wait_s = _count_pin(
            db, clock, owner, "operator.owner_approved" if owner else "operator.approval_failed"
        )
    if wait_s:
        raise _locked_error(wait_s, wrong_now=True)
    if owner is None:
        raise PermissionRequired("需要店主密码，输入的密码不正确", "The owner's PIN is required")
    return owner


def get_operator(db: Database, operator_id: str) -> Operator:
    """Load one operator by id."""
    row = db.execute("SELECT id, name, role FROM operators WHERE id = ?", [operator_id]).fetchone()
    if row is None:
        raise NotFound("找不到该操作员", f"No operator {operator_id}")
    return Operator(row[0], row[1], Role(row[2]))
