"""Operators (店主 owner, 店员 clerk) and PIN sign-in with a salted slow hash.

Wrong PINs in a row, at sign-in or for an owner's approval, lock PIN entry: after
`LOCKOUT_AFTER` the station waits `FIRST_WAIT_S` seconds, doubling with each further
wrong PIN up to `MAX_WAIT_S`. The streak and the wait live in the database, so
restarting the app does not end them; a correct PIN ends the streak.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import math
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from station_app.core.audit import record_audit
from station_app.core.clock import Clock, iso, parse_iso
from station_app.core.errors import InputRefused, NotFound, PermissionRequired, StationError
from station_app.core.events import operator_added, operator_changed
from station_app.core.ids import uuid7
from station_app.core.outbox import enqueue_event
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction

# scrypt with these costs takes ~50 ms: invisible at the counter, slow for guessing.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
MAX_NAME_CHARS = 20
LOCKOUT_AFTER = 5
FIRST_WAIT_S = 30
# A villager pressing keys must not lock the counter for a day: the doubling stops here.
MAX_WAIT_S = 3600
# Each scrypt in flight holds 16 MB (128 · r · n bytes).
MAX_PIN_THREADS = 4


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
    """Add an operator WITHOUT the PIN strength check; one transaction with its audit row.

    Only for the public demo station (`init --demo`, PINs 8888/1234 on purpose) and
    tests; everything a keeper sets goes through `add_operator`, which refuses weak PINs.
    """
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


def _matching_operator(
    db: Database,
    pin: str,
    *,
    owners_only: bool = False,
    meanwhile: Callable[[], object] | None = None,
) -> Operator | None:
    # An operator whose PIN must be set first (recovered from the hub) has none to match.
    sql = (
        "SELECT id, name, role, pin_salt, pin_hash FROM operators "
        "WHERE active = 1 AND pin_must_change = 0"
    )
    if owners_only:
        sql += " AND role = 'owner'"
    sql += " ORDER BY id IS NOT (SELECT last_operator_id FROM signin_lockout WHERE id = 1), rowid"
    rows = db.execute(sql).fetchall()
    # The last to sign in is checked first, alone: at most counters the same keeper signs
    # in day after day, so one hash (one core, the other free for `meanwhile`) finds them
    # instead of one per operator. The others are hashed only if it is not their PIN; the
    # longer wait then says no more than the answer does.
    for batch in (rows[:1], rows[1:]):
        hashes = _pin_hashes(pin, [row[3] for row in batch], meanwhile)
        meanwhile = None
        for (op_id, name, role, _, stored), hashed in zip(batch, hashes, strict=True):
            if hmac.compare_digest(hashed, stored):
                return Operator(op_id, name, Role(role))
    return None


def _pin_hashes(
    pin: str, salts: list[bytes], meanwhile: Callable[[], object] | None = None
) -> list[bytes]:
    """`pin` hashed with each salt, the hashes spread over the machine's cores.

    One scrypt per salt; hashlib releases the GIL inside scrypt, so on a two-core
    counter PC two operators' hashes cost the keeper one hash's wait instead of two.
    With `meanwhile`, every hash runs on a helper thread and `meanwhile()` runs on the
    caller's, inside that wait (the GUI builds the checkout there); the helpers are
    joined even when it raises.
    """
    workers = min(len(salts), os.cpu_count() or 1, MAX_PIN_THREADS)
    if meanwhile is None and workers <= 1:
        return [_hash_pin(pin, salt) for salt in salts]
    hashes: list[bytes | BaseException | None] = [None] * len(salts)

    def hash_share(first: int) -> None:
        for index in range(first, len(salts), workers):
            try:
                hashes[index] = _hash_pin(pin, salts[index])
            except BaseException as error:  # re-raised below, on the caller's thread
                hashes[index] = error

    # Without `meanwhile` the caller's thread takes the first share of the hashes.
    on_caller = meanwhile or (lambda: hash_share(0))
    # Plain threads: concurrent.futures would add its import to the counter's start.
    first_helper = 0 if meanwhile else 1
    helpers = [threading.Thread(target=hash_share, args=(n,)) for n in range(first_helper, workers)]
    for helper in helpers:
        helper.start()
    try:
        on_caller()
    finally:
        for helper in helpers:
            helper.join()
    for hashed in hashes:
        if isinstance(hashed, BaseException):
            raise hashed
    return [hashed for hashed in hashes if isinstance(hashed, bytes)]


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


def is_initialised(db: Database) -> bool:
    """True once the station has at least one operator (a fresh file has none)."""
    return bool(db.execute("SELECT 1 FROM operators LIMIT 1").fetchone())


def sign_in(
    db: Database, pin: str, clock: Clock, *, meanwhile: Callable[[], object] | None = None
) -> Operator:
    """Return the operator whose PIN this is, and audit the sign-in.

    `meanwhile`, if given, runs on the caller's thread while the PIN is being hashed
    (about 50 ms on helper threads), whatever the PIN turns out to be; not when the PIN
    is not checked at all (locked, not digits).

    Raises:
        SignInLocked: too many wrong PINs in a row; the PIN was not checked, or it was
            wrong and started a (longer) wait (audited).
        NotFound: no active operator has this PIN (audited, counted in the streak).
    """
    _refuse_while_locked(db, clock)
    operator = _matching_operator(db, pin, meanwhile=meanwhile) if pin.isdigit() else None
    with write_transaction(db):
        _refuse_while_locked(db, clock)
        wait_s = _count_pin(
            db, clock, operator, "operator.signed_in" if operator else "operator.sign_in_failed"
        )
        if operator is not None:
            db.execute("UPDATE signin_lockout SET last_operator_id = ? WHERE id = 1", [operator.id])
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


# -- PIN strength ---------------------------------------------------------------------

# PINs people pick because they mean something common (dates, 我爱你, the keypad's middle
# column) — guessed first by anyone at the counter. All-same digits, runs and repeated
# blocks are refused by rule, so they are not listed.
COMMON_PINS = frozenset(
    {
        "1122", "1313", "2580", "0520", "1314", "5201314", "520520", "1004", "2000",
        "2001", "1231", "0852", "8520", "2468", "1357", "13579", "112233", "123321",
        "7758", "5200",
    }
)  # fmt: skip
_CHOOSE = (
    "请换一组别人猜不到的 4 到 8 位数字",
    "choose 4 to 8 digits nobody could guess",
)


def _weak(zh: str, en: str) -> InputRefused:
    return InputRefused(f"{zh}，{_CHOOSE[0]}", f"{en}: {_CHOOSE[1]}", "pin", code="pin_weak")


def _is_run(pin: str, step: int) -> bool:
    return all(int(b) - int(a) == step for a, b in itertools.pairwise(pin))


def _repeats_a_block(pin: str) -> bool:
    return any(
        len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size)
        for size in range(2, len(pin) // 2 + 1)
    )


def check_pin_strength(pin: str) -> None:
    """Refuse a PIN that is not 4 to 8 digits or that anyone would guess.

    Raises:
        InputRefused: code "pin_format" (not 4 to 8 digits) or "pin_weak" (one digit
            repeated, a run up or down, a repeated block such as 1212, a common PIN);
            field "pin".
    """
    if not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 8):
        raise InputRefused(
            "密码须为 4 到 8 位数字", "The PIN must be 4 to 8 digits", "pin", code="pin_format"
        )
    if len(set(pin)) == 1:
        raise _weak(
            "密码不能全是同一个数字（如 0000、8888）", "One digit repeated (like 0000 or 8888)"
        )
    if _is_run(pin, 1) or _is_run(pin, -1):
        raise _weak("密码不能是连续的数字（如 1234、4321）", "A run of digits (like 1234 or 4321)")
    if _repeats_a_block(pin):
        raise _weak("密码不能是重复的一组数字（如 1212）", "A repeated group of digits (like 1212)")
    if pin in COMMON_PINS:
        raise _weak("这个密码太常见，很容易被猜到", "This PIN is among the most common ones")


# -- people: the owner's page and the `operators` command -----------------------------


@dataclass(frozen=True)
class OperatorInfo:
    """One person on the station's list, as the people page and `operators` show it."""

    id: str
    name: str
    role: Role
    active: bool
    pin_must_change: bool
    created_at: str


