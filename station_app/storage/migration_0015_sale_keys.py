"""Migration 0015: a sale's lines and payments name it by its integer `seq` (issue 17)."""

from __future__ import annotations

from station_app.storage.migration_0012_compact_history import LINE_DELTA
from station_app.storage.migration_support import run_statements, stored_definitions
from station_app.storage.sqlite_wrapper import Database

NAME = "0015_sale_keys"

# As 0012's view, joined on the sale's seq.
STOCK_HISTORY = f"""CREATE VIEW stock_history(product_id, delta, reason, ref_id, created_at) AS
    SELECT product_id, delta, reason, ref_id, created_at FROM stock_moves
    UNION ALL
    SELECT l.product_id, {LINE_DELTA.format(row="l")}, 'sale', l.id, s.created_at
    FROM sale_lines l JOIN sales s ON s.seq = l.sale_seq
    WHERE l.product_id IS NOT NULL"""

_LINE_COLUMNS = (
    "line_no, id, product_id, code, name, unit, unit_price_fen, quantity, weight_g, "
    "gross_fen, discount_fen, total_fen"
)
_PAYMENT_COLUMNS = "method, amount_fen, villager_id, tendered_fen, reference"


def migrate(db: Database) -> None:
    """Lines and payments hold `sale_seq`; the lines are stored in sale order.

    Each line stored its sale's 36-character id, and again in the index of
    (sale_id, line_no); each payment did so in its row and in its sale index: about 250
    of a sale's 1,650 bytes. A sale's seq is its own integer (UNIQUE, never reused, as
    its id), so that is what they hold now; the protocol's ids are unchanged (events,
    refunds and recovery still name sales and lines by their UUIDs). The lines become a
    table keyed by (sale_seq, line_no) without a rowid, so a sale's lines lie together
    and the pair needs no index of its own; a line's id keeps its unique index (refund
    lines refer to it).

    `refund_lines` refers to `sale_lines`, and with foreign keys on, dropping a parent
    table deletes its rows first and fails on their children: the refund lines are held
    aside and written back. The stock view names the old columns, and a rename checks
    every view, so it is dropped first and made again. Triggers, and the refund lines'
    table with its index and triggers, are made again from their stored definitions.
    """
    refund_lines = stored_definitions(db, "refund_lines", ("table", "index", "trigger"))
    line_triggers = stored_definitions(db, "sale_lines", ("trigger",))
    payment_triggers = stored_definitions(db, "payments", ("trigger",))
    run_statements(
        db,
        [
            "DROP VIEW stock_history",
            "CREATE TEMP TABLE refund_lines_held AS SELECT * FROM refund_lines ORDER BY rowid",
            "DROP TABLE refund_lines",
            """CREATE TABLE sale_lines_keyed (
                sale_seq INTEGER NOT NULL REFERENCES sales(seq),
                line_no INTEGER NOT NULL,
                id TEXT NOT NULL UNIQUE,
                product_id TEXT REFERENCES products(id),
                code TEXT,
                name TEXT NOT NULL,
                unit TEXT NOT NULL,
                unit_price_fen INTEGER NOT NULL CHECK (unit_price_fen >= 0),
                quantity INTEGER NOT NULL CHECK (quantity > 0),
                weight_g INTEGER CHECK (weight_g IS NULL OR weight_g > 0),
                gross_fen INTEGER NOT NULL CHECK (gross_fen >= 0),
                discount_fen INTEGER NOT NULL CHECK (discount_fen >= 0),
                total_fen INTEGER NOT NULL CHECK (total_fen >= 0),
                PRIMARY KEY (sale_seq, line_no)
            ) WITHOUT ROWID""",
            f"INSERT INTO sale_lines_keyed(sale_seq, {_LINE_COLUMNS}) "
            f"SELECT s.seq, {', '.join('l.' + c for c in _LINE_COLUMNS.split(', '))} "
            "FROM sale_lines l JOIN sales s ON s.id = l.sale_id ORDER BY s.seq, l.line_no",
            "DROP TABLE sale_lines",
            "ALTER TABLE sale_lines_keyed RENAME TO sale_lines",
            *line_triggers,
            *refund_lines,
            "INSERT INTO refund_lines(id, refund_id, sale_line_id, quantity, amount_fen) "
            "SELECT id, refund_id, sale_line_id, quantity, amount_fen FROM refund_lines_held",
            "DROP TABLE refund_lines_held",
            """CREATE TABLE payments_by_seq (
                id INTEGER PRIMARY KEY,
                sale_seq INTEGER NOT NULL REFERENCES sales(seq),
                method TEXT NOT NULL
                    CHECK (method IN ('cash', 'wechat', 'alipay', 'unionpay', 'account')),
                amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
                villager_id TEXT REFERENCES villagers(id),
                tendered_fen INTEGER CHECK (tendered_fen IS NULL OR tendered_fen >= amount_fen),
                reference TEXT,
                CHECK ((method = 'account') = (villager_id IS NOT NULL))
            )""",
            f"INSERT INTO payments_by_seq(id, sale_seq, {_PAYMENT_COLUMNS}) "
            f"SELECT p.id, s.seq, {', '.join('p.' + c for c in _PAYMENT_COLUMNS.split(', '))} "
            "FROM payments p JOIN sales s ON s.id = p.sale_id ORDER BY p.id",
            "DROP TABLE payments",
            "ALTER TABLE payments_by_seq RENAME TO payments",
            *payment_triggers,
            "CREATE INDEX payments_sale ON payments(sale_seq)",
            STOCK_HISTORY,
        ],
    )
