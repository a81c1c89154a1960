import re
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database as UtilsDatabase

import station_app.storage
from station_app.storage.migrations import (
    MIGRATION_MODULES,
    MIGRATION_NAMES,
    applied_migrations,
    apply_migrations,
)

STORAGE = Path(station_app.storage.__file__).parent
MIGRATION_FILE = re.compile(r"migration_(\d{4})_\w+\.py")


def test_the_migration_list_is_every_migration_file_in_name_order():
    on_disk = sorted(p.stem for p in STORAGE.iterdir() if MIGRATION_FILE.fullmatch(p.name))
    listed = [module.__name__.rpartition(".")[2] for module in MIGRATION_MODULES]
    assert listed == on_disk


def test_each_migration_is_named_with_the_number_of_its_module():
    for module in MIGRATION_MODULES:
        number = module.__name__.rpartition(".")[2].split("_")[1]
        assert module.NAME.startswith(f"{number}_"), module


def test_landed_migrations_keep_the_names_recorded_in_station_databases():
    assert MIGRATION_NAMES[:6] == (
        "0001_foundation",
        "0002_printing",
        "0003_sync",
        "0004_villagers_agency_parcels",
        "0005_consignment",
        "0006_anchor_lockout",
    )
    assert len(set(MIGRATION_NAMES)) == len(MIGRATION_NAMES)


def test_a_new_database_runs_the_migrations_in_the_listed_order(tmp_path):
    from station_app.storage import open_database

    db = open_database(tmp_path / "station.db")
    assert applied_migrations(db) == list(MIGRATION_NAMES)
    db.close()


def test_stock_on_hand_is_read_from_levels_the_moves_keep(tmp_path):
    # Moves are append-only, so the trigger's running sum must equal the sum of the moves
    # whoever wrote them; and no index on the moves costs bytes in every sale any more.
    from station_app.storage import open_database

    db = open_database(tmp_path / "station.db")
    db.execute("PRAGMA foreign_keys = OFF")  # moves alone: no product row needed here
    for delta in (5, -2, -7, 10):
        db.execute(
            "INSERT INTO stock_moves(product_id, delta, reason, created_at) "
            "VALUES ('p', ?, 'adjust', '2026-12-01T00:00:00.000Z')",
            [delta],
        )
    levels = db.execute("SELECT product_id, on_hand FROM stock_levels").fetchall()
    indexes = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'stock_moves'"
    ).fetchall()
    db.close()
    assert levels == [("p", 6)]
    assert indexes == []


def _before(path, first_not_applied: str):
    from station_app.storage.database import connect
    from station_app.storage.transaction import write_transaction

    db = connect(path)
    later = MIGRATION_NAMES[MIGRATION_NAMES.index(first_not_applied) :]
    with write_transaction(db):
        apply_migrations(db, stop_before=later)
    db.execute("PRAGMA foreign_keys = OFF")  # bare rows: no operator or product needed
    return db


def _at_schema_11(path):
    return _before(path, "0012_compact_history")


def _sale(db, sale_id: str, at: str, lines: list[tuple[str, str, int, int | None]]) -> int:
    seq = db.execute("SELECT count(*) + 1 FROM sales").fetchone()[0]
    db.execute(
        "INSERT INTO sales VALUES (?, ?, ?, 'T1', 'op', ?, 480, "
        "substr(?, 1, 10), 100, 0, 0, 100, 100, 0, NULL)",
        [sale_id, seq, f"R-{sale_id}", at, at],
    )
    # Before 0015 a line names its sale by id, after it by seq.
    columns = {row[1] for row in db.execute("PRAGMA table_info(sale_lines)")}
    key, sale = ("sale_seq", seq) if "sale_seq" in columns else ("sale_id", sale_id)
    for line_no, (line_id, product, quantity, weight) in enumerate(lines, start=1):
        db.execute(
            f"INSERT INTO sale_lines(id, {key}, line_no, product_id, code, name, unit, "
            "unit_price_fen, quantity, weight_g, gross_fen, discount_fen, total_fen) "
            "VALUES (?, ?, ?, ?, NULL, 'x', '件', 100, ?, ?, 100, 0, 100)",
            [line_id, sale, line_no, product, quantity, weight],
        )
    return seq


def _move(db, product: str, delta: int, reason: str, ref: str | None, at: str) -> None:
    db.execute(
        "INSERT INTO stock_moves(product_id, delta, reason, ref_id, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [product, delta, reason, ref, at],
    )


