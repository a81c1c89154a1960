"""What a Chinese thermal printer can print in each character mode, and the bytes for it.

Cheap ESC/POS printers differ: most have a GB18030 font ROM, older ones GBK only,
and some no Chinese font at all. Each configured printer therefore has a
`CharacterMode`. In the two text modes the printer is switched into its Chinese
mode (FS &) and every character is written as one byte (ASCII) or as a
double-byte code that the printer draws two columns wide. A character the mode
cannot print becomes a visible stand-in of the same width (`?` or `□`), so a bad
product name never breaks the job nor shifts the columns of a row.

We write these bytes ourselves instead of calling python-escpos `text()`: in 3.1
that writes strings containing a CJK ideograph as raw GB18030 without FS &,
sends strings with only CJK punctuation through a code page where they become
`?`, and turns `¥` into a four-byte GB18030 code that GBK printers print as
garbage (see tests/printing/test_escpos_pitfalls.py).
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from functools import lru_cache

from station_app.printing.text_width import char_width


class CharacterMode(StrEnum):
    """How text reaches the paper: encoded text for the printer's font, or a bitmap."""

    GB18030 = "gb18030"  # FS & then GB18030: the default, what most printers expect
    GBK = "gbk"  # FS & then GBK: older printers whose font ROM stops at GBK
    RASTER = "raster"  # the layout drawn with a CJK font and sent as an image

    @property
    def is_text(self) -> bool:
        """True when the printer draws the characters from its own font."""
        return self is not CharacterMode.RASTER


NARROW_STAND_IN = "?"
WIDE_STAND_IN = "□"  # U+25A1: in GBK (A1F5) and two columns wide, like what it replaces

# CJK Extension A (U+3400–U+4DBF) is part of the GB18030 mandatory font, so printers
# with a GB18030 ROM have it; every other four-byte GB18030 code (emoji, rare scripts,
# Extension B and up) is missing from their fonts and would print as garbage.
_EXTENSION_A = range(0x3400, 0x4DC0)


def paper_form(text: str) -> str:
    """The text as it is laid out for paper: composed, with the full-width yuan sign.

    NFC turns a letter followed by a combining accent into the one precomposed
    character GBK has. `¥` (U+00A5) is not in GBK at all; the full-width `￥`
    prints on every Chinese printer, so the paper always uses that.
    """
    return unicodedata.normalize("NFC", text).replace("¥", "￥")


@lru_cache(maxsize=8192)
def encode_char(char: str, mode: CharacterMode) -> bytes | None:
    """The printer bytes for `char` in a text mode, or None when the printer cannot print it.

    Only codes whose printed width equals the layout's width for the character are
    accepted: one byte for one column (printable ASCII), two or four bytes for two
    columns. Control characters are never passed through, so a product name can
    not smuggle an ESC/POS command onto the printer.
    """
    code = ord(char)
    if code < 0x80:
        return char.encode("ascii") if 0x20 <= code < 0x7F else None
    codec = "gbk" if mode is CharacterMode.GBK else "gb18030"
    try:
        data = char.encode(codec)
    except UnicodeEncodeError:
        return None
    width = char_width(char)
    if len(data) == 2 and width == 2:
        return data
    if len(data) == 4 and width == 2 and mode is CharacterMode.GB18030 and code in _EXTENSION_A:
        return data
    return None  # e.g. "€", a single byte 0x80 in Python's GBK, would start a double-byte code


def stand_in(char: str) -> str:
    """The visible replacement for an unprintable character, as wide as the character."""
    return {0: "", 1: NARROW_STAND_IN}.get(char_width(char), WIDE_STAND_IN)


def printable_text(text: str, mode: CharacterMode) -> str:
    """`text` as the printer in `mode` will show it: unprintable characters replaced."""
    if not mode.is_text:
        return text
    return "".join(char if encode_char(char, mode) is not None else stand_in(char) for char in text)


def encode_text(text: str, mode: CharacterMode) -> bytes:
    """Bytes for `text` in a text mode; never raises, never changes the width on paper."""
    if not mode.is_text:
        raise ValueError("raster mode sends no text bytes")
    out = bytearray()
    for char in text:
        data = encode_char(char, mode)
        if data is None:
            replacement = stand_in(char)  # "" for a zero-width mark: nothing to print
            data = encode_char(replacement, mode) or b"" if replacement else b""
        out += data
    return bytes(out)
