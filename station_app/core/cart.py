"""The cart being rung up: lines, discounts, 抹零, and the totals that follow from them."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace

from station_app.core.catalog import Product, ScanHit
from station_app.core.errors import InputRefused, PermissionRequired
from station_app.core.ids import uuid7
from station_app.core.money import (
    GRAMS_PER_KG,
    Rounding,
    check_price,
    check_quantity,
    check_weight,
    format_fen,
    rounding_fen,
    weighed_total_fen,
)
from station_app.core.operators import Operator

MAX_LINES = 200
OPEN_ITEM_UNIT = "项"


class WeightRequired(InputRefused):
    """A weighed product was scanned without a scale label: ask for the weight."""

    default_code = "weight_required"

    def __init__(self, product: Product) -> None:
        super().__init__(
            f"“{product.name}”是称重商品，请输入重量",
            f"{product.name} is sold by weight: enter the weight",
        )
        self.product = product


@dataclass(frozen=True)
class CartLine:
    """One cart line.

    Counted goods: `quantity` units at `unit_price_fen`. Weighed goods: `weight_g` grams
    at `unit_price_fen` per kg, quantity 1.
    """

    key: str
    product_id: str | None
    code: str | None
    name: str
    unit: str
    unit_price_fen: int
    quantity: int
    weight_g: int | None
    gross_fen: int
    discount_fen: int = 0

    @property
    def is_weighed(self) -> bool:
        """True when the line is priced by weight."""
        return self.weight_g is not None

    @property
    def total_fen(self) -> int:
        """What the line costs after its discount."""
        return self.gross_fen - self.discount_fen


@dataclass(frozen=True)
class Totals:
    """The sums a keeper sees; `total_fen` is what must be paid."""

    gross_fen: int
    line_discount_fen: int
    sale_discount_fen: int
    rounding_fen: int
    total_fen: int
    item_count: int

    @property
    def discount_fen(self) -> int:
        """Line and whole-sale discounts together."""
        return self.line_discount_fen + self.sale_discount_fen


class Cart:
    """The sale in progress. Mutating methods validate first, so a refusal changes nothing."""

    def __init__(self, discount_limit_fen: int = 500) -> None:
        self.lines: list[CartLine] = []
        self.sale_discount_fen = 0
        self.rounding = Rounding.NONE
        self.customer_phone: str | None = None
        self.discount_limit_fen = discount_limit_fen
        self.discount_approved_by: str | None = None

    # -- adding ---------------------------------------------------------------------------
    def add_scan(self, hit: ScanHit) -> CartLine:
        """Add what a scan found. A repeat scan of a counted item raises its quantity.

        Raises:
            WeightRequired: a weighed product without a scale label.
        """
        product = hit.product
        if hit.scale is not None and hit.scale.kind == "weight":
            return self.add_weighed(product, hit.scale.value)
        if hit.scale is not None:
            return self._add_priced_label(product, hit.scale.value)
        return self.add_product(product)

    def add_product(self, product: Product, quantity: int = 1) -> CartLine:
        """Add counted goods (from a scan or the pick list); an existing line grows instead.

        Raises:
            WeightRequired: the product is sold by weight.
        """
        if product.is_weighed:
            raise WeightRequired(product)
        check_quantity(quantity)
        for index, line in enumerate(self.lines):
            if line.product_id == product.id and not line.is_weighed:
                return self.set_quantity(index, line.quantity + quantity)
        gross = product.price_fen * quantity
        return self._append(
            CartLine(
                uuid7(),
                product.id,
                product.barcode or product.plu,
                product.name,
                product.unit,
                product.price_fen,
                quantity,
                None,
                gross,
            )
        )

    def add_weighed(self, product: Product, weight_g: int) -> CartLine:
        """Add a weighed line: price per kg × grams, half-up to the fen."""
        check_weight(weight_g)
        gross = weighed_total_fen(product.price_fen, weight_g)
        check_price(gross, field=("行金额", "Line amount"))
        return self._append(
            CartLine(
                uuid7(),
                product.id,
                product.plu or product.barcode,
                product.name,
                "kg",
                product.price_fen,
                1,
                weight_g,
                gross,
            )
        )

    def _add_priced_label(self, product: Product, price_fen: int) -> CartLine:
        check_price(price_fen)
        if price_fen == 0:
            raise InputRefused("秤签金额为 0", "The scale label shows a zero price")
        # The label fixes the price; the weight is implied for the stock count.
        weight_g = max(
            1, (price_fen * GRAMS_PER_KG + product.price_fen // 2) // max(product.price_fen, 1)
        )
        check_weight(weight_g)
        return self._append(
            CartLine(
                uuid7(),
                product.id,
                product.plu or product.barcode,
                product.name,
                "kg",
                product.price_fen,
                1,
                weight_g,
                price_fen,
            )
        )

    def add_open_item(self, category: str, amount_fen: int) -> CartLine:
        """Add a 无码商品: an amount typed against a category key."""
        check_price(amount_fen)
        if amount_fen == 0:
            raise InputRefused("金额不能为 0", "The amount cannot be zero")
        name = f"无码商品·{category}"[:40]
        return self._append(
            CartLine(uuid7(), None, None, name, OPEN_ITEM_UNIT, amount_fen, 1, None, amount_fen)
        )

    def _append(self, line: CartLine) -> CartLine:
        if len(self.lines) >= MAX_LINES:
            raise InputRefused(f"一单最多 {MAX_LINES} 行，请先结账", f"At most {MAX_LINES} lines")
        check_price(self._lines_total() + line.total_fen, field=("整单金额", "Sale total"))
        self.lines.append(line)
        return line

    # -- changing -------------------------------------------------------------------------
    def set_quantity(self, index: int, quantity: int) -> CartLine:
        """Change a counted line's quantity (1-9,999); weighed lines change weight instead."""
        line = self._line(index)
        check_quantity(quantity)
        if line.is_weighed:
            raise InputRefused("称重商品请修改重量", "Change the weight of a weighed line")
        gross = line.unit_price_fen * quantity
        check_price(gross, field=("行金额", "Line amount"))
        updated = replace(
            line, quantity=quantity, gross_fen=gross, discount_fen=min(line.discount_fen, gross)
        )
        return self._replace(index, updated)

    def set_weight(self, index: int, weight_g: int) -> CartLine:
        """Change a weighed line's weight."""
        line = self._line(index)
        if not line.is_weighed:
            raise InputRefused("该商品不是称重商品", "This line is not weighed")
        check_weight(weight_g)
        gross = weighed_total_fen(line.unit_price_fen, weight_g)
        updated = replace(
            line, weight_g=weight_g, gross_fen=gross, discount_fen=min(line.discount_fen, gross)
        )
        return self._replace(index, updated)

    def void_line(self, index: int) -> CartLine:
        """Remove a line before payment."""
        line = self._line(index)
        del self.lines[index]
        self.sale_discount_fen = min(self.sale_discount_fen, self._lines_total())
        return line

    def discount_line(
        self, index: int, discount_fen: int, operator: Operator, approver: Operator | None = None
    ) -> CartLine:
        """Take `discount_fen` off one line (owner approval above the clerk's limit)."""
        line = self._line(index)
        if not 0 <= discount_fen <= line.gross_fen:
            raise InputRefused("优惠不能超过该行金额", "The discount exceeds the line amount")
        self._check_discount_rights(
            self.total_discount_fen - line.discount_fen + discount_fen, operator, approver
        )
        return self._replace(index, replace(line, discount_fen=discount_fen))

    def discount_sale(
        self, discount_fen: int, operator: Operator, approver: Operator | None = None
    ) -> None:
        """Take `discount_fen` off the whole sale (owner approval above the clerk's limit)."""
        if not 0 <= discount_fen <= self._lines_total():
            raise InputRefused("整单优惠不能超过应收金额", "The discount exceeds the sale amount")
        self._check_discount_rights(
            self.total_discount_fen - self.sale_discount_fen + discount_fen, operator, approver
        )
        self.sale_discount_fen = discount_fen

    def set_rounding(self, rounding: Rounding) -> None:
        """Choose 抹零: none, drop the fen, or drop the jiao."""
        self.rounding = rounding

    def _check_discount_rights(
        self, total_discount: int, operator: Operator, approver: Operator | None
    ) -> None:
        if operator.is_owner or total_discount <= self.discount_limit_fen:
            return
        if approver is None or not approver.is_owner:
            raise PermissionRequired(
                f"优惠超过 {format_fen(self.discount_limit_fen)}，需要店主授权",
                f"Discounts above {format_fen(self.discount_limit_fen)} need the owner",
            )
        self.discount_approved_by = approver.id

    def _line(self, index: int) -> CartLine:
        if not 0 <= index < len(self.lines):
            raise InputRefused("请先选择一行商品", "Select a line first")
        return self.lines[index]

    def _replace(self, index: int, line: CartLine) -> CartLine:
        total = self._lines_total() - self.lines[index].total_fen + line.total_fen
        check_price(total, field=("整单金额", "Sale total"))
        self.lines[index] = line
        return line

    # -- totals ---------------------------------------------------------------------------
    def _lines_total(self) -> int:
        # Checked on every scan: the fields, not the property, and no generator frame.
        return sum([line.gross_fen - line.discount_fen for line in self.lines])

    @property
    def total_discount_fen(self) -> int:
        """All discounts granted so far."""
        return sum(line.discount_fen for line in self.lines) + self.sale_discount_fen

    def totals(self) -> Totals:
        """Gross, discounts, 抹零 and the amount due."""
        gross = sum(line.gross_fen for line in self.lines)
        line_discount = sum(line.discount_fen for line in self.lines)
        after_discount = gross - line_discount - self.sale_discount_fen
        dropped = rounding_fen(after_discount, self.rounding)
        items = sum(1 if line.is_weighed else line.quantity for line in self.lines)
        return Totals(
            gross, line_discount, self.sale_discount_fen, dropped, after_discount - dropped, items
        )

    @property
    def is_empty(self) -> bool:
        """No lines yet."""
        return not self.lines

    # -- hold (挂单) ------------------------------------------------------------------------
    def to_json(self) -> str:
        """Serialise for a held cart."""
        return json.dumps(
            {
                "lines": [asdict(line) for line in self.lines],
                "sale_discount_fen": self.sale_discount_fen,
                "rounding": self.rounding.value,
                "customer_phone": self.customer_phone,
                "discount_limit_fen": self.discount_limit_fen,
                "discount_approved_by": self.discount_approved_by,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Cart:
        """Inverse of `to_json`."""
        data = json.loads(text)
        cart = cls(data["discount_limit_fen"])
        cart.lines = [CartLine(**line) for line in data["lines"]]
        cart.sale_discount_fen = data["sale_discount_fen"]
        cart.rounding = Rounding(data["rounding"])
        cart.customer_phone = data["customer_phone"]
        cart.discount_approved_by = data["discount_approved_by"]
        return cart
