"""The test page: shows the keeper whether the paper width and character mode are right.

Its English lines print on any printer, so even when the Chinese comes out as
garbage the page says which mode was used and what to try next.
"""

from __future__ import annotations

from station_app.core.settings import StationSettings
from station_app.printing.charset import CharacterMode
from station_app.printing.receipt_layout import (
    Barcode,
    Block,
    Layout,
    Row,
    Separator,
    Text,
    closing,
    paper_money,
)

MODE_NAMES = {
    CharacterMode.GB18030: "GB18030 文字 (FS &)",
    CharacterMode.GBK: "GBK 文字 (FS &)",
    CharacterMode.RASTER: "图像 RASTER",
}
CHINESE_SAMPLE = "村级服务站收银测试：大米、鸡蛋、酱油，谢谢惠顾！"
PUNCTUATION_SAMPLE = "，。：；！？（）【】《》“”￥"
# 㙟 and 㐀 are CJK Extension A (four-byte codes): in GB18030 fonts, not in GBK ones.
RARE_SAMPLE = "生僻字：堃 喆 犇 㙟 㐀"


def ruler(columns: int) -> str:
    """`1234567890` repeated to exactly `columns` characters."""
    return ("1234567890" * (columns // 10 + 1))[:columns]


def printer_test_page(
    settings: StationSettings, mode: CharacterMode, printed_at: str, where: str = ""
) -> Layout:
    """A page with the width ruler, Chinese samples, a barcode and a QR code."""
    columns = settings.receipt_columns
    paper = {32: "58mm", 48: "80mm"}.get(columns, f"{columns} col")
    blocks: list[Block] = [
        Text("打印测试页", bold=True, double=True, align="center"),
        Text("PRINTER TEST PAGE", bold=True, align="center"),
        Text(settings.station_name, align="center"),
        Separator("="),
        Row("Mode 模式", MODE_NAMES[mode]),
        Row("Paper 纸宽", f"{paper} = {columns} columns"),
        *([Row("Printer 打印机", where)] if where else []),
        Row("Time 时间", printed_at),
        Separator(),
        Text(
            "Width ruler: the digits and the Chinese line below must each fill exactly "
            "one line, edge to edge."
        ),
        Text(ruler(columns)),
        # Two columns a character: an odd column count leaves the last column free.
        Text(("一二三四五六七八九十" * (columns // 20 + 1))[: columns // 2]),
        Separator(),
        Text(CHINESE_SAMPLE),
        Text(PUNCTUATION_SAMPLE),
        Text(RARE_SAMPLE),
        Row("合计", paper_money(12_345)),
        Text("粗体 BOLD", bold=True),
        Text("倍大 DOUBLE", double=True),
        Separator(),
        Text(
            "If the Chinese above is garbled or shows ?, try: settings printer_mode gbk, "
            "then printer_mode raster. 中文乱码请在打印机设置中改用 GBK 或 图像 模式。"
        ),
        Barcode("TEST-" + settings.station_id[:20]),
    ]
    blocks += closing(settings, f"{settings.station_id}|TEST", footer=False)
    return Layout(tuple(blocks), columns)
