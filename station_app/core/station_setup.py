"""First-run set-up of a real station: its name, phone, owner (and a clerk), in one step.

The wizard and `main.py init --owner-name …` both end here, so a station set up either way
is the same: settings stored and audited, operators with strong PINs and their events.
"""

from __future__ import annotations

from station_app.core.clock import Clock
from station_app.core.errors import InputRefused
from station_app.core.operators import (
    Operator,
    Role,
    add_operator,
    check_pin_strength,
    list_operators,
)
from station_app.core.settings import change_setting, parse_setting
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction


def set_up_station(
    db: Database,
    clock: Clock,
    *,
    station_name: str,
    station_phone: str,
    owner_name: str,
    owner_pin: str,
    clerk_name: str | None = None,
    clerk_pin: str | None = None,
    receipt_footer: str | None = None,
) -> Operator:
    """Store the station's settings and add its owner (and clerk); returns the owner.

    All or nothing: one transaction, so a weak clerk PIN leaves no half-set-up station.

    Raises:
        InputRefused: the station already has operators ("station_set_up"); a clerk name
            without a PIN or the other way round; bad settings; weak PINs (field "pin"
            for the owner's, "clerk_pin" for the clerk's).
    """
    if list_operators(db):
        raise InputRefused(
            "本站已设置过操作员；添加人员请用“人员”页或 operators add",
            "This station already has operators: add people from the people page "
            "or with `operators add`",
            code="station_set_up",
        )
    if bool(clerk_name and clerk_name.strip()) != bool(clerk_pin):
        raise InputRefused(
            "店员的姓名和密码要一起填写，或都不填",
            "Give the clerk's name and PIN together, or neither",
            "clerk_pin" if clerk_name else "clerk_name",
            code="clerk_incomplete",
        )
    check_pin_strength(owner_pin)
    if clerk_pin:
        try:
            check_pin_strength(clerk_pin)
        except InputRefused as refused:
            raise refused.concerning("clerk_pin") from None
        if clerk_pin == owner_pin:
            raise InputRefused(
                "店员的密码不能与店主的相同，请换一组",
                "The clerk's PIN must differ from the owner's: choose another",
                "clerk_pin",
                code="pin_taken",
            )
    texts = {"station_name": station_name, "station_phone": station_phone}
    if receipt_footer is not None:
        texts["receipt_footer"] = receipt_footer
    for name, text in texts.items():
        try:
            parse_setting(name, text)
        except InputRefused as refused:
            raise refused.concerning(name) from None
    at = clock.stamp()
    with write_transaction(db):
        change_setting(db, "tz_offset_min", str(clock.tz_offset_min), at)
        for name, text in texts.items():
            change_setting(db, name, text, at)
        owner = add_operator(db, owner_name, Role.OWNER, owner_pin, clock, by=None)
        if clerk_name and clerk_pin:
            add_operator(db, clerk_name, Role.CLERK, clerk_pin, clock, by=None)
    return owner
