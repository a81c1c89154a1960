"""A style-sheet property set on a widget shows, whether or not it was polished yet."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel

from station_app.ui.common.appearance import style_sheet
from station_app.ui.common.style_property import set_style_property

ERROR_RED = QColor("#b3140b")  # resources/style.qss: QLabel[tone="error"]
INFO_DARK = QColor("#3b3530")  # QLabel[tone="info"]


def _text_colour(label: QLabel) -> QColor:
    return label.palette().color(QPalette.ColorRole.WindowText)


def _label(qtbot) -> QLabel:
    # Made inside the test: a new widget is polished at the next turn of the event loop,
    # which pytest-qt gives between a fixture and the test. The station's style sheet is
    # the label's own, not the shared QApplication's, which other tests' windows use.
    label = QLabel("余额不足")
    label.setStyleSheet(style_sheet())
    qtbot.addWidget(label)
    return label


def test_a_label_not_yet_polished_takes_its_tone_at_its_first_polish(qtbot):
    label = _label(qtbot)
    assert not label.testAttribute(Qt.WidgetAttribute.WA_WState_Polished)
    set_style_property(label, "tone", "error")
    label.show()
    qtbot.waitExposed(label)
    assert label.property("tone") == "error"
    assert _text_colour(label) == ERROR_RED


def test_a_shown_label_is_restyled_when_its_tone_changes(qtbot):
    label = _label(qtbot)
    set_style_property(label, "tone", "info")
    label.show()
    qtbot.waitExposed(label)
    assert _text_colour(label) == INFO_DARK
    set_style_property(label, "tone", "error")
    assert _text_colour(label) == ERROR_RED
    set_style_property(label, "tone", "info")
    assert _text_colour(label) == INFO_DARK
