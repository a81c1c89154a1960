"""The checkout's function keys: one table read by the controller and by the on-screen legend."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt


class CheckoutAction(Enum):
    """What a key does at the checkout."""

    PAY = "pay"
    HOLD = "hold"
    RESUME = "resume"
    QUANTITY = "quantity"
    WEIGHT = "weight"
    DISCOUNT = "discount"
    VOID_LINE = "void_line"
    REFUND = "refund"
    OPEN_ITEM = "open_item"
    ROUNDING = "rounding"
    SIGN_OUT = "sign_out"


@dataclass(frozen=True)
class KeyBinding:
    """A key, the caption printed on its keycap, and what it does."""

    key: Qt.Key
    caption: str
    action: CheckoutAction
    label: str  # English source text, translated in the "KeyMap" context

    def translated_label(self) -> str:
        """The action's name in the UI language."""
        return QCoreApplication.translate("KeyMap", self.label)


# Pay comes first: it is the key the clerk presses most after scanning.
CHECKOUT_KEYS: tuple[KeyBinding, ...] = (
    KeyBinding(Qt.Key.Key_F12, "F12", CheckoutAction.PAY, QT_TRANSLATE_NOOP("KeyMap", "Pay")),
    KeyBinding(Qt.Key.Key_F2, "F2", CheckoutAction.HOLD, QT_TRANSLATE_NOOP("KeyMap", "Hold")),
    KeyBinding(Qt.Key.Key_F3, "F3", CheckoutAction.RESUME,
               QT_TRANSLATE_NOOP("KeyMap", "Resume")),
    KeyBinding(Qt.Key.Key_F4, "F4", CheckoutAction.QUANTITY,
               QT_TRANSLATE_NOOP("KeyMap", "Quantity")),
    KeyBinding(Qt.Key.Key_F5, "F5", CheckoutAction.WEIGHT,
               QT_TRANSLATE_NOOP("KeyMap", "Weight")),
    KeyBinding(Qt.Key.Key_F6, "F6", CheckoutAction.DISCOUNT,
               QT_TRANSLATE_NOOP("KeyMap", "Discount")),
    KeyBinding(Qt.Key.Key_Delete, "Del", CheckoutAction.VOID_LINE,
               QT_TRANSLATE_NOOP("KeyMap", "Delete line")),
    KeyBinding(Qt.Key.Key_F8, "F8", CheckoutAction.REFUND,
               QT_TRANSLATE_NOOP("KeyMap", "Refund")),
    KeyBinding(Qt.Key.Key_F9, "F9", CheckoutAction.OPEN_ITEM,
               QT_TRANSLATE_NOOP("KeyMap", "No-barcode item")),
    KeyBinding(Qt.Key.Key_F10, "F10", CheckoutAction.ROUNDING,
               QT_TRANSLATE_NOOP("KeyMap", "Round down")),
    KeyBinding(Qt.Key.Key_F11, "F11", CheckoutAction.SIGN_OUT,
               QT_TRANSLATE_NOOP("KeyMap", "Sign out")),
)

ACTION_BY_KEY = {int(binding.key.value): binding.action for binding in CHECKOUT_KEYS}
