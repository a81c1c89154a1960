"""Migration 0017: a sold line's stock history names it by its sale (issue 17)."""

from __future__ import annotations

from station_app.storage.migration_0012_compact_history import LINE_DELTA
from station_app.storage.migration_support import run_statements
from station_app.storage.sqlite_wrapper import Database

NAME = "0017_line_numbers"

# Lines stored before this version have UUIDv7 ids (36 characters, unique on their own);
# from now on a line's id is its number in its sale, unique only there. The history then
# names a numbered line as "<sale id>#<line no>", so every sold line's ref stays its own.
STOCK_HISTORY = f"""CREATE VIEW stock_history(product_id, delta, reason, ref_id, created_at) AS
    SELECT product_id, delta, reason, ref_id, created_at FROM stock_moves
    UNION ALL
    SELECT l.product_id, {LINE_DELTA.format(row="l")}, 'sale',
           CASE WHEN l.id = CAST(l.line_no AS TEXT) THEN s.id || '#' || l.id ELSE l.id END,
           s.created_at
    FROM sale_lines l JOIN sales s ON s.seq = l.sale_seq
    WHERE l.product_id IS NOT NULL"""


def migrate(db: Database) -> None:
    """The stock history view gives a numbered line's ref with its sale's id.

    A sale's line ids were fresh UUIDv7s: 36 of the about 140 bytes a line stores, for an
    identity nothing needs beyond its sale, since every reader of a line by its id
    (a refund, its receipt, the period figures, recovery, the refund lines' trigger of
    0016) finds it among its sale's lines. `core.sales` now stores the line's number as
    its id; the hub holds ids only inside the events it keeps. The schema is unchanged
    but for this view, whose refs of sold lines must not collide.
    """
    run_statements(db, ["DROP VIEW stock_history", STOCK_HISTORY])
