"""Opening a dialog over another dialog, and giving the focus back to where it was."""

from __future__ import annotations

from typing import TypeVar

import shiboken6
from PySide6.QtWidgets import QApplication, QDialog

DialogT = TypeVar("DialogT", bound=QDialog)


def open_nested(dialog: DialogT) -> DialogT:
    """Show `dialog` window-modal over its parent; on closing, refocus the field left.

    Without a window manager (offscreen, a bare X server) nothing re-activates the
    dialog underneath, and the keeper's next key would go nowhere.
    """
    returning_to = QApplication.focusWidget()

    def closed() -> None:
        # The field may be gone (its dialog closed too) by the time this one closes.
        if (
            returning_to is not None
            and shiboken6.isValid(returning_to)
            and returning_to.isVisible()
        ):
            returning_to.window().activateWindow()
            returning_to.setFocus()

    dialog.finished.connect(closed)
    dialog.open()
    return dialog
