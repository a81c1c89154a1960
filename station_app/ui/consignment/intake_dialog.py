"""Taking in a farmer's produce (代销收货): weights, grade, dates and terms, net shown live."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import cast

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from station_app.core.consignment import GRADES, MAX_PRODUCT, Lot
from station_app.core.errors import InputRefused, StationError
from station_app.core.money import GRAMS_PER_KG, format_plain, format_weight, parse_yuan
from station_app.printing.masking import mask_phone
from station_app.ui.checkout.cart_model import format_weight_g
from station_app.ui.common.form_dialog import FieldKind, FormDialog, FormField
from station_app.ui.common.messages import Tone, show_message
from station_app.ui.consignment.consignment_models import grade_label
from station_app.ui.villagers.villager_models import VillagerRow

KG_PATTERN = r"[0-9]{0,4}([.][0-9]{0,3})?"  # up to 9999.999 kg; core refuses above 5 t
PERCENT_PATTERN = r"[0-9]{0,2}([.][0-9]{0,2})?"
HARVEST_PATTERN = r"-?[0-9]{0,4}(-[0-9]{0,2}){0,2}"
DEFAULT_SHELF_LIFE_DAYS = 7
DEFAULT_COMMISSION = "8"

# intake_lot's parameters -> this form's fields, for the field a refusal names.
INTAKE_FIELDS = {
    "product": "product",
    "grade": "grade",
    "crates": "crates",
    "pieces": "pieces",
    "gross_g": "gross",
    "tare_g_per_crate": "tare",
    "harvest_date": "harvest",
    "shelf_life_days": "shelf_life",
    "asking_price_fen_per_kg": "price",
    "commission_bp": "commission",
}


def kg_to_grams(text: str) -> int:
    """`31.5` (kg, as typed) -> 31500 g; nothing typed is 0 g (core refuses it if it must).

    Raises:
        InvalidOperation: not a number.
    """
    cleaned = text.strip() or "0"
    return int((Decimal(cleaned) * GRAMS_PER_KG).to_integral_value(ROUND_HALF_UP))


def parse_harvest(text: str, today: date) -> date | None:
    """`2025-03-01`, `-1` (yesterday), `0` or nothing (today), `0301` (this year); else None."""
    cleaned = text.strip()
    if cleaned in ("", "0"):
        return today
    if re.fullmatch(r"-[0-9]{1,3}", cleaned):
        return today - timedelta(days=int(cleaned[1:]))
    try:
        if re.fullmatch(r"[0-9]{4}", cleaned):
            return date(today.year, int(cleaned[:2]), int(cleaned[2:]))
        return date.fromisoformat(cleaned)
    except ValueError:
        return None


def percent_to_bp(text: str) -> int:
    """`8.5` (%) -> 850 basis points; nothing typed is 0."""
    return int((Decimal(text.strip() or "0") * 100).to_integral_value(ROUND_HALF_UP))


@dataclass(frozen=True)
class IntakeDraft:
    """A lot as typed, in core's units (grams, fen per kg, basis points)."""

    product: str
    grade: str
    crates: int
    pieces: int
    gross_g: int
    tare_g_per_crate: int
    harvest_date: date
    shelf_life_days: int
    asking_price_fen_per_kg: int
    commission_bp: int

    @property
    def net_g(self) -> int:
        """Gross less the crates' tare."""
        return self.gross_g - self.tare_g_per_crate * self.crates


@dataclass(frozen=True)
class IntakeDefaults:
    """What the last lot of a product used, offered again for the next one."""

    tare_g_per_crate: int
    shelf_life_days: int
    asking_price_fen_per_kg: int
    commission_bp: int

    @classmethod
    def from_lot(cls, lot: Lot) -> IntakeDefaults:
        """The terms of `lot`."""
        shelf = (date.fromisoformat(lot.best_before) - date.fromisoformat(lot.harvest_date)).days
        return cls(
            lot.tare_g // max(lot.crates, 1), shelf, lot.asking_price_fen_per_kg, lot.commission_bp
        )


def _kg_text(grams: int) -> str:
    # As a keeper types kilograms: `1500` -> `1.5`, without the scale's trailing zeros.
    return format_weight(grams, suffix=False).rstrip("0").rstrip(".")


