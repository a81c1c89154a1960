"""A dialog of a few labelled fields (text, amount, number, choice) that Enter submits."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.ui.common.form_parts import (
    AMOUNT_PATTERN,
    clear_when_edited,
    dialog_message_label,
    mark_refused,
)
from station_app.ui.common.messages import Tone, show_message


class FieldKind(Enum):
    """How a field is typed."""

    TEXT = "text"
    AMOUNT = "amount"  # yuan like 12.50
    NUMBER = "number"  # a whole number
    CHOICE = "choice"  # one of `choices`, Up/Down to change


@dataclass(frozen=True)
class FormField:
    """One row of a form: its key in the submitted values, label, kind and start value."""

    key: str
    label: str
    kind: FieldKind = FieldKind.TEXT
    text: str = ""
    max_length: int = 60
    pattern: str | None = None
    choices: tuple[tuple[str, Any], ...] = ()  # (shown text, value) for CHOICE
    placeholder: str = ""


_PATTERNS = {FieldKind.AMOUNT: AMOUNT_PATTERN, FieldKind.NUMBER: "[0-9]{0,5}"}


class FormDialog(QDialog):
    """Asks for a few values; the caller checks them and accepts or shows an error.

    Tab moves between fields, Enter in any field submits, Esc cancels. The dialog stays
    open until the caller calls `accept()`, so a refused value is corrected in place.

    Signals:
        submitted(dict): field key -> the text typed, or the chosen value of a choice.
    """

    submitted = Signal(dict)

    def __init__(
        self,
        title: str,
        fields: list[FormField],
        parent: QWidget | None = None,
        *,
        intro: str = "",
        keys: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("formDialog")
        self.setWindowTitle(title)
        self.setMinimumSize(680, 300)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.intro_label = QLabel(intro, self)
        self.intro_label.setObjectName("formIntro")
        self.intro_label.setWordWrap(True)
        self.intro_label.setVisible(bool(intro))
        layout.addWidget(self.intro_label)

        self.form = QFormLayout()
        self.form.setVerticalSpacing(8)
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        for field in fields:
            self.inputs[field.key] = self._input(field)
            self.form.addRow(field.label, self.inputs[field.key])
        layout.addLayout(self.form)

        self.message_label = dialog_message_label(self)
        clear_when_edited(self.message_label, self.inputs.values())
        layout.addWidget(self.message_label)
        layout.addStretch(1)
        self.keys_label = QLabel(
            keys or self.tr("Tab: next field    Enter: save    Esc: cancel"), self
        )
        self.keys_label.setObjectName("keysLabel")
        self.keys_label.setWordWrap(True)
        layout.addWidget(self.keys_label)
        if fields:
            self.focus_field(fields[0].key)
        else:
            # A confirmation only: the button holds the focus, Enter (below) confirms.
            self.confirm_button = QPushButton(self.tr("Confirm (Enter)"), self)
            self.confirm_button.setObjectName("formConfirm")
            self.confirm_button.setAutoDefault(False)
            self.confirm_button.clicked.connect(self.submit)
            layout.insertWidget(layout.indexOf(self.message_label), self.confirm_button)
            self.confirm_button.setFocus()

    def _input(self, field: FormField) -> QLineEdit | QComboBox:
        if field.kind is FieldKind.CHOICE:
            combo = QComboBox(self)
            combo.setObjectName(f"field_{field.key}")
            for shown, value in field.choices:
                combo.addItem(shown, value)
            return combo
        line = QLineEdit(field.text, self)
        line.setObjectName(f"field_{field.key}")
        line.setMaxLength(field.max_length)
        line.setPlaceholderText(field.placeholder)
        pattern = field.pattern or _PATTERNS.get(field.kind)
        if pattern is not None:
            line.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), line))
        return line

    def values(self) -> dict[str, Any]:
        """What is in the fields now: text, or a choice's value."""
        return {
            key: widget.currentData() if isinstance(widget, QComboBox) else widget.text()
            for key, widget in self.inputs.items()
        }

    def focus_field(self, key: str) -> None:
        """Put the cursor into a field, its text selected for retyping."""
        widget = self.inputs[key]
        widget.setFocus()
        if isinstance(widget, QLineEdit):
            widget.selectAll()

    def show_error(self, text: str, key: str | None = None) -> None:
        """Keep the dialog open with `text`; outline the field at fault, the cursor in it."""
        show_message(self.message_label, text, Tone.ERROR)
        for name, widget in self.inputs.items():
            mark_refused(widget, name == key)
        if key is not None and key in self.inputs:
            self.focus_field(key)

    def submit(self) -> None:
        """Hand the values to the caller."""
        self.submitted.emit(self.values())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter submits from any field (line edits pass it up here); Esc cancels."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        else:
            super().keyPressEvent(event)
