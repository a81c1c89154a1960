"""Counting the drawer (点钞) at a close or a hand-over: by note and coin, or one amount.

The count is blind: the dialog never shows what the drawer should hold, so the keeper
counts what is there rather than towards a number. The expected cash and the over/short
are shown once the count is stored (the shift report).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRegularExpression, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from station_app.core.errors import InputRefused
from station_app.core.money import format_fen, parse_yuan
from station_app.core.shifts import DENOMINATIONS_FEN, MAX_REASON
from station_app.ui.common.form_parts import (
    accept_amounts_only,
    clear_when_edited,
    dialog_message_label,
    mark_refused,
)
from station_app.ui.common.messages import Tone, show_message
from station_app.ui.signin.signin_screen import MAX_PIN_DIGITS

MAX_PIECES_DIGITS = 5  # 99,999 of one note or coin
DONE_KEY = Qt.Key.Key_F12  # as F12 pays at the checkout: "finished here"


def denomination_label(fen: int) -> str:
    """A note or coin as the keeper names it: ¥100, ¥0.5."""
    whole, part = divmod(fen, 100)
    return f"¥{whole}" if not part else f"¥{whole}.{part // 10}"


@dataclass(frozen=True)
class CashCount:
    """What the keeper counted: pieces per denomination (fen → how many) or one amount."""

    denominations: dict[int, int] | None
    counted_fen: int | None
    note: str
    successor_pin: str = ""

    @property
    def total_fen(self) -> int:
        """The cash counted, in fen."""
        if self.counted_fen is not None:
            return self.counted_fen
        return sum(fen * pieces for fen, pieces in (self.denominations or {}).items())


class CountDialog(QDialog):
    """The count: pieces per note and coin (adding up live), or the whole amount; a note.

    For a hand-over, the next clerk's PIN too: they sign in here to take the drawer.

    Enter in the last field or F12 anywhere hands the count over; the dialog stays
    open until the caller accepts, so a refusal is corrected in place.

    Signals:
        counted(object): a CashCount.
    """

    counted = Signal(object)

    def __init__(
        self,
        title: str,
        intro: str,
        language: str,
        parent: QWidget | None = None,
        *,
        successor: bool = False,
    ) -> None:
        super().__init__(parent)
        self._language = language
        self.setObjectName("countDialog")
        self.setWindowTitle(title)
        self.setMinimumSize(720, 640)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        self.intro_label = QLabel(intro, self)
        self.intro_label.setObjectName("formIntro")
        self.intro_label.setWordWrap(True)
        layout.addWidget(self.intro_label)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self.piece_inputs: dict[int, QLineEdit] = {}
        self.line_totals: dict[int, QLabel] = {}
        digits = QRegularExpression(f"[0-9]{{0,{MAX_PIECES_DIGITS}}}")
        for row, fen in enumerate(DENOMINATIONS_FEN):
            name = QLabel(denomination_label(fen), self)
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            pieces = QLineEdit(self)
            pieces.setObjectName(f"pieces_{fen}")
            pieces.setValidator(QRegularExpressionValidator(digits, pieces))
            pieces.setMaxLength(MAX_PIECES_DIGITS)
            pieces.setAlignment(Qt.AlignmentFlag.AlignRight)
            pieces.setFixedWidth(140)
            total = QLabel(self)
            total.setObjectName("lineTotal")
            total.setMinimumWidth(140)
            total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(name, row, 0)
            grid.addWidget(QLabel("×", self), row, 1)
            grid.addWidget(pieces, row, 2)
            grid.addWidget(total, row, 3)
            self.piece_inputs[fen] = pieces
            self.line_totals[fen] = total
            pieces.textChanged.connect(self._add_up)
        grid.setColumnStretch(4, 1)  # the line totals stay beside their counts
        row = len(DENOMINATIONS_FEN)
        grid.addWidget(QLabel(self.tr("Or the whole amount (yuan):"), self), row, 0, 1, 2)
        self.amount_input = accept_amounts_only(QLineEdit(self))
        self.amount_input.setObjectName("countedAmount")
        self.amount_input.setFixedWidth(200)
        self.amount_input.textChanged.connect(self._add_up)
        grid.addWidget(self.amount_input, row, 2, 1, 2)
        layout.addLayout(grid)

        self.total_label = QLabel(self)
        self.total_label.setObjectName("countTotal")
        self.total_label.setStyleSheet("font-size: 22pt; font-weight: bold; color: #c8102e;")
        layout.addWidget(self.total_label)

        form = QGridLayout()
        form.addWidget(QLabel(self.tr("Note:"), self), 0, 0)
        self.note_input = QLineEdit(self)
        self.note_input.setObjectName("countNote")
        self.note_input.setMaxLength(MAX_REASON)
        self.note_input.setPlaceholderText(self.tr("why the cash differs, if it does"))
        form.addWidget(self.note_input, 0, 1)
        self.pin_input: QLineEdit | None = None
        if successor:
            form.addWidget(QLabel(self.tr("Next clerk's PIN:"), self), 1, 0)
            self.pin_input = QLineEdit(self)
            self.pin_input.setObjectName("successorPin")
            self.pin_input.setEchoMode(QLineEdit.EchoMode.Password)
            self.pin_input.setMaxLength(MAX_PIN_DIGITS)
            self.pin_input.setValidator(
                QRegularExpressionValidator(
                    QRegularExpression(f"[0-9]{{0,{MAX_PIN_DIGITS}}}"), self.pin_input
                )
            )
            form.addWidget(self.pin_input, 1, 1)
        layout.addLayout(form)

        self.fields: list[QLineEdit] = [
            *self.piece_inputs.values(),
            self.amount_input,
            self.note_input,
            *([self.pin_input] if self.pin_input is not None else []),
        ]
        self.message_label = dialog_message_label(self)
        clear_when_edited(self.message_label, self.fields)
        layout.addWidget(self.message_label)
        layout.addStretch(1)
        self.keys_label = QLabel(
            self.tr(
                "Tab / Enter: next line    F12: count done (Enter on the last line too)    "
                "Esc: cancel"
            ),
            self,
        )
        self.keys_label.setObjectName("keysLabel")
        self.keys_label.setWordWrap(True)
        layout.addWidget(self.keys_label)
        for first, second in zip(self.fields, self.fields[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self._add_up()
        self.fields[0].setFocus()

    def count(self) -> CashCount:
        """What is typed now, read as a count.

        Raises:
            InputRefused: the amount is no amount, both ways were used, or nothing is typed.
        """
        pieces = {fen: int(edit.text()) for fen, edit in self.piece_inputs.items() if edit.text()}
        amount = self.amount_input.text().strip()
        if amount and any(pieces.values()):
            raise InputRefused(
                "请按面额点数，或只输入总金额（二选一）",
                "Count by note and coin, or type the whole amount, not both",
                field="counted_fen",
            )
        pin = self.pin_input.text() if self.pin_input is not None else ""
        note = self.note_input.text()
        if amount:
            fen = parse_yuan(amount, field=("点钞金额", "Counted cash"))
            return CashCount(None, fen, note, pin)
        if not pieces:
            raise InputRefused(
                "请点钞：每种面额有几张，或输入总金额（钱箱空就输入 0）",
                "Count the cash: how many of each note and coin, or the whole amount "
                "(0 for an empty drawer)",
                field="counted_fen",
            )
        return CashCount(pieces, None, note, pin)

    def show_error(self, text: str, field: str | None = None) -> None:
        """Keep the dialog open with `text`; the cursor goes to the field at fault."""
        show_message(self.message_label, text, Tone.ERROR)
        target = {
            "note": self.note_input,
            "successor": self.pin_input,
            "pin": self.pin_input,
            "counted_fen": self.fields[0],
        }.get(field or "")
        for edit in self.fields:
            mark_refused(edit, edit is target and field != "counted_fen")
        if target is self.pin_input and self.pin_input is not None:
            self.pin_input.clear()
        if target is not None:
            target.setFocus()
            target.selectAll()

    @Slot()
    def _add_up(self) -> None:
        for fen, edit in self.piece_inputs.items():
            pieces = int(edit.text()) if edit.text() else 0
            self.line_totals[fen].setText(format_fen(fen * pieces) if pieces else "")
        try:
            total = self.count().total_fen
        except InputRefused:
            total = None
        if total is None and self.amount_input.text().strip():
            self.total_label.setText(self.tr("Counted: — (one way only)"))
        else:
            self.total_label.setText(self.tr("Counted: {0}").format(format_fen(total or 0)))

    def submit(self) -> None:
        """Hand the count to the caller, or say what is wrong with it."""
        try:
            count = self.count()
        except InputRefused as refused:
            self.show_error(refused.text(self._language), refused.field)
            return
        self.counted.emit(count)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter moves down a line (submits on the last); F12 submits from anywhere."""
        if event.key() == DONE_KEY:
            self.submit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if focused is self.fields[-1] or focused not in self.fields:
                self.submit()
            else:
                self.focusNextChild()
        else:
            super().keyPressEvent(event)
