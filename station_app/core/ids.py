"""Time-ordered UUIDv7 identifiers generated on the station."""

from __future__ import annotations

import os
import threading
import time

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def uuid7() -> str:
    """Return a new UUIDv7 string; ids made in one process sort in creation order."""
    global _last_ms, _counter
    with _lock:
        now_ms = time.time_ns() // 1_000_000
        if now_ms <= _last_ms:
            # Same millisecond or a clock step back: keep order with the 12-bit counter.
            now_ms = _last_ms
            _counter += 1
            if _counter > 0xFFF:
                now_ms += 1
                _counter = 0
        else:
            _counter = 0
        _last_ms = now_ms
        counter = _counter
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (now_ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= counter << 64
    value |= 0b10 << 62
    value |= rand
    # The canonical 8-4-4-4-12 text, formatted directly: uuid.UUID would validate and
    # convert the same integer again, a third of the cost of a scan's cart line.
    digits = f"{value:032x}"
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"
