"""Migration 0001: settings, operators, catalog, sales, payments, refunds, stock, outbox, audit."""

from __future__ import annotations

from station_app.storage.migration_support import append_only_triggers, run_statements
from station_app.storage.sqlite_wrapper import Database

NAME = "0001_foundation"

# Money tables may only grow; a mistake is corrected by a reversing row.
APPEND_ONLY_TABLES = (
    "sales",
    "sale_lines",
    "payments",
    "refunds",
    "refund_lines",
    "stock_moves",
    "audit_log",
)


def migrate(db: Database) -> None:
    """Settings, operators, catalog, sales, payments, refunds, stock, outbox, audit."""
    run_statements(
        db,
        [
            """CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            )""",
            """CREATE TABLE counters (
                name TEXT PRIMARY KEY,
                value INTEGER NOT NULL
            )""",
            """CREATE TABLE operators (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                role TEXT NOT NULL CHECK (role IN ('owner', 'clerk')),
                pin_salt BLOB NOT NULL,
                pin_hash BLOB NOT NULL,
                active INTEGER NOT NULL DEFAULT 1,
                created_at TEXT NOT NULL
            )""",
            """CREATE TABLE categories (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE
            )""",
            """CREATE TABLE products (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                unit TEXT NOT NULL,
                price_fen INTEGER NOT NULL CHECK (price_fen >= 0),
                is_weighed INTEGER NOT NULL DEFAULT 0 CHECK (is_weighed IN (0, 1)),
                plu TEXT UNIQUE,
                category_id INTEGER REFERENCES categories(id),
                pinyin TEXT NOT NULL DEFAULT '',
                initials TEXT NOT NULL DEFAULT '',
                -- the product's row in product_search: FTS5 cannot index product_id,
                -- so re-indexing a renamed product goes by this rowid
                search_rowid INTEGER,
                active INTEGER NOT NULL DEFAULT 1,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            "CREATE INDEX products_category ON products(category_id)",
            # Prefix matches (name, pinyin, initials) come from range scans of these.
            "CREATE INDEX products_name ON products(name)",
            "CREATE INDEX products_pinyin ON products(pinyin)",
            "CREATE INDEX products_initials ON products(initials)",
            # Villagers exist from the start because a sale can be paid on their account.
            """CREATE TABLE villagers (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                phone TEXT UNIQUE,
                village_group TEXT NOT NULL DEFAULT '',
                note TEXT NOT NULL DEFAULT '',
                credit_limit_fen INTEGER NOT NULL DEFAULT 0 CHECK (credit_limit_fen >= 0),
                pinyin TEXT NOT NULL DEFAULT '',
                initials TEXT NOT NULL DEFAULT '',
                active INTEGER NOT NULL DEFAULT 1,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            """CREATE TABLE product_barcodes (
                barcode TEXT PRIMARY KEY,
                product_id TEXT NOT NULL REFERENCES products(id)
            )""",
            "CREATE INDEX product_barcodes_product ON product_barcodes(product_id)",
            # Search terms are suffixes of the name, its pinyin and its initials, so an
            # FTS5 prefix query on them is a substring search that uses the index.
            # prefix='1 2 3': short queries (what a keeper types first) hit a ready index.
            """CREATE VIRTUAL TABLE product_search USING fts5(
                terms, product_id UNINDEXED, tokenize = 'unicode61', prefix = '1 2 3'
            )""",
            """CREATE TABLE stock_moves (
                id INTEGER PRIMARY KEY,
                product_id TEXT NOT NULL REFERENCES products(id),
                delta INTEGER NOT NULL,
                reason TEXT NOT NULL
                    CHECK (reason IN ('initial', 'receive', 'sale', 'refund', 'adjust')),
                ref_id TEXT,
                created_at TEXT NOT NULL
            )""",
            "CREATE INDEX stock_moves_product ON stock_moves(product_id)",
            """CREATE TABLE sales (
                id TEXT PRIMARY KEY,
                seq INTEGER NOT NULL UNIQUE,
                receipt_no TEXT NOT NULL UNIQUE,
                terminal_id TEXT NOT NULL,
                operator_id TEXT NOT NULL REFERENCES operators(id),
                created_at TEXT NOT NULL,
                tz_offset_min INTEGER NOT NULL,
                local_date TEXT NOT NULL,
                subtotal_fen INTEGER NOT NULL,
                discount_fen INTEGER NOT NULL CHECK (discount_fen >= 0),
                rounding_fen INTEGER NOT NULL CHECK (rounding_fen >= 0),
                total_fen INTEGER NOT NULL CHECK (total_fen >= 0),
                paid_fen INTEGER NOT NULL,
                change_fen INTEGER NOT NULL CHECK (change_fen >= 0),
                customer_phone TEXT,
                CHECK (paid_fen - change_fen = total_fen)
            )""",
            "CREATE INDEX sales_local_date ON sales(local_date)",
            """CREATE TABLE sale_lines (
                id TEXT PRIMARY KEY,
                sale_id TEXT NOT NULL REFERENCES sales(id),
                line_no INTEGER NOT NULL,
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
                UNIQUE (sale_id, line_no)
            )""",
            """CREATE TABLE payments (
                id TEXT PRIMARY KEY,
                sale_id TEXT NOT NULL REFERENCES sales(id),
                method TEXT NOT NULL
                    CHECK (method IN ('cash', 'wechat', 'alipay', 'unionpay', 'account')),
                amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
                villager_id TEXT REFERENCES villagers(id),
                tendered_fen INTEGER CHECK (tendered_fen IS NULL OR tendered_fen >= amount_fen),
                reference TEXT,
                CHECK ((method = 'account') = (villager_id IS NOT NULL))
            )""",
            "CREATE INDEX payments_sale ON payments(sale_id)",
            """CREATE TABLE refunds (
                id TEXT PRIMARY KEY,
                seq INTEGER NOT NULL UNIQUE,
                refund_no TEXT NOT NULL UNIQUE,
                sale_id TEXT NOT NULL REFERENCES sales(id),
                operator_id TEXT NOT NULL REFERENCES operators(id),
                approved_by TEXT NOT NULL REFERENCES operators(id),
                created_at TEXT NOT NULL,
                tz_offset_min INTEGER NOT NULL,
                local_date TEXT NOT NULL,
                method TEXT NOT NULL
                    CHECK (method IN ('cash', 'wechat', 'alipay', 'unionpay', 'account')),
                total_fen INTEGER NOT NULL CHECK (total_fen > 0),
                reason TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX refunds_sale ON refunds(sale_id)",
            "CREATE INDEX refunds_local_date ON refunds(local_date)",
            """CREATE TABLE refund_lines (
                id TEXT PRIMARY KEY,
                refund_id TEXT NOT NULL REFERENCES refunds(id),
                sale_line_id TEXT NOT NULL REFERENCES sale_lines(id),
                quantity INTEGER NOT NULL CHECK (quantity > 0),
                amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0)
            )""",
            "CREATE INDEX refund_lines_sale_line ON refund_lines(sale_line_id)",
            """CREATE TABLE held_carts (
                id TEXT PRIMARY KEY,
                held_at TEXT NOT NULL,
                operator_id TEXT NOT NULL REFERENCES operators(id),
                label TEXT NOT NULL,
                cart_json TEXT NOT NULL
            )""",
            """CREATE TABLE outbox (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                event_id TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                created_at TEXT NOT NULL,
                sent_at TEXT
            )""",
            "CREATE INDEX outbox_unsent ON outbox(seq) WHERE sent_at IS NULL",
            """CREATE TABLE audit_log (
                seq INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                operator_id TEXT,
                action TEXT NOT NULL,
                subject_id TEXT,
                detail TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            )""",
            *append_only_triggers(APPEND_ONLY_TABLES),
        ],
    )
