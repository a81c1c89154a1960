"""A small shop built through the real services, for core tests that need few products."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlite_utils import Database

from station_app.core.barcodes import make_ean13
from station_app.core.catalog import NewProduct, Product, add_product
from station_app.core.clock import Clock
from station_app.core.operators import Operator, Role, create_operator
from station_app.core.settings import StationSettings, load_settings


@dataclass
class Shop:
    db: Database
    clock: Clock
    settings: StationSettings
    owner: Operator
    clerk: Operator
    cola: Product  # ¥3.00 a bottle
    noodles: Product  # ¥4.50 a bucket
    rice: Product  # weighed, ¥5.60 per kg, PLU 1001
    eggs: Product  # weighed, ¥13.00 per kg, PLU 1002


@pytest.fixture
def shop(db: Database) -> Shop:
    clock = Clock()
    owner = create_operator(db, "店主", Role.OWNER, "8888", clock)
    clerk = create_operator(db, "店员", Role.CLERK, "1234", clock)

    def product(
        name: str,
        unit: str,
        price: int,
        code: str = "",
        plu: str | None = None,
        weighed: bool = False,
    ) -> Product:
        barcodes = (make_ean13(code),) if code else ()
        return add_product(
            db,
            NewProduct(
                name, unit, price, barcodes, weighed, plu, initial_stock=100_000 if weighed else 100
            ),
            owner.id,
            clock,
        )

    return Shop(
        db,
        clock,
        load_settings(db),
        owner,
        clerk,
        product("可口可乐 500ml", "瓶", 300, "690000000001"),
        product("康师傅红烧牛肉面 桶装", "桶", 450, "690000000002"),
        product("散装大米", "kg", 560, plu="1001", weighed=True),
        product("鲜鸡蛋", "kg", 1300, plu="1002", weighed=True),
    )
