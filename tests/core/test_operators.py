import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from station_app.core import operators
from station_app.core.clock import Clock, SteppingClock
from station_app.core.errors import InputRefused, NotFound, PermissionRequired
from station_app.core.operators import (
    Role,
    SignInLocked,
    add_operator,
    change_own_pin,
    check_pin_strength,
    create_operator,
    disable_operator,
    list_operators,
    operators_awaiting_pin,
    owner_approval,
    pin_lockout,
    reset_pin,
    set_first_pin,
    sign_in,
)
from station_app.storage import open_database


def test_sign_in_by_pin_finds_the_operator_and_audits_it(shop):
    assert sign_in(shop.db, "1234", shop.clock) == shop.clerk
    assert sign_in(shop.db, "8888", shop.clock).role is Role.OWNER
    last = shop.db.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert last[0] == "operator.signed_in"


def test_wrong_pin_is_refused_and_audited(shop):
    with pytest.raises(NotFound, match="密码不正确"):
        sign_in(shop.db, "0000", shop.clock)
    last = shop.db.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert last[0] == "operator.sign_in_failed"


def _hashes_meeting_at(
    barrier: threading.Barrier, skip: bytes | None = None
) -> Callable[[str, bytes], bytes]:
    """The real hash, made to wait for others at `barrier` (not the one with salt `skip`)."""
    real = operators._hash_pin

    def hash_pin(pin: str, salt: bytes) -> bytes:
        if salt != skip:
            barrier.wait()  # breaks (after its timeout) unless another hash runs meanwhile
        return real(pin, salt)

    return hash_pin


def _salt(shop, operator) -> bytes:
    row = shop.db.execute("SELECT pin_salt FROM operators WHERE id = ?", [operator.id]).fetchone()
    return bytes(row[0])


def _hashed_salts(monkeypatch) -> list[bytes]:
    """The salts of the hashes each sign-in from now on computes, in the order begun."""
    real = operators._hash_pin
    salts: list[bytes] = []

    def hash_pin(pin: str, salt: bytes) -> bytes:
        salts.append(salt)
        return real(pin, salt)

    monkeypatch.setattr(operators, "_hash_pin", hash_pin)
    return salts


def test_the_last_to_sign_in_is_found_with_their_hash_alone(shop, monkeypatch):
    sign_in(shop.db, "1234", shop.clock)
    salts = _hashed_salts(monkeypatch)
    assert sign_in(shop.db, "1234", shop.clock) == shop.clerk
    assert salts == [_salt(shop, shop.clerk)]
    assert sign_in(shop.db, "8888", shop.clock) == shop.owner  # the clerk's first, then
    assert salts[1:] == [_salt(shop, shop.clerk), _salt(shop, shop.owner)]
    salts.clear()
    assert sign_in(shop.db, "8888", shop.clock) == shop.owner
    assert salts == [_salt(shop, shop.owner)]


def test_a_wrong_pin_is_hashed_against_every_operator(shop, monkeypatch):
    sign_in(shop.db, "8888", shop.clock)
    salts = _hashed_salts(monkeypatch)
    with pytest.raises(NotFound):
        sign_in(shop.db, "0000", shop.clock)
    assert salts == [_salt(shop, shop.owner), _salt(shop, shop.clerk)]
    stored = shop.db.execute("SELECT last_operator_id FROM signin_lockout").fetchone()[0]
    assert stored == shop.owner.id  # a wrong PIN is nobody's sign-in


def test_an_owners_approval_is_not_a_sign_in(shop):
    sign_in(shop.db, "1234", shop.clock)
    assert owner_approval(shop.db, "8888", shop.clock) == shop.owner
    stored = shop.db.execute("SELECT last_operator_id FROM signin_lockout").fetchone()[0]
    assert stored == shop.clerk.id


def test_a_disabled_last_operator_leaves_the_others_found(shop):
    sign_in(shop.db, "1234", shop.clock)
    disable_operator(shop.db, shop.clerk.name, shop.clock, by=shop.owner)
    with pytest.raises(NotFound):
        sign_in(shop.db, "1234", shop.clock)
    assert sign_in(shop.db, "8888", shop.clock) == shop.owner