def test_sale_moves_fold_into_their_lines_and_a_disagreement_stays_as_an_adjustment(tmp_path):
    from station_app.storage import open_database

    db = _at_schema_11(tmp_path / "station.db")
    at = "2026-03-01T02:00:00.000Z"
    for product in ("cola", "rice", "salt"):  # the adjustments are checked against them
        db.execute(
            "INSERT INTO products(id, name, unit, price_fen, created_at, updated_at) "
            "VALUES (?, ?, '件', 100, ?, ?)",
            [product, product, at, at],
        )
    _move(db, "cola", 50, "initial", None, at)
    _move(db, "rice", 10_000, "receive", "r-1", at)
    _sale(db, "s-1", at, [("l-1", "cola", 2, None), ("l-2", "rice", 1, 1_500)])
    _move(db, "cola", -2, "sale", "l-1", at)
    _move(db, "rice", -1_500, "sale", "l-2", at)
    _sale(db, "s-2", at, [("l-3", "cola", 3, None), ("l-4", "salt", 1, None)])
    _move(db, "cola", -4, "sale", None, at)  # rebuilt wrong: 4 out for a line of 3
    # salt's line never wrote a move
    levels = dict(db.execute("SELECT product_id, on_hand FROM stock_levels").fetchall())
    db.close()
    assert levels == {"cola": 44, "rice": 8_500}

    db = open_database(tmp_path / "station.db")
    after = dict(db.execute("SELECT product_id, on_hand FROM stock_levels").fetchall())
    history = dict(
        db.execute("SELECT product_id, sum(delta) FROM stock_history GROUP BY product_id")
    )
    adjustments = db.execute(
        "SELECT product_id, delta, ref_id FROM stock_moves WHERE reason = 'adjust' "
        "ORDER BY product_id"
    ).fetchall()
    sold = db.execute(
        "SELECT ref_id, product_id, delta, created_at FROM stock_history WHERE reason = 'sale' "
        "ORDER BY ref_id"
    ).fetchall()
    assert after == levels  # the migration moved no stock
    assert adjustments == [("cola", -1, "migration 0012"), ("salt", 1, "migration 0012")]
    assert history == {"cola": 44, "rice": 8_500, "salt": 0}
    assert sold == [
        ("l-1", "cola", -2, at),
        ("l-2", "rice", -1_500, at),
        ("l-3", "cola", -3, at),
        ("l-4", "salt", -1, at),
    ]
    db.close()


def test_a_sale_line_moves_stock_and_a_sale_move_is_refused(tmp_path):
    import sqlite3

    from station_app.storage import open_database

    db = open_database(tmp_path / "station.db")
    db.execute("PRAGMA foreign_keys = OFF")
    at = "2026-03-01T02:00:00.000Z"
    _move(db, "cola", 10, "receive", "r-1", at)
    _sale(
        db, "s-1", at, [("l-1", "cola", 3, None), ("l-2", "rice", 1, 750), ("l-3", None, 1, None)]
    )
    with pytest.raises(sqlite3.IntegrityError, match="sale moves stock by its sale lines"):
        _move(db, "cola", -3, "sale", "l-1", at)
    levels = dict(db.execute("SELECT product_id, on_hand FROM stock_levels").fetchall())
    db.close()
    assert levels == {"cola": 7, "rice": -750}


def test_outbox_rows_pruned_before_are_counted_and_deleted(tmp_path):
    from station_app.storage import open_database

    db = _at_schema_11(tmp_path / "station.db")
    for n, (day, pruned) in enumerate(
        [("2026-01-01", True), ("2026-01-01", True), ("2026-01-02", True), ("2026-01-02", False)]
    ):
        db.execute(
            "INSERT INTO outbox(event_id, kind, payload, created_at, sent_at, status) "
            "VALUES (?, 'sale.completed', '{\"n\": 1}', ?, ?, 'delivered')",
            [f"e-{n}", f"{day}T02:00:00.000Z", f"{day}T03:00:00.000Z"],
        )
        if pruned:  # as 0011's pruning did it: staged, deleted, written back with {}
            db.execute(
                "INSERT INTO outbox_pruning SELECT seq, event_id, kind, created_at, sent_at, "
                "status, hub_result, rejected_reason, rejected_at, attempts FROM outbox "
                "WHERE event_id = ?",
                [f"e-{n}"],
            )
            db.execute("DELETE FROM outbox WHERE event_id = ?", [f"e-{n}"])
            db.execute(
                "INSERT INTO outbox(seq, event_id, kind, payload, created_at, sent_at, status, "
                "attempts, payload_pruned_at) SELECT seq, event_id, kind, '{}', created_at, "
                "sent_at, status, attempts, '2026-06-01T00:00:00.000Z' FROM outbox_pruning"
            )
            db.execute("DELETE FROM outbox_pruning")
    db.close()

    db = open_database(tmp_path / "station.db")
    left = db.execute("SELECT seq, event_id, payload FROM outbox").fetchall()
    counted = db.execute("SELECT day, kind, events, last_seq FROM outbox_pruned").fetchall()
    columns = [c.name for c in UtilsDatabase(db.conn)["outbox"].columns]
    db.close()
    assert left == [(4, "e-3", '{"n": 1}')]
    assert counted == [
        ("2026-01-01", "sale.completed", 2, 2),
        ("2026-01-02", "sale.completed", 1, 3),
    ]
    assert "payload_pruned_at" not in columns


