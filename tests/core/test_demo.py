"""The demo station's villagers: distinct people, the same ones on every `init --demo`."""

from pathlib import Path

from sqlite_utils import Database

from station_app.core.clock import Clock
from station_app.core.demo import DEMO_VILLAGERS, seed_demo_villagers
from station_app.core.operators import Role, create_operator
from station_app.storage import open_database


def demo_villagers(path: Path) -> list[tuple[str, str, str, int]]:
    db = open_database(path)
    try:
        owner = create_operator(db, "店主", Role.OWNER, "8888", Clock())
        seed_demo_villagers(db, owner, Clock())
        return db.execute(
            "SELECT name, phone, village_group, credit_limit_fen FROM villagers ORDER BY phone"
        ).fetchall()
    finally:
        db.close()


def test_demo_villager_names_are_all_different(demo_db: Database) -> None:
    names = [name for (name,) in demo_db.execute("SELECT name FROM villagers")]
    assert len(names) == DEMO_VILLAGERS
    assert len(set(names)) == len(names), sorted(n for n in names if names.count(n) > 1)


def test_demo_villager_phones_and_their_tails_are_all_different(demo_db: Database) -> None:
    phones = [phone for (phone,) in demo_db.execute("SELECT phone FROM villagers")]
    assert len(set(phones)) == len(phones) == DEMO_VILLAGERS
    # The pages find a villager by the last four digits: one tail, one person.
    assert len({phone[-4:] for phone in phones}) == DEMO_VILLAGERS


def test_demo_villagers_are_the_same_on_every_seeding(tmp_path: Path) -> None:
    first = demo_villagers(tmp_path / "a.db")
    assert first == demo_villagers(tmp_path / "b.db")
    assert ("王大山", "13003141592", "一组", 0) in first  # the UI tests find them by tail
    assert ("李春花", "15003189863", "二组", 20_000) in first
