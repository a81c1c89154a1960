"""The checkout screen's layout: scan field, cart or last receipt, totals, key legend. No logic."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.printing.charset import CharacterMode
from station_app.ui.checkout.cart_model import CartColumn
from station_app.ui.checkout.receipt_preview import ReceiptPreview
from station_app.ui.common.form_parts import key_legend
from station_app.ui.common.key_line_edit import KeyLineEdit
from station_app.ui.common.key_map import CHECKOUT_KEYS, CheckoutAction
from station_app.ui.common.messages import message_line
from station_app.ui.common.style_property import set_style_property

if TYPE_CHECKING:
    from station_app.printing.raster_render import RasterFont
    from station_app.printing.receipt_layout import Layout

PICK_LIST_ROWS = 8
SCAN_MAX_CHARS = 32
# Below this width (a 1024×768 screen) the totals panel narrows and the cart's and the
# total's fonts step down a size (style sheet: [compact="true"]), so that a product name
# keeps about twelve Chinese characters beside the figures.
COMPACT_BELOW_PX = 1200
SUMMARY_WIDE_PX = 340
SUMMARY_COMPACT_PX = 260
FIGURE_MIN_PX = 64


class CheckoutView(QWidget):
    """Public widgets the controller drives; every one but the scan field refuses focus.

    The scan field keeps the focus all the time, so a scanner's digits and Enter always
    land there; arrows and function keys typed into it steer the rest of the screen.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkoutView")
        outer = QVBoxLayout(self)
        outer.setSpacing(8)

        scan_row = QHBoxLayout()
        self.scan_caption = QLabel(self.tr("Scan or type code / name:"), self)
        self.scan_caption.setObjectName("scanCaption")
        routed = [b.key for b in CHECKOUT_KEYS if b.action is not CheckoutAction.VOID_LINE]
        self.scan_input = KeyLineEdit(
            [
                *routed,
                Qt.Key.Key_Up,
                Qt.Key.Key_Down,
                Qt.Key.Key_Delete,
                Qt.Key.Key_Escape,
                Qt.Key.Key_PageUp,
                Qt.Key.Key_PageDown,
            ],
            self,
        )
        self.scan_input.setObjectName("scanInput")
        self.scan_input.setMaxLength(SCAN_MAX_CHARS)
        self.scan_input.setPlaceholderText(self.tr("barcode, PLU, or pinyin like kkkl"))
        scan_row.addWidget(self.scan_caption)
        scan_row.addWidget(self.scan_input, 1)
        outer.addLayout(scan_row)

        self.message_label = message_line(self, "checkoutMessage")
        self.message_label.setMinimumHeight(40)
        outer.addWidget(self.message_label)

        body = QHBoxLayout()
        # The cart while a sale is rung up; between customers, the last receipt.
        self.cart_stack = QStackedWidget(self)
        self.cart_stack.setObjectName("cartStack")
        self.cart_table = QTableView(self)
        self.cart_table.setObjectName("cartTable")
        self.cart_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cart_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.cart_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.cart_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cart_table.setAlternatingRowColors(True)
        self.cart_table.setWordWrap(False)
        self.cart_table.verticalHeader().setDefaultSectionSize(44)
        self.cart_stack.addWidget(self.cart_table)
        self.cart_stack.addWidget(self._last_sale_panel())
        body.addWidget(self.cart_stack, 1)
        self.summary_panel = self._summary_panel()
        body.addWidget(self.summary_panel)
        outer.addLayout(body, 1)

        outer.addWidget(self._key_legend())

        # Floats over the table under the scan field; never takes the focus.
        self.pick_list = QListView(self)
        self.pick_list.setObjectName("pickList")
        self.pick_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pick_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.pick_list.hide()
        self.setFocusProxy(self.scan_input)

    def _summary_panel(self) -> QFrame:
        panel = QFrame(self)
        panel.setObjectName("summaryPanel")
        panel.setFixedWidth(SUMMARY_WIDE_PX)
        grid = QGridLayout(panel)
        grid.setVerticalSpacing(10)
        self.count_label = QLabel(panel)
        self.subtotal_label = QLabel(panel)
        self.discount_label = QLabel(panel)
        self.rounding_label = QLabel(panel)
        rows = (
            (self.tr("Items"), self.count_label),
            (self.tr("Subtotal"), self.subtotal_label),
            (self.tr("Discount"), self.discount_label),
            (self.tr("Rounding"), self.rounding_label),
        )
        for row, (caption, value) in enumerate(rows):
            grid.addWidget(QLabel(caption, panel), row, 0)
            value.setObjectName("summaryValue")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(value, row, 1)
        grid.setRowStretch(len(rows), 1)
        self.total_caption = QLabel(self.tr("Total due"), panel)
        self.total_caption.setObjectName("totalCaption")
        self.total_label = QLabel(panel)
        self.total_label.setObjectName("totalLabel")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self.total_caption, len(rows) + 1, 0, 1, 2)
        grid.addWidget(self.total_label, len(rows) + 2, 0, 1, 2)
        # After a sale the change takes the total's place, big, until the next scan.
        self.change_caption = QLabel(self.tr("Change"), panel)
        self.change_caption.setObjectName("saleChangeCaption")
        self.change_label = QLabel(panel)
        self.change_label.setObjectName("saleChange")
        self.change_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self.change_caption, len(rows) + 3, 0, 1, 2)
        grid.addWidget(self.change_label, len(rows) + 4, 0, 1, 2)
        self.change_caption.hide()
        self.change_label.hide()
        return panel

    def _last_sale_panel(self) -> QFrame:
        panel = QFrame(self)
        panel.setObjectName("lastSalePanel")
        self.last_sale_panel = panel
        box = QVBoxLayout(panel)
        box.setContentsMargins(0, 0, 0, 0)
        self.last_sale_label = QLabel(panel)
        self.last_sale_label.setObjectName("lastSaleLabel")
        self.last_sale_label.setWordWrap(True)
        box.addWidget(self.last_sale_label)
        self.receipt_preview = ReceiptPreview(panel)
        # Only to look at: the keys stay in the scan field for the next customer.
        self.receipt_preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.receipt_preview.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        box.addWidget(self.receipt_preview, 1)
        return panel

    def show_cart(self) -> None:
        """The cart table in the middle, the total due in the panel."""
        self.cart_stack.setCurrentWidget(self.cart_table)
        self.change_caption.hide()
        self.change_label.hide()
        self.total_caption.show()
        self.total_label.show()

    def show_last_sale(self, heading: str, change: str | None) -> None:
        """The last receipt in the middle; `change` (if any) big in place of the total."""
        self.last_sale_label.setText(heading)
        self.cart_stack.setCurrentWidget(self.last_sale_panel)
        showing_change = change is not None
        self.change_label.setText(change or "")
        self.change_caption.setVisible(showing_change)
        self.change_label.setVisible(showing_change)
        self.total_caption.setVisible(not showing_change)
        self.total_label.setVisible(not showing_change)

    def set_last_receipt(
        self, layout: Layout, mode: CharacterMode | None = None, font: RasterFont | None = None
    ) -> None:
        """Draw the receipt that `show_last_sale` shows."""
        self.receipt_preview.show_receipt(layout, mode, font)

    @property
    def showing_last_sale(self) -> bool:
        """True while the last receipt stands where the cart goes."""
        return self.cart_stack.currentWidget() is not self.cart_table

    def _key_legend(self) -> QFrame:
        legend, self.legend_labels = key_legend(self, CHECKOUT_KEYS)
        return legend

    def size_columns(self) -> None:
        """Give the item name the spare width; size the figures to their contents."""
        header = self.cart_table.horizontalHeader()
        header.setMinimumSectionSize(FIGURE_MIN_PX)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CartColumn.ITEM, QHeaderView.ResizeMode.Stretch)

    def show_discount_column(self, shown: bool) -> None:
        """An empty discount column would take the name's room; it shows once one is given."""
        self.cart_table.setColumnHidden(CartColumn.DISCOUNT, not shown)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Narrow screens get the compact look; see COMPACT_BELOW_PX."""
        super().resizeEvent(event)
        compact = event.size().width() < COMPACT_BELOW_PX
        self.summary_panel.setFixedWidth(SUMMARY_COMPACT_PX if compact else SUMMARY_WIDE_PX)
        for widget in (self.cart_table, self.total_label, self.change_label):
            if bool(widget.property("compact")) != compact:
                set_style_property(widget, "compact", compact)

    def place_pick_list(self, rows: int) -> None:
        """Show the pick list under the message line (which says how to use it)."""
        row_height = max(self.pick_list.sizeHintForRow(0), 1)
        visible = min(max(rows, 1), PICK_LIST_ROWS)
        frame = 2 * self.pick_list.frameWidth()
        below = self.message_label.geometry().bottom() + 2
        origin = QPoint(self.scan_input.mapTo(self, QPoint(0, 0)).x(), below)
        self.pick_list.move(origin)
        self.pick_list.resize(QSize(self.scan_input.width(), visible * row_height + frame))
        self.pick_list.show()
        self.pick_list.raise_()
