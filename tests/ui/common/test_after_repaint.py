"""Background work a screen change starts waits for the screen to be painted."""

from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QWidget

from station_app.ui.common.after_repaint import after_repaint


class _Painted(QWidget):
    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.log = log

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        self.log.append("paint")
        super().paintEvent(event)


def _shown(qtbot, log: list[str]) -> _Painted:
    window = _Painted(log)
    qtbot.addWidget(window)
    window.resize(200, 100)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: "paint" in log)
    log.clear()
    return window


def test_the_action_runs_once_the_window_has_painted_its_change(qtbot):
    log: list[str] = []
    window = _shown(qtbot, log)
    child = QWidget(window)
    child.show()  # the change the window must paint
    after_repaint(child, lambda: log.append("action"))
    assert log == []
    qtbot.waitUntil(lambda: "action" in log)
    assert log[0] == "paint" and log.count("action") == 1


def test_a_window_that_does_not_repaint_runs_the_action_at_the_deadline_once(qtbot):
    log: list[str] = []
    window = _Painted(log)
    qtbot.addWidget(window)  # never shown: it never paints
    after_repaint(window, lambda: log.append("action"), at_most_ms=50)
    qtbot.wait(20)
    assert log == []
    qtbot.waitUntil(lambda: log == ["action"], timeout=2000)


def test_after_the_repaint_the_deadline_does_not_run_it_again(qtbot):
    log: list[str] = []
    window = _shown(qtbot, log)
    window.update()
    after_repaint(window, lambda: log.append("action"), at_most_ms=200)
    qtbot.waitUntil(lambda: "action" in log)
    qtbot.wait(400)
    assert log.count("action") == 1
