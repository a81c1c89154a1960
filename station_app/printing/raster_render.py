"""The layout drawn dot for dot as a 203 dpi thermal printer prints it, with Pillow.

One picture serves three purposes: it *is* the paper in raster mode (sent as a
bitmap, so any ESC/POS printer prints any Chinese text), it is the on-screen
preview (the UI only converts it for Qt), and it is the `print --png` file. Every
character is drawn into its own printer cells, not flowed with the font's
metrics, so the picture wraps and aligns exactly like the text modes' paper.

Pure black and white, no grey: a thermal head has no grey either, and anti-aliased
edges would be dithered into speckles when sent to the printer.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont

from station_app.printing.charset import CharacterMode, printable_text
from station_app.printing.errors import PrinterSetupError
from station_app.printing.graphics import code128_modules, qr_matrix
from station_app.printing.receipt_layout import (
    Barcode,
    Cut,
    Layout,
    PrintedLine,
    PrintItem,
    QrCode,
    print_items,
)
from station_app.printing.text_width import char_width

# Font A of these printers is 12 x 24 dots (a Chinese character 24 x 24), so 32
# columns fill the 384 dots of 58 mm paper and 48 columns the 576 dots of 80 mm.
DOTS_PER_COLUMN = 12
FONT_DOTS = 24
LINE_DOTS = 30  # the line spacing the ESC/POS renderer sets (ESC 3 30)
BASELINE_DOTS = 24  # from the top of a line; leaves room for descenders below
MARGIN_DOTS = 16
BARCODE_QUIET_DOTS = 8
BARCODE_DOTS = 80
QR_QUIET_MODULES = 2
INK_THRESHOLD = 100  # of 255: a little below half, so thin strokes survive as on paper

WHITE = 255
BLACK = 0

_LINUX_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
_MAC_FONTS = ("/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/STHeiti Light.ttc")
_WINDOWS_FONTS = ("msyh.ttc", "simsun.ttc", "simhei.ttf")


@dataclass(frozen=True)
class RasterFont:
    """A CJK font file and which face of a collection (.ttc) to draw with."""

    path: str
    index: int = 0


def font_candidates() -> list[Path]:
    """Where CJK fonts usually are on Linux (Debian packages), Windows and macOS."""
    if sys.platform == "win32":
        folder = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        return [folder / name for name in _WINDOWS_FONTS]
    return [Path(name) for name in (*_LINUX_FONTS, *_MAC_FONTS)]


def find_cjk_font(configured: str = "") -> RasterFont:
    """The font for raster pictures: `configured` (the `printer_font` setting), else a known one.

    Raises:
        PrinterSetupError: the configured file is missing or unreadable, or none is found.
    """
    if configured.strip():
        path = Path(configured.strip()).expanduser()
        if not path.is_file():
            raise PrinterSetupError(
                f"找不到字体文件 {path}（设置 printer_font）",
                f"Font file {path} not found (setting printer_font)",
            )
        return _best_face(str(path))
    for path in font_candidates():
        if path.is_file():
            return _best_face(str(path))
    raise PrinterSetupError(
        "没有找到中文字体：请安装文泉驿微米黑（fonts-wqy-microhei），"
        "或在设置 printer_font 中填写字体文件路径",
        "No Chinese font found: install fonts-wqy-microhei, or set printer_font to a font file",
    )


@lru_cache(maxsize=16)
def _best_face(path: str) -> RasterFont:
    """Prefer a monospaced, Simplified Chinese face of a collection: its Latin is half-width."""
    best: tuple[tuple[bool, bool], int] | None = None
    for index in range(16):
        try:
            face = ImageFont.truetype(path, FONT_DOTS, index=index)
        except OSError:
            if index == 0:
                raise PrinterSetupError(
                    f"字体文件 {path} 无法读取", f"Cannot read the font file {path}"
                ) from None
            break
        family = face.getname()[0] or ""
        mono = abs(face.getlength("m") - face.getlength("i")) < 0.5
        key = (mono, "SC" in family.split() or "GB" in family)
        if best is None or key > best[0]:
            best = (key, index)
    assert best is not None
    return RasterFont(path, best[1])


# Pillow's own font, for a preview on a machine without a CJK font: Latin shows,
# Chinese does not, and the keeper is told to install a font when printing in raster.
FALLBACK_FONT = RasterFont("")


def preview_font(configured: str = "") -> RasterFont:
    """The font for on-screen previews: as `find_cjk_font`, else Pillow's own."""
    try:
        return find_cjk_font(configured)
    except PrinterSetupError:
        return FALLBACK_FONT


