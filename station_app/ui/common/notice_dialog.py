"""A plain notice ("refund done") that Enter or Esc closes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget


class NoticeDialog(QDialog):
    """Big text and one OK button that holds the focus, so Enter closes it."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeDialog")
        self.setWindowTitle(title)
        # Both bounds fixed up front: the layout then never resizes a shown window.
        self.setMinimumSize(560, 260)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box = QVBoxLayout(self)
        self.text_label = QLabel(text, self)
        self.text_label.setObjectName("noticeText")
        self.text_label.setWordWrap(True)
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.text_label, 1)
        self.ok_button = QPushButton(self.tr("OK (Enter)"), self)
        self.ok_button.setObjectName("noticeOk")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.accept)
        box.addWidget(self.ok_button)
        self.ok_button.setFocus()
