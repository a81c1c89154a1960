"""Fonts and the style sheet: large, readable, with Chinese glyphs on every platform."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from station_app.paths import resource_path

# Windows counter PCs have YaHei; Linux boxes usually WenQuanYi or Noto. Listing all
# three keeps Qt from falling back to a font without CJK glyphs (boxes on screen).
CJK_FAMILIES = ["Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC"]
BASE_POINT_SIZE = 14
STYLE_SHEET = "style.qss"


def base_font() -> QFont:
    """The application font: CJK-capable families, at least 14 pt."""
    font = QFont()
    font.setFamilies(CJK_FAMILIES)
    font.setPointSize(BASE_POINT_SIZE)
    return font


def style_sheet() -> str:
    """The Qt style sheet shipped in resources/ (empty if missing, so the app still starts)."""
    path = resource_path(STYLE_SHEET)
    return path.read_text(encoding="utf-8") if path.exists() else ""


def apply_appearance(app: QApplication) -> None:
    """Give `app` the station's font and style sheet; call before building windows."""
    app.setFont(base_font())
    app.setStyleSheet(style_sheet())
