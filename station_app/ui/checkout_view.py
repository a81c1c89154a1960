"""The checkout screen's layout: scan field, cart table, totals, key legend. No logic."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.ui.cart_model import CartColumn
from station_app.ui.form_parts import key_legend
from station_app.ui.key_line_edit import KeyLineEdit
from station_app.ui.key_map import CHECKOUT_KEYS, CheckoutAction

PICK_LIST_ROWS = 8
SCAN_MAX_CHARS = 32


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
            [*routed, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Delete, Qt.Key.Key_Escape,
             Qt.Key.Key_PageUp, Qt.Key.Key_PageDown], self)
        self.scan_input.setObjectName("scanInput")
        self.scan_input.setMaxLength(SCAN_MAX_CHARS)
        self.scan_input.setPlaceholderText(self.tr("barcode, PLU, or pinyin like kkkl"))
        scan_row.addWidget(self.scan_caption)
        scan_row.addWidget(self.scan_input, 1)
        outer.addLayout(scan_row)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("checkoutMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setMinimumHeight(40)
        outer.addWidget(self.message_label)

        body = QHBoxLayout()
        self.cart_table = QTableView(self)
        self.cart_table.setObjectName("cartTable")
        self.cart_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cart_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.cart_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.cart_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cart_table.setAlternatingRowColors(True)
        self.cart_table.setWordWrap(False)
        self.cart_table.verticalHeader().setDefaultSectionSize(44)
        body.addWidget(self.cart_table, 1)
        body.addWidget(self._summary_panel())
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
        panel.setFixedWidth(340)
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
        return panel

    def _key_legend(self) -> QFrame:
        legend, self.legend_labels = key_legend(self, CHECKOUT_KEYS)
        return legend

    def size_columns(self) -> None:
        """Give the item name the spare width; size the figures to their contents."""
        header = self.cart_table.horizontalHeader()
        header.setMinimumSectionSize(96)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CartColumn.ITEM, QHeaderView.ResizeMode.Stretch)

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
