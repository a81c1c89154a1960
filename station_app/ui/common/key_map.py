"""Keys: one table per screen, read by its controller and by the on-screen legend.

A table is the only place a key is named: the view routes its keys from it, the
controller maps them to actions with it, the legend shows it, and texts that tell the
keeper which key to press take the caption from it (`printing_menu_path`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QCoreApplication, Qt

from station_app.ui.common.translation import QT_TRANSLATE_NOOP


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
    PRINTING = "printing"
    SHIFT_MENU = "shift_menu"  # 班次: sign out, hand over, close, pay in/out, X report
    MOVE = "move"  # ↑/↓ PgUp/PgDn: the controller handles them before the other actions
    CLEAR = "clear"  # Esc: likewise


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
    KeyBinding(Qt.Key.Key_F3, "F3", CheckoutAction.RESUME, QT_TRANSLATE_NOOP("KeyMap", "Resume")),
    KeyBinding(
        Qt.Key.Key_F4, "F4", CheckoutAction.QUANTITY, QT_TRANSLATE_NOOP("KeyMap", "Quantity")
    ),
    KeyBinding(Qt.Key.Key_F5, "F5", CheckoutAction.WEIGHT, QT_TRANSLATE_NOOP("KeyMap", "Weight")),
    KeyBinding(
        Qt.Key.Key_F6, "F6", CheckoutAction.DISCOUNT, QT_TRANSLATE_NOOP("KeyMap", "Discount")
    ),
    KeyBinding(
        Qt.Key.Key_Delete,
        "Del",
        CheckoutAction.VOID_LINE,
        QT_TRANSLATE_NOOP("KeyMap", "Delete line"),
    ),
    KeyBinding(Qt.Key.Key_F8, "F8", CheckoutAction.REFUND, QT_TRANSLATE_NOOP("KeyMap", "Refund")),
    KeyBinding(
        Qt.Key.Key_F9,
        "F9",
        CheckoutAction.OPEN_ITEM,
        QT_TRANSLATE_NOOP("KeyMap", "No-barcode item"),
    ),
    KeyBinding(
        Qt.Key.Key_F10, "F10", CheckoutAction.ROUNDING, QT_TRANSLATE_NOOP("KeyMap", "Round down")
    ),
    KeyBinding(
        Qt.Key.Key_F7, "F7", CheckoutAction.PRINTING, QT_TRANSLATE_NOOP("KeyMap", "Printing")
    ),
    KeyBinding(
        Qt.Key.Key_F11,
        "F11",
        CheckoutAction.SHIFT_MENU,
        QT_TRANSLATE_NOOP("KeyMap", "Shift / sign out"),
    ),
    KeyBinding(
        Qt.Key.Key_Up, "↑↓", CheckoutAction.MOVE, QT_TRANSLATE_NOOP("KeyMap", "Choose a line")
    ),
    KeyBinding(
        Qt.Key.Key_Escape,
        "Esc",
        CheckoutAction.CLEAR,
        QT_TRANSLATE_NOOP("KeyMap", "Clear the field"),
    ),
)

ACTION_BY_KEY = {int(binding.key.value): binding.action for binding in CHECKOUT_KEYS}


class ShiftAction(Enum):
    """What an entry of the shift menu (班次, F11 on the checkout) does."""

    SIGN_OUT = "sign_out"
    HAND_OVER = "hand_over"
    CLOSE = "close"
    PAY_IN = "pay_in"
    PAY_OUT = "pay_out"
    X_REPORT = "x_report"


@dataclass(frozen=True)
class MenuKeyBinding:
    """A digit that picks an entry of a menu dialog, and the entry's name."""

    key: Qt.Key
    caption: str
    action: ShiftAction
    label: str  # English source text, translated in the "KeyMap" context

    def translated_label(self) -> str:
        """The entry's name in the UI language."""
        return QCoreApplication.translate("KeyMap", self.label)


