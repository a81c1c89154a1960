"""Server-drawn SVG bar charts: the axis top and each bar's height follow the figures."""

from __future__ import annotations

import re

from county_hub.console.charts import bar_chart, nice_ceiling
from village_protocol.money import format_fen


def test_the_axis_top_is_the_next_1_2_or_5_step():
    assert [nice_ceiling(v) for v in (0, 1, 3, 7, 12, 5000, 50001)] == [
        1,
        1,
        5,
        10,
        20,
        5000,
        100000,
    ]


def test_bars_are_as_tall_as_their_share_of_the_axis_and_carry_their_figure():
    svg = bar_chart(
        [("2026-11-25", 5000), ("2026-11-26", 10000), ("2026-11-27", -300)],
        label="销售额",
        value_text=format_fen,
    )
    heights = [float(h) for h in re.findall(r'<rect class="bar"[^>]* height="([\d.]+)"', svg)]
    assert heights[0] * 2 == heights[1] and heights[2] == 0
    assert "<title>2026-11-26：¥100.00</title>" in svg
    assert 'aria-label="销售额"' in svg
    assert "<script" not in svg
