"""A receipt as a list of blocks, laid out in printer columns.

`sale_receipt` says *what* goes on the paper; `print_items` decides *where*:
which characters land on which line and column, in which style. Every renderer
(plain text here, the raster image behind the preview, ESC/POS bytes) draws those
same items, so the screen and the paper cannot disagree about wrapping or alignment.

The building blocks below (`station_header`, `rows`, `closing` …) are what the
other papers (`refund_receipt`, `slips`, `test_page`) are made of.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Literal

from station_app.core.clock import parse_iso
from station_app.core.money import format_fen, format_weight, price_per_jin_fen
from station_app.core.payments import METHOD_NAMES_ZH, PaymentMethod
from station_app.printing.charset import paper_form
from station_app.printing.masking import mask_phone
from station_app.printing.text_width import (
    display_width,
    pad_row,
    wrap_to_width,
)

if TYPE_CHECKING:
    from station_app.core.sales import PaymentRecord, SaleLineRecord, SaleRecord
    from station_app.core.settings import StationSettings

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
    """Resolve wrapping and alignment: text blocks become lines, graphics pass through.

    Text is measured in its paper form (`charset.paper_form`), the form every
    renderer draws, so the columns counted here are the columns printed.
    """
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
                    for part in pad_row(
                        paper_form(block.left), paper_form(block.right), columns // scale
                    )
                )
            case Separator():
                char = paper_form(block.char)
                repeat = columns // max(1, display_width(char))
                items.append(PrintedLine(char * repeat))
            case Feed():
                items.extend(PrintedLine("") for _ in range(block.lines))
            case Barcode() | QrCode() | Cut():
                items.append(block)
    return items


def _text_lines(block: Text, columns: int) -> list[PrintedLine]:
    scale = 2 if block.double else 1
    lines = []
    for part in wrap_to_width(paper_form(block.text), columns // scale):
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


# -- building blocks every paper is made of -------------------------------------------------
def paper_money(fen: int) -> str:
    """An amount as printed: `￥12.50`, `-￥1.00`."""
    return format_fen(fen, symbol=PAPER_SYMBOL)


def local_time(created_at: str, tz_offset_min: int) -> str:
    """A stored UTC instant as station-local `YYYY-MM-DD HH:MM:SS`."""
    local = parse_iso(created_at) + timedelta(minutes=tz_offset_min)
    return f"{local:%Y-%m-%d %H:%M:%S}"


def banner(text: str) -> list[Block]:
    """A word the reader must not miss (重印, 退款): bold, double size, stars under it."""
    return [Text(text, bold=True, double=True, align="center"), Separator("*")]


def station_header(
    settings: StationSettings,
    title: str = "",
    *,
    banners: tuple[str, ...] = (),
    reprint: bool = False,
) -> list[Block]:
    """Banners (重印 first), the station's name and phone, an optional title, a rule."""
    blocks: list[Block] = banner(REPRINT_BANNER) if reprint else []
    for text in banners:
        blocks += banner(text)
    blocks.append(Text(settings.station_name, bold=True, double=True, align="center"))
    if settings.station_phone.strip():
        blocks.append(Text(f"电话 {settings.station_phone.strip()}", align="center"))
    if title:
        blocks.append(Text(title, bold=True, align="center"))
    blocks.append(Separator())
    return blocks


def rows(*pairs: tuple[str, str]) -> list[Block]:
    """Label-value rows, leaving out those whose value is empty."""
    return [Row(label, value) for label, value in pairs if value]


def signature(label: str, columns_hint: int = 16) -> list[Block]:
    """A line to sign on paper: `label：________`."""
    return [Feed(1), Text(f"{label}：{'_' * columns_hint}")]


def closing(
    settings: StationSettings, qr_data: str | None = None, *, footer: bool = True
) -> list[Block]:
    """A rule, the footer text from settings, a QR code, then feed and cut."""
    blocks: list[Block] = [Separator()]
    if footer and settings.receipt_footer.strip():
        blocks.append(Text(settings.receipt_footer.strip(), align="center"))
    if qr_data:
        blocks.append(QrCode(qr_data))
    return [*blocks, Feed(FEED_BEFORE_CUT), Cut()]