# Signing out (the shift goes on) is what F11 is pressed for most; closing the day once.
SHIFT_MENU_KEYS: tuple[MenuKeyBinding, ...] = (
    MenuKeyBinding(
        Qt.Key.Key_1,
        "1",
        ShiftAction.SIGN_OUT,
        QT_TRANSLATE_NOOP("KeyMap", "Sign out (the shift stays open)"),
    ),
    MenuKeyBinding(
        Qt.Key.Key_2,
        "2",
        ShiftAction.HAND_OVER,
        QT_TRANSLATE_NOOP("KeyMap", "Hand over to another clerk (count the cash)"),
    ),
    MenuKeyBinding(
        Qt.Key.Key_3,
        "3",
        ShiftAction.CLOSE,
        QT_TRANSLATE_NOOP("KeyMap", "Close the day (count the cash, Z report)"),
    ),
    MenuKeyBinding(
        Qt.Key.Key_4,
        "4",
        ShiftAction.PAY_IN,
        QT_TRANSLATE_NOOP("KeyMap", "Pay in (cash put into the drawer)"),
    ),
    MenuKeyBinding(
        Qt.Key.Key_5,
        "5",
        ShiftAction.PAY_OUT,
        QT_TRANSLATE_NOOP("KeyMap", "Pay out (cash taken from the drawer)"),
    ),
    MenuKeyBinding(
        Qt.Key.Key_6,
        "6",
        ShiftAction.X_REPORT,
        QT_TRANSLATE_NOOP("KeyMap", "X report (the shift so far: view, print)"),
    ),
)


class WindowAction(Enum):
    """What a key does on every screen of the main window, signed in or not."""

    SYNC = "sync"


@dataclass(frozen=True)
class ShortcutBinding:
    """A key combination for the whole window (a QShortcut), unlike the scan field's keys."""

    sequence: str  # QKeySequence text
    caption: str
    action: WindowAction
    label: str  # English source text, translated in the "KeyMap" context

    def translated_label(self) -> str:
        """The action's name in the UI language."""
        return QCoreApplication.translate("KeyMap", self.label)


# With a modifier, so the scan field never mistakes it for typed text, and it works on
# the sign-in screen too (sync before the first sale of the day).
WINDOW_KEYS: tuple[ShortcutBinding, ...] = (
    ShortcutBinding("Ctrl+S", "Ctrl+S", WindowAction.SYNC, QT_TRANSLATE_NOOP("KeyMap", "Sync")),
)


class Page(Enum):
    """The signed-in screens, switched with Alt+digit."""

    CHECKOUT = "checkout"
    AGENCY = "agency"
    PICKUP = "pickup"
    VILLAGERS = "villagers"
    CONSIGNMENT = "consignment"
    PEOPLE = "people"
    STOCK = "stock"
    REPORTS = "reports"


@dataclass(frozen=True)
class PageBinding:
    """A key combination that shows a page, and the page's name on the page bar."""

    sequence: str  # QKeySequence text
    caption: str
    page: Page
    label: str  # English source text, translated in the "KeyMap" context

    def translated_label(self) -> str:
        """The page's name in the UI language."""
        return QCoreApplication.translate("KeyMap", self.label)


# Alt+digit, in the order the pages stand on the bar.
PAGE_KEYS: tuple[PageBinding, ...] = (
    PageBinding("Alt+1", "Alt+1", Page.CHECKOUT, QT_TRANSLATE_NOOP("KeyMap", "Checkout")),
    PageBinding("Alt+2", "Alt+2", Page.AGENCY, QT_TRANSLATE_NOOP("KeyMap", "Agency")),
    PageBinding("Alt+3", "Alt+3", Page.PICKUP, QT_TRANSLATE_NOOP("KeyMap", "Pickup")),
    PageBinding("Alt+4", "Alt+4", Page.VILLAGERS, QT_TRANSLATE_NOOP("KeyMap", "Villagers")),
    PageBinding("Alt+5", "Alt+5", Page.CONSIGNMENT, QT_TRANSLATE_NOOP("KeyMap", "Consignment")),
    PageBinding("Alt+6", "Alt+6", Page.PEOPLE, QT_TRANSLATE_NOOP("KeyMap", "People")),
    PageBinding("Alt+7", "Alt+7", Page.STOCK, QT_TRANSLATE_NOOP("KeyMap", "Stock")),
    PageBinding("Alt+8", "Alt+8", Page.REPORTS, QT_TRANSLATE_NOOP("KeyMap", "Reports")),
)


