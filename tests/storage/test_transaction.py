"""Every business action takes the write lock up front, so a sync committing meanwhile
never makes it fail with "database is locked"."""

import ast
import re
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from station_app.core.agency import create_order, mark_placed, mark_shipped
from station_app.core.cart import Cart
from station_app.core.catalog import get_product
from station_app.core.clock import Clock
from station_app.core.consignment import intake_lot
from station_app.core.credit import repay
from station_app.core.operators import sign_in
from station_app.core.parcels import hand_over, register_arrival
from station_app.core.payments import PaymentMethod, Tender
from station_app.core.refunds import refund_sale
from station_app.core.sales import complete_sale
from station_app.core.settings import load_settings
from station_app.core.villagers import add_villager, set_credit_limit
from station_app.storage import open_database
from station_app.storage.transaction import write_transaction
from station_app.sync.outbox import mark_delivered, pending_events
from station_app.sync.protocol import Change, ChangePage
from station_app.sync.sync_job import _apply_page, _Tally, read_cursor

ROOT = Path(__file__).resolve().parents[2]
CASH, ACCOUNT = PaymentMethod.CASH, PaymentMethod.ACCOUNT
KEEPER_SECONDS = 2.5
MAX_ROUNDS = 60
MAX_SYNC_COMMITS = 20_000
# A statement that opens a transaction or savepoint (not a trigger body's BEGIN … END).
TRANSACTION_SQL = re.compile(
    r"(BEGIN(\s+(DEFERRED|IMMEDIATE|EXCLUSIVE))?(\s+TRANSACTION)?"
    r"|SAVEPOINT\s+\w+)\s*;?",
    re.IGNORECASE,
)


def test_no_business_code_opens_a_transaction_but_write_transaction():
    offenders = []
    for path in sorted((ROOT / "station_app").rglob("*.py")):
        # The transaction helper, and the connection handle whose savepoint it nests with.
        if path.relative_to(ROOT).as_posix() in (
            "station_app/storage/transaction.py",
            "station_app/storage/sqlite_wrapper.py",
        ):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("atomic", "begin")
            ):
                offenders.append(f"{where} .{node.func.attr}()")
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and TRANSACTION_SQL.fullmatch(node.value.strip())
            ):
                offenders.append(f"{where} {node.value!r}")
    assert offenders == []


def test_a_transaction_that_only_read_so_far_already_holds_the_write_lock(db):
    other = open_database(db.execute("PRAGMA database_list").fetchone()[2])
    other.execute("PRAGMA busy_timeout=0")
    try:
        with write_transaction(db):
            db.execute("SELECT count(*) FROM outbox").fetchone()
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()


def test_a_nested_write_transaction_rolls_back_alone(db):
    with write_transaction(db):
        db.execute("INSERT INTO settings(key, value) VALUES ('outer', '1')")
        with pytest.raises(ValueError), write_transaction(db):
            db.execute("INSERT INTO settings(key, value) VALUES ('inner', '1')")
            raise ValueError("refused")
    keys = {row[0] for row in db.execute("SELECT key FROM settings")}
    assert "outer" in keys and "inner" not in keys


