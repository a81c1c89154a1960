"""docs/sync-protocol.md and `village_protocol` say the same: kinds, fields, carriers, limits."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from village_protocol import protocol_limits
from village_protocol.carriers import CARRIERS
from village_protocol.changes import CHANGE_FIELDS, CHANGE_KINDS
from village_protocol.events import EVENT_KINDS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "sync-protocol.md").read_text("utf-8")


def _rows_after(heading: str) -> list[list[str]]:
    """The cells of each body row of the first table after the line `heading`."""
    rest = DOC.split(heading, 1)[1]
    rows = re.search(r"\n(\|.*\|\n)+", rest)
    assert rows is not None, heading
    return [
        [cell.strip() for cell in line.split("|")[1:-1]]
        for line in rows.group(0).strip().splitlines()[2:]
    ]


def _names(cell: str) -> list[str]:
    return re.findall(r"`([a-z_.]+)`", cell)


def _constants(cell: str) -> list[str]:
    """`module.NAME` references of the limits table's last column."""
    return re.findall(r"`([a-z]+\.[A-Za-z_]+)`", cell)


def _numbers(cell: str) -> set[float]:
    """Every number a limit cell states: `2 MiB`, `1,000,000,000`, `2⁶³ − 1`, `10 s`."""
    found: set[float] = set()
    if "2⁶³ − 1" in cell:
        found.add(2**63 - 1)
    for digits, unit in re.findall(r"(\d[\d,]*)(?:\s*(MiB))?", cell.replace("2⁶³ − 1", "")):
        value = int(digits.replace(",", ""))
        found.add(value * 1024 * 1024 if unit else value)
    return found


def test_the_event_kinds_table_lists_every_kind_the_package_checks():
    cells = [
        row[0]
        for row in _rows_after("Event kinds in version 1 and the payload fields the hub requires:")
    ]
    assert sorted(kind for cell in cells for kind in _names(cell)) == sorted(EVENT_KINDS)


def test_the_change_kinds_table_lists_every_kind_in_the_packages_order():
    rows = _rows_after("Change kinds in version 1:")
    assert [row[0].strip("`") for row in rows] == list(CHANGE_KINDS)


def test_each_change_kinds_fields_are_the_packages_fields():
    for kind, fields in _rows_after("Change kinds in version 1:"):
        assert _names(fields) == [f.name for f in CHANGE_FIELDS[kind.strip("`")]], kind


def test_the_carriers_named_for_parcel_arrivals_are_the_packages():
    # Compared as words, so rewrapping the paragraph does not matter.
    assert f"`carrier` is one of {' '.join(CARRIERS)}, or null" in " ".join(DOC.split())


def test_every_row_of_the_limits_table_names_package_constants_with_their_values():
    for what, limit, names in _rows_after("## Limits"):
        assert _constants(names), what
        for name in _constants(names):
            module, attribute = name.rsplit(".", 1)
            value = getattr(importlib.import_module(f"village_protocol.{module}"), attribute)
            if isinstance(value, int | float):
                assert value in _numbers(limit), (what, name, value)


def test_every_limit_of_the_package_is_in_the_limits_table():
    named = {name for _, _, names in _rows_after("## Limits") for name in _constants(names)}
    assert set(protocol_limits()) <= named
    assert {name for name in named if name.split(".")[1].isupper()} == set(protocol_limits())
