"""The Qt list model behind the search pick list: products found by name or pinyin."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject

from station_app.core.catalog import Product
from station_app.core.money import format_fen, price_per_jin_fen
from station_app.ui.common.record_table_model import RecordListModel


def describe_product(product: Product) -> str:
    """One pick-list row: name, then price per unit (weighed: per kg and per 斤)."""
    if product.is_weighed:
        price = QCoreApplication.translate("ProductListModel", "{0}/kg ({1}/jin)").format(
            format_fen(product.price_fen), format_fen(price_per_jin_fen(product.price_fen))
        )
    else:
        price = f"{format_fen(product.price_fen)}/{product.unit}"
    return f"{product.name}    {price}"


class ProductListModel(RecordListModel[Product]):
    """Search results shown under the scan field; core ranks them, the model only shows them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((), parent)

    def set_products(self, products: list[Product]) -> None:
        """Replace the results."""
        self.set_records(products)

    def product(self, row: int) -> Product:
        """The product in `row`."""
        return self.record(row)

    def text(self, product: Product) -> str:
        """The row text."""
        return describe_product(product)

    def tooltip(self, product: Product) -> str | None:
        """The barcode (or PLU) as tooltip."""
        return product.barcode or product.plu
