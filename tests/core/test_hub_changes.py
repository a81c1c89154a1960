import pytest

from station_app.core.audit import verify_audit
from station_app.core.catalog import find_by_code, product_by_plu, search_products
from station_app.core.clock import Clock
from station_app.core.errors import NotFound
from station_app.core.hub_changes import apply_hub_change
from station_app.core.hub_notices import mark_notices_read, recent_notices
from station_app.core.settings import load_settings
from village_protocol.changes import ChangeMalformed, ChangeRefused

COLA = "6932780008140"
SAUCE = {
    "barcodes": ["6901234567892"],
    "name": "县里新品酱油",
    "unit": "瓶",
    "price_fen": 850,
    "is_weighed": False,
    "plu": None,
    "category": "调味品",
}


def apply(db, kind, data, cursor=1):
    with db.atomic():
        return apply_hub_change(db, cursor, kind, "2026-11-26T08:00:00.000Z", data, Clock().stamp())


def lookup(db, code):
    return find_by_code(db, code, load_settings(db).scale_prefixes).product


def test_an_upsert_adds_a_product_that_scans_and_searches(demo_db):
    outcome = apply(demo_db, "product.upsert", SAUCE)
    assert outcome.summary.startswith("added")
    product = lookup(demo_db, "6901234567892")
    assert (product.name, product.price_fen, product.category) == ("县里新品酱油", 850, "调味品")
    assert search_products(demo_db, "xlxp")[0].id == product.id
    assert verify_audit(demo_db).ok


def test_the_same_upsert_twice_changes_nothing_more(demo_db):
    apply(demo_db, "product.upsert", SAUCE, cursor=1)
    count = demo_db.execute("SELECT count(*) FROM products").fetchone()[0]
    assert apply(demo_db, "product.upsert", SAUCE, cursor=1).summary.startswith("updated")
    assert demo_db.execute("SELECT count(*) FROM products").fetchone()[0] == count


def test_a_weighed_upsert_keeps_its_plu_as_text_or_number(demo_db):
    apply(
        demo_db,
        "product.upsert",
        {
            **SAUCE,
            "barcodes": [],
            "name": "土鸡蛋",
            "unit": "kg",
            "is_weighed": True,
            "plu": 1099,
            "price_fen": 1800,
        },
    )
    assert product_by_plu(demo_db, "1099").price_fen == 1800


def test_a_price_change_by_barcode_or_plu(demo_db):
    apply(demo_db, "price.change", {"barcode": COLA, "price_fen": 320})
    apply(demo_db, "price.change", {"plu": "1001", "price_fen": 620})
    assert lookup(demo_db, COLA).price_fen == 320
    assert product_by_plu(demo_db, "1001").price_fen == 620


def test_a_price_for_goods_not_stocked_here_is_a_no_op(demo_db):
    assert (
        "not stocked"
        in apply(demo_db, "price.change", {"barcode": "6901234567892", "price_fen": 100}).summary
    )


def test_a_retired_product_no_longer_scans(demo_db):
    apply(demo_db, "product.retire", {"barcodes": [COLA]})
    with pytest.raises(NotFound):
        lookup(demo_db, COLA)
    apply(demo_db, "product.upsert", {**SAUCE, "barcodes": [COLA], "name": "可口可乐 500ml"})
    assert lookup(demo_db, COLA).name == "可口可乐 500ml"  # an upsert brings it back


