from datetime import UTC, datetime, timedelta

import pytest

from station_app.core.clock import Clock, SteppingClock
from station_app.core.errors import InputRefused, NotFound, PermissionRequired
from station_app.core.operators import (
    Role,
    SignInLocked,
    create_operator,
    owner_approval,
    pin_lockout,
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
