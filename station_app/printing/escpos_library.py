"""Loading python-escpos on first use, without its import-time side effects.

Importing `escpos.capabilities` reads a large printer database (~175 ms) and calls
`logging.basicConfig()`, which would echo every log line of the sync job and the
app to stderr. The counter window should not wait for the first, nobody wants the
second: load it when something is printed, and put the root logger back.
"""

from __future__ import annotations

import logging
from functools import cache
from types import ModuleType


@cache
def escpos_module(name: str) -> ModuleType:
    """`escpos.<name>` (e.g. "printer"), imported once with the root logger left alone."""
    import importlib

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        return importlib.import_module(f"escpos.{name}")
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