def test_notices_are_kept_once_per_cursor(demo_db):
    apply(demo_db, "notice", {"title": "停电通知", "body": "周六检修"}, cursor=7)
    apply(demo_db, "notice", {"title": "停电通知", "body": "周六检修"}, cursor=7)
    assert [(n.cursor, n.title, n.read_at) for n in recent_notices(demo_db)] == [
        (7, "停电通知", None)
    ]
    assert mark_notices_read(demo_db, Clock().stamp()) == 1
    assert recent_notices(demo_db)[0].read_at is not None


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("product.upsert", {**SAUCE, "barcodes": ["6901234567893"]}),  # bad check digit
        ("product.upsert", {**SAUCE, "price_fen": 0}),
        ("product.upsert", {**SAUCE, "name": "长" * 41}),
        ("product.upsert", {**SAUCE, "barcodes": [COLA], "plu": "1001"}),  # PLU of rice
        ("price.change", {"barcode": COLA, "price_fen": -5}),
        ("parcel.arrived", {"tracking_no": "SF1"}),
    ],
)
def test_changes_this_station_cannot_take_are_refused_without_a_trace(demo_db, kind, data):
    before = demo_db.execute("SELECT count(*), sum(price_fen) FROM products").fetchone()
    audit_rows = demo_db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(ChangeRefused):
        apply(demo_db, kind, data)
    assert demo_db.execute("SELECT count(*), sum(price_fen) FROM products").fetchone() == before
    assert demo_db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_rows


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("product.upsert", {**SAUCE, "price_fen": "850"}),
        ("product.upsert", {**SAUCE, "is_weighed": 0}),
        ("product.upsert", {**SAUCE, "barcodes": "6901234567892"}),
        ("product.upsert", {k: v for k, v in SAUCE.items() if k != "name"}),
        ("product.retire", {}),
        ("price.change", {"price_fen": 100}),
        ("price.change", {"barcode": COLA, "price_fen": True}),
        ("notice", {"title": "x"}),
    ],
)
def test_changes_that_break_the_protocol_are_malformed(demo_db, kind, data):
    with pytest.raises(ChangeMalformed):
        apply(demo_db, kind, data)


def test_a_change_must_come_inside_a_transaction(demo_db):
    with pytest.raises(RuntimeError):
        apply_hub_change(demo_db, 1, "notice", "t", {"title": "", "body": ""}, "t")


def test_a_parcel_announced_by_the_hub_waits_for_pickup_once(demo_db):
    from station_app.core.parcels import find_parcels

    data = {
        "tracking_no": "SF1234567890123",
        "carrier": "顺丰",
        "recipient_name": "王大山",
        "recipient_phone": "13003141592",
    }
    assert "pickup code" in apply(demo_db, "parcel.arrived", data).summary
    assert "already" in apply(demo_db, "parcel.arrived", data, cursor=2).summary
    [parcel] = find_parcels(demo_db, "1592")
    assert parcel.tracking_no == "SF1234567890123"
    source = demo_db.execute("SELECT source FROM parcels").fetchone()[0]
    assert source == "hub"


def test_a_settlement_from_the_hub_is_owed_to_the_farmer_once(demo_db):
    from datetime import date

    from station_app.core.consignment import farmer_balances, intake_lot, ship_lots
    from station_app.core.operators import sign_in
    from station_app.core.villagers import find_villagers

    clock = Clock()
    clerk = sign_in(demo_db, "1234", clock)
    settings = load_settings(demo_db)
    farmer = find_villagers(demo_db, "王大山")[0]
    lot = intake_lot(
        demo_db,
        farmer.id,
        "脐橙",
        "一级",
        2,
        0,
        20_000,
        500,
        date.today(),
        20,
        600,
        800,
        clerk,
        settings,
        clock,
    )
    settlement = {
        "settlement_id": "H-1",
        "lot_code": lot.lot_code,
        "outcome": "sold",
        "sold_g": 19_000,
        "sale_fen": 11_400,
        "hub_fees_fen": 500,
        "commission_fen": 900,
        "due_to_farmer_fen": 10_000,
        "reason": "",
        "settled_at": "2026-11-26T08:00:00.000Z",
    }
    with pytest.raises(ChangeRefused):  # not shipped yet
        apply(demo_db, "lot.settled", settlement)
    ship_lots(demo_db, [lot.id], "县物流车", clerk, settings, clock)
    assert "10000 fen due" in apply(demo_db, "lot.settled", settlement, cursor=2).summary
    assert "already applied" in apply(demo_db, "lot.settled", settlement, cursor=3).summary
    assert farmer_balances(demo_db) == [(farmer.id, "王大山", 10_000)]
    with pytest.raises(ChangeMalformed):
        apply(demo_db, "lot.settled", {"settlement_id": "H-2"}, cursor=4)