def list_operators(db: Database) -> list[OperatorInfo]:
    """Everyone who was ever added, active ones first, then by the order they were added."""
    rows = db.execute(
        "SELECT id, name, role, active, pin_must_change, created_at FROM operators "
        "ORDER BY active DESC, created_at, name"
    ).fetchall()
    return [
        OperatorInfo(op_id, name, Role(role), bool(active), bool(must), created)
        for op_id, name, role, active, must, created in rows
    ]


def _find(db: Database, name: str) -> OperatorInfo:
    name = name.strip()
    for info in list_operators(db):
        if info.name == name:
            return info
    raise NotFound(
        f"找不到名为“{name}”的操作员，请核对名单中的姓名",
        f"No operator named {name}: check the name in the list of operators",
        code="operator_unknown",
        field="name",
    )


def _refuse_unless_owner(by: Operator | None) -> None:
    # `by` None is the command line or first-run set-up: whoever runs it holds the PC.
    if by is not None and not by.is_owner:
        raise PermissionRequired(
            "只有店主可以管理操作员，请让店主登录",
            "Only the owner manages operators: ask the owner to sign in",
        )


def _refuse_pin_in_use(db: Database, pin: str, except_id: str | None) -> None:
    # Sign-in finds the operator by PIN alone, so two people with one PIN could not be
    # told apart: the second would be signed in as the first.
    taken = _matching_operator(db, pin)
    if taken is not None and taken.id != except_id:
        raise InputRefused(
            "这个密码已有另一位操作员在用，请换一组",
            "Another operator already uses this PIN: choose a different one",
            "pin",
            code="pin_taken",
        )