@lru_cache(maxsize=8)
def _truetype(font: RasterFont, size: int) -> ImageFont.FreeTypeFont:
    if not font.path:
        return ImageFont.load_default(size)  # type: ignore[return-value]
    return ImageFont.truetype(font.path, size, index=font.index)


# -- geometry ---------------------------------------------------------------------------------
def paper_dots(columns: int) -> int:
    """Printable width in dots for paper `columns` wide."""
    return columns * DOTS_PER_COLUMN


def item_height(item: PrintItem, columns: int) -> int:
    """Dots `item` takes down the paper."""
    match item:
        case PrintedLine(double=True):
            return 2 * LINE_DOTS
        case Barcode():
            return barcode_image(item, columns).height + LINE_DOTS
        case QrCode():
            return qr_image(item, columns).height
        case _:
            return LINE_DOTS


# -- graphics, shared with the ESC/POS renderer -----------------------------------------------
def barcode_image(barcode: Barcode, columns: int) -> Image.Image:
    """The bars of `barcode`, centred on the paper, with a little white above them.

    Two dots a module when that fits, else one; data too long even for that gets
    no bars (its caption still prints), rather than bars cut off at the edge.
    """
    width = paper_dots(columns)
    image = Image.new("L", (width, BARCODE_QUIET_DOTS + BARCODE_DOTS), WHITE)
    modules = code128_modules(barcode.data)
    quiet = 10  # modules of white each side, which scanners need
    module = 2 if (len(modules) + 2 * quiet) * 2 <= width else 1
    if (len(modules) + 2 * quiet) * module > width:
        return image
    left = (width - len(modules) * module) // 2
    draw = ImageDraw.Draw(image)
    for index, bit in enumerate(modules):
        if bit == "1":
            x = left + index * module
            draw.rectangle(
                (x, BARCODE_QUIET_DOTS, x + module - 1, BARCODE_QUIET_DOTS + BARCODE_DOTS - 1),
                fill=BLACK,
            )
    return image


