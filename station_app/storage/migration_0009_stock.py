"""Migration 0009: receiving from suppliers, batches with expiry, costs, stock adjustments."""

from __future__ import annotations

from station_app.storage.migration_support import append_only_triggers, run_statements
from station_app.storage.sqlite_wrapper import Database

NAME = "0009_stock"

# What was received, at what cost, and why stock was adjusted are money records: a wrong
# receipt is corrected by an adjustment, never by editing the receipt.
APPEND_ONLY_TABLES = ("stock_receipts", "stock_receipt_lines", "stock_adjustments")


def migrate(db: Database) -> None:
    """Suppliers, receipts and their lines (the batches), adjustments, per-product costs."""
    run_statements(
        db,
        [
            """CREATE TABLE suppliers (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                phone TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL
            )""",
            """CREATE TABLE stock_receipts (
                id TEXT PRIMARY KEY,
                supplier_id TEXT REFERENCES suppliers(id),
                operator_id TEXT REFERENCES operators(id),
                created_at TEXT NOT NULL
            )""",
            # One line is one batch: its quantity (units, or grams if weighed), the cost per
            # unit (per kg if weighed) and the expiry date if the goods have a shelf life.
            """CREATE TABLE stock_receipt_lines (
                id INTEGER PRIMARY KEY,
                receipt_id TEXT NOT NULL REFERENCES stock_receipts(id),
                product_id TEXT NOT NULL REFERENCES products(id),
                quantity INTEGER NOT NULL CHECK (quantity > 0),
                cost_fen INTEGER NOT NULL CHECK (cost_fen >= 0),
                expiry TEXT,
                created_at TEXT NOT NULL
            )""",
            "CREATE INDEX stock_receipt_lines_product ON stock_receipt_lines(product_id)",
            # stock_moves.reason (0001) cannot grow a value without rebuilding an
            # append-only table, so every adjustment move is 'adjust' and its ref_id names
            # one of these rows, which says whether it was a stocktake or a write-off.
            """CREATE TABLE stock_adjustments (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('stocktake', 'write_off')),
                reason TEXT NOT NULL,
                operator_id TEXT REFERENCES operators(id),
                created_at TEXT NOT NULL
            )""",
            # Costs are what the last delivery said, not money moved: they are updated in
            # place, while the receipt lines keep every cost ever paid.
            "ALTER TABLE products ADD COLUMN reorder_level INTEGER NOT NULL DEFAULT 0 "
            "CHECK (reorder_level >= 0)",
            "ALTER TABLE products ADD COLUMN last_cost_fen INTEGER",
            "ALTER TABLE products ADD COLUMN avg_cost_fen INTEGER",
            "CREATE INDEX stock_moves_ref ON stock_moves(ref_id)",
            *append_only_triggers(APPEND_ONLY_TABLES),
        ],
    )
