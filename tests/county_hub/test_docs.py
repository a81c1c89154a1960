"""docs/sync-protocol.md and the hub say the same statistics keys.

Kinds, carriers and limits: tests/village_protocol/test_docs.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from county_hub.stats import SECTION_KEYS, HubStats

DOC = (Path(__file__).resolve().parents[2] / "docs" / "sync-protocol.md").read_text("utf-8")


def _table_after(heading: str) -> list[str]:
    """The first cell of each row of the first table after the line `heading`."""
    rest = DOC.split(heading, 1)[1]
    rows = re.search(r"\n(\|.*\|\n)+", rest)
    assert rows is not None, heading
    return [line.split("|")[1].strip() for line in rows.group(0).strip().splitlines()[2:]]


def test_the_statistics_table_defines_every_section_key():
    cells = _table_after("## Hub statistics")
    assert [cell.strip("`") for cell in cells] == [
        f"{section}.{key}" for section, keys in SECTION_KEYS.items() for key in keys
    ]
    assert set(SECTION_KEYS) <= set(HubStats.__dataclass_fields__)
