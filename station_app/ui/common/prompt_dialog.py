"""A one-field dialog (quantity, weight, PIN, receipt number…) that Enter submits."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal, Slot
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.ui.common.form_parts import dialog_message_label
from station_app.ui.common.messages import Tone, show_message


class PromptDialog(QDialog):
    """Asks for one value. The caller checks it and either accepts or shows an error.

    Enter emits `submitted`; the dialog stays open until the caller calls `accept()`,
    so a refused value is corrected in place. Esc cancels.

    Signals:
        submitted(str): the keeper pressed Enter with this text.
    """

    submitted = Signal(str)

    def __init__(
        self,
        title: str,
        prompt: str,
        parent: QWidget | None = None,
        *,
        text: str = "",
        hint: str = "",
        pattern: str | None = None,
        max_length: int = 32,
        secret: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("promptDialog")
        self.setWindowTitle(title)
        self.setMinimumSize(560, 300)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)

        self.prompt_label = QLabel(prompt, self)
        self.prompt_label.setObjectName("promptLabel")
        self.prompt_label.setWordWrap(True)
        layout.addWidget(self.prompt_label)

        self.input = QLineEdit(self)
        self.input.setObjectName("promptInput")
        self.input.setMaxLength(max_length)
        if secret:
            self.input.setEchoMode(QLineEdit.EchoMode.Password)
        if pattern is not None:
            self.input.setValidator(
                QRegularExpressionValidator(QRegularExpression(pattern), self.input)
            )
        self.input.setText(text)
        self.input.selectAll()
        layout.addWidget(self.input)

        self.hint_label = QLabel(hint, self)
        self.hint_label.setObjectName("hintLabel")
        self.hint_label.setWordWrap(True)
        self.hint_label.setVisible(bool(hint))
        layout.addWidget(self.hint_label)

        self.message_label = dialog_message_label(self)
        layout.addWidget(self.message_label)

        buttons = QHBoxLayout()
        self.confirm_button = QPushButton(self.tr("Confirm (Enter)"), self)
        self.cancel_button = QPushButton(self.tr("Cancel (Esc)"), self)
        for button in (self.confirm_button, self.cancel_button):
            # Buttons serve the mouse; they never take focus, so Enter always submits.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout.addLayout(buttons)

        self.input.returnPressed.connect(self._submit)
        self.confirm_button.clicked.connect(self._submit)
        self.cancel_button.clicked.connect(self.reject)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def show_error(self, text: str, *, clear: bool = False) -> None:
        """Keep the dialog open with `text`; select (or clear) the input for a retry."""
        show_message(self.message_label, text, Tone.ERROR)
        if clear:
            self.input.clear()
        else:
            self.input.selectAll()
        self.input.setFocus()

    @Slot()
    def _submit(self) -> None:
        self.submitted.emit(self.input.text())