def barcode_caption(barcode: Barcode, columns: int) -> PrintedLine:
    """The human-readable line under the bars, centred."""
    text = barcode.data[:columns]
    return PrintedLine(text, indent=(columns - len(text)) // 2)


def qr_image(qr: QrCode, columns: int) -> Image.Image:
    """The QR code centred on the paper, with white modules above and below it."""
    matrix = qr_matrix(qr.data)
    width = paper_dots(columns)
    # Shrink the modules of a long code rather than let it run off the paper.
    size = max(1, min(qr.module_dots, width // (len(matrix) + 2 * QR_QUIET_MODULES)))
    side = len(matrix) * size
    quiet = QR_QUIET_MODULES * size
    image = Image.new("L", (width, side + 2 * quiet), WHITE)
    draw = ImageDraw.Draw(image)
    left = (width - side) // 2
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                x, y = left + column * size, quiet + row * size
                draw.rectangle((x, y, x + size - 1, y + size - 1), fill=BLACK)
    return image


# -- text -------------------------------------------------------------------------------------
@lru_cache(maxsize=8192)
def _glyph(font: RasterFont, char: str, double: bool, bold: bool) -> Image.Image:
    """A mask ("1", white = ink) of `char` filling its printer cells, one line tall."""
    scale = 2 if double else 1
    cell_w = char_width(char) * DOTS_PER_COLUMN * scale
    cell_h = LINE_DOTS * scale
    baseline = BASELINE_DOTS * scale
    face = _truetype(font, FONT_DOTS * scale)
    left, _top, right, _bottom = (round(edge) for edge in face.getbbox(char, anchor="ls"))
    ink_w = max(1, right - left)
    canvas = Image.new("L", (ink_w + 2, cell_h), 0)
    ImageDraw.Draw(canvas).text((1 - left, baseline), char, font=face, fill=255, anchor="ls")
    if ink_w > cell_w:
        # A font's Latin is wider than the printer's 12-dot cell: squeeze it in, as the
        # printer's own narrow font is, instead of letting it touch its neighbours.
        canvas = canvas.resize((cell_w, cell_h), Image.Resampling.LANCZOS)
    cell = Image.new("L", (cell_w, cell_h), 0)
    cell.paste(canvas, ((cell_w - canvas.width) // 2, 0))
    mask = cell.point(lambda value: 255 if value >= INK_THRESHOLD else 0)
    if bold:
        # Emphasised print on these printers strikes every dot twice, one dot apart.
        mask = ImageChops.lighter(mask, ImageChops.offset(mask, scale, 0))
    return mask.convert("1")


def _draw_line(
    image: Image.Image, line: PrintedLine, y: int, font: RasterFont, mode: CharacterMode | None
) -> None:
    text = printable_text(line.text, mode) if mode is not None else line.text
    scale = 2 if line.double else 1
    x = line.indent * DOTS_PER_COLUMN
    for char in _clusters(text):
        cells = char_width(char[0]) * DOTS_PER_COLUMN * scale
        if not char.isspace() and cells:
            image.paste(BLACK, (x, y), _glyph(font, char, line.double, line.bold))
        x += cells


def _clusters(text: str) -> list[str]:
    """Characters with their combining marks, which share their base's cells."""
    clusters: list[str] = []
    for char in text:
        if clusters and char_width(char) == 0:
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _draw_cut(image: Image.Image, y: int) -> None:
    middle = y + LINE_DOTS // 2
    draw = ImageDraw.Draw(image)
    for x in range(0, image.width, 12):
        draw.rectangle((x, middle, x + 5, middle + 1), fill=BLACK)


# -- the whole picture ------------------------------------------------------------------------
def render_raster(
    layout: Layout, font: RasterFont, *, mode: CharacterMode | None = None
) -> Image.Image:
    """Draw `layout` as the paper comes out: an "L" image of pure black and white.

    `mode` shows what a text-mode printer will print: characters it cannot print
    appear as their stand-ins (`?`, `□`). Without it every character is drawn.
    A white margin frames the picture and each cut shows as a dashed line.
    """
    return render_items(
        print_items(layout), layout.columns, font, mode=mode, margin_dots=MARGIN_DOTS
    )


def render_items(
    items: list[PrintItem],
    columns: int,
    font: RasterFont,
    *,
    mode: CharacterMode | None = None,
    margin_dots: int = 0,
) -> Image.Image:
    """Draw resolved print items `columns` wide, `margin_dots` of white above and below."""
    height = 2 * margin_dots + sum(item_height(item, columns) for item in items)
    image = Image.new("L", (paper_dots(columns), max(1, height)), WHITE)
    y = margin_dots
    for item in items:
        match item:
            case PrintedLine():
                _draw_line(image, item, y, font, mode)
            case Barcode():
                bars = barcode_image(item, columns)
                image.paste(bars, (0, y))
                _draw_line(image, barcode_caption(item, columns), y + bars.height, font, mode)
            case QrCode():
                image.paste(qr_image(item, columns), (0, y))
            case Cut():
                _draw_cut(image, y)
        y += item_height(item, columns)
    return image


def scaled(image: Image.Image, width: int) -> Image.Image:
    """`image` scaled to `width`, keeping its proportions and its hard edges."""
    if width == image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.NEAREST)
