"""The checkout's weight dialog: a weight typed in kg, g, 斤 or 两, shown in kg and 斤 as typed."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from station_app.core.errors import InputRefused
from station_app.core.money import format_fen, parse_weight_g, weighed_total_fen
from station_app.ui.checkout.cart_model import format_weight_kg_jin
from station_app.ui.common.prompt_dialog import PromptDialog
from station_app.ui.common.style_property import set_style_property

# Room for "１２．３４５公斤" and the like; core refuses what is too long to be a weight.
WEIGHT_MAX_CHARS = 16


class WeightDialog(PromptDialog):
    """Asks the weight of a weighed product; Enter emits the text, as `PromptDialog` does.

    Nothing typed is filtered away (a 斤 dropped by an input mask doubles the price):
    the text goes to core's `parse_weight_g`, and what it reads is shown live under the
    field — "= 1.000 kg (2 jin)    amount ¥5.60" — before Enter confirms.
    """

    def __init__(
        self,
        title: str,
        prompt: str,
        price_per_kg_fen: int,
        parent: QWidget | None = None,
        *,
        text: str = "",
        hint: str = "",
        language: str = "zh_CN",
    ) -> None:
        super().__init__(title, prompt, parent, text=text, hint=hint, max_length=WEIGHT_MAX_CHARS)
        self.setObjectName("weightDialog")
        self._price_per_kg_fen = price_per_kg_fen
        self._language = language
        self.reading_label = QLabel(self)
        self.reading_label.setObjectName("weightReading")
        self.reading_label.setWordWrap(True)
        box = self.layout()
        assert isinstance(box, QVBoxLayout)  # PromptDialog's column of widgets
        box.insertWidget(box.indexOf(self.input) + 1, self.reading_label)
        self.input.textChanged.connect(self._show_reading)
        self._show_reading(self.input.text())

    @Slot(str)
    def _show_reading(self, text: str) -> None:
        if not text.strip():
            self.reading_label.clear()
            return
        try:
            grams = parse_weight_g(text)
        except InputRefused as refused:
            # Live, while typing: say what is wrong, but without the error beep.
            self.reading_label.setText(refused.text(self._language))
            self.reading_label.setProperty("valid", False)
        else:
            self.reading_label.setText(
                self.tr("= {0}    amount {1}").format(
                    format_weight_kg_jin(grams),
                    format_fen(weighed_total_fen(self._price_per_kg_fen, grams)),
                )
            )
            set_style_property(self.reading_label, "valid", True)
