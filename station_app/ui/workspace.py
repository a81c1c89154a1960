"""The signed-in screen: a page bar (Alt+1 收银 … Alt+8 报表, Ctrl+S 同步) over the page shown."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, Any

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

from station_app.core.clock import Clock
from station_app.core.operators import Operator
from station_app.core.settings import StationSettings
from station_app.storage.sqlite_wrapper import Database
from station_app.ui.checkout.checkout_view import CheckoutView
from station_app.ui.common.key_map import PAGE_KEYS, WINDOW_KEYS, Page
from station_app.ui.common.messages import Tone, show_message
from station_app.ui.common.page_frame import PageFrame
from station_app.ui.common.print_queue import PrintQueue
from station_app.ui.common.style_property import set_style_property

# The other pages' modules load when their page is first opened (see Workspace._build).
if TYPE_CHECKING:
    from station_app.ui.agency.agency_controller import AgencyController
    from station_app.ui.agency.agency_page import AgencyPage
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

# Page -> (page module, page class, controller module, controller class).
_PAGE_CLASSES: dict[Page, tuple[str, str, str, str]] = {
    Page.AGENCY: (
        "agency.agency_page",
        "AgencyPage",
        "agency.agency_controller",
        "AgencyController",
    ),
    Page.PICKUP: (
        "pickup.pickup_page",
        "PickupPage",
        "pickup.pickup_controller",
        "PickupController",
    ),
    Page.VILLAGERS: (
        "villagers.villagers_page",
        "VillagersPage",
        "villagers.villagers_controller",
        "VillagersController",
    ),
    Page.CONSIGNMENT: (
        "consignment.consignment_page",
        "ConsignmentPage",
        "consignment.consignment_controller",
        "ConsignmentController",
    ),
    Page.PEOPLE: (
        "people.people_page",
        "PeoplePage",
        "people.people_controller",
        "PeopleController",
    ),
    Page.STOCK: ("stock.stock_page", "StockPage", "stock.stock_controller", "StockController"),
    Page.REPORTS: (
        "reports.report_page",
        "ReportPage",
        "reports.report_controller",
        "ReportController",
    ),
}
# Reports store nothing the hub must hear of: they are not in the records_changed loop.
_STORING_PAGES = frozenset(_PAGE_CLASSES) - {Page.REPORTS}


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

    A workspace is built before anyone has signed in (the main window builds the next
    one while the PIN is typed or hashed) and serves one operator, given by `serve`
    before it is shown; no page is built until then.

    Signals:
        records_changed(): a page stored something the hub must hear about.
        page_shown(object): the Page now shown.
        restore_requested(object): the owner confirmed restoring this backup (a Path).
    """

    records_changed = Signal()
    page_shown = Signal(object)
    restore_requested = Signal(object)  # the people page's: the owner confirmed a restore

    def __init__(
        self,
        checkout_view: CheckoutView,
        db: Database,
        settings: StationSettings,
        clock: Clock,
        print_queue: PrintQueue,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("workspace")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self._layout = layout
        layout.addWidget(self._page_bar())
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack, 1)

        self.checkout_view = checkout_view
        self._db, self._settings, self._clock = db, settings, clock
        self._print_queue = print_queue
        self._operator: Operator | None = None

        def focus_scan() -> None:
            checkout_view.scan_input.setFocus()

        # The checkout is ready at once; every other page (and its module) is built the
        # first time it is opened or asked for, so a sign-in costs only the checkout.
        self._pages: dict[Page, tuple[QWidget, Callable[[], None]]] = {
            Page.CHECKOUT: (checkout_view, focus_scan),
        }
        self._controllers: dict[Page, Any] = {}
        self.stack.addWidget(checkout_view)
        for binding in PAGE_KEYS:
            shortcut = QShortcut(QKeySequence(binding.sequence), self)
            shortcut.activated.connect(lambda page=binding.page: self.show_page(page))
        self.current_page = Page.CHECKOUT
        self.show_page(Page.CHECKOUT)

    def lay_out(self) -> None:
        """Work out the layout now, while hidden, rather than when first shown."""
        self._layout.activate()

    def serve(self, operator: Operator) -> None:
        """Give the workspace to `operator`'s sign-in, once."""
        if self._operator is not None:
            raise RuntimeError("a workspace serves one sign-in")
        self._operator = operator

    @property
    def operator(self) -> Operator:
        """Whose sign-in this is (see `serve`)."""
        if self._operator is None:
            raise RuntimeError("the workspace has not begun a sign-in")
        return self._operator

    def _build(self, page: Page) -> tuple[QWidget, Callable[[], None]]:
        """The page's widget and its activate(), built on first use."""
        if page not in self._pages:
            page_module, page_class, controller_module, controller_class = _PAGE_CLASSES[page]
            widget = getattr(import_module(f"station_app.ui.{page_module}"), page_class)()
            controller = getattr(
                import_module(f"station_app.ui.{controller_module}"), controller_class
            )(
                widget,
                self._db,
                self._settings,
                self._clock,
                self.operator,
                self._print_queue,
                self,
            )
            if page in _STORING_PAGES:
                controller.records_changed.connect(self.records_changed)
            if page is Page.PEOPLE:
                controller.restore_requested.connect(self.restore_requested)
            self.stack.addWidget(widget)
            self._controllers[page] = controller
            self._pages[page] = (widget, controller.activate)
        return self._pages[page]

    def _controller(self, page: Page) -> Any:
        self._build(page)
        return self._controllers[page]

    # The pages and their controllers by name, built when first asked for.
    @property
    def agency_page(self) -> AgencyPage:
        """The agency (代购) page."""
        return self._build(Page.AGENCY)[0]  # type: ignore[return-value]

    @property
    def agency(self) -> AgencyController:
        """The agency page's controller."""
        return self._controller(Page.AGENCY)  # type: ignore[no-any-return]

    @property
    def pickup_page(self) -> PickupPage:
        """The parcel pickup page."""
        return self._build(Page.PICKUP)[0]  # type: ignore[return-value]

    @property
    def pickup(self) -> PickupController:
        """The pickup page's controller."""
        return self._controller(Page.PICKUP)  # type: ignore[no-any-return]

    @property
    def villagers_page(self) -> VillagersPage:
        """The villagers page."""
        return self._build(Page.VILLAGERS)[0]  # type: ignore[return-value]

    @property
    def villagers(self) -> VillagersController:
        """The villagers page's controller."""
        return self._controller(Page.VILLAGERS)  # type: ignore[no-any-return]

    @property
    def consignment_page(self) -> ConsignmentPage:
        """The consignment page."""
        return self._build(Page.CONSIGNMENT)[0]  # type: ignore[return-value]

    @property
    def consignment(self) -> ConsignmentController:
        """The consignment page's controller."""
        return self._controller(Page.CONSIGNMENT)  # type: ignore[no-any-return]

    @property
    def people_page(self) -> PeoplePage:
        """The owner's people page."""
        return self._build(Page.PEOPLE)[0]  # type: ignore[return-value]

    @property
    def people(self) -> PeopleController:
        """The people page's controller."""
        return self._controller(Page.PEOPLE)  # type: ignore[no-any-return]

    @property
    def stock_page(self) -> StockPage:
        """The stock page."""
        return self._build(Page.STOCK)[0]  # type: ignore[return-value]

    @property
    def stock(self) -> StockController:
        """The stock page's controller."""
        return self._controller(Page.STOCK)  # type: ignore[no-any-return]

    @property
    def reports_page(self) -> ReportPage:
        """The reports page."""
        return self._build(Page.REPORTS)[0]  # type: ignore[return-value]

    @property
    def reports(self) -> ReportController:
        """The reports page's controller."""
        return self._controller(Page.REPORTS)  # type: ignore[no-any-return]

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
        if page is Page.PEOPLE and not self.operator.is_owner:
            self._refuse_people_page()
            return
        widget, activate = self._build(page)
        self.current_page = page
        self.stack.setCurrentWidget(widget)
        for shown, tab in self.page_tabs.items():
            set_style_property(tab, "current", shown is page)
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