def test_the_other_operators_pins_are_checked_on_several_cores(shop, monkeypatch):
    create_operator(shop.db, "帮工", Role.CLERK, "5678", shop.clock)
    sign_in(shop.db, "1234", shop.clock)
    monkeypatch.setattr(operators.os, "cpu_count", lambda: 2)
    # The clerk's hash runs first and alone; the owner's and the helper's, together.
    barrier = threading.Barrier(2, timeout=10)
    monkeypatch.setattr(
        operators, "_hash_pin", _hashes_meeting_at(barrier, skip=_salt(shop, shop.clerk))
    )
    assert sign_in(shop.db, "8888", shop.clock) == shop.owner
    assert not barrier.broken


def test_a_hash_that_fails_on_a_helper_thread_fails_the_sign_in_uncounted(shop, monkeypatch):
    real = operators._hash_pin
    main = threading.get_ident()

    def hash_pin(pin: str, salt: bytes) -> bytes:
        if threading.get_ident() != main:
            raise MemoryError
        return real(pin, salt)

    monkeypatch.setattr(operators.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(operators, "_hash_pin", hash_pin)
    with pytest.raises(MemoryError):
        sign_in(shop.db, "1234", shop.clock, meanwhile=lambda: None)
    assert pin_lockout(shop.db, shop.clock).failures == 0


def test_meanwhile_runs_on_the_callers_thread_beside_the_first_hash(shop, monkeypatch):
    sign_in(shop.db, "1234", shop.clock)
    barrier = threading.Barrier(2, timeout=10)
    # The clerk's hash (the first) and `meanwhile` meet at the barrier, both at once; the
    # owner's, hashed after them for a PIN that is not the clerk's, runs alone.
    monkeypatch.setattr(
        operators, "_hash_pin", _hashes_meeting_at(barrier, skip=_salt(shop, shop.owner))
    )
    ran_on: list[int] = []

    def meanwhile() -> None:
        ran_on.append(threading.get_ident())
        barrier.wait()

    assert sign_in(shop.db, "1234", shop.clock, meanwhile=meanwhile) == shop.clerk
    with pytest.raises(NotFound):
        sign_in(shop.db, "0000", shop.clock, meanwhile=meanwhile)
    assert ran_on == [threading.get_ident()] * 2
    assert not barrier.broken


def test_meanwhile_on_a_one_core_pc_still_runs_beside_the_hash(shop, monkeypatch):
    monkeypatch.setattr(operators.os, "cpu_count", lambda: 1)
    ran: list[str] = []
    assert sign_in(shop.db, "8888", shop.clock, meanwhile=lambda: ran.append("x")) == shop.owner
    assert ran == ["x"]


def test_meanwhile_is_not_run_for_a_pin_that_is_not_checked(shop):
    ran: list[str] = []
    with pytest.raises(NotFound):
        sign_in(shop.db, "12a4", shop.clock, meanwhile=lambda: ran.append("x"))
    assert ran == []


def test_a_failing_meanwhile_fails_the_sign_in_uncounted_with_its_hashes_joined(shop):
    before = threading.active_count()

    def meanwhile() -> None:
        raise MemoryError

    with pytest.raises(MemoryError):
        sign_in(shop.db, "1234", shop.clock, meanwhile=meanwhile)
    assert threading.active_count() == before
    assert pin_lockout(shop.db, shop.clock).failures == 0
    assert sign_in(shop.db, "1234", shop.clock) == shop.clerk


def test_pins_are_stored_salted_and_hashed(shop):
    rows = shop.db.execute("SELECT pin_salt, pin_hash FROM operators").fetchall()
    assert all(b"8888" not in h and b"1234" not in h and len(s) == 16 for s, h in rows)
    assert rows[0][1] != rows[1][1]


def test_only_the_owner_pin_approves(shop):
    assert owner_approval(shop.db, "8888") == shop.owner
    with pytest.raises(PermissionRequired):
        owner_approval(shop.db, "1234")


@pytest.mark.parametrize(
    ("name", "pin"),
    [("", "1111"), ("张" * 21, "1111"), ("王五", "12a4"), ("王五", "123"), ("店员", "5555")],
)
def test_bad_operator_input_is_refused(shop, name, pin):
    with pytest.raises(InputRefused):
        create_operator(shop.db, name, Role.CLERK, pin, shop.clock)


# -- lockout after wrong PINs -----------------------------------------------------------------
@pytest.fixture
def time_source():
    return SteppingClock(datetime(2026, 12, 2, 8, 0, tzinfo=UTC))


@pytest.fixture
def stepping(time_source):
    return Clock(source=time_source)


def _wrong(db, clock, times):
    for _ in range(times):
        with pytest.raises(NotFound):
            sign_in(db, "0000", clock)


def _actions(db, after_seq=0):
    return [
        r[0]
        for r in db.execute("SELECT action FROM audit_log WHERE seq > ? ORDER BY seq", [after_seq])
    ]


def test_the_fifth_wrong_pin_in_a_row_locks_sign_in_for_30_seconds(shop, stepping):
    _wrong(shop.db, stepping, 4)
    with pytest.raises(SignInLocked, match="请等 30 秒") as locked:
        sign_in(shop.db, "0000", stepping)
    assert locked.value.wait_s == 30
    # Even the right PIN is not checked while the wait runs.
    with pytest.raises(SignInLocked, match="请等 30 秒后再试"):
        sign_in(shop.db, "1234", stepping)


def test_the_wait_ends_and_each_further_wrong_pin_doubles_it(shop, stepping, time_source):
    _wrong(shop.db, stepping, 4)
    waits = []
    for _ in range(3):
        with pytest.raises(SignInLocked) as locked:
            sign_in(shop.db, "0000", stepping)
        waits.append(locked.value.wait_s)
        time_source.advance(timedelta(seconds=locked.value.wait_s - 1))
        assert pin_lockout(shop.db, stepping).wait_left_s == 1
        time_source.advance(timedelta(seconds=1))
        assert not pin_lockout(shop.db, stepping).locked
    assert waits == [30, 60, 120]


def test_a_correct_pin_ends_the_streak(shop, stepping):
    _wrong(shop.db, stepping, 4)
    assert sign_in(shop.db, "1234", stepping) == shop.clerk
    assert pin_lockout(shop.db, stepping).failures == 0
    _wrong(shop.db, stepping, 4)  # four again, not a lockout
    assert sign_in(shop.db, "8888", stepping) == shop.owner


def test_wrong_pins_and_the_lockout_are_audited(shop, stepping):
    start = shop.db.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    _wrong(shop.db, stepping, 4)
    with pytest.raises(SignInLocked):
        sign_in(shop.db, "0000", stepping)
    assert _actions(shop.db, start) == ["operator.sign_in_failed"] * 5 + ["operator.pin_locked"]
    details = [
        r[0]
        for r in shop.db.execute("SELECT detail FROM audit_log WHERE seq > ? ORDER BY seq", [start])
    ]
    assert details[:5] == [f'{{"streak": {n}}}' for n in range(1, 6)]
    assert details[5] == '{"streak": 5, "wait_s": 30}'


def test_the_wait_survives_restarting_the_app(shop, stepping, tmp_path):
    _wrong(shop.db, stepping, 4)
    with pytest.raises(SignInLocked):
        sign_in(shop.db, "0000", stepping)
    path = tmp_path / "station.db"
    shop.db.close()
    reopened = open_database(path)
    assert pin_lockout(reopened, stepping).wait_left_s == 30
    with pytest.raises(SignInLocked):
        sign_in(reopened, "1234", stepping)
    reopened.close()


def test_setting_the_pc_clock_back_does_not_stretch_the_wait(shop, stepping, time_source):
    _wrong(shop.db, stepping, 4)
    with pytest.raises(SignInLocked):
        sign_in(shop.db, "0000", stepping)
    time_source.advance(timedelta(hours=-5))
    assert pin_lockout(shop.db, stepping).wait_left_s == 30


def test_wrong_owner_approvals_count_in_the_same_streak(shop, stepping):
    # Otherwise the approval dialog would let a clerk guess the owner's PIN without a wait.
    for _ in range(4):
        with pytest.raises(PermissionRequired):
            owner_approval(shop.db, "1234", stepping)
    with pytest.raises(SignInLocked):
        owner_approval(shop.db, "1111", stepping)
    with pytest.raises(SignInLocked):
        owner_approval(shop.db, "8888", stepping)
    with pytest.raises(SignInLocked):
        sign_in(shop.db, "1234", stepping)
    assert "operator.approval_failed" in _actions(shop.db)


# -- PIN strength and the people functions (issue 12) ---------------------------------


@pytest.mark.parametrize(
    "pin",
    ["0000", "8888", "1234", "4321", "3456", "98765", "1212", "123123", "2580", "0520", "1314"],
)
def test_a_weak_pin_is_refused_saying_why_and_what_to_choose(pin):
    with pytest.raises(InputRefused) as refused:
        check_pin_strength(pin)
    assert (refused.value.code, refused.value.field) == ("pin_weak", "pin")
    assert "4 到 8 位数字" in refused.value.zh and "choose" in refused.value.en


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "１２３４"])
def test_a_pin_that_is_not_4_to_8_digits_is_refused(pin):
    with pytest.raises(InputRefused, match="4 到 8 位数字") as refused:
        check_pin_strength(pin)
    assert refused.value.code == "pin_format"