class PageAction(Enum):
    """What a key does on the agency, pickup, villagers or consignment page."""

    OPEN = "open"
    NEW_ORDER = "new_order"
    NEXT_FILTER = "next_filter"
    PREVIOUS_FILTER = "previous_filter"
    BALANCES = "balances"
    REGISTER_ARRIVAL = "register_arrival"
    CLEAR = "clear"
    ADD_VILLAGER = "add_villager"
    INTAKE = "intake"
    SHIP = "ship"
    WRITE_OFF = "write_off"
    MOVE = "move"
    ADD_CLERK = "add_clerk"
    ADD_OWNER = "add_owner"
    DISABLE = "disable"
    RESET_PIN = "reset_pin"
    CHANGE_PIN = "change_pin"
    BACK_UP = "back_up"
    RESTORE = "restore"
    RECEIVE = "receive"
    STOCKTAKE = "stocktake"
    REORDER_LEVEL = "reorder_level"
    TODAY = "today"
    YESTERDAY = "yesterday"
    THIS_WEEK = "this_week"
    THIS_MONTH = "this_month"
    LAST_MONTH = "last_month"
    NEXT_SECTION = "next_section"
    PREVIOUS_SECTION = "previous_section"
    EXPORT_XLSX = "export_xlsx"
    EXPORT_CSV = "export_csv"
    PRINT = "print"


@dataclass(frozen=True)
class PageKeyBinding:
    """A key typed into a page's main input, and what it does there.

    `more_keys` do the same under the same caption (↓, PgUp and PgDn with ↑).
    """

    key: Qt.Key
    caption: str
    action: PageAction
    label: str  # English source text, translated in the "KeyMap" context
    more_keys: tuple[Qt.Key, ...] = ()

    @property
    def keys(self) -> tuple[Qt.Key, ...]:
        """Every key of this binding."""
        return (self.key, *self.more_keys)

    def translated_label(self) -> str:
        """The action's name in the UI language."""
        return QCoreApplication.translate("KeyMap", self.label)


# Every page lists rows; the arrows move the highlight from the main input.
MOVE_BINDING = PageKeyBinding(
    Qt.Key.Key_Up,
    "↑↓",
    PageAction.MOVE,
    QT_TRANSLATE_NOOP("KeyMap", "Choose a row"),
    (Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown),
)


AGENCY_KEYS: tuple[PageKeyBinding, ...] = (
    PageKeyBinding(
        Qt.Key.Key_Return,
        "Enter",
        PageAction.OPEN,
        QT_TRANSLATE_NOOP("KeyMap", "Find / open the order"),
    ),
    PageKeyBinding(
        Qt.Key.Key_F2, "F2", PageAction.NEW_ORDER, QT_TRANSLATE_NOOP("KeyMap", "New order")
    ),
    PageKeyBinding(
        Qt.Key.Key_F3, "F3", PageAction.NEXT_FILTER, QT_TRANSLATE_NOOP("KeyMap", "Next status")
    ),
    PageKeyBinding(
        Qt.Key.Key_F4,
        "F4",
        PageAction.PREVIOUS_FILTER,
        QT_TRANSLATE_NOOP("KeyMap", "Previous status"),
    ),
    PageKeyBinding(
        Qt.Key.Key_F5, "F5", PageAction.BALANCES, QT_TRANSLATE_NOOP("KeyMap", "Open balances")
    ),
    PageKeyBinding(
        Qt.Key.Key_Escape, "Esc", PageAction.CLEAR, QT_TRANSLATE_NOOP("KeyMap", "Back to the board")
    ),
    MOVE_BINDING,
)
PICKUP_KEYS: tuple[PageKeyBinding, ...] = (
    PageKeyBinding(
        Qt.Key.Key_Return, "Enter", PageAction.OPEN, QT_TRANSLATE_NOOP("KeyMap", "Find / hand over")
    ),
    PageKeyBinding(
        Qt.Key.Key_F2,
        "F2",
        PageAction.REGISTER_ARRIVAL,
        QT_TRANSLATE_NOOP("KeyMap", "Parcel arrived"),
    ),
    PageKeyBinding(
        Qt.Key.Key_Escape,
        "Esc",
        PageAction.CLEAR,
        QT_TRANSLATE_NOOP("KeyMap", "All waiting parcels"),
    ),
    MOVE_BINDING,
)
VILLAGER_KEYS: tuple[PageKeyBinding, ...] = (
    PageKeyBinding(
        Qt.Key.Key_Return,
        "Enter",
        PageAction.OPEN,
        QT_TRANSLATE_NOOP("KeyMap", "Account and statement"),
    ),
    PageKeyBinding(
        Qt.Key.Key_F2, "F2", PageAction.ADD_VILLAGER, QT_TRANSLATE_NOOP("KeyMap", "Add villager")
    ),
    MOVE_BINDING,
)

