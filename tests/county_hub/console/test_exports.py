"""The console's .xlsx: Chinese headers, yuan as numbers, header frozen, formulas as text."""

from __future__ import annotations

import io

import openpyxl

from county_hub.console.exports import Column, Sheet, workbook_bytes


def test_amounts_are_yuan_numbers_and_formula_like_text_stays_text():
    data = workbook_bytes(
        [
            Sheet(
                "对账",
                [Column("站点名称"), Column("笔数", "count"), Column("净额（元）", "fen")],
                [['=HYPERLINK("http://x","点我")', 3, 1250], ["-1+2", 0, -5]],
                alert=lambda row: row[1] == 0,
            )
        ]
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data))["对账"]
    assert [c.value for c in sheet[1]] == ["站点名称", "笔数", "净额（元）"]
    assert sheet.freeze_panes == "A2"
    assert (sheet["A2"].value, sheet["A2"].data_type) == ('=HYPERLINK("http://x","点我")', "s")
    assert (sheet["A3"].data_type, sheet["B2"].value) == ("s", 3)
    assert (sheet["C2"].value, sheet["C2"].number_format) == (12.5, "0.00")
    assert sheet["C3"].value == -0.05
    assert sheet["A3"].fill.fgColor.rgb.endswith("FDECEA") and not sheet[
        "A2"
    ].fill.fgColor.rgb.endswith("FDECEA")