@pytest.mark.parametrize("pin", ["7391", "2846", "90210", "58203917"])
def test_a_pin_nobody_would_guess_passes(pin):
    check_pin_strength(pin)


def _outbox(db):
    return [
        (kind, json.loads(payload))
        for kind, payload in db.execute("SELECT kind, payload FROM outbox ORDER BY seq")
    ]


def _last_audit(db):
    return db.execute(
        "SELECT action, operator_id, subject_id FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()


def test_owner_adds_a_clerk_who_can_then_sign_in(shop):
    li = add_operator(shop.db, "李四", Role.CLERK, "7391", shop.clock, by=shop.owner)
    assert sign_in(shop.db, "7391", shop.clock) == li
    assert ("operator.added", shop.owner.id, li.id) in [
        tuple(row)
        for row in shop.db.execute("SELECT action, operator_id, subject_id FROM audit_log")
    ]
    assert _outbox(shop.db)[-1] == (
        "operator.added",
        {"operator_id": li.id, "name": "李四", "role": "clerk", "active": True},
    )


def test_adding_an_operator_with_a_weak_pin_writes_nothing(shop):
    with pytest.raises(InputRefused) as refused:
        add_operator(shop.db, "李四", Role.CLERK, "1111", shop.clock, by=shop.owner)
    assert refused.value.code == "pin_weak"
    assert [info.name for info in list_operators(shop.db)] == ["店主", "店员"]
    assert _outbox(shop.db) == []


def test_a_clerk_cannot_add_operators(shop):
    with pytest.raises(PermissionRequired):
        add_operator(shop.db, "李四", Role.CLERK, "7391", shop.clock, by=shop.clerk)


def test_a_pin_another_operator_uses_is_refused(shop):
    add_operator(shop.db, "李四", Role.CLERK, "7391", shop.clock, by=shop.owner)
    with pytest.raises(InputRefused) as refused:
        add_operator(shop.db, "王五", Role.CLERK, "7391", shop.clock, by=shop.owner)
    assert refused.value.code == "pin_taken"


def test_a_disabled_operator_cannot_sign_in_and_the_hub_is_told(shop):
    disable_operator(shop.db, "店员", shop.clock, by=shop.owner)
    with pytest.raises(NotFound):
        sign_in(shop.db, "1234", shop.clock)
    assert _last_audit(shop.db)[0] == "operator.sign_in_failed"
    kind, payload = _outbox(shop.db)[-1]
    assert (kind, payload["name"], payload["active"]) == ("operator.changed", "店员", False)
    assert [info.active for info in list_operators(shop.db) if info.name == "店员"] == [False]


def test_the_last_active_owner_cannot_be_disabled(shop):
    with pytest.raises(InputRefused, match="最后一位") as refused:
        disable_operator(shop.db, "店主", shop.clock, by=None)
    assert refused.value.code == "last_owner"
    assert sign_in(shop.db, "8888", shop.clock) == shop.owner


def test_an_owner_can_be_disabled_once_another_owner_exists(shop):
    add_operator(shop.db, "张三", Role.OWNER, "7391", shop.clock, by=shop.owner)
    disable_operator(shop.db, "店主", shop.clock, by=None)
    with pytest.raises(NotFound):
        sign_in(shop.db, "8888", shop.clock)


def test_an_unknown_name_is_refused(shop):
    with pytest.raises(NotFound, match="找不到名为“赵六”") as refused:
        disable_operator(shop.db, "赵六", shop.clock, by=shop.owner)
    assert refused.value.code == "operator_unknown"


def test_owner_resets_a_clerks_pin_and_the_old_one_stops_working(shop):
    reset_pin(shop.db, "店员", "2846", shop.clock, by=shop.owner)
    assert sign_in(shop.db, "2846", shop.clock) == shop.clerk
    with pytest.raises(NotFound):
        sign_in(shop.db, "1234", shop.clock)
    assert ("operator.pin_reset", shop.owner.id) in [
        tuple(r) for r in shop.db.execute("SELECT action, operator_id FROM audit_log")
    ]


def test_no_event_carries_pin_material(shop):
    add_operator(shop.db, "李四", Role.CLERK, "7391", shop.clock, by=shop.owner)
    reset_pin(shop.db, "李四", "2846", shop.clock, by=shop.owner)
    for _kind, payload in _outbox(shop.db):
        assert set(payload) == {"operator_id", "name", "role", "active"}


def test_an_owner_cannot_reset_another_owners_pin_from_the_screen(shop):
    add_operator(shop.db, "张三", Role.OWNER, "7391", shop.clock, by=shop.owner)
    with pytest.raises(PermissionRequired):
        reset_pin(shop.db, "张三", "2846", shop.clock, by=shop.owner)
    reset_pin(shop.db, "张三", "2846", shop.clock, by=None)  # the command line may
    assert sign_in(shop.db, "2846", shop.clock).name == "张三"


def test_changing_ones_own_pin_needs_the_old_pin(shop):
    with pytest.raises(InputRefused) as refused:
        change_own_pin(shop.db, shop.owner, "9999", "2846", shop.clock)
    assert refused.value.code == "old_pin_wrong"
    assert pin_lockout(shop.db, shop.clock).failures == 1
    change_own_pin(shop.db, shop.owner, "8888", "2846", shop.clock)
    assert sign_in(shop.db, "2846", shop.clock) == shop.owner
    with pytest.raises(NotFound):
        sign_in(shop.db, "8888", shop.clock)


def test_changing_ones_own_pin_to_a_weak_one_is_refused(shop):
    with pytest.raises(InputRefused) as refused:
        change_own_pin(shop.db, shop.owner, "8888", "0000", shop.clock)
    assert refused.value.code == "pin_weak"
    assert sign_in(shop.db, "8888", shop.clock) == shop.owner


def _recovered(db, name="张三", role="owner"):
    # What recovery from the hub writes: the operator without a PIN, flagged.
    db.execute(
        "INSERT INTO operators(id, name, role, pin_salt, pin_hash, created_at, pin_must_change) "
        "VALUES (?, ?, ?, x'', x'', '2024-05-01T08:00:00', 1)",
        [f"id-{name}", name, role],
    )
    db.conn.commit()


def test_a_recovered_operator_sets_a_first_pin_then_signs_in_with_it(shop):
    _recovered(shop.db)
    assert [i.name for i in operators_awaiting_pin(shop.db)] == ["张三"]
    operator = set_first_pin(shop.db, "张三", "2846", shop.clock)
    assert sign_in(shop.db, "2846", shop.clock) == operator
    assert operators_awaiting_pin(shop.db) == []
    with pytest.raises(InputRefused) as refused:
        set_first_pin(shop.db, "张三", "5927", shop.clock)
    assert refused.value.code == "pin_already_set"


def test_a_first_pin_must_be_strong(shop):
    _recovered(shop.db)
    with pytest.raises(InputRefused) as refused:
        set_first_pin(shop.db, "张三", "1234", shop.clock)
    assert refused.value.code == "pin_weak"


def test_list_operators_shows_name_role_active_and_when_added(shop):
    infos = list_operators(shop.db)
    assert [(i.name, i.role, i.active, i.pin_must_change) for i in infos] == [
        ("店主", Role.OWNER, True, False),
        ("店员", Role.CLERK, True, False),
    ]
    assert all(i.created_at for i in infos)
