"""Migration 0011: stock levels kept as moves are written; voided lines indexed (issue 17)."""

from __future__ import annotations

from station_app.storage.migration_support import run_statements
from station_app.storage.sqlite_wrapper import Database

NAME = "0011_stock_levels"


def migrate(db: Database) -> None:
    """`stock_levels`: each product's sum of stock moves, kept by a trigger.

    Summing a million sales' moves for every product took seconds at sign-in (the low
    stock notice) and on the stock page. Moves are append-only, so a trigger that adds
    each new move to its product's level keeps the level equal to the sum, in the very
    transaction that writes the move, whoever writes it (sales, refunds, receiving,
    stocktake, recovery). The level is derived, never entered: rebuilding it is the
    same GROUP BY as below.

    With every stock read on `stock_levels`, the move indexes by product and by
    reference have no reader left; they cost about 270 bytes per sale for good. Voided
    cart lines get a partial index on the audit log, for the shift figures.
    """
    run_statements(
        db,
        [
            """CREATE TABLE stock_levels (
                product_id TEXT PRIMARY KEY REFERENCES products(id),
                on_hand INTEGER NOT NULL
            ) WITHOUT ROWID""",
            "INSERT INTO stock_levels(product_id, on_hand) "
            "SELECT product_id, sum(delta) FROM stock_moves GROUP BY product_id",
            """CREATE TRIGGER stock_levels_follow_moves AFTER INSERT ON stock_moves
                BEGIN
                    INSERT INTO stock_levels(product_id, on_hand)
                        VALUES (NEW.product_id, NEW.delta)
                        ON CONFLICT(product_id) DO UPDATE SET on_hand = on_hand + NEW.delta;
                END""",
            # A shift's figures count its voided lines: without this, reading every
            # audit row (a second at a million sales) at each sign-in and X report.
            "CREATE INDEX audit_voided_lines ON audit_log(at) WHERE action = 'cart.line_voided'",
            "DROP INDEX IF EXISTS stock_moves_ref",
            "DROP INDEX IF EXISTS stock_moves_product",
        ],
    )
