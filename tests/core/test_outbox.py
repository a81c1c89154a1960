"""The outbox's writing side: events commit with their action and never change afterwards."""

import json
import sqlite3
from datetime import date

import pytest

from station_app.core.clock import Clock
from station_app.core.consignment import (
    apply_settlement,
    intake_lot,
    pay_out,
    ship_lots,
    write_off_lot,
)
from station_app.core.operators import Role, add_operator, disable_operator
from station_app.core.outbox import NewEvent, enqueue_event
from station_app.core.payments import PaymentMethod
from station_app.core.refunds import refund_sale
from station_app.core.sales import load_sale, recent_sales
from station_app.core.settings import change_setting
from station_app.core.shifts import close_shift, open_shift
from station_app.core.simulation import simulate
from station_app.core.stock import ReceiveLine, post_stocktake, receive_stock, write_off
from station_app.core.villagers import list_villagers
from station_app.storage.transaction import write_transaction
from village_protocol.events import EVENT_KINDS, check_payload


def test_an_event_outside_a_transaction_is_refused_and_not_written(db):
    with pytest.raises(RuntimeError, match="inside the business action's transaction"):
        enqueue_event(db, NewEvent("villager.added", {"name": "王大妈"}), Clock().stamp())
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0


def test_an_event_is_stored_with_its_kind_and_payload_in_sequence(db):
    with write_transaction(db):
        first = enqueue_event(db, NewEvent("villager.added", {"name": "王大妈"}), "t1")
        second = enqueue_event(db, NewEvent("credit.entry", {"amount_fen": 150}), "t2")
    assert second == first + 1
    assert db.execute(
        "SELECT kind, payload, created_at, status FROM outbox ORDER BY seq"
    ).fetchall() == [
        ("villager.added", '{"name": "王大妈"}', "t1", "queued"),
        ("credit.entry", '{"amount_fen": 150}', "t2", "queued"),
    ]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE outbox SET payload = '{}'",
        "UPDATE outbox SET kind = 'sale.voided'",
        "UPDATE outbox SET event_id = 'another'",
        "DELETE FROM outbox",
    ],
)
def test_an_events_content_can_never_change(db, statement):
    with write_transaction(db):
        enqueue_event(db, NewEvent("villager.added", {"name": "王大妈"}), "t1")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(statement)


def _write_off_refund_and_pay_out(db, clerk, owner, settings, clock):
    """The actions a short simulation does not reach: refund, write-offs, a payout,
    a setting, and a clerk added and disabled."""
    receipt_no = recent_sales(db, 1)[0][0]
    sale = load_sale(db, receipt_no)
    refund_sale(
        db, receipt_no, {sale.lines[0].id: 1}, PaymentMethod.CASH, clerk, owner, settings, clock
    )
    farmer = list_villagers(db)[0]
    lots = [
        intake_lot(
            db,
            farmer.id,
            "脐橙",
            "一级",
            2,
            0,
            20_500,
            250,
            clock.today(),
            10,
            600,
            800,
            clerk,
            settings,
            clock,
        )
        for _ in range(3)
    ]
    write_off_lot(db, lots[0].id, "spoiled", "烂果", clerk, clock)
    write_off_lot(db, lots[1].id, "returned", "农户取回", clerk, clock)
    ship_lots(db, [lots[2].id], "县物流车", clerk, settings, clock)
    with db.atomic():
        apply_settlement(
            db,
            {
                "settlement_id": "S-outbox",
                "lot_code": lots[2].lot_code,
                "outcome": "sold",
                "sold_g": 20_000,
                "sale_fen": 12_000,
                "hub_fees_fen": 500,
                "commission_fen": 960,
                "due_to_farmer_fen": 10_540,
            },
            clock.stamp(),
        )
    pay_out(db, "S-outbox", PaymentMethod.CASH, "", clerk, clock)
    change_setting(db, "receipt_footer", "欢迎再来", clock.stamp())
    add_operator(db, "赵新来", Role.CLERK, "739164", clock, by=owner)
    disable_operator(db, "赵新来", clock, by=owner)
    open_shift(db, 20_000, clerk, settings, clock)
    close_shift(db, owner, settings, clock, counted_fen=19_950, note="少五毛")
    first_code = "SELECT product_id FROM product_barcodes ORDER BY barcode LIMIT 1"
    cola = db.execute(first_code).fetchone()[0]
    receive_stock(db, [ReceiveLine(cola, 24, 180)], clerk, clock, supplier="县城批发部")
    post_stocktake(db, {cola: 3}, owner, "月底盘点", clock)
    write_off(db, cola, 1, "破损", clerk, clock)


def test_every_kind_the_station_writes_passes_the_protocols_checks(
    demo_db, clerk, owner, settings, clock
):
    simulate(demo_db, days=3, seed=11, start=date(2026, 3, 1))
    _write_off_refund_and_pay_out(demo_db, clerk, owner, settings, clock)
    events = [
        (kind, json.loads(payload))
        for kind, payload in demo_db.execute("SELECT kind, payload FROM outbox")
    ]
    assert {kind for kind, _ in events} == set(EVENT_KINDS)
    for kind, payload in events:
        check_payload(kind, payload)
