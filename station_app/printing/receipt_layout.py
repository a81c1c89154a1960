"""A receipt as a list of blocks, laid out in printer columns.

`sale_receipt` says *what* goes on the paper; `print_items` decides *where*:
which characters land on which line and column, in which style. Every renderer
(plain text here, the Qt preview, ESC/POS bytes) draws those same items, so the
screen and the paper cannot disagree about wrapping or alignment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from station_app.core.clock import parse_iso
from station_app.core.money import GRAMS_PER_KG, format_fen, price_per_jin_fen
from station_app.core.payments import METHOD_NAMES_ZH, PaymentMethod
from station_app.core.sales import PaymentRecord, SaleLineRecord, SaleRecord
from station_app.core.settings import StationSettings
from station_app.printing.masking import mask_phone
from station_app.printing.text_width import (
    display_width,
    pad_row,
    wrap_to_width,
)

COLUMNS_58MM = 32
COLUMNS_80MM = 48
PAPER_SYMBOL = "￥"  # U+00A5 is not in GBK; the full-width sign prints on every Chinese printer
REPRINT_BANNER = "重印 REPRINT"
FEED_BEFORE_CUT = 3

Align = Literal["left", "center", "right"]


# -- blocks: what goes on the paper ----------------------------------------------------------
@dataclass(frozen=True)
class Text:
    """A paragraph, wrapped to the paper. `double` is double width and height."""

    text: str
    bold: bool = False
    double: bool = False
    align: Align = "left"


@dataclass(frozen=True)
class Row:
    """A label on the left and a value flush right, e.g. `合计 … ￥12.50`."""

    left: str
    right: str
    bold: bool = False
    double: bool = False


@dataclass(frozen=True)
class Separator:
    """A full-width rule made of `char`."""

    char: str = "-"


@dataclass(frozen=True)
class Barcode:
    """A 1-D barcode (CODE128) of `data`, centered."""

    data: str


@dataclass(frozen=True)
class QrCode:
    """A QR code of `data`, centered; `module_dots` is the size of one square in printer dots."""

    data: str
    module_dots: int = 6


@dataclass(frozen=True)
class Feed:
    """`lines` blank lines."""

    lines: int


@dataclass(frozen=True)
class Cut:
    """Cut the paper here."""


Block = Text | Row | Separator | Barcode | QrCode | Feed | Cut


@dataclass(frozen=True)
class Layout:
    """Blocks for paper `columns` wide (32 on 58 mm paper, 48 on 80 mm)."""

    blocks: tuple[Block, ...]
    columns: int

    def __post_init__(self) -> None:
        if self.columns < 4:
            raise ValueError(f"paper must be at least 4 columns wide, not {self.columns}")


# -- items: where it goes ------------------------------------------------------------------
@dataclass(frozen=True)
class PrintedLine:
    """One line of text as the printer places it.

    `indent` blank columns (normal size) come first, then `text` in the line's
    style; with `double` every character takes twice its columns. The indent and
    the text together never exceed the paper's columns.
    """

    text: str
    indent: int = 0
    bold: bool = False
    double: bool = False

    @property
    def width(self) -> int:
        """Columns the line takes on paper."""
        return self.indent + display_width(self.text) * (2 if self.double else 1)


PrintItem = PrintedLine | Barcode | QrCode | Cut


def print_items(layout: Layout) -> list[PrintItem]:
    """Resolve wrapping and alignment: text blocks become lines, graphics pass through."""
    columns = layout.columns
    items: list[PrintItem] = []
    for block in layout.blocks:
        match block:
            case Text():
                items.extend(_text_lines(block, columns))
            case Row():
                scale = 2 if block.double else 1
                items.extend(
                    PrintedLine(part, bold=block.bold, double=block.double)
                    for part in pad_row(block.left, block.right, columns // scale)
                )
            case Separator():
                repeat = columns // max(1, display_width(block.char))
                items.append(PrintedLine(block.char * repeat))
            case Feed():
                items.extend(PrintedLine("") for _ in range(block.lines))
            case Barcode() | QrCode() | Cut():
                items.append(block)
    return items


def _text_lines(block: Text, columns: int) -> list[PrintedLine]:
    scale = 2 if block.double else 1
    lines = []
    for part in wrap_to_width(block.text, columns // scale):
        room = columns - display_width(part) * scale
        indent = {"left": 0, "center": room // 2, "right": room}[block.align]
        lines.append(PrintedLine(part, indent, block.bold, block.double))
    return lines


# -- plain text ------------------------------------------------------------------------------
def render_text(layout: Layout) -> list[str]:
    """The receipt as lines of plain text, none wider than the paper, for tests and the CLI.

    Double-size text is letter-spaced so that it takes the columns it takes on
    paper; barcodes, QR codes and the cut are one-line placeholders.
    """
    columns = layout.columns
    lines: list[str] = []
    for item in print_items(layout):
        match item:
            case PrintedLine(double=True):
                spaced = "".join(char + " " * display_width(char) for char in item.text)
                lines.append((" " * item.indent + spaced).rstrip(" "))
            case PrintedLine():
                lines.append(" " * item.indent + item.text)
            case Barcode():
                lines.extend(_centered(f"||||| {item.data} |||||", columns))
            case QrCode():
                lines.extend(_centered(f"[QR] {item.data}", columns))
            case Cut():
                lines.append(("✂" + " -" * columns)[:columns].rstrip(" "))
    return lines


def _centered(text: str, columns: int) -> list[str]:
    return [" " * ((columns - display_width(p)) // 2) + p for p in wrap_to_width(text, columns)]


# -- the sale receipt ------------------------------------------------------------------------
def _money(fen: int) -> str:
    return format_fen(fen, symbol=PAPER_SYMBOL)


def sale_receipt(sale: SaleRecord, settings: StationSettings, *, reprint: bool = False) -> Layout:
    """The customer's receipt for a completed sale; `reprint` marks a copy as 重印."""
    blocks: list[Block] = []
    if reprint:
        blocks += [Text(REPRINT_BANNER, bold=True, double=True, align="center"), Separator("*")]
    blocks.append(Text(settings.station_name, bold=True, double=True, align="center"))
    if settings.station_phone.strip():
        blocks.append(Text(f"电话 {settings.station_phone.strip()}", align="center"))
    blocks += [
        Separator(),
        Row("单号", sale.receipt_no),
        Row("时间", _local_time(sale)),
        Row("收银员", sale.operator_name),
        Separator(),
    ]
    for line in sale.lines:
        blocks += _line_blocks(line)
    blocks += [Separator(), *_total_blocks(sale), *_payment_blocks(sale)]
    if sale.customer_phone:
        blocks.append(Row("会员手机", mask_phone(sale.customer_phone)))
    blocks.append(Separator())
    if settings.receipt_footer.strip():
        blocks.append(Text(settings.receipt_footer.strip(), align="center"))
    blocks += [
        QrCode(f"{settings.station_id}|{sale.receipt_no}"),
        Feed(FEED_BEFORE_CUT),
        Cut(),
    ]
    return Layout(tuple(blocks), settings.receipt_columns)


