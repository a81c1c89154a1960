"""The new agency order form (代购): what to buy where, for how much; Enter goes to payment."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from station_app.core.agency import MAX_ITEM, MAX_LINK, PLATFORMS, order_total_fen
from station_app.core.errors import InputRefused
from station_app.core.money import check_price, check_quantity, format_fen, parse_yuan
from station_app.printing.masking import mask_phone
from station_app.ui.agency.agency_models import platform_label
from station_app.ui.common.form_dialog import FieldKind, FormDialog, FormField
from station_app.ui.villagers.villager_models import VillagerRow


@dataclass(frozen=True)
class AgencyOrderDraft:
    """The order as typed, amounts in fen; the villager is the one the form was opened for."""

    villager_id: str
    platform: str
    item: str
    link: str
    quantity: int
    item_price_fen: int
    shipping_fen: int
    service_fee_fen: int

    @property
    def total_fen(self) -> int:
        """What the villager pays in all: items, shipping and the station's fee."""
        return order_total_fen(
            self.quantity, self.item_price_fen, self.shipping_fen, self.service_fee_fen
        )


class AgencyOrderDialog(FormDialog):
    """Platform, item, link, quantity, price, shipping and service fee, with the total live.

    Tab moves on, Enter checks the figures and emits the draft (payment comes next),
    Esc cancels.

    Signals:
        order_entered(object): the AgencyOrderDraft.
    """

    order_entered = Signal(object)

    def __init__(self, villager: VillagerRow, language: str, parent: QWidget | None = None) -> None:
        person = villager.villager
        super().__init__(
            self.tr("New agency order"),
            [
                FormField(
                    "platform",
                    self.tr("Platform"),
                    FieldKind.CHOICE,
                    choices=tuple((platform_label(name), name) for name in PLATFORMS),
                ),
                FormField(
                    "item",
                    self.tr("Item"),
                    max_length=MAX_ITEM,
                    placeholder=self.tr("what to buy, e.g. 美的电饭煲 3L"),
                ),
                FormField(
                    "link",
                    self.tr("Link or item id"),
                    max_length=MAX_LINK,
                    placeholder=self.tr("optional"),
                ),
                FormField(
                    "quantity", self.tr("Quantity"), FieldKind.NUMBER, text="1", max_length=4
                ),
                FormField("price", self.tr("Price each (yuan)"), FieldKind.AMOUNT, max_length=12),
                FormField(
                    "shipping",
                    self.tr("Shipping (yuan)"),
                    FieldKind.AMOUNT,
                    text="0",
                    max_length=12,
                ),
                FormField(
                    "fee", self.tr("Service fee (yuan)"), FieldKind.AMOUNT, text="0", max_length=12
                ),
            ],
            parent,
            intro=self.tr("For {0} {1} — owes {2}, credit limit {3}").format(
                person.name,
                mask_phone(person.phone or ""),
                format_fen(villager.balance_fen),
                format_fen(person.credit_limit_fen),
            ),
            keys=self.tr(
                "Tab: next field    Up/Down: change platform    Enter: to payment    Esc: cancel"
            ),
        )
        self.setObjectName("agencyOrderDialog")
        self.setMinimumSize(820, 560)
        self._language = language
        self.villager = villager
        self.total_label = QLabel(self)
        self.total_label.setObjectName("orderTotal")
        self.form.addRow(self.tr("Total"), self.total_label)
        for key in ("quantity", "price", "shipping", "fee"):
            field = self.inputs[key]
            assert isinstance(field, QLineEdit)
            field.textChanged.connect(self._show_total)
        self._show_total()

    def draft(self) -> AgencyOrderDraft | None:
        """The figures as typed, checked; None after showing what is wrong (field focused)."""
        values = self.values()
        if not str(values["item"]).strip():
            self.show_error(self.tr("Describe the item to buy."), "item")
            return None
        field = "quantity"
        try:
            quantity = check_quantity(int(values["quantity"] or "0"))
            amounts = {}
            for field, name in (
                ("price", self.tr("Price each")),
                ("shipping", self.tr("Shipping")),
                ("fee", self.tr("Service fee")),
            ):
                amounts[field] = parse_yuan(str(values[field]) or "0", field=name)
            draft = AgencyOrderDraft(
                self.villager.villager.id,
                str(values["platform"]),
                str(values["item"]).strip(),
                str(values["link"]).strip(),
                quantity,
                amounts["price"],
                amounts["shipping"],
                amounts["fee"],
            )
            check_price(draft.total_fen, field=self.tr("Total"))
        except InputRefused as error:
            self.show_error(error.text(self._language), field)
            return None
        return draft

    @Slot()
    def _show_total(self) -> None:
        try:
            total = self.draft_total()
        except (InputRefused, ValueError):
            self.total_label.setText("—")
            return
        self.total_label.setText(format_fen(total))

    def draft_total(self) -> int:
        """The total of the figures typed so far (no focus moves, unlike `draft`)."""
        values = self.values()
        quantity = int(values["quantity"] or "0")
        amounts = [parse_yuan(str(values[key]) or "0") for key in ("price", "shipping", "fee")]
        return order_total_fen(quantity, *amounts)

    def submit(self) -> None:
        """Enter: check the figures and hand the draft on to payment."""
        draft = self.draft()
        if draft is not None:
            self.order_entered.emit(draft)