def receipt_qr(settings: StationSettings, number: str) -> str:
    """QR content for a receipt: `STATION-ID|NUMBER`, so the hub can look it up."""
    return f"{settings.station_id}|{number}"


# -- the sale receipt ------------------------------------------------------------------------
def sale_receipt(sale: SaleRecord, settings: StationSettings, *, reprint: bool = False) -> Layout:
    """The customer's receipt for a completed sale; `reprint` marks a copy as 重印."""
    blocks = station_header(settings, reprint=reprint)
    blocks += rows(
        ("单号", sale.receipt_no),
        ("时间", local_time(sale.created_at, sale.tz_offset_min)),
        ("收银员", sale.operator_name),
    )
    blocks.append(Separator())
    for line in sale.lines:
        blocks += _line_blocks(line, settings.receipt_columns)
    blocks += [Separator(), *_total_blocks(sale), *_payment_blocks(sale)]
    if sale.customer_phone:
        blocks.append(Row("会员手机", mask_phone(sale.customer_phone)))
    blocks += closing(settings, receipt_qr(settings, sale.receipt_no))
    return Layout(tuple(blocks), settings.receipt_columns)


def _line_blocks(line: SaleLineRecord, columns: int) -> list[Block]:
    amount = paper_money(line.gross_fen)
    blocks: list[Block] = [Text(line.name)]
    if line.weight_g is None:
        blocks.append(Row(f"  {line.quantity} × {paper_money(line.unit_price_fen)}", amount))
    else:
        per_kg = f"  {format_weight(line.weight_g)} × {paper_money(line.unit_price_fen)}/kg"
        per_jin = f"({paper_money(price_per_jin_fen(line.unit_price_fen))}/斤)"
        if display_width(f"{per_kg} {per_jin} {amount}") <= columns:
            blocks.append(Row(f"{per_kg} {per_jin}", amount))
        else:
            # On 58 mm paper the amount stays on the weight line, where it belongs;
            # the price per 斤 (what villagers compare) gets a line of its own.
            blocks += [Row(per_kg, amount), Text(f"  {per_jin}")]
    if line.discount_fen:
        blocks.append(Row("  优惠", paper_money(-line.discount_fen)))
    return blocks


def _total_blocks(sale: SaleRecord) -> list[Block]:
    blocks: list[Block] = [Row("合计", paper_money(sale.subtotal_fen))]
    if sale.discount_fen:
        blocks.append(Row("优惠", paper_money(-sale.discount_fen)))
    if sale.rounding_fen:
        blocks.append(Row("抹零", paper_money(-sale.rounding_fen)))
    blocks.append(Row("应收", paper_money(sale.total_fen), bold=True, double=True))
    return blocks


def _payment_blocks(sale: SaleRecord) -> list[Block]:
    blocks: list[Block] = [
        Row(_payment_label(method, references), paper_money(amount))
        for method, references, amount in _tenders_by_method(sale.payments)
    ]
    if sale.change_fen or any(p.method is PaymentMethod.CASH for p in sale.payments):
        blocks.append(Row("找零", paper_money(sale.change_fen)))
    return blocks


def _tenders_by_method(
    payments: tuple[PaymentRecord, ...],
) -> list[tuple[PaymentMethod, list[str], int]]:
    """One entry per method, in the order first paid: its references and the sum handed over.

    A customer who pays cash in two goes (¥1 then ¥5) handed over ¥6 in cash; two 现金
    lines would read as two payments. The stored payment rows stay as they were.
    """
    merged: dict[PaymentMethod, tuple[list[str], int]] = {}
    for payment in payments:
        references, amount = merged.get(payment.method, ([], 0))
        reference = payment.reference.strip()
        if reference and reference not in references:
            references.append(reference)
        merged[payment.method] = (references, amount + _handed_over(payment))
    return [(method, references, amount) for method, (references, amount) in merged.items()]


def _payment_label(method: PaymentMethod, references: list[str]) -> str:
    name = METHOD_NAMES_ZH[method]
    # The last digits are enough to find the transaction in the wallet app.
    tails = "、".join(reference[-4:] for reference in references)
    return f"{name} 尾号{tails}" if tails else name


def _handed_over(payment: PaymentRecord) -> int:
    # For cash the customer sees what they handed over; 找零 below gives the difference.
    return payment.tendered_fen if payment.tendered_fen is not None else payment.amount_fen