def _old_audit_rows(db, rows: int) -> list[str]:
    """Rows chained as up to schema 12 wrote them (prev_hash and hash as hex text)."""
    from station_app.core.audit import GENESIS_HASH, _row_hash

    prev, hashes = GENESIS_HASH, []
    for seq in range(1, rows + 1):
        fields = (seq, "2026-03-01T02:00:00.000Z", "op", "sale.completed", f"s-{seq}", "{}")
        digest = _row_hash(prev, *fields)
        db.execute("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [*fields, prev, digest])
        hashes.append(digest)
        prev = digest
    return hashes


def test_audit_hashes_become_bytes_and_the_chain_verifies_as_before(tmp_path):
    from station_app.core.audit import chain_head, verify_audit
    from station_app.storage import open_database

    db = _before(tmp_path / "station.db", "0013_audit_hashes")
    hashes = _old_audit_rows(db, 5)
    db.close()
    db = open_database(tmp_path / "station.db")
    stored = [bytes(h).hex() for (h,) in db.execute("SELECT hash FROM audit_log ORDER BY seq")]
    columns = [c.name for c in UtilsDatabase(db.conn)["audit_log"].columns]
    verdict, head = verify_audit(db), chain_head(db)
    db.close()
    assert stored == hashes
    assert "prev_hash" not in columns
    assert verdict.ok and verdict.rows_checked == 5
    assert head is not None and (head.seq, head.hash) == (5, hashes[-1])


@pytest.mark.parametrize(
    "tamper",
    [
        # Row 3 re-made from another previous hash: only its prev_hash showed it.
        "UPDATE audit_log SET prev_hash = :forged, hash = :rehashed WHERE seq = 3",
        "UPDATE audit_log SET hash = 'not a hash' WHERE seq = 3",
    ],
)
def test_an_audit_row_broken_before_the_upgrade_is_still_named_after_it(tmp_path, tamper):
    from station_app.core.audit import _row_hash, verify_audit
    from station_app.storage import open_database

    db = _before(tmp_path / "station.db", "0013_audit_hashes")
    _old_audit_rows(db, 5)
    db.execute("DROP TRIGGER audit_log_no_update")
    forged = "ab" * 32
    rehashed = _row_hash(forged, 3, "2026-03-01T02:00:00.000Z", "op", "sale.completed", "s-3", "{}")
    db.execute(tamper, {"forged": forged, "rehashed": rehashed})
    db.conn.commit()
    db.close()
    db = open_database(tmp_path / "station.db")
    verdict = verify_audit(db)
    db.close()
    assert verdict.first_bad_seq == 3


def test_payments_keep_their_sale_figures_and_order_under_integer_keys(tmp_path):
    from station_app.storage import open_database

    db = _before(tmp_path / "station.db", "0014_payment_keys")
    for sale_id in ("s-1", "s-2"):
        _sale(db, sale_id, "2026-03-01T02:00:00.000Z", [])
    rows = [
        ("01a-p3", "s-2", "cash", 300, None, 500, None),
        ("01a-p1", "s-1", "wechat", 700, None, None, "wx-88"),
        ("01a-p2", "s-1", "alipay", 250, None, None, None),
    ]
    db.conn.executemany("INSERT INTO payments VALUES (?,?,?,?,?,?,?)", rows)
    db.conn.commit()
    db.close()
    db = open_database(tmp_path / "station.db")
    kept = db.execute(
        "SELECT p.id, s.id, method, amount_fen, villager_id, tendered_fen, reference "
        "FROM payments p JOIN sales s ON s.seq = p.sale_seq ORDER BY p.id"
    ).fetchall()
    key = next(c for c in UtilsDatabase(db.conn)["payments"].columns if c.name == "id")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE payments SET amount_fen = 1 WHERE id = 1")
    indexes = {index.name for index in UtilsDatabase(db.conn)["payments"].indexes}
    db.close()
    # In the order written, each with its sale, method, amount, tender and reference.
    assert kept == [(n, *row[1:]) for n, row in enumerate(rows, start=1)]
    assert (key.type, key.is_pk) == ("INTEGER", True)
    assert indexes == {"payments_sale"}


def _products(db, *ids: str) -> None:
    for product in ids:
        db.execute(
            "INSERT INTO products(id, name, unit, price_fen, created_at, updated_at) "
            "VALUES (?, ?, '件', 100, '2026-01-01', '2026-01-01')",
            [product, product],
        )


def test_lines_and_payments_name_their_sale_by_seq_and_keep_every_row(tmp_path):
    from station_app.storage import open_database

    db = _before(tmp_path / "station.db", "0015_sale_keys")
    _products(db, "cola", "rice")
    at = "2026-03-01T02:00:00.000Z"
    _sale(db, "s-1", at, [("l-1", "cola", 3, None), ("l-2", "rice", 1, 750)])
    _sale(db, "s-2", at, [("l-3", None, 1, None)])
    db.conn.executemany(
        "INSERT INTO payments(sale_id, method, amount_fen, tendered_fen, reference) "
        "VALUES (?,?,?,?,?)",
        [
            ("s-2", "cash", 100, 200, None),
            ("s-1", "wechat", 60, None, "wx-1"),
            ("s-1", "cash", 40, 50, None),
        ],
    )
    db.execute(
        "INSERT INTO refunds VALUES ('r-1', 1, 'RF-1', 's-1', 'op', 'op', ?, 480, "
        "'2026-03-01', 'cash', 100, 'broken')",
        [at],
    )
    db.execute("INSERT INTO refund_lines VALUES ('rl-1', 'r-1', 'l-2', 1, 100)")
    history = "SELECT * FROM stock_history ORDER BY ref_id"
    history_before = db.execute(history).fetchall()
    levels = "SELECT * FROM stock_levels ORDER BY product_id"
    levels_before = db.execute(levels).fetchall()
    db.conn.commit()
    db.close()

    db = open_database(tmp_path / "station.db")
    lines = db.execute(
        "SELECT s.id, l.line_no, l.id, l.product_id, l.quantity, l.weight_g FROM sale_lines l "
        "JOIN sales s ON s.seq = l.sale_seq ORDER BY l.sale_seq, l.line_no"
    ).fetchall()
    payments = db.execute(
        "SELECT p.id, s.id, p.method, p.amount_fen, p.tendered_fen, p.reference "
        "FROM payments p JOIN sales s ON s.seq = p.sale_seq ORDER BY p.id"
    ).fetchall()
    refund_lines = db.execute("SELECT * FROM refund_lines").fetchall()
    assert db.execute(history).fetchall() == history_before
    assert db.execute(levels).fetchall() == levels_before
    table = UtilsDatabase(db.conn)["sale_lines"]
    assert (table.use_rowid, table.pks) == (False, ["sale_seq", "line_no"])
    # The key is the table itself, and since 0016 a line's id is found through its sale.
    assert [i.columns for i in table.indexes if i.origin != "pk"] == []
    for statement in (
        "UPDATE sale_lines SET quantity = 9",
        "DELETE FROM payments",
        "DELETE FROM refund_lines",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute(statement)
    with pytest.raises(sqlite3.IntegrityError, match="a line of its own sale"):
        db.execute("INSERT INTO refund_lines VALUES ('rl-2', 'r-1', 'no-such-line', 1, 1)")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        db.execute("INSERT INTO payments(sale_seq, method, amount_fen) VALUES (99, 'cash', 1)")
    db.execute("PRAGMA foreign_keys = OFF")
    _sale(db, "s-3", at, [("l-4", "cola", 2, None)])  # a new line still moves stock
    on_hand = db.execute("SELECT on_hand FROM stock_levels WHERE product_id = 'cola'").fetchone()
    db.close()
    assert lines == [
        ("s-1", 1, "l-1", "cola", 3, None),
        ("s-1", 2, "l-2", "rice", 1, 750),
        ("s-2", 1, "l-3", None, 1, None),
    ]
    assert payments == [
        (1, "s-2", "cash", 100, 200, None),
        (2, "s-1", "wechat", 60, None, "wx-1"),
        (3, "s-1", "cash", 40, 50, None),
    ]
    assert refund_lines == [("rl-1", "r-1", "l-2", 1, 100)]
    assert on_hand == (-5,)


def test_a_refund_line_names_a_line_of_its_own_sale_once_line_ids_lose_their_index(tmp_path):
    from station_app.storage import open_database

    db = _before(tmp_path / "station.db", "0016_line_ids")
    _products(db, "cola")
    at = "2026-03-01T02:00:00.000Z"
    _sale(db, "s-1", at, [("l-1", "cola", 3, None), ("l-2", "cola", 1, None)])
    _sale(db, "s-2", at, [("l-3", "cola", 2, None)])
    db.execute(
        "INSERT INTO refunds VALUES ('r-1', 1, 'RF-1', 's-1', 'op', 'op', ?, 480, "
        "'2026-03-01', 'cash', 100, 'broken')",
        [at],
    )
    db.execute("INSERT INTO refund_lines VALUES ('rl-1', 'r-1', 'l-2', 1, 100)")
    history = "SELECT * FROM stock_history ORDER BY ref_id, delta"
    history_before = db.execute(history).fetchall()
    db.conn.commit()
    db.close()

    db = open_database(tmp_path / "station.db")
    assert db.execute(history).fetchall() == history_before
    assert db.execute("SELECT * FROM refund_lines").fetchall() == [("rl-1", "r-1", "l-2", 1, 100)]
    assert [i.name for i in UtilsDatabase(db.conn)["refund_lines"].indexes if i.origin != "pk"] == [
        "refund_lines_sale_line"
    ]
    # The foreign key let a refund name a line of any sale; the trigger only its own.
    with pytest.raises(sqlite3.IntegrityError, match="a line of its own sale"):
        db.execute("INSERT INTO refund_lines VALUES ('rl-2', 'r-1', 'l-3', 1, 1)")
    db.execute("INSERT INTO refund_lines VALUES ('rl-2', 'r-1', 'l-1', 1, 1)")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM refund_lines")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE sale_lines SET quantity = 9")
    db.close()


def test_the_stock_history_names_a_numbered_line_by_its_sale(tmp_path):
    from station_app.storage import open_database

    db = _before(tmp_path / "station.db", "0017_line_numbers")
    _products(db, "cola")
    at = "2026-03-01T02:00:00.000Z"
    # A line with its own UUID (as before), then two sales whose lines are numbered.
    _sale(db, "s-1", at, [("0190a5c2-7e41-7000-8000-0000000000aa", "cola", 3, None)])
    _sale(db, "s-2", at, [("1", "cola", 2, None), ("2", "cola", 1, None)])
    _sale(db, "s-3", at, [("1", "cola", 4, None)])
    db.conn.commit()
    db.close()

    db = open_database(tmp_path / "station.db")
    sold = db.execute(
        "SELECT ref_id, delta FROM stock_history WHERE reason = 'sale' ORDER BY ref_id"
    ).fetchall()
    assert sold == [
        ("0190a5c2-7e41-7000-8000-0000000000aa", -3),
        ("s-2#1", -2),
        ("s-2#2", -1),
        ("s-3#1", -4),
    ]
    db.close()


def test_an_upgraded_station_knows_nobody_signed_in_last_until_someone_does(tmp_path):
    from station_app.core.clock import Clock
    from station_app.core.operators import Role, create_operator, sign_in
    from station_app.storage import open_database

    db = _before(tmp_path / "station.db", "0018_last_signed_in")
    db.execute("UPDATE signin_lockout SET failures = 2")
    db.conn.commit()
    db.close()

    db = open_database(tmp_path / "station.db")
    assert db.execute("SELECT failures, last_operator_id FROM signin_lockout").fetchall() == [
        (2, None)
    ]
    clock = Clock()
    clerk = create_operator(db, "店员", Role.CLERK, "1234", clock)
    assert sign_in(db, "1234", clock) == clerk
    assert db.execute("SELECT last_operator_id FROM signin_lockout").fetchone()[0] == clerk.id
    db.close()
