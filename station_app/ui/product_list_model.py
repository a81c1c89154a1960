"""The Qt list model behind the search pick list: products found by name or pinyin."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from station_app.core.catalog import Product
from station_app.core.money import format_fen, price_per_jin_fen

_Index = QModelIndex | QPersistentModelIndex


def describe_product(product: Product) -> str:
    """One pick-list row: name, then price per unit (weighed: per kg and per 斤)."""
    if product.is_weighed:
        price = QCoreApplication.translate("ProductListModel", "{0}/kg ({1}/jin)").format(
            format_fen(product.price_fen), format_fen(price_per_jin_fen(product.price_fen)))
    else:
        price = f"{format_fen(product.price_fen)}/{product.unit}"
    return f"{product.name}    {price}"


class ProductListModel(QAbstractListModel):
    """Search results shown under the scan field; core ranks them, the model only shows them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._products: tuple[Product, ...] = ()

    def set_products(self, products: list[Product]) -> None:
        """Replace the results."""
        self.beginResetModel()
        self._products = tuple(products)
        self.endResetModel()

    def product(self, row: int) -> Product:
        """The product in `row`."""
        return self._products[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of results."""
        return 0 if parent.isValid() else len(self._products)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The row text, and the barcode as tooltip."""
        if not index.isValid() or not 0 <= index.row() < len(self._products):
            return None
        product = self._products[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return describe_product(product)
        if role == Qt.ItemDataRole.ToolTipRole:
            return product.barcode or product.plu
        return None
