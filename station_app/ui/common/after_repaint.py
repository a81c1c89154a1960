"""Run something once a window has painted what it was just given, not before."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# A window that is hidden or minimised does not repaint; the action must still run.
AT_MOST_MS = 1_000


class _AfterRepaint(QObject):
    """Watches `window` for its next repaint; runs `action` on the event loop's next turn.

    Qt repaints a window when its update request arrives (posted, low priority, to the
    top-level widget). An action queued from there runs after the paint; one queued
    before it (QTimer.singleShot(0)) would run first and hold the UI thread, or the GIL,
    while the keeper waits for the screen.
    """

    def __init__(self, window: QWidget, action: Callable[[], None], at_most_ms: int) -> None:
        super().__init__(window)
        self._window = window
        self._action: Callable[[], None] | None = action
        window.installEventFilter(self)
        QTimer.singleShot(at_most_ms, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """On the window's update request, queue the action behind the paint it causes."""
        if watched is self._window and event.type() == QEvent.Type.UpdateRequest:
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        action, self._action = self._action, None
        if action is None:  # the repaint's turn and the deadline: only the first runs it
            return
        self._window.removeEventFilter(self)
        self.deleteLater()
        action()


def after_repaint(
    widget: QWidget, action: Callable[[], None], at_most_ms: int = AT_MOST_MS
) -> None:
    """Run `action` once `widget`'s window has repainted, or after `at_most_ms` at the latest.

    For background work a screen change starts (the stock notice of a sign-in): the
    screen shows first. Dropped with the window, if it closes before.
    """
    _AfterRepaint(widget.window(), action, at_most_ms)
