"""Bar charts as inline SVG, drawn on the hub from the figures: no picture, no script.

Each bar carries a `<title>` (the browser shows it on hover) and the chart an
`aria-label`, so the figures stay readable without the drawing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

WIDTH = 1000
HEIGHT = 160
_LEFT = 86  # room for the y-axis labels (¥12,345.00)
_BOTTOM = 26
_TOP = 12


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ at or above `value` (at least 1), for the axis top."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return max(1, step * factor)
        step *= 10


def bar_chart(
    points: Sequence[tuple[str, int]],
    *,
    label: str,
    value_text: Callable[[int], str],
    tick_every: int = 5,
) -> Markup:
    """An SVG bar per (x label, value); negative values draw as zero-height bars.

    `label` names the chart for screen readers; `value_text` formats a value (fen ->
    `¥12.50`); every `tick_every`-th x label is written under its bar.
    """
    top = nice_ceiling(max((v for _, v in points), default=0))
    plot_w = WIDTH - _LEFT - 8
    plot_h = HEIGHT - _TOP - _BOTTOM
    slot = plot_w / max(1, len(points))
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for share in (0, 0.5, 1):
        y = _TOP + plot_h * (1 - share)
        parts.append(
            f'<line class="grid" x1="{_LEFT}" y1="{y:.1f}" x2="{WIDTH - 8}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(value_text(round(top * share)))}</text>"
        )
    for index, (x_label, value) in enumerate(points):
        height = plot_h * max(0, value) / top
        x = _LEFT + index * slot + slot * 0.15
        y = _TOP + plot_h - height
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{height:.1f}"><title>{escape(x_label)}：{escape(value_text(value))}'
            "</title></rect>"
        )
        if index % tick_every == 0 or index == len(points) - 1:
            parts.append(
                f'<text class="axis" x="{x + slot * 0.35:.1f}" y="{HEIGHT - 8}" '
                f'text-anchor="middle">{escape(x_label[5:])}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
