"""The X or Z report on screen: the figures as text beside the paper as it prints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station_app.core.money import format_fen
from station_app.core.payments import PaymentMethod
from station_app.core.shifts import ShiftFigures
from station_app.printing.charset import CharacterMode
from station_app.ui.checkout.payment_dialog import method_label
from station_app.ui.checkout.receipt_preview import render_layout_image
from station_app.ui.common.form_parts import dialog_message_label
from station_app.ui.common.messages import Tone, show_message
from station_app.ui.common.translation import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from station_app.printing.raster_render import RasterFont
    from station_app.printing.receipt_layout import Layout

PRINT_KEY = Qt.Key.Key_F7  # the checkout's printing key
PAPER_MAX_PX = 400  # 80 mm paper is drawn narrower, so the figures keep their room
SCROLL_PX = 48

Line = tuple[str, str, str, bool]  # a ShiftFigures field (or "payments.<method>"), label,
# the value shown, strong

LABELS = {
    "receipts_count": QT_TRANSLATE_NOOP("ShiftReport", "Receipts"),
    "gross_fen": QT_TRANSLATE_NOOP("ShiftReport", "Sales"),
    "discount_fen": QT_TRANSLATE_NOOP("ShiftReport", "Discounts ({0})"),
    "rounding_fen": QT_TRANSLATE_NOOP("ShiftReport", "Rounding ({0})"),
    "refunds_fen": QT_TRANSLATE_NOOP("ShiftReport", "Refunds ({0})"),
    "voided_lines_count": QT_TRANSLATE_NOOP("ShiftReport", "Lines deleted"),
    "net_fen": QT_TRANSLATE_NOOP("ShiftReport", "Net"),
    "float_fen": QT_TRANSLATE_NOOP("ShiftReport", "Float"),
    "cash_sales_fen": QT_TRANSLATE_NOOP("ShiftReport", "Cash sales"),
    "cash_refunds_fen": QT_TRANSLATE_NOOP("ShiftReport", "Cash refunds"),
    "agency_cash_in_fen": QT_TRANSLATE_NOOP("ShiftReport", "Agency cash in"),
    "agency_cash_out_fen": QT_TRANSLATE_NOOP("ShiftReport", "Agency cash out"),
    "credit_repayments_cash_fen": QT_TRANSLATE_NOOP("ShiftReport", "Credit repaid in cash"),
    "payouts_cash_fen": QT_TRANSLATE_NOOP("ShiftReport", "Farmer payouts"),
    "pay_in_fen": QT_TRANSLATE_NOOP("ShiftReport", "Pay-ins"),
    "pay_out_fen": QT_TRANSLATE_NOOP("ShiftReport", "Pay-outs"),
    "expected_cash_fen": QT_TRANSLATE_NOOP("ShiftReport", "Expected cash"),
    "counted_cash_fen": QT_TRANSLATE_NOOP("ShiftReport", "Counted"),
    "over_short_fen": QT_TRANSLATE_NOOP("ShiftReport", "Over / short"),
}
STRONG = {"net_fen", "expected_cash_fen", "counted_cash_fen", "over_short_fen"}
OUTS = {"discount_fen", "rounding_fen", "refunds_fen", "cash_refunds_fen"}
OUTS |= {"agency_cash_out_fen", "payouts_cash_fen", "pay_out_fen"}  # shown negative
COUNTS = {"discount_fen": "discount_count", "rounding_fen": "rounding_count"}
COUNTS |= {"refunds_fen": "refunds_count"}
COUNTER_KEYS = (
    "receipts_count",
    "gross_fen",
    "discount_fen",
    "rounding_fen",
    "refunds_fen",
    "voided_lines_count",
    "net_fen",
)
DRAWER_KEYS = (
    "float_fen",
    "cash_sales_fen",
    "cash_refunds_fen",
    "agency_cash_in_fen",
    "agency_cash_out_fen",
    "credit_repayments_cash_fen",
    "payouts_cash_fen",
    "pay_in_fen",
    "pay_out_fen",
    "expected_cash_fen",
)
COUNT_KEYS = ("counted_cash_fen", "over_short_fen")


def _line(figures: ShiftFigures, key: str) -> Line:
    value = getattr(figures, key) or 0
    label = QCoreApplication.translate("ShiftReport", LABELS[key])
    if key in COUNTS:
        label = label.format(getattr(figures, COUNTS[key]))
    shown = format_fen(-value if key in OUTS else value) if key.endswith("_fen") else str(value)
    return key, label, shown, key in STRONG


def counter_lines(figures: ShiftFigures) -> list[Line]:
    """What was rung up and taken back, then the takings per method (cash always)."""
    lines = [_line(figures, key) for key in COUNTER_KEYS]
    for method in PaymentMethod:
        fen = figures.payments_fen.get(method.value, 0)
        if fen or method is PaymentMethod.CASH:
            lines.append((f"payments.{method.value}", method_label(method), format_fen(fen), False))
    return lines


def drawer_lines(figures: ShiftFigures) -> list[Line]:
    """The float and every cash movement (outs negative) down to the expected; the count."""
    counted = COUNT_KEYS if figures.counted_cash_fen is not None else ()
    return [_line(figures, key) for key in (*DRAWER_KEYS, *counted)]


def headline(figures: ShiftFigures) -> str:
    """One line a keeper reads first: the over/short of a count, or the cash so far."""
    expected = format_fen(figures.expected_cash_fen)
    if figures.counted_cash_fen is None:
        text = QCoreApplication.translate(
            "ShiftReport", "Shift so far (not closed): expected cash in the drawer {0}."
        )
        return text.format(expected)
    over_short = figures.over_short_fen or 0
    counted = format_fen(figures.counted_cash_fen)
    if over_short < 0:
        text = QCoreApplication.translate("ShiftReport", "Counted {0}, expected {1}: short {2}.")
    elif over_short > 0:
        text = QCoreApplication.translate("ShiftReport", "Counted {0}, expected {1}: over {2}.")
    else:
        text = QCoreApplication.translate(
            "ShiftReport", "Counted {0}, as expected {1}: the cash is right."
        )
    return text.format(counted, expected, format_fen(abs(over_short)))


class ShiftReportDialog(QDialog):
    """The report's figures in two columns and its paper; F7 prints, Enter or Esc closes.

    Signals:
        print_requested(): the keeper pressed the print key.
    """

    print_requested = Signal()

    def __init__(
        self,
        title: str,
        figures: ShiftFigures,
        layout: Layout,
        parent: QWidget | None = None,
        *,
        mode: CharacterMode | None = None,
        font: RasterFont | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shiftReportDialog")
        self.setWindowTitle(title)
        self.setMinimumSize(980, 660)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box = QVBoxLayout(self)
        self.headline_label = QLabel(headline(figures), self)
        self.headline_label.setObjectName("shiftHeadline")
        self.headline_label.setWordWrap(True)
        self.headline_label.setStyleSheet("font-size: 20pt; font-weight: bold;")
        if figures.over_short_fen:
            self.headline_label.setStyleSheet("font-size: 20pt; font-weight: bold; color: #b3140b;")
        box.addWidget(self.headline_label)
        body = QHBoxLayout()
        self.values: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        body.addWidget(self._column(self.tr("Counter"), counter_lines(figures)), 1)
        body.addWidget(self._column(self.tr("Cash drawer"), drawer_lines(figures)), 1)
        self.paper_label = QLabel(self)
        self.paper_label.setObjectName("reportPaper")
        self.paper_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.paper_label.setStyleSheet("background: white; padding: 0 10px;")
        image = render_layout_image(layout, mode=mode, font=font)
        if image.width() > PAPER_MAX_PX:
            image = render_layout_image(layout, dpi_width_px=PAPER_MAX_PX, mode=mode, font=font)
        self.paper_label.setPixmap(QPixmap.fromImage(image))
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("reportScroll")
        self.scroll_area.setWidget(self.paper_label)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll_area.setFixedWidth(PAPER_MAX_PX + 44)
        body.addWidget(self.scroll_area)
        box.addLayout(body, 1)
        if figures.note:
            note = QLabel(self.tr("Note: {0}").format(figures.note), self)
            note.setObjectName("reportNote")
            note.setWordWrap(True)
            box.addWidget(note)
        self.message_label = dialog_message_label(self)
        box.addWidget(self.message_label)
        self.keys_label = QLabel(
            self.tr("Up/Down: scroll the paper    F7: print    Enter / Esc: close"), self
        )
        self.keys_label.setObjectName("keysLabel")
        box.addWidget(self.keys_label)
        # No field here: the dialog itself takes the keys.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocus()

    def _column(self, heading: str, lines: list[Line]) -> QFrame:
        frame = QFrame(self)
        frame.setObjectName("reportColumn")
        # Smaller than the counter's 15 pt: two columns of a dozen rows fit 768 px.
        frame.setStyleSheet("QLabel { font-size: 13pt; }")
        grid = QGridLayout(frame)
        grid.setVerticalSpacing(3)
        title = QLabel(heading, frame)
        title.setStyleSheet("font-weight: bold;")
        grid.addWidget(title, 0, 0, 1, 2)
        for row, (key, label, value, strong) in enumerate(lines, start=1):
            name = QLabel(label, frame)
            shown = QLabel(value, frame)
            shown.setObjectName("reportValue")
            shown.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if strong:
                name.setStyleSheet("font-weight: bold;")
                shown.setStyleSheet("font-weight: bold;")
            grid.addWidget(name, row, 0)
            grid.addWidget(shown, row, 1)
            self.values[key] = shown
            self.labels[key] = name
        grid.setRowStretch(len(lines) + 1, 1)
        return frame

    def show_status(self, text: str, tone: Tone = Tone.INFO) -> None:
        """Say how printing or the backup went."""
        show_message(self.message_label, text, tone)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """F7 prints; the arrows scroll the paper; Enter closes (Esc too, as in any dialog)."""
        key = event.key()
        bar = self.scroll_area.verticalScrollBar()
        if key == PRINT_KEY:
            self.print_requested.emit()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            bar.setValue(bar.value() + (SCROLL_PX if key == Qt.Key.Key_Down else -SCROLL_PX))
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            step = bar.pageStep() if key == Qt.Key.Key_PageDown else -bar.pageStep()
            bar.setValue(bar.value() + step)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
        else:
            super().keyPressEvent(event)
