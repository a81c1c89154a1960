"""Migration 0012: a sale's stock move is its sale line; pruned outbox rows go (issue 17).

Both kept every record twice: together about 570 of a sale's 2,400 bytes.
"""

from __future__ import annotations

from station_app.storage.migration_support import run_statements
from station_app.storage.sqlite_wrapper import Database

NAME = "0012_compact_history"

# What a sale line takes out of stock: grams if weighed, else units (as sales wrote it).
LINE_DELTA = "-coalesce({row}.weight_g, {row}.quantity)"

# Every stock movement, as `stock_moves` held it before this migration: the moves
# written (receiving, stocktake, refunds, initial stock) and each sold line.
STOCK_HISTORY = f"""CREATE VIEW stock_history(product_id, delta, reason, ref_id, created_at) AS
    SELECT product_id, delta, reason, ref_id, created_at FROM stock_moves
    UNION ALL
    SELECT l.product_id, {LINE_DELTA.format(row="l")}, 'sale', l.id, s.created_at
    FROM sale_lines l JOIN sales s ON s.id = l.sale_id
    WHERE l.product_id IS NOT NULL"""

# Written only if a station's sale moves ever disagreed with its sale lines (a line
# rebuilt without its id, say): it keeps each product's history summing to its level.
CORRECTION_REF = "migration 0012"


def migrate(db: Database) -> None:
    """Sale lines move stock themselves; delivered events past the retention leave no row.

    A sale wrote one stock move per line holding nothing its line does not: product,
    quantity (or grams), the line's id and the sale's time. The line now keeps
    `stock_levels` by its own trigger, `stock_moves` refuses a sale's move, and the
    view `stock_history` gives every movement as the moves table did. Existing sale
    moves are folded in: for each product, any difference between its sale moves and
    its lines stays as an `adjust` move, so its history still sums to its level.

    A pruned outbox row (migration 0010) kept seq, event id, kind, times and state of an
    event the hub holds, about 300 bytes each and never read: recovery rebuilds a
    station with no outbox rows at all. Pruning now deletes the row and counts it in
    `outbox_pruned` (per day of creation and kind); rows pruned before are counted
    and deleted here. AUTOINCREMENT never hands out a deleted seq again.
    """
    run_statements(
        db,
        [
            # Levels must not move while the moves are folded in: they already count them.
            "DROP TRIGGER stock_levels_follow_moves",
            "DROP TRIGGER stock_moves_no_delete",
            f"""INSERT INTO stock_moves(product_id, delta, reason, ref_id, created_at)
                SELECT product_id, sum(d), 'adjust', '{CORRECTION_REF}',
                    strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                FROM (
                    SELECT product_id, delta AS d FROM stock_moves WHERE reason = 'sale'
                    UNION ALL
                    SELECT product_id, -({LINE_DELTA.format(row="sale_lines")}) FROM sale_lines
                    WHERE product_id IS NOT NULL
                )
                GROUP BY product_id HAVING sum(d) != 0""",
            "DELETE FROM stock_moves WHERE reason = 'sale'",
            """CREATE TRIGGER stock_moves_no_delete BEFORE DELETE ON stock_moves
                BEGIN SELECT RAISE(ABORT, 'stock_moves is append-only'); END""",
            """CREATE TRIGGER stock_levels_follow_moves AFTER INSERT ON stock_moves
                BEGIN
                    INSERT INTO stock_levels(product_id, on_hand)
                        VALUES (NEW.product_id, NEW.delta)
                        ON CONFLICT(product_id) DO UPDATE SET on_hand = on_hand + NEW.delta;
                END""",
            """CREATE TRIGGER stock_moves_not_sales BEFORE INSERT ON stock_moves
                WHEN NEW.reason = 'sale'
                BEGIN SELECT RAISE(ABORT, 'a sale moves stock by its sale lines'); END""",
            f"""CREATE TRIGGER stock_levels_follow_sale_lines AFTER INSERT ON sale_lines
                WHEN NEW.product_id IS NOT NULL
                BEGIN
                    INSERT INTO stock_levels(product_id, on_hand)
                        VALUES (NEW.product_id, {LINE_DELTA.format(row="NEW")})
                        ON CONFLICT(product_id) DO UPDATE
                        SET on_hand = on_hand + excluded.on_hand;
                END""",
            STOCK_HISTORY,
            """CREATE TABLE outbox_pruned (
                day TEXT NOT NULL,
                kind TEXT NOT NULL,
                events INTEGER NOT NULL CHECK (events > 0),
                last_seq INTEGER NOT NULL,
                PRIMARY KEY (day, kind)
            ) WITHOUT ROWID""",
            """INSERT INTO outbox_pruned(day, kind, events, last_seq)
                SELECT substr(created_at, 1, 10), kind, count(*), max(seq) FROM outbox
                WHERE payload_pruned_at IS NOT NULL GROUP BY 1, 2""",
            """INSERT INTO outbox_pruning(seq, event_id, kind, created_at, sent_at, status,
                    hub_result, rejected_reason, rejected_at, attempts)
                SELECT seq, event_id, kind, created_at, sent_at, status, hub_result,
                    rejected_reason, rejected_at, attempts
                FROM outbox WHERE payload_pruned_at IS NOT NULL""",
            "DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox_pruning)",
            "DELETE FROM outbox_pruning",
            # Only for rewriting pruned rows, which no longer happens.
            "DROP TRIGGER outbox_pruned_insert",
            "DROP TRIGGER outbox_pruned_fixed",
            "DROP TRIGGER outbox_pruned_delivered",
            "DROP INDEX outbox_unpruned",
            "ALTER TABLE outbox DROP COLUMN payload_pruned_at",
        ],
    )
