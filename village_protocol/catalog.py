"""The catalog row format that station import and hub publish both read.

A catalog is a table (CSV, or .xlsx at the station) whose first row names the columns:
`barcode,name,unit,price` required, `category,weighed,plu,stock` optional, in any order,
in English or in the Chinese words keepers and county staff type in Excel. `price` is
yuan with at most two decimals (per kg when weighed), `weighed` a yes/no word, several
barcodes are separated by `|`. `stock` is each station's own: the hub ignores it.
"""

from __future__ import annotations

REQUIRED_COLUMNS = ("barcode", "name", "unit", "price")
STOCK_COLUMN = "stock"
OPTIONAL_COLUMNS = ("category", "weighed", "plu", STOCK_COLUMN)
# Chinese headers, read after the title is stripped and lower-cased.
HEADER_ALIASES = {
    "条码": "barcode",
    "名称": "name",
    "商品名称": "name",
    "单位": "unit",
    "价格": "price",
    "售价": "price",
    "分类": "category",
    "称重": "weighed",
    "库存": STOCK_COLUMN,
}
# The `weighed` cell, compared lower-cased and stripped; an empty cell is not weighed.
YES_WORDS = frozenset({"1", "是", "yes", "y", "true"})
NO_WORDS = frozenset({"", "0", "否", "no", "n", "false"})
BARCODE_SEPARATOR = "|"

# Field lengths of a product, the station's catalog columns: a row past them is one no
# station would take, so the hub refuses to publish it.
MAX_PRODUCT_NAME = 40  # also a category's name
MAX_UNIT = 4
MAX_BARCODE = 32
MAX_PLU = 5


def column_key(title: str) -> str:
    """The column a header cell names: `条码` and ` Barcode ` are both `barcode`."""
    key = title.strip().lower()
    return HEADER_ALIASES.get(key, key)


def column_positions(header: list[str], wanted: tuple[str, ...]) -> dict[str, int]:
    """Where each of the `wanted` columns is in `header`; the first of repeated ones counts."""
    positions: dict[str, int] = {}
    for i, title in enumerate(header):
        key = column_key(title)
        if key in wanted:
            positions.setdefault(key, i)
    return positions


def weighed_word(text: str) -> bool | None:
    """True or False for a yes/no word of the `weighed` column, None for any other text."""
    word = text.strip().lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None


def normal_plu(plu: str) -> str:
    """A PLU as stations store and match it: its digits without leading zeros."""
    return plu.lstrip("0") or "0"
