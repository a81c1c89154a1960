import pytest

from station_app.core.catalog import NewProduct, add_product, find_by_code, search_products
from station_app.core.errors import InputRefused, NotFound


def names(products):
    return [p.name for p in products]


def test_search_by_initials_full_pinyin_and_name_substring(shop):
    assert names(search_products(shop.db, "kkkl")) == ["可口可乐 500ml"]
    assert names(search_products(shop.db, "kele")) == ["可口可乐 500ml"]
    assert names(search_products(shop.db, "可乐")) == ["可口可乐 500ml"]
    assert names(search_products(shop.db, "hsnrm")) == ["康师傅红烧牛肉面 桶装"]
    assert names(search_products(shop.db, "牛肉")) == ["康师傅红烧牛肉面 桶装"]
    assert search_products(shop.db, "zzzz") == []
    assert search_products(shop.db, '"*') == []


def test_search_ranks_prefix_matches_first(shop):
    add_product(
        shop.db,
        NewProduct("百事可乐 330ml", "罐", 250, ("6900000000991",)),
        shop.owner.id,
        shop.clock,
    )
    assert names(search_products(shop.db, "bs")) == ["百事可乐 330ml"]
    # Both contain "kele"; only 可口可乐's pinyin starts with "ke".
    assert names(search_products(shop.db, "ke")) == ["可口可乐 500ml", "百事可乐 330ml"]
    assert names(search_products(shop.db, "kele")) == ["可口可乐 500ml", "百事可乐 330ml"]
    assert names(search_products(shop.db, "ba")) == ["百事可乐 330ml"]


def test_product_has_several_barcodes(shop):
    product = add_product(
        shop.db,
        NewProduct("雪碧 2L", "瓶", 650, ("6900000000885", "6900000000892")),
        shop.owner.id,
        shop.clock,
    )
    assert find_by_code(shop.db, "6900000000892", {}).product.id == product.id
    assert find_by_code(shop.db, "6900000000885", {}).product.id == product.id


def test_plu_typed_at_the_counter_finds_weighed_goods(shop):
    assert find_by_code(shop.db, "1001", {}).product.name == "散装大米"


@pytest.mark.parametrize("code", ["6900000009999", "", "x" * 40, "条码"])
def test_unknown_codes_are_refused_with_a_message(shop, code):
    with pytest.raises(NotFound):
        find_by_code(shop.db, code, shop.settings.scale_prefixes)


@pytest.mark.parametrize(
    "item",
    [
        NewProduct("", "瓶", 100, ("6900000000011",)),
        NewProduct("名" * 41, "瓶", 100, ("6900000000011",)),
        NewProduct("水", "瓶", 0, ("6900000000011",)),
        NewProduct("水", "瓶", 100_000_001, ("6900000000011",)),
        NewProduct("水", "瓶", 100, ("690-0000",)),
        NewProduct("水", "瓶", 100, ()),
        NewProduct("水", "瓶", 100, ("6900000000014",)),  # the cola's barcode
    ],
)
def test_bad_quick_add_is_refused_and_nothing_written(shop, item):
    before = shop.db.execute("SELECT count(*) FROM products").fetchone()[0]
    with pytest.raises(InputRefused):
        add_product(shop.db, item, shop.owner.id, shop.clock)
    assert shop.db.execute("SELECT count(*) FROM products").fetchone()[0] == before


def test_renaming_a_product_reindexes_it_and_a_price_update_keeps_the_index(shop):
    from station_app.core.catalog import upsert_product

    with shop.db.atomic():
        upsert_product(
            shop.db,
            NewProduct("百事可乐 330ml", "罐", 260, (shop.cola.barcode,)),
            shop.clock.stamp(),
        )
    assert names(search_products(shop.db, "bskl")) == ["百事可乐 330ml"]
    assert search_products(shop.db, "kkkl") == []  # the old name is gone from the index
    with shop.db.atomic():
        upsert_product(
            shop.db,
            NewProduct("百事可乐 330ml", "罐", 280, (shop.cola.barcode,)),
            shop.clock.stamp(),
        )
    assert [(p.name, p.price_fen) for p in search_products(shop.db, "bskl")] == [
        ("百事可乐 330ml", 280)
    ]
    rows = shop.db.execute("SELECT count(*) FROM product_search").fetchone()[0]
    assert rows == shop.db.execute("SELECT count(*) FROM products").fetchone()[0]
