"""README documents every command, flag and checkout key; every command has help text."""

import argparse
import re
from pathlib import Path

from station_app.cli import _parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_subcommand_has_help_and_is_in_the_readme():
    commands = _subcommands()
    assert {"init", "simulate", "report", "import-catalog", "verify-audit"} <= set(commands)
    for name, parser in commands.items():
        assert parser.description, name
        assert re.search(rf"main\.py --data-dir DIR {re.escape(name)}\b", README), name
        for action in parser._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help"):
                    assert flag in README, f"{name} {flag}"
                    assert action.help, f"{name} {flag}"


def test_readme_gives_the_two_commands_for_a_new_machine():
    assert "make run" in README
    assert "make test" in README


def test_every_checkout_key_is_in_the_readme_key_table():
    from station_app.ui.common.key_map import CHECKOUT_KEYS

    rows = set(re.findall(r"^\| ([^|]+?) \|", README, flags=re.MULTILINE))
    for binding in CHECKOUT_KEYS:
        assert binding.caption in rows, binding.caption


def test_every_page_key_is_in_the_readme():
    from station_app.ui.common.key_map import (
        AGENCY_KEYS,
        CONSIGNMENT_KEYS,
        PAGE_KEYS,
        PEOPLE_KEYS,
        PICKUP_KEYS,
        REPORT_KEYS,
        STOCK_KEYS,
        VILLAGER_KEYS,
        WINDOW_KEYS,
    )

    rows = set(re.findall(r"^\| ([^|]+?) \|", README, flags=re.MULTILINE))
    for binding in (*PAGE_KEYS, *WINDOW_KEYS):
        assert binding.caption in rows, binding.caption
    # The pages table: | page | key(s) | action |, e.g. "| 代购 | F3 / F4 | …".
    page_rows: dict[str, set[str]] = {}
    for page, keys in re.findall(
        r"^\| (代购|取件|村民|代销|人员|库存|报表) \| ([^|]+?) \|", README, flags=re.MULTILINE
    ):
        page_rows.setdefault(page, set()).update(key.strip() for key in keys.split("/"))
    for page, table in (
        ("代购", AGENCY_KEYS),
        ("取件", PICKUP_KEYS),
        ("村民", VILLAGER_KEYS),
        ("代销", CONSIGNMENT_KEYS),
        ("人员", PEOPLE_KEYS),
        ("库存", STOCK_KEYS),
        ("报表", REPORT_KEYS),
    ):
        for binding in table:
            assert binding.caption in page_rows.get(page, set()), (page, binding.caption)
