"""A layout as ESC/POS bytes for a Chinese thermal printer, from the same print items.

The bytes are collected on a python-escpos `Dummy` printer. python-escpos makes
the graphics (`image`, GS v 0), the cut and the drawer pulse; the text bytes we
encode ourselves (`charset.encode_text`) and hand to `_raw`, because its `text()`
path gets Chinese wrong in three ways (see `charset`). Nothing here touches a
real printer: sending is `printer_link`'s job.

Text modes: ESC @, FS & (Chinese mode), ESC 3 30 (line spacing = the preview's
30 dots), then per line the indent, the style, the encoded text and LF. Barcodes
and QR codes are raster images drawn by `raster_render`, so they look on paper
exactly as in the preview. Raster mode: the whole layout is one picture per cut.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from station_app.printing.charset import CharacterMode, encode_text
from station_app.printing.errors import PrinterSetupError
from station_app.printing.escpos_library import escpos_module
from station_app.printing.raster_render import (
    LINE_DOTS,
    RasterFont,
    barcode_caption,
    barcode_image,
    paper_dots,
    qr_image,
    render_items,
)
from station_app.printing.receipt_layout import (
    Barcode,
    Cut,
    Layout,
    PrintedLine,
    PrintItem,
    QrCode,
    print_items,
)

if TYPE_CHECKING:
    from escpos.printer import Dummy

ESC = b"\x1b"
FS = b"\x1c"
GS = b"\x1d"
LF = b"\n"
CHINESE_MODE_ON = FS + b"&"  # bytes >= 0x80 are double-byte codes from here on
LINE_SPACING = ESC + b"3" + bytes([LINE_DOTS])
DOUBLE_LINE_SPACING = ESC + b"3" + bytes([2 * LINE_DOTS])
ALIGN_LEFT = ESC + b"a\x00"  # alignment is done with spaces, as in the preview
BOLD_ON = ESC + b"E\x01"
BOLD_OFF = ESC + b"E\x00"
# GS ! sizes the printer's ASCII font, FS ! its Chinese font; some printers need both.
DOUBLE_SIZE = GS + b"!\x11" + FS + b"!\x0c"
NORMAL_SIZE = GS + b"!\x00" + FS + b"!\x00"
DRAWER_PIN = 2  # the kick connector's pin 2, where Chinese cash drawers are wired


def render_escpos(
    layout: Layout,
    mode: CharacterMode,
    *,
    open_drawer: bool = False,
    font: RasterFont | None = None,
) -> bytes:
    """The bytes that print `layout` in `mode`; `open_drawer` pulses the drawer first.

    Raises:
        PrinterSetupError: raster mode without a font.
    """
    printer = _collector(layout.columns)
    printer.hw("INIT")
    if open_drawer:
        # First, so the drawer opens while the receipt is still printing.
        printer.cashdraw(DRAWER_PIN)
    items = print_items(layout)
    if mode.is_text:
        printer._raw(CHINESE_MODE_ON + LINE_SPACING + ALIGN_LEFT)
        for item in items:
            _write_item(printer, item, layout.columns, mode)
    else:
        if font is None:
            raise PrinterSetupError("图像模式需要中文字体", "Raster mode needs a Chinese font")
        for chunk, cut in _split_at_cuts(items):
            if chunk:
                printer.image(render_items(chunk, layout.columns, font))
            if cut:
                _cut(printer)
    return printer.output


def drawer_pulse() -> bytes:
    """The bytes that open the cash drawer on the printer's kick port (ESC p)."""
    printer = escpos_module("printer").Dummy()
    printer.cashdraw(DRAWER_PIN)
    return printer.output


def _collector(columns: int) -> Dummy:
    # python-escpos prints a warning to stdout on every image() unless the profile
    # knows the paper width; our own profile copy tells it, without touching the
    # library's shared default profile.
    profile = escpos_module("capabilities").Profile()
    data = dict(profile.profile_data)
    data["media"] = {"dpi": 203, "width": {"mm": "Unknown", "pixels": paper_dots(columns)}}
    profile.profile_data = data
    profile.features = dict(data["features"])
    return escpos_module("printer").Dummy(profile=profile)


def _write_item(printer: Dummy, item: PrintItem, columns: int, mode: CharacterMode) -> None:
    match item:
        case PrintedLine():
            printer._raw(line_bytes(item, mode))
        case Barcode():
            printer.image(barcode_image(item, columns))
            printer._raw(line_bytes(barcode_caption(item, columns), mode))
        case QrCode():
            printer.image(qr_image(item, columns))
        case Cut():
            _cut(printer)


def line_bytes(line: PrintedLine, mode: CharacterMode) -> bytes:
    """One printed line in a text mode: indent, style, encoded text, style reset, LF."""
    out = b" " * line.indent
    text = encode_text(line.text, mode)
    if not (line.bold or line.double):
        return out + text + LF
    out += (BOLD_ON if line.bold else b"") + (DOUBLE_SIZE if line.double else b"")
    out += text
    out += (BOLD_OFF if line.bold else b"") + (NORMAL_SIZE if line.double else b"")
    # A double-height line is followed by a double line feed, as in the preview.
    return out + (DOUBLE_LINE_SPACING + LF + LINE_SPACING if line.double else LF)


def _cut(printer: Dummy) -> None:
    # GS V 66 0: the printer feeds to its own cutter position, then cuts. python-escpos'
    # feeding cut would add six blank lines on top of the layout's feed.
    printer.cut(feed=False)


def _split_at_cuts(items: list[PrintItem]) -> list[tuple[list[PrintItem], bool]]:
    chunks: list[tuple[list[PrintItem], bool]] = []
    current: list[PrintItem] = []
    for item in items:
        if isinstance(item, Cut):
            chunks.append((current, True))
            current = []
        else:
            current.append(item)
    if current:
        chunks.append((current, False))
    return chunks
