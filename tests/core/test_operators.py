import pytest

from station_app.core.errors import InputRefused, NotFound, PermissionRequired
from station_app.core.operators import Role, create_operator, owner_approval, sign_in


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


@pytest.mark.parametrize(("name", "pin"), [("", "1111"), ("张" * 21, "1111"), ("王五", "12a4"),
                                           ("王五", "123"), ("店员", "5555")])
def test_bad_operator_input_is_refused(shop, name, pin):
    with pytest.raises(InputRefused):
        create_operator(shop.db, name, Role.CLERK, pin, shop.clock)
