"""The signed-in screen: a page bar (Alt+1 收银 … Alt+8 报表, Ctrl+S 同步) over the page shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Signal, Slot
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpacerItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from station_app.core.clock import Clock
from station_app.core.operators import Operator
from station_app.core.settings import StationSettings
from station_app.ui.agency.agency_controller import AgencyController
from station_app.ui.agency.agency_page import AgencyPage
from station_app.ui.checkout.checkout_view import CheckoutView
from station_app.ui.common.key_map import PAGE_KEYS, WINDOW_KEYS, Page
from station_app.ui.common.messages import Tone, show_message
from station_app.ui.common.page_frame import PageFrame
from station_app.ui.common.print_queue import PrintQueue
from station_app.ui.consignment.consignment_controller import ConsignmentController
from station_app.ui.consignment.consignment_page import ConsignmentPage
from station_app.ui.people.people_controller import PeopleController
from station_app.ui.people.people_page import PeoplePage
from station_app.ui.pickup.pickup_controller import PickupController
from station_app.ui.pickup.pickup_page import PickupPage
from station_app.ui.reports.report_controller import ReportController
from station_app.ui.reports.report_page import ReportPage
from station_app.ui.stock.stock_controller import StockController
from station_app.ui.stock.stock_page import StockPage
from station_app.ui.villagers.villagers_controller import VillagersController
from station_app.ui.villagers.villagers_page import VillagersPage


class PageBar(QFrame):
    """The page keys and the window's keys (Ctrl+S) on one line, as compact as the width needs.

    Eight pages with full keycaps do not fit a 1024 px screen, in English even less. So the
    bar steps down only as far as its width asks: first the caps lose their common "Alt+"
    (one "Alt +" stands before them: "Alt + 1 收银 2 代购 …"), then the type and the gaps
    shrink. Names are never cut or dropped.
    """

    LEVELS = 3
    # The current page's name is bold, a little wider than when the widths were measured.
    _SLACK = 24
    # Level 2 overrides the style sheet's sizes; a widget's own sheet wins over the app's.
    _SMALL_TYPE = "#pageTab { font-size: 12pt; padding: 2px 2px; } #keyCap { padding: 1px 3px; }"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.setSpacing(6)
        self._row = row
        # Named like a page name (not a keycap): what legends list are whole key captions.
        self._prefix = QLabel("Alt +", self)
        self._prefix.setObjectName("pageTab")
        self._prefix.hide()
        row.addWidget(self._prefix)
        self._caps: list[tuple[QLabel, str, str]] = []
        self._gaps: list[QSpacerItem] = []
        self.page_tabs: dict[Page, QLabel] = {}
        for binding in PAGE_KEYS:
            cap = QLabel(binding.caption, self)
            cap.setObjectName("keyCap")
            self._caps.append((cap, binding.caption, binding.caption.removeprefix("Alt+")))
            tab = QLabel(binding.translated_label(), self)
            tab.setObjectName("pageTab")
            self.page_tabs[binding.page] = tab
            row.addWidget(cap)
            row.addWidget(tab)
            gap = QSpacerItem(4, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
            self._gaps.append(gap)
            row.addItem(gap)
        row.addStretch(1)
        # The window binds these (main_window.py); they work on every page, so they are
        # shown here rather than in each page's legend.
        self.window_key_labels: dict[object, QLabel] = {}
        for window_binding in WINDOW_KEYS:
            cap = QLabel(window_binding.caption, self)
            cap.setObjectName("keyCap")
            text = QLabel(window_binding.translated_label(), self)
            text.setObjectName("pageTab")
            self.window_key_labels[window_binding.action] = text
            row.addWidget(cap)
            row.addWidget(text)
        self.level = 0
        self._widths: dict[int, int] = {}

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Narrower than the full bar: `resizeEvent` steps down to fit what it is given."""
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self._width_at(self.LEVELS - 1)), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Take the least compact level that fits the new width."""
        width = event.size().width()
        fits = [
            level for level in range(self.LEVELS) if self._width_at(level) + self._SLACK <= width
        ]
        self._apply(fits[0] if fits else self.LEVELS - 1)
        super().resizeEvent(event)

    def _width_at(self, level: int) -> int:
        if level not in self._widths:
            shown = self.level
            self.ensurePolished()
            self._apply(level, force=True)
            self._widths[level] = self._row.sizeHint().width()
            self._apply(shown, force=True)
        return self._widths[level]

    def _apply(self, level: int, *, force: bool = False) -> None:
        if level == self.level and not force:
            return
        self.level = level
        self._prefix.setVisible(level >= 1)
        for cap, full, short in self._caps:
            cap.setText(short if level >= 1 else full)
        self.setStyleSheet(self._SMALL_TYPE if level >= 2 else "")
        self._row.setSpacing(3 if level >= 2 else 6)
        for gap in self._gaps:
            gap.changeSize(2 if level >= 2 else 4, 0)
        self._row.invalidate()


class Workspace(QWidget):
    """Holds the checkout and the agency, pickup, villagers and consignment pages of a sign-in.

    The pages live as long as the sign-in, so a half-typed order or search survives
    a trip to another page; each page gets the focus back in its main input. Its
    message line does not: what it said belonged to the step before the trip.

    The page bar is the legend of the keys that work on every page: the page keys and
    the window's own (Ctrl+S), from the same tables that bind them.

    Signals:
        records_changed(): a page stored something the hub must hear about.
        page_shown(object): the Page now shown.
    """

    records_changed = Signal()
    page_shown = Signal(object)

    def __init__(
        self,
        checkout_view: CheckoutView,
        db: Database,
        settings: StationSettings,
        clock: Clock,
        operator: Operator,
        print_queue: PrintQueue,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("workspace")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._page_bar())
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack, 1)

        self.checkout_view = checkout_view
        self.agency_page = AgencyPage()
        self.agency = AgencyController(
            self.agency_page, db, settings, clock, operator, print_queue, self
        )
        self.pickup_page = PickupPage()
        self.pickup = PickupController(
            self.pickup_page, db, settings, clock, operator, print_queue, self
        )
        self.villagers_page = VillagersPage()
        self.villagers = VillagersController(
            self.villagers_page, db, settings, clock, operator, print_queue, self
        )
        self.consignment_page = ConsignmentPage()
        self.consignment = ConsignmentController(
            self.consignment_page, db, settings, clock, operator, print_queue, self
        )
        self.people_page = PeoplePage()
        self.people = PeopleController(
            self.people_page, db, settings, clock, operator, print_queue, self
        )
        self.stock_page = StockPage()
        self.stock = StockController(
            self.stock_page, db, settings, clock, operator, print_queue, self
        )
        # Reports store nothing the hub must hear of: not in the records_changed loop below.
        self.reports_page = ReportPage()
        self.reports = ReportController(
            self.reports_page, db, settings, clock, operator, print_queue, self
        )
        self._operator = operator
        for controller in (
            self.agency,
            self.pickup,
            self.villagers,
            self.consignment,
            self.people,
            self.stock,
        ):
            controller.records_changed.connect(self.records_changed)

        def focus_scan() -> None:
            checkout_view.scan_input.setFocus()

        self._pages: dict[Page, tuple[QWidget, Callable[[], None]]] = {
            Page.CHECKOUT: (checkout_view, focus_scan),
            Page.AGENCY: (self.agency_page, self.agency.activate),
            Page.PICKUP: (self.pickup_page, self.pickup.activate),
            Page.VILLAGERS: (self.villagers_page, self.villagers.activate),
            Page.CONSIGNMENT: (self.consignment_page, self.consignment.activate),
            Page.PEOPLE: (self.people_page, self.people.activate),
            Page.STOCK: (self.stock_page, self.stock.activate),
            Page.REPORTS: (self.reports_page, self.reports.activate),
        }
        for widget, _activate in self._pages.values():
            self.stack.addWidget(widget)
        for binding in PAGE_KEYS:
            shortcut = QShortcut(QKeySequence(binding.sequence), self)
            shortcut.activated.connect(lambda page=binding.page: self.show_page(page))
        self.current_page = Page.CHECKOUT
        self.show_page(Page.CHECKOUT)

    def _page_bar(self) -> QFrame:
        bar = PageBar(self)
        self.page_tabs = bar.page_tabs
        self.window_key_labels = bar.window_key_labels
        return bar

    @Slot(object)
    def show_page(self, page: Page) -> None:
        """Show `page`, mark it on the bar, refresh it and focus its main input.

        The people page is the owner's: a clerk is told so on the page they are on.
        """
        if page is Page.PEOPLE and not self._operator.is_owner:
            self._refuse_people_page()
            return
        widget, activate = self._pages[page]
        self.current_page = page
        self.stack.setCurrentWidget(widget)
        for shown, tab in self.page_tabs.items():
            tab.setProperty("current", shown is page)
            tab.style().unpolish(tab)
            tab.style().polish(tab)
        if isinstance(widget, PageFrame):
            widget.clear_message()
        activate()
        self.page_shown.emit(page)

    def _refuse_people_page(self) -> None:
        text = self.tr(
            "The people page (PINs, clerks, backups) is for the owner: ask the owner to sign in."
        )
        shown = self.stack.currentWidget()
        label = getattr(shown, "message_label", None)
        if isinstance(label, QLabel):
            show_message(label, text, Tone.ERROR)