def _store_pin(db: Database, operator_id: str, pin: str) -> None:
    salt = os.urandom(16)
    db.execute(
        "UPDATE operators SET pin_salt = ?, pin_hash = ?, pin_must_change = 0 WHERE id = ?",
        [salt, _hash_pin(pin, salt), operator_id],
    )


def _enqueue_state(db: Database, info: OperatorInfo, at: str, *, added: bool) -> None:
    build = operator_added if added else operator_changed
    enqueue_event(db, build(info.id, info.name, info.role.value, info.active), at)


def add_operator(
    db: Database, name: str, role: Role, pin: str, clock: Clock, *, by: Operator | None
) -> Operator:
    """Add an owner or clerk with a strong PIN: one transaction, audit row, outbox event.

    Raises:
        PermissionRequired: `by` is a clerk.
        InputRefused: bad name, a taken name, a weak PIN ("pin_weak"), a PIN in use.
    """
    _refuse_unless_owner(by)
    name = name.strip()
    if not 1 <= len(name) <= MAX_NAME_CHARS:
        raise InputRefused(
            f"姓名须为 1 到 {MAX_NAME_CHARS} 个字",
            f"Name must be 1 to {MAX_NAME_CHARS} characters",
            "name",
            code="name_length",
        )
    check_pin_strength(pin)
    operator = Operator(uuid7(), name, role)
    at = clock.stamp()
    salt = os.urandom(16)
    pin_hash = _hash_pin(pin, salt)
    with write_transaction(db):
        if db.execute("SELECT 1 FROM operators WHERE name = ?", [name]).fetchone():
            raise InputRefused(
                f"已有名为“{name}”的操作员，请换一个名字（如加上姓）",
                f"An operator named {name} exists: choose another name (add the family name)",
                "name",
                code="name_taken",
            )
        _refuse_pin_in_use(db, pin, None)
        db.execute(
            "INSERT INTO operators(id, name, role, pin_salt, pin_hash, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [operator.id, name, role.value, salt, pin_hash, at],
        )
        record_audit(
            db,
            at=at,
            operator_id=by.id if by else None,
            action="operator.added",
            subject_id=operator.id,
            detail={"name": name, "role": role.value},
        )
        _enqueue_state(db, _find(db, name), at, added=True)
    return operator


def disable_operator(db: Database, name: str, clock: Clock, *, by: Operator | None) -> None:
    """Stop `name` signing in; the last active owner cannot be disabled.

    Raises:
        PermissionRequired: `by` is a clerk.
        NotFound: no operator has this name ("operator_unknown").
        InputRefused: already disabled, or the last active owner ("last_owner").
    """
    _refuse_unless_owner(by)
    at = clock.stamp()
    with write_transaction(db):
        info = _find(db, name)
        if not info.active:
            raise InputRefused(
                f"“{info.name}”已停用，无需再停用",
                f"{info.name} is already disabled; nothing to do",
                "name",
                code="operator_inactive",
            )
        owners = db.execute(
            "SELECT COUNT(*) FROM operators WHERE role = 'owner' AND active = 1"
        ).fetchone()[0]
        if info.role is Role.OWNER and owners <= 1:
            raise InputRefused(
                f"“{info.name}”是最后一位在用的店主，不能停用；请先添加另一位店主",
                f"{info.name} is the last active owner and cannot be disabled: "
                "add another owner first",
                "name",
                code="last_owner",
            )
        db.execute("UPDATE operators SET active = 0 WHERE id = ?", [info.id])
        record_audit(
            db,
            at=at,
            operator_id=by.id if by else None,
            action="operator.disabled",
            subject_id=info.id,
            detail={"name": info.name, "role": info.role.value},
        )
        _enqueue_state(db, _find(db, info.name), at, added=False)


