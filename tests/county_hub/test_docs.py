"""docs/sync-protocol.md and the hub say the same: kinds, carriers, statistics keys."""

from __future__ import annotations

import re
from pathlib import Path

from county_hub.protocol import CARRIERS, CHANGE_KINDS, EVENT_KINDS
from county_hub.stats import SECTION_KEYS, HubStats

DOC = (Path(__file__).resolve().parents[2] / "docs" / "sync-protocol.md").read_text("utf-8")


def _table_after(heading: str) -> list[str]:
    """The first cell of each row of the first table after the line `heading`."""
    rest = DOC.split(heading, 1)[1]
    rows = re.search(r"\n(\|.*\|\n)+", rest)
    assert rows is not None, heading
    return [line.split("|")[1].strip() for line in rows.group(0).strip().splitlines()[2:]]


def test_the_event_kinds_table_lists_every_kind_the_hub_accepts():
    cells = _table_after("Event kinds in version 1 and the payload fields the hub requires:")
    kinds = [kind for cell in cells for kind in re.findall(r"`([a-z_.]+)`", cell)]
    assert sorted(kinds) == sorted(EVENT_KINDS)


def test_the_change_kinds_table_lists_every_kind_the_hub_publishes():
    cells = _table_after("Change kinds in version 1:")
    assert [cell.strip("`") for cell in cells] == list(CHANGE_KINDS)


def test_the_carriers_named_for_parcel_arrivals_are_the_hubs():
    # Compared as words, so rewrapping the paragraph does not matter.
    assert f"`carrier` is one of {' '.join(CARRIERS)}, or null" in " ".join(DOC.split())


def test_the_statistics_table_defines_every_section_key():
    cells = _table_after("## Hub statistics")
    assert [cell.strip("`") for cell in cells] == [
        f"{section}.{key}" for section, keys in SECTION_KEYS.items() for key in keys]
    assert set(SECTION_KEYS) <= set(HubStats.__dataclass_fields__)
