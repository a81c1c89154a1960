"""Migration 0016: a sale line's id is found through its sale (issue 17)."""

from __future__ import annotations

from station_app.storage.migration_0015_sale_keys import STOCK_HISTORY
from station_app.storage.migration_support import run_statements, stored_definitions
from station_app.storage.sqlite_wrapper import Database

NAME = "0016_line_ids"

_LINE_COLUMNS = (
    "sale_seq, line_no, id, product_id, code, name, unit, unit_price_fen, quantity, "
    "weight_g, gross_fen, discount_fen, total_fen"
)

# A refund line may only name a line of the sale its refund returns. The foreign key to
# sale_lines(id) said less (a line of any sale) and needed the unique index this drops.
REFUND_LINE_OF_ITS_SALE = """CREATE TRIGGER refund_lines_of_their_sale
    BEFORE INSERT ON refund_lines
    WHEN NOT EXISTS (
        SELECT 1 FROM refunds r JOIN sales s ON s.id = r.sale_id
        JOIN sale_lines l ON l.sale_seq = s.seq
        WHERE r.id = NEW.refund_id AND l.id = NEW.sale_line_id
    )
    BEGIN SELECT RAISE(ABORT, 'a refund line names a line of its own sale'); END"""


def migrate(db: Database) -> None:
    """The lines lose the unique index of their text id; refund lines check theirs by trigger.

    After 0015 that index was the largest thing a sale stored but its lines themselves:
    about 140 of its 1,380 bytes, for a lookup nothing needs. Every reader of a line by
    its id knows the sale too (a refund, its receipt, the period figures, recovery), and
    finds the line among its sale's few by the table's key. Ids stay unique: each is a
    fresh UUIDv7, and recovery writes back the ids the hub holds.

    `refund_lines` drops its foreign key to `sale_lines(id)` (SQLite refuses a foreign key
    whose parent has no unique index) for a trigger that checks more: the line is one of
    its refund's sale. The lines' and refund lines' triggers, and the refund lines' index,
    are made again from their stored definitions, as 0015 did.
    """
    line_triggers = stored_definitions(db, "sale_lines", ("trigger",))
    refund_extras = stored_definitions(db, "refund_lines", ("index", "trigger"))
    run_statements(
        db,
        [
            "DROP VIEW stock_history",
            "CREATE TEMP TABLE refund_lines_held AS SELECT * FROM refund_lines ORDER BY rowid",
            "DROP TABLE refund_lines",
            """CREATE TABLE sale_lines_by_sale (
                sale_seq INTEGER NOT NULL REFERENCES sales(seq),
                line_no INTEGER NOT NULL,
                id TEXT NOT NULL,
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
            f"INSERT INTO sale_lines_by_sale({_LINE_COLUMNS}) "
            f"SELECT {_LINE_COLUMNS} FROM sale_lines ORDER BY sale_seq, line_no",
            "DROP TABLE sale_lines",
            "ALTER TABLE sale_lines_by_sale RENAME TO sale_lines",
            *line_triggers,
            """CREATE TABLE refund_lines (
                id TEXT PRIMARY KEY,
                refund_id TEXT NOT NULL REFERENCES refunds(id),
                sale_line_id TEXT NOT NULL,
                quantity INTEGER NOT NULL CHECK (quantity > 0),
                amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0)
            )""",
            "INSERT INTO refund_lines(id, refund_id, sale_line_id, quantity, amount_fen) "
            "SELECT id, refund_id, sale_line_id, quantity, amount_fen FROM refund_lines_held",
            "DROP TABLE refund_lines_held",
            *refund_extras,
            REFUND_LINE_OF_ITS_SALE,
            STOCK_HISTORY,
        ],
    )
