"""The demo station: settings, an owner and a clerk, and a village shop's catalog."""

from __future__ import annotations

from station_app.core.catalog_import import ImportReport, seed_demo_catalog
from station_app.core.clock import Clock
from station_app.core.operators import Operator, Role, create_operator, is_initialised
from station_app.core.settings import save_settings
from station_app.core.villagers import add_villager, set_credit_limit
from station_app.storage.sqlite_wrapper import Database

DEMO_OWNER = ("店主", "8888")
DEMO_CLERK = ("店员", "1234")
DEMO_VILLAGERS = 40

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
_GIVEN = (
    "大山",
    "秀英",
    "建国",
    "桂兰",
    "志强",
    "玉梅",
    "德福",
    "春花",
    "国庆",
    "小红",
    "明华",
    "凤英",
    "长青",
    "金花",
    "永刚",
    "淑珍",
    "海军",
    "翠兰",
    "满仓",
    "丽娟",
)
_GROUPS = ("一组", "二组", "三组", "四组", "五组", "六组")


def seed_demo_villagers(db: Database, owner: Operator, clock: Clock) -> int:
    """Add villagers with mobile numbers, groups and credit limits; returns how many."""
    for n in range(DEMO_VILLAGERS):
        # Each round through the surnames shifts the given names by one, so no two demo
        # villagers share a name (a picker listing two 陈国庆 is a puzzle, not a demo).
        rounds = n // len(_SURNAMES)
        name = _SURNAMES[n % len(_SURNAMES)] + _GIVEN[(n * 7 + rounds) % len(_GIVEN)]
        phone = f"1{(3, 5, 8, 9)[n % 4]}{(n * 48_271 + 3_141_592) % 10**9:09d}"
        villager = add_villager(
            db, name, phone, owner, clock, village_group=_GROUPS[n % len(_GROUPS)]
        )
        limit = (0, 20_000, 50_000, 100_000)[n % 4]
        if limit:
            set_credit_limit(db, villager.id, limit, owner, clock)
    return DEMO_VILLAGERS


def seed_demo_station(db: Database, clock: Clock) -> ImportReport:
    """Fill an empty database with the demo station. Refuses a station already set up."""
    if is_initialised(db):
        raise RuntimeError("station already initialised; the demo is only seeded into a new one")
    save_settings(
        db,
        station_id="DEMO-001",
        station_name="示范村服务站",
        station_phone="0731-8888 6666",
        tz_offset_min=clock.tz_offset_min,
    )
    owner = create_operator(db, DEMO_OWNER[0], Role.OWNER, DEMO_OWNER[1], clock)
    create_operator(db, DEMO_CLERK[0], Role.CLERK, DEMO_CLERK[1], clock)
    seed_demo_villagers(db, owner, clock)
    return seed_demo_catalog(db, clock)
