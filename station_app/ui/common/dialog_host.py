"""Opening a screen's dialogs without blocking, and giving the focus back when they close."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QDialog, QWidget

DialogT = TypeVar("DialogT", bound=QDialog)


class DialogHost(QObject):
    """Opens dialogs over `parent` with `open()` and refocuses `home` when each closes.

    `open()` returns at once (unlike `exec()`), so the event loop, timers and tests keep
    running while a dialog waits for the keeper.
    """

    def __init__(self, parent: QWidget, home: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self._home = home
        self.current: QDialog | None = None

    @property
    def parent_widget(self) -> QWidget:
        """The widget dialogs are centred over."""
        return self._parent

    def open(self, dialog: DialogT) -> DialogT:
        """Show `dialog` window-modal; when it closes, the focus goes back home."""
        self.current = dialog
        dialog.finished.connect(self._closed)
        dialog.open()
        return dialog

    @Slot()
    def _closed(self) -> None:
        self.current = None
        # Some platforms (and no window manager at all) leave no window active after a
        # dialog closes; the scan field must get the keys again either way.
        self._home.window().activateWindow()
        self._home.setFocus()
