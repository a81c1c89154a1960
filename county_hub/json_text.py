"""JSON text as the hub reads upload bodies and writes stored payloads.

orjson parses and writes JSON several times faster than the standard library: at
200 events a batch, `json.loads` and sorting and dumping the payloads were a quarter of
an upload's time in the hub's own process. It is used only where it gives the standard
library's answer; everywhere else the standard library decides:

- parsing: orjson turns an integer past 64 bits into a float and refuses `NaN`, lone
  surrogates and numbers too large for a float. `load_plain` is for bodies that
  `upload.read_upload` has already found free of backslash-u escapes and of 19-digit
  runs; anything orjson refuses returns None, and the caller parses it the careful way
  (one event with `NaN` is rejected, not the batch).
- writing: orjson cannot write an integer past 64 bits nor a lone surrogate; those go
  through `json.dumps` with the same settings. Its floats read back to the same value
  but are spelled differently (`1e-7`, not `1e-07`), so stored payloads are compared
  by their data (`same_json`), never only by their text.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_SORTED = orjson.OPT_SORT_KEYS


def dump_json(value: Any) -> str:
    """Compact JSON text with keys sorted, so equal data written here is equal text."""
    try:
        return orjson.dumps(value, option=_SORTED).decode("utf-8")
    except orjson.JSONEncodeError:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def load_plain(raw: bytes) -> Any | None:
    """The value of a plain body (see the module docstring), or None: parse it carefully."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None


def same_json(stored: str, value: Any) -> bool:
    """Whether stored JSON text holds `value` (`value` as `check_event` passed it).

    Text first (what this hub wrote for equal data is equal text); else the data, with
    types told apart (`1` is not `1.0` nor `true`), for text an older hub or another
    writer spelled differently.
    """
    if stored == dump_json(value):
        return True
    try:
        kept = json.loads(stored)
    except ValueError:
        return False
    return _typed(kept) == _typed(value)


def _typed(value: Any) -> Any:
    # Python says True == 1 == 1.0; JSON data does not.
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return (type(value).__name__, value)