# Waiting lots and the money owed to farmers are what the keeper looks at most;
# trace needs no key of its own: a lot code scanned into the field and Enter.
CONSIGNMENT_KEYS: tuple[PageKeyBinding, ...] = (
    PageKeyBinding(
        Qt.Key.Key_Return, "Enter", PageAction.OPEN, QT_TRANSLATE_NOOP("KeyMap", "Trace lot / open")
    ),
    PageKeyBinding(
        Qt.Key.Key_F2, "F2", PageAction.INTAKE, QT_TRANSLATE_NOOP("KeyMap", "Take in produce")
    ),
    PageKeyBinding(
        Qt.Key.Key_F3, "F3", PageAction.NEXT_FILTER, QT_TRANSLATE_NOOP("KeyMap", "Next status")
    ),
    PageKeyBinding(
        Qt.Key.Key_F4,
        "F4",
        PageAction.PREVIOUS_FILTER,
        QT_TRANSLATE_NOOP("KeyMap", "Previous status"),
    ),
    PageKeyBinding(
        Qt.Key.Key_F5, "F5", PageAction.BALANCES, QT_TRANSLATE_NOOP("KeyMap", "Farmers owed")
    ),
    PageKeyBinding(
        Qt.Key.Key_F6, "F6", PageAction.SHIP, QT_TRANSLATE_NOOP("KeyMap", "Ship to the hub")
    ),
    PageKeyBinding(
        Qt.Key.Key_F7, "F7", PageAction.WRITE_OFF, QT_TRANSLATE_NOOP("KeyMap", "Spoiled / returned")
    ),
    PageKeyBinding(
        Qt.Key.Key_Escape, "Esc", PageAction.CLEAR, QT_TRANSLATE_NOOP("KeyMap", "Back to the board")
    ),
    MOVE_BINDING,
)

# The owner's page: the highlighted row is the person F4 and F5 act on.
PEOPLE_KEYS: tuple[PageKeyBinding, ...] = (
    PageKeyBinding(
        Qt.Key.Key_F2, "F2", PageAction.ADD_CLERK, QT_TRANSLATE_NOOP("KeyMap", "Add clerk")
    ),
    PageKeyBinding(
        Qt.Key.Key_F3, "F3", PageAction.ADD_OWNER, QT_TRANSLATE_NOOP("KeyMap", "Add owner")
    ),
    PageKeyBinding(
        Qt.Key.Key_F4, "F4", PageAction.DISABLE, QT_TRANSLATE_NOOP("KeyMap", "Disable person")
    ),
    PageKeyBinding(
        Qt.Key.Key_F5, "F5", PageAction.RESET_PIN, QT_TRANSLATE_NOOP("KeyMap", "Reset their PIN")
    ),
    PageKeyBinding(
        Qt.Key.Key_F6, "F6", PageAction.CHANGE_PIN, QT_TRANSLATE_NOOP("KeyMap", "Change my PIN")
    ),
    PageKeyBinding(
        Qt.Key.Key_F7, "F7", PageAction.BACK_UP, QT_TRANSLATE_NOOP("KeyMap", "Back up now")
    ),
    PageKeyBinding(
        Qt.Key.Key_F8, "F8", PageAction.RESTORE, QT_TRANSLATE_NOOP("KeyMap", "Restore…")
    ),
    MOVE_BINDING,
)

