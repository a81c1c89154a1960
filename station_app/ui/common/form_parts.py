"""Widgets every dialog and page builds the same way.

Money fields, the message line under a form and its rule, the refused-field mark, and
the function-key legend.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QFrame, QGridLayout, QLabel, QLineEdit, QWidget

from station_app.ui.common.messages import Tone, message_line, show_message
from station_app.ui.common.style_property import set_style_property

# Yuan as a keeper types it: optional ¥/￥, up to 7 digits, up to 2 decimals.
AMOUNT_PATTERN = r"[¥￥]?[0-9]{0,7}([.][0-9]{0,2})?"
AMOUNT_MAX_LENGTH = 12
LEGEND_COLUMNS = 6  # the same on every page, so a key stands where the eye expects it

Action = TypeVar("Action")
# A binding only hands its action out, so a caption of a narrower action fits too.
ActionT_co = TypeVar("ActionT_co", covariant=True)


class KeyCaption(Protocol[ActionT_co]):
    """What the legend needs of a key binding (checkout keys and page keys alike)."""

    @property
    def caption(self) -> str: ...  # noqa: D102

    @property
    def action(self) -> ActionT_co: ...  # noqa: D102

    def translated_label(self) -> str: ...  # noqa: D102


def accept_amounts_only(edit: QLineEdit) -> QLineEdit:
    """Let `edit` take only an amount in yuan; the core still checks the value."""
    edit.setMaxLength(AMOUNT_MAX_LENGTH)
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(AMOUNT_PATTERN), edit))
    return edit


def dialog_message_label(parent: QWidget) -> QLabel:
    """The line under a dialog's fields where refusals and hints are shown."""
    return message_line(parent, "dialogMessage")


def clear_message(label: QLabel) -> None:
    """Empty a message line (and drop its colour)."""
    if label.text() or label.property("tone") not in (None, Tone.INFO.value):
        show_message(label, "", Tone.INFO)


def mark_refused(widget: QWidget, refused: bool = True) -> None:
    """Outline the field a refusal is about (style sheet: `[refused="true"]`)."""
    if bool(widget.property("refused")) == refused:
        return
    set_style_property(widget, "refused", refused)


def clear_when_edited(label: QLabel, fields: Iterable[QLineEdit | QComboBox]) -> None:
    """The message line's rule in a form: what it says belongs to the step that caused it.

    A refusal or a "saved" stays until the keeper changes a field (by typing or
    choosing, not when the program refills a field): then the condition it spoke of
    has changed, so the line empties and the refused field loses its outline.
    """
    fields = list(fields)

    def edited() -> None:
        clear_message(label)
        for field in fields:
            mark_refused(field, False)

    for field in fields:
        if isinstance(field, QComboBox):
            field.activated.connect(edited)
        else:
            field.textEdited.connect(edited)


def key_legend(
    parent: QWidget, bindings: Iterable[KeyCaption[Action]]
) -> tuple[QFrame, dict[Action, QLabel]]:
    """The on-screen key legend: keycap and action name, LEGEND_COLUMNS pairs a row.

    Returns the frame and the action-name labels by action, so a view can update one.
    """
    legend = QFrame(parent)
    legend.setObjectName("keyLegend")
    grid = QGridLayout(legend)
    grid.setContentsMargins(4, 4, 4, 4)
    grid.setHorizontalSpacing(6)
    labels: dict[Action, QLabel] = {}
    for index, binding in enumerate(bindings):
        row, column = divmod(index, LEGEND_COLUMNS)
        cap = QLabel(binding.caption, legend)
        cap.setObjectName("keyCap")
        cap.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(binding.translated_label(), legend)
        text.setObjectName("keyText")
        labels[binding.action] = text
        grid.addWidget(cap, row, 2 * column)
        grid.addWidget(text, row, 2 * column + 1)
    for column in range(LEGEND_COLUMNS):
        grid.setColumnStretch(2 * column + 1, 1)
    return legend, labels