class _SyncJob(threading.Thread):
    """A second connection committing the way the sync job does, until told to stop."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.stop = threading.Event()
        self.commits = 0
        self.errors: list[BaseException] = []

    def run(self) -> None:
        db = open_database(self.path)
        clock = Clock()
        try:
            while not self.stop.is_set() and self.commits < MAX_SYNC_COMMITS:
                try:
                    self._one_round(db, clock)
                except sqlite3.OperationalError as error:
                    # Reported by the test; the keeper keeps meeting a live sync meanwhile.
                    self.errors.append(error)
        except BaseException as error:
            self.errors.append(error)
        finally:
            db.close()

    def _one_round(self, db, clock: Clock) -> None:
        # Upload: the hub accepted what was queued; mark it delivered.
        events = pending_events(db, 50)
        with write_transaction(db):
            for event in events:
                mark_delivered(db, event.seq, "accepted", clock.stamp())
        self.commits += 1
        # Download: one page of the change feed (a notice), with its cursor.
        after = read_cursor(db)
        change = Change(
            after + 1, "notice", clock.stamp(), {"title": f"通知 {after + 1}", "body": "县中心通知"}
        )
        _apply_page(db, after, ChangePage((change,), after + 1, False), _Tally(), clock)
        self.commits += 1


def _handover_id(db, parcel_id):
    return db.execute(
        "SELECT id FROM parcel_handovers WHERE parcel_id = ?", [parcel_id]
    ).fetchone()[0]


def _keeper_round(db, n, people, expected, settings, clock):
    clerk, owner, villager, products = people
    # A sale in cash, and one on the villager's account (so there is debt to repay).
    cart = Cart()
    cart.add_product(products[n % len(products)], 2)
    sale = complete_sale(
        db, cart, [Tender(CASH, cart.totals().total_fen)], clerk, settings, clock
    ).sale
    expected.append(("sale.completed", {"sale_id": sale.id}, "sales", sale.id))
    cart = Cart()
    cart.add_product(products[(n + 1) % len(products)], 1)
    total = cart.totals().total_fen
    on_account = complete_sale(
        db, cart, [Tender(ACCOUNT, total, villager_id=villager.id)], clerk, settings, clock
    ).sale
    expected.append(("sale.completed", {"sale_id": on_account.id}, "sales", on_account.id))
    entry = repay(db, villager.id, total, CASH, clerk, clock)
    entry_id = db.execute("SELECT id FROM villager_ledger WHERE seq = ?", [entry.seq]).fetchone()[0]
    expected.append(
        ("credit.entry", {"entry_id": entry_id, "kind": "repayment"}, "villager_ledger", entry_id)
    )
    refund = refund_sale(
        db, sale.receipt_no, {sale.lines[0].id: 1}, CASH, clerk, owner, settings, clock
    )
    expected.append(
        ("refund.completed", {"refund_id": refund.refund_id}, "refunds", refund.refund_id)
    )
    # Agency steps up to the parcel's arrival and handover.
    order = create_order(
        db,
        villager.id,
        "拼多多",
        "电饭煲",
        1,
        19_900,
        1000,
        500,
        [Tender(CASH, 21_400)],
        clerk,
        settings,
        clock,
    )
    expected.append(("agency.created", {"order_id": order.id}, "agency_orders", order.id))
    tracking = f"YT{n:013d}"
    for step in (
        mark_placed(db, order.id, f"PDD{n:06d}", 20_900, clerk, clock),
        mark_shipped(db, order.id, tracking, clerk, clock),
    ):
        expected.append(
            (
                "agency.status_changed",
                {"order_id": order.id, "status": step.status},
                "agency_orders",
                order.id,
            )
        )
    parcel = register_arrival(db, tracking, clock, operator=clerk)
    expected.append(("parcel.arrived", {"parcel_id": parcel.id}, "parcels", parcel.id))
    hand_over(db, parcel.id, clerk, clock)
    expected.append(
        (
            "parcel.handed_over",
            {"parcel_id": parcel.id},
            "parcel_handovers",
            _handover_id(db, parcel.id),
        )
    )
    expected.append(
        (
            "agency.status_changed",
            {"order_id": order.id, "status": "picked_up"},
            "agency_orders",
            order.id,
        )
    )
    # A parcel that is not an agency order.
    walk_in = register_arrival(
        db, f"SF{n:012d}", clock, operator=clerk, recipient_phone="13900001234"
    )
    hand_over(db, walk_in.id, clerk, clock)
    expected.append(("parcel.arrived", {"parcel_id": walk_in.id}, "parcels", walk_in.id))
    expected.append(
        (
            "parcel.handed_over",
            {"parcel_id": walk_in.id},
            "parcel_handovers",
            _handover_id(db, walk_in.id),
        )
    )
    # Produce on consignment.
    lot = intake_lot(
        db,
        villager.id,
        "脐橙",
        "一级",
        2,
        0,
        30_000,
        1000,
        clock.today(),
        10,
        800,
        1000,
        clerk,
        settings,
        clock,
    )
    expected.append(("lot.received", {"lot_id": lot.id}, "lots", lot.id))


def test_keeper_actions_never_fail_while_the_sync_commits(demo_db_path):
    db = open_database(demo_db_path)
    clock = Clock()
    settings = load_settings(db)
    clerk, owner = sign_in(db, "1234", clock), sign_in(db, "8888", clock)
    villager = add_villager(db, "王老汉", "13712345678", clerk, clock)
    set_credit_limit(db, villager.id, 10_000_000, owner, clock)
    ids = [
        r[0]
        for r in db.execute("SELECT id FROM products WHERE is_weighed = 0 AND active = 1 LIMIT 20")
    ]
    people = (clerk, owner, villager, [get_product(db, i) for i in ids])
    sync = _SyncJob(demo_db_path)
    sync.start()
    expected: list[tuple[str, dict[str, str], str, str]] = []
    failures: list[str] = []
    deadline = time.monotonic() + KEEPER_SECONDS
    rounds = 0
    try:
        while rounds < MAX_ROUNDS and time.monotonic() < deadline and sync.is_alive():
            try:
                _keeper_round(db, rounds, people, expected, settings, clock)
            except sqlite3.Error as error:
                failures.append(f"round {rounds}: {error}")
            rounds += 1
    finally:
        sync.stop.set()
        sync.join(timeout=30)
    assert (failures, [str(e) for e in sync.errors]) == ([], [])
    assert sync.commits > 0 and rounds > 0
    for kind, fields, table, row_id in expected:
        assert db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]).fetchone(), (
            table,
            row_id,
        )
        where = " AND ".join(f"json_extract(payload, '$.{key}') = ?" for key in fields)
        assert db.execute(
            f"SELECT 1 FROM outbox WHERE kind = ? AND {where}", [kind, *fields.values()]
        ).fetchone(), (kind, fields)
    db.close()