# The stock page (库存): F2 receives a delivery, the most frequent job; the highlighted
# product (found by a scan and Enter) is the one F4 and F5 act on.
STOCK_KEYS: tuple[PageKeyBinding, ...] = (
    PageKeyBinding(
        Qt.Key.Key_Return,
        "Enter",
        PageAction.OPEN,
        QT_TRANSLATE_NOOP("KeyMap", "Find / batches"),
    ),
    PageKeyBinding(
        Qt.Key.Key_F2, "F2", PageAction.RECEIVE, QT_TRANSLATE_NOOP("KeyMap", "Receive goods")
    ),
    PageKeyBinding(
        Qt.Key.Key_F3, "F3", PageAction.STOCKTAKE, QT_TRANSLATE_NOOP("KeyMap", "Stocktake")
    ),
    PageKeyBinding(
        Qt.Key.Key_F4, "F4", PageAction.WRITE_OFF, QT_TRANSLATE_NOOP("KeyMap", "Write off")
    ),
    PageKeyBinding(
        Qt.Key.Key_F5,
        "F5",
        PageAction.REORDER_LEVEL,
        QT_TRANSLATE_NOOP("KeyMap", "Reorder level"),
    ),
    PageKeyBinding(
        Qt.Key.Key_F6,
        "F6",
        PageAction.NEXT_FILTER,
        QT_TRANSLATE_NOOP("KeyMap", "Low / expiring"),
    ),
    PageKeyBinding(
        Qt.Key.Key_Escape, "Esc", PageAction.CLEAR, QT_TRANSLATE_NOOP("KeyMap", "All products")
    ),
    MOVE_BINDING,
)


# The report page (报表): a period is one key (F2–F6) or typed and Enter; Tab steps through
# the sections. Tab never reaches the field as text: the page catches it before Qt's focus
# chain does, so the cursor stays in the period field.
REPORT_KEYS: tuple[PageKeyBinding, ...] = (
    PageKeyBinding(
        Qt.Key.Key_Return, "Enter", PageAction.OPEN, QT_TRANSLATE_NOOP("KeyMap", "Show the period")
    ),
    PageKeyBinding(Qt.Key.Key_F2, "F2", PageAction.TODAY, QT_TRANSLATE_NOOP("KeyMap", "Today")),
    PageKeyBinding(
        Qt.Key.Key_F3, "F3", PageAction.YESTERDAY, QT_TRANSLATE_NOOP("KeyMap", "Yesterday")
    ),
    PageKeyBinding(
        Qt.Key.Key_F4, "F4", PageAction.THIS_WEEK, QT_TRANSLATE_NOOP("KeyMap", "This week")
    ),
    PageKeyBinding(
        Qt.Key.Key_F5, "F5", PageAction.THIS_MONTH, QT_TRANSLATE_NOOP("KeyMap", "This month")
    ),
    PageKeyBinding(
        Qt.Key.Key_F6, "F6", PageAction.LAST_MONTH, QT_TRANSLATE_NOOP("KeyMap", "Last month")
    ),
    PageKeyBinding(
        Qt.Key.Key_Tab, "Tab", PageAction.NEXT_SECTION, QT_TRANSLATE_NOOP("KeyMap", "Next section")
    ),
    PageKeyBinding(
        Qt.Key.Key_Backtab,
        "Shift+Tab",
        PageAction.PREVIOUS_SECTION,
        QT_TRANSLATE_NOOP("KeyMap", "Previous section"),
    ),
    PageKeyBinding(
        Qt.Key.Key_F7, "F7", PageAction.EXPORT_XLSX, QT_TRANSLATE_NOOP("KeyMap", "Export Excel")
    ),
    PageKeyBinding(
        Qt.Key.Key_F8, "F8", PageAction.EXPORT_CSV, QT_TRANSLATE_NOOP("KeyMap", "Export CSV")
    ),
    PageKeyBinding(
        Qt.Key.Key_F9, "F9", PageAction.PRINT, QT_TRANSLATE_NOOP("KeyMap", "Print summary")
    ),
    MOVE_BINDING,
)


def _caption_of(action: CheckoutAction) -> str:
    return next(binding.caption for binding in CHECKOUT_KEYS if binding.action is action)


def printing_menu_path(page: Page | None) -> str:
    """The keys that open the printing menu from `page` (None: the sign-in screen).

    `F7` on the checkout; elsewhere F7 may do something else, so first the checkout's key.
    """
    printing = _caption_of(CheckoutAction.PRINTING)
    if page is Page.CHECKOUT:
        return printing
    if page is None:
        return QCoreApplication.translate("KeyMap", "sign in, then {0}").format(printing)
    checkout = next(binding.caption for binding in PAGE_KEYS if binding.page is Page.CHECKOUT)
    return f"{checkout} → {printing}"


def no_printer_text(page: Page | None) -> str:
    """What to say when a paper could not print for want of a printer, and where to set one."""
    return QCoreApplication.translate(
        "KeyMap", "No printer is set up ({0} printing menu → printer settings)."
    ).format(printing_menu_path(page))
