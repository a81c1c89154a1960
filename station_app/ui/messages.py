"""How the UI tells the keeper what happened: a coloured message line."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QApplication, QLabel


class Tone(Enum):
    """How a message should look; the style sheet colours labels by this property."""

    INFO = "info"
    SUCCESS = "success"
    ERROR = "error"


def show_message(label: QLabel, text: str, tone: Tone = Tone.INFO) -> None:
    """Put `text` on a message line, coloured by `tone`; errors also beep."""
    label.setText(text)
    label.setProperty("tone", tone.value)
    # A dynamic property only restyles after the widget is polished again.
    label.style().unpolish(label)
    label.style().polish(label)
    if tone is Tone.ERROR:
        QApplication.beep()
