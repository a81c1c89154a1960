"""A layout as JSON, so a print job stores what to print rather than bytes for one printer.

A failed job is rendered again when it is retried, for the printer and character
mode configured *then*: a keeper who switches to raster mode because the Chinese
came out garbled gets the retried receipt right.
"""

from __future__ import annotations

import json
from typing import Any

from station_app.printing.receipt_layout import (
    Barcode,
    Block,
    Cut,
    Feed,
    Layout,
    QrCode,
    Row,
    Separator,
    Text,
)

_KINDS: dict[str, type[Block]] = {
    "text": Text,
    "row": Row,
    "separator": Separator,
    "barcode": Barcode,
    "qr": QrCode,
    "feed": Feed,
    "cut": Cut,
}
_NAMES = {kind: name for name, kind in _KINDS.items()}
VERSION = 1


def layout_to_json(layout: Layout) -> str:
    """Serialise `layout`; `layout_from_json` gives back an equal layout."""
    blocks = [{"kind": _NAMES[type(block)], **vars(block)} for block in layout.blocks]
    return json.dumps(
        {"version": VERSION, "columns": layout.columns, "blocks": blocks},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def layout_from_json(text: str) -> Layout:
    """Read a layout written by `layout_to_json`.

    Raises:
        ValueError: not a layout this version can read.
    """
    data: dict[str, Any] = json.loads(text)
    if data.get("version") != VERSION:
        raise ValueError(f"unknown layout version {data.get('version')!r}")
    blocks: list[Block] = []
    for entry in data["blocks"]:
        fields = dict(entry)
        kind = _KINDS.get(fields.pop("kind"))
        if kind is None:
            raise ValueError(f"unknown block {entry!r}")
        blocks.append(kind(**fields))
    return Layout(tuple(blocks), int(data["columns"]))