def _local_time(sale: SaleRecord) -> str:
    local = parse_iso(sale.created_at) + timedelta(minutes=sale.tz_offset_min)
    return f"{local:%Y-%m-%d %H:%M:%S}"


def _line_blocks(line: SaleLineRecord) -> list[Block]:
    if line.weight_g is not None:
        kg, grams = divmod(line.weight_g, GRAMS_PER_KG)
        per_jin = _money(price_per_jin_fen(line.unit_price_fen))
        detail = f"  {kg}.{grams:03d}kg × {_money(line.unit_price_fen)}/kg ({per_jin}/斤)"
    else:
        detail = f"  {line.quantity} × {_money(line.unit_price_fen)}"
    blocks: list[Block] = [Text(line.name), Row(detail, _money(line.gross_fen))]
    if line.discount_fen:
        blocks.append(Row("  优惠", _money(-line.discount_fen)))
    return blocks


def _total_blocks(sale: SaleRecord) -> list[Block]:
    blocks: list[Block] = [Row("合计", _money(sale.subtotal_fen))]
    if sale.discount_fen:
        blocks.append(Row("优惠", _money(-sale.discount_fen)))
    if sale.rounding_fen:
        blocks.append(Row("抹零", _money(-sale.rounding_fen)))
    blocks.append(Row("应收", _money(sale.total_fen), bold=True, double=True))
    return blocks


def _payment_blocks(sale: SaleRecord) -> list[Block]:
    blocks: list[Block] = [Row(_payment_label(p), _money(_handed_over(p))) for p in sale.payments]
    if sale.change_fen or any(p.method is PaymentMethod.CASH for p in sale.payments):
        blocks.append(Row("找零", _money(sale.change_fen)))
    return blocks


def _payment_label(payment: PaymentRecord) -> str:
    name = METHOD_NAMES_ZH[payment.method]
    reference = payment.reference.strip()
    # The last digits are enough to find the transaction in the wallet app.
    return f"{name} 尾号{reference[-4:]}" if reference else name


def _handed_over(payment: PaymentRecord) -> int:
    # For cash the customer sees what they handed over; 找零 below gives the difference.
    return payment.tendered_fen if payment.tendered_fen is not None else payment.amount_fen