class IntakeDialog(FormDialog):
    """Product, grade, crates, pieces, gross and tare (kg), harvest date, shelf life, terms.

    Tab moves on, Enter checks and emits the draft; the controller stores it and
    calls `lot_saved`, which keeps the farmer, product and terms for the next lot
    of the same delivery (another grade) and clears the weights. Esc closes.

    Signals:
        lot_entered(object): the IntakeDraft.
    """

    lot_entered = Signal(object)

    def __init__(
        self,
        farmer: VillagerRow,
        today: date,
        products: dict[str, IntakeDefaults],
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        person = farmer.villager
        known = "、".join(list(products)[:4])
        super().__init__(
            self.tr("Take in produce"),
            [
                FormField(
                    "product",
                    self.tr("Product"),
                    max_length=MAX_PRODUCT,
                    placeholder=self.tr("Up/Down: {0} …").format(known)
                    if known
                    else self.tr("e.g. 脐橙, 猕猴桃"),
                ),
                FormField(
                    "grade",
                    self.tr("Grade"),
                    FieldKind.CHOICE,
                    choices=tuple((f"{grade_label(g)}", g) for g in GRADES),
                ),
                FormField("crates", self.tr("Crates"), FieldKind.NUMBER, text="1", max_length=3),
                FormField(
                    "pieces",
                    self.tr("Pieces (if counted)"),
                    FieldKind.NUMBER,
                    text="0",
                    max_length=6,
                ),
                FormField(
                    "gross",
                    self.tr("Gross weight (kg)"),
                    pattern=KG_PATTERN,
                    max_length=8,
                    placeholder=self.tr("all crates on the scale, e.g. 31.5"),
                ),
                FormField(
                    "tare",
                    self.tr("Tare per crate (kg)"),
                    pattern=KG_PATTERN,
                    text="0",
                    max_length=8,
                ),
                FormField(
                    "harvest",
                    self.tr("Harvest date"),
                    pattern=HARVEST_PATTERN,
                    text=today.isoformat(),
                    max_length=10,
                    placeholder=self.tr("YYYY-MM-DD, or -1 for yesterday"),
                ),
                FormField(
                    "shelf_life",
                    self.tr("Shelf life (days)"),
                    FieldKind.NUMBER,
                    text=str(DEFAULT_SHELF_LIFE_DAYS),
                    max_length=3,
                ),
                FormField(
                    "price", self.tr("Asking price per kg (yuan)"), FieldKind.AMOUNT, max_length=10
                ),
                FormField(
                    "commission",
                    self.tr("Commission (%)"),
                    pattern=PERCENT_PATTERN,
                    text=DEFAULT_COMMISSION,
                    max_length=5,
                ),
            ],
            parent,
            intro=self.tr("Farmer: {0} {1}").format(person.name, mask_phone(person.phone or "")),
            keys=self.tr(
                "Tab: next field    Up/Down: products taken in before, grade    "
                "Enter: save and print labels    Esc: done"
            ),
        )
        self.setObjectName("intakeDialog")
        self.setMinimumSize(860, 720)
        self.farmer = farmer
        self._today = today
        self._language = language
        self._products = products
        self._applied_product = ""
        self.net_label = QLabel(self)
        self.net_label.setObjectName("orderTotal")
        self.form.insertRow(self._row_of("tare") + 1, self.tr("Net weight"), self.net_label)
        self.dates_label = QLabel(self)
        self.dates_label.setObjectName("intakeDates")
        self.form.insertRow(
            self._row_of("shelf_life") + 1, self.tr("Best before"), self.dates_label
        )

        # Up/Down in the product field go through the products taken in before. (A
        # completer popup would not do: an input method commits whole words, which
        # inline completion never sees, and the popup takes Tab away from the form.)
        product = self._line("product")
        product.installEventFilter(self)
        product.editingFinished.connect(self._offer_defaults)
        for key in ("crates", "gross", "tare"):
            self._line(key).textChanged.connect(self._show_net)
        for key in ("harvest", "shelf_life"):
            self._line(key).textChanged.connect(self._show_dates)
        self._show_net()
        self._show_dates()

    def _line(self, key: str) -> QLineEdit:
        widget = self.inputs[key]
        assert isinstance(widget, QLineEdit)
        return widget

    def _row_of(self, key: str) -> int:
        # PySide6 types the (row, role) pair as `object`.
        row, _role = cast(
            tuple[int, QFormLayout.ItemRole], self.form.getWidgetPosition(self.inputs[key])
        )
        return row

    # -- live figures --------------------------------------------------------------------------
    @Slot()
    def _show_net(self) -> None:
        try:
            crates = int(self._line("crates").text() or "0")
            gross = kg_to_grams(self._line("gross").text())
            tare = kg_to_grams(self._line("tare").text())
        except (InvalidOperation, ValueError):
            self.net_label.setText("—")
            return
        if gross <= 0:
            self.net_label.setText("—")
            return
        self.net_label.setText(
            self.tr("{0}  = {1} − {2} × {3}").format(
                format_weight_g(gross - tare * crates), _kg_text(gross), crates, _kg_text(tare)
            )
        )

    @Slot()
    def _show_dates(self) -> None:
        harvest = parse_harvest(self._line("harvest").text(), self._today)
        shelf = self._line("shelf_life").text()
        if harvest is None or not shelf:
            self.dates_label.setText("—")
            return
        self.dates_label.setText(
            self.tr("{0}  (harvested {1})").format(
                (harvest + timedelta(days=int(shelf))).isoformat(), harvest.isoformat()
            )
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Up/Down in the product field: the next or previous product taken in before."""
        if (
            watched is self.inputs["product"]
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
            and self._products
        ):
            names = list(self._products)
            typed = self._line("product").text().strip()
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            index = (
                (names.index(typed) + step) % len(names)
                if typed in names
                else (0 if step == 1 else len(names) - 1)
            )
            self._line("product").setText(names[index])
            self._offer_defaults()
            return True
        return super().eventFilter(watched, event)

    @Slot()
    def _offer_defaults(self) -> None:
        """A product taken in before brings its tare, shelf life, price and commission."""
        name = self._line("product").text().strip()
        if name == self._applied_product or name not in self._products:
            return
        self._applied_product = name
        terms = self._products[name]
        self._line("tare").setText(_kg_text(terms.tare_g_per_crate) or "0")
        self._line("shelf_life").setText(str(terms.shelf_life_days))
        self._line("price").setText(format_plain(terms.asking_price_fen_per_kg))
        self._line("commission").setText(format(Decimal(terms.commission_bp) / 100, "f"))

    # -- saving --------------------------------------------------------------------------------
    def draft(self) -> IntakeDraft | None:
        """The lot as typed in core's units; None after saying which field cannot be read."""
        values = self.values()
        field = "gross"
        try:
            gross = kg_to_grams(values["gross"])
            field = "tare"
            tare = kg_to_grams(values["tare"])
            field = "commission"
            commission = percent_to_bp(values["commission"])
        except InvalidOperation:
            self.show_error(self.tr("Type kilograms like 31.5."), field)
            return None
        harvest = parse_harvest(values["harvest"], self._today)
        if harvest is None:
            self.show_error(
                self.tr("Type the harvest date as YYYY-MM-DD, or -1 for yesterday."), "harvest"
            )
            return None
        try:
            price = parse_yuan(values["price"] or "0", field=self.tr("Asking price"))
        except InputRefused as error:
            self.show_error(error.text(self._language), "price")
            return None
        return IntakeDraft(
            str(values["product"]).strip(),
            str(values["grade"]),
            int(values["crates"] or "0"),
            int(values["pieces"] or "0"),
            gross,
            tare,
            harvest,
            int(values["shelf_life"] or "0"),
            price,
            commission,
        )

    def submit(self) -> None:
        """Enter: read the figures and hand the draft on to be stored."""
        draft = self.draft()
        if draft is not None:
            self.lot_entered.emit(draft)

    def show_refusal(self, error: StationError) -> None:
        """Core's reason in the keeper's language, the cursor in the field it is about."""
        field = error.field if isinstance(error, InputRefused) else None
        self.show_error(error.text(self._language), INTAKE_FIELDS.get(field or "", "product"))

    def lot_saved(self, lot: Lot, text: str) -> None:
        """Say what was stored; clear the weights for the next lot of this delivery."""
        show_message(self.message_label, text, Tone.SUCCESS)
        for key, value in (("crates", "1"), ("pieces", "0"), ("gross", "")):
            self._line(key).setText(value)
        self._products.setdefault(lot.product, IntakeDefaults.from_lot(lot))
        self.focus_field("product")