def reset_pin(db: Database, name: str, pin: str, clock: Clock, *, by: Operator | None) -> None:
    """Give `name` a new PIN: an owner resets a clerk's; the command line (`by` None) anyone's.

    Also ends a recovered operator's wait for a first PIN. The hub learns nothing of it:
    PIN changes send no event.

    Raises:
        PermissionRequired: `by` is a clerk, or an owner resetting an owner's PIN
            (their own: `change_own_pin`).
        NotFound: no operator has this name.
        InputRefused: a weak PIN, a PIN in use, a disabled operator.
    """
    _refuse_unless_owner(by)
    check_pin_strength(pin)
    at = clock.stamp()
    with write_transaction(db):
        info = _find(db, name)
        if by is not None and info.role is Role.OWNER:
            raise PermissionRequired(
                "店主的密码只能由本人修改（先输入旧密码），或在命令行 operators reset-pin 重置",
                "An owner's PIN is changed by that owner (old PIN first), "
                "or reset with `operators reset-pin` on the command line",
            )
        _refuse_inactive(info)
        _refuse_pin_in_use(db, pin, info.id)
        _store_pin(db, info.id, pin)
        record_audit(
            db,
            at=at,
            operator_id=by.id if by else None,
            action="operator.pin_reset",
            subject_id=info.id,
            detail={"name": info.name},
        )


def _refuse_inactive(info: OperatorInfo) -> None:
    if not info.active:
        raise InputRefused(
            f"“{info.name}”已停用，不能设置密码；如需恢复请添加新的操作员",
            f"{info.name} is disabled and gets no PIN: add them again as a new operator",
            "name",
            code="operator_inactive",
        )


def change_own_pin(
    db: Database, operator: Operator, old_pin: str, new_pin: str, clock: Clock
) -> None:
    """The signed-in operator changes their PIN, giving the old one first.

    A wrong old PIN counts in the sign-in streak: this must not become a way to guess.

    Raises:
        SignInLocked: too many wrong PINs in a row.
        InputRefused: a weak or taken new PIN; the old PIN wrong ("old_pin_wrong").
    """
    check_pin_strength(new_pin)
    _refuse_while_locked(db, clock)
    current = _matching_operator(db, old_pin) if old_pin.isdigit() else None
    right = current is not None and current.id == operator.id
    with write_transaction(db):
        _refuse_while_locked(db, clock)
        if right:
            _refuse_pin_in_use(db, new_pin, operator.id)
        wait_s = _count_pin(
            db,
            clock,
            operator if right else None,
            "operator.pin_changed" if right else "operator.pin_change_failed",
        )
        if right:
            _store_pin(db, operator.id, new_pin)
    if wait_s:
        raise _locked_error(wait_s, wrong_now=True)
    if not right:
        raise InputRefused(
            "旧密码不正确，请重新输入旧密码",
            "The old PIN is wrong: type your current PIN again",
            "old_pin",
            code="old_pin_wrong",
        )


def set_first_pin(db: Database, name: str, pin: str, clock: Clock) -> Operator:
    """Give a recovered operator (pin_must_change) their first PIN; returns them signed in.

    Raises:
        NotFound: no operator has this name.
        InputRefused: the operator already has a PIN ("pin_already_set"), is disabled,
            or the PIN is weak or in use.
    """
    check_pin_strength(pin)
    at = clock.stamp()
    with write_transaction(db):
        info = _find(db, name)
        _refuse_inactive(info)
        if not info.pin_must_change:
            raise InputRefused(
                f"“{info.name}”已有密码，请直接输入密码登录",
                f"{info.name} already has a PIN: sign in with it",
                "name",
                code="pin_already_set",
            )
        _refuse_pin_in_use(db, pin, info.id)
        _store_pin(db, info.id, pin)
        record_audit(
            db,
            at=at,
            operator_id=info.id,
            action="operator.first_pin_set",
            subject_id=info.id,
            detail={"name": info.name},
        )
    return Operator(info.id, info.name, info.role)


def operators_awaiting_pin(db: Database) -> list[OperatorInfo]:
    """Active operators who must set a PIN before they can sign in (recovered)."""
    return [info for info in list_operators(db) if info.active and info.pin_must_change]
