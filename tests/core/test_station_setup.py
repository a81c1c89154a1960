"""First-run set-up of a real station: settings, owner and clerk, all or nothing."""

from __future__ import annotations

import pytest

from station_app.core.clock import Clock
from station_app.core.errors import InputRefused
from station_app.core.operators import Role, list_operators, sign_in
from station_app.core.settings import load_settings
from station_app.core.station_setup import set_up_station


def _set_up(db, **changes):
    values = {
        "station_name": "张庄村服务站",
        "station_phone": "0731-5555 1234",
        "owner_name": "张三",
        "owner_pin": "7391",
    } | changes
    return set_up_station(db, Clock(), **values)


def test_set_up_stores_the_settings_and_the_owner_can_sign_in(db):
    owner = _set_up(db, clerk_name="李四", clerk_pin="2846", receipt_footer="多谢光临")
    settings = load_settings(db)
    assert (settings.station_name, settings.station_phone, settings.receipt_footer) == (
        "张庄村服务站",
        "0731-5555 1234",
        "多谢光临",
    )
    assert sign_in(db, "7391", Clock()) == owner and owner.role is Role.OWNER
    assert sign_in(db, "2846", Clock()).name == "李四"
    kinds = [row[0] for row in db.execute("SELECT kind FROM outbox ORDER BY seq")]
    assert kinds.count("operator.added") == 2


def test_a_weak_clerk_pin_leaves_no_half_set_up_station(db):
    with pytest.raises(InputRefused) as refused:
        _set_up(db, clerk_name="李四", clerk_pin="1111")
    assert (refused.value.code, refused.value.field) == ("pin_weak", "clerk_pin")
    assert list_operators(db) == []
    assert load_settings(db).station_name != "张庄村服务站"


def test_a_weak_owner_pin_is_refused(db):
    with pytest.raises(InputRefused) as refused:
        _set_up(db, owner_pin="8888")
    assert (refused.value.code, refused.value.field) == ("pin_weak", "pin")


def test_a_clerk_name_without_a_pin_is_refused(db):
    with pytest.raises(InputRefused) as refused:
        _set_up(db, clerk_name="李四")
    assert refused.value.code == "clerk_incomplete"


def test_a_station_already_set_up_is_refused(db):
    _set_up(db)
    with pytest.raises(InputRefused) as refused:
        _set_up(db, owner_name="王五", owner_pin="2846")
    assert refused.value.code == "station_set_up"
    assert [info.name for info in list_operators(db)] == ["张三"]
