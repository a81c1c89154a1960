"""Widget properties the style sheet selects on (`[tone="error"]`, `[current="true"]`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def set_style_property(widget: QWidget, name: str, value: object) -> None:
    """Set `widget`'s property `name` and restyle it, when that changes how it looks.

    Qt reads a style sheet's property selectors when it polishes a widget, so a polished
    widget is polished again. One not polished yet (just built: Qt polishes it at the
    event loop's next turn, or when shown) needs nothing: it takes the value then.
    Skipping that also keeps the counter's start from building PySide's QStyle wrapper
    (about 15 ms of enums) before the first screen shows.
    """
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    if widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)
