"""A line edit that hands chosen keys to its controller, so focus never has to leave it."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget


class KeyLineEdit(QLineEdit):
    """A QLineEdit that reports (and consumes) the keys it was told to route.

    The clerk types into one field all day; arrows, function keys and Delete steer the
    rest of the screen from there instead of moving the focus away.

    Signals:
        key_pressed(int): a routed key (a `Qt.Key` value) was pressed here.
    """

    key_pressed = Signal(int)

    def __init__(self, routed_keys: Iterable[Qt.Key] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._routed = {int(key.value) for key in routed_keys}

    def route_keys(self, keys: Iterable[Qt.Key]) -> None:
        """Add keys to report instead of handling them as text editing."""
        self._routed |= {int(key.value) for key in keys}

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Emit `key_pressed` for routed keys; edit text for all others."""
        if event.key() in self._routed and not event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier
        ):
            self.key_pressed.emit(event.key())
            event.accept()
            return
        super().keyPressEvent(event)
