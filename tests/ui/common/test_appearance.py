"""The look every screen shares: the style sheet's frames."""

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from station_app.ui.common.appearance import style_sheet
from station_app.ui.common.form_dialog import FormDialog, FormField

FRAME = QColor("#3b3530")


@pytest.fixture
def styled(qapp):
    qapp.setStyleSheet(style_sheet())
    yield qapp
    qapp.setStyleSheet("")


def test_a_dialog_draws_its_own_frame_without_a_window_manager(styled, qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    dialog = FormDialog("Parcel arrived", [FormField("tracking", "Tracking no.")], page)
    dialog.show()
    qtbot.waitExposed(dialog)
    picture = dialog.grab().toImage()
    width, height = picture.width(), picture.height()
    # Every edge, a pixel in from the outside: the frame, not the dialog's background.
    for x, y in (
        (width // 2, 1),
        (width // 2, height - 2),
        (1, height // 2),
        (width - 2, height // 2),
    ):
        assert picture.pixelColor(x, y) == FRAME, (x, y)
    assert picture.pixelColor(width // 2, 10) != FRAME  # the frame is a line, not a fill
    dialog.close()
