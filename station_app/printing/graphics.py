"""Barcode bars and QR modules, computed once so every renderer draws the same code.

Both are sent to the printer as raster images (GS v 0), which every ESC/POS
printer understands, rather than as the printer's own barcode and QR commands,
which cheap printers support unevenly and draw at sizes of their own choosing.
"""

from __future__ import annotations

from functools import lru_cache

import barcode
import qrcode
import qrcode.constants


@lru_cache(maxsize=64)
def code128_modules(data: str) -> str:
    """CODE128 modules of `data`, left to right, `1` for a bar: quiet zones not included.

    Raises:
        ValueError: `data` has characters CODE128 cannot carry (outside ASCII).
    """
    if not data or not data.isascii():
        raise ValueError(f"CODE128 carries ASCII only, not {data!r}")
    return "".join(barcode.get("code128", data).build())


@lru_cache(maxsize=64)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """Rows of QR modules for `data` (True = dark), error correction M, no border."""
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())
