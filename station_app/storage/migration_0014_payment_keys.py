"""Migration 0014: a payment's row is keyed by an integer, not a text UUID (issue 17)."""

from __future__ import annotations

from station_app.storage.migration_support import append_only_triggers, run_statements
from station_app.storage.sqlite_wrapper import Database

NAME = "0014_payment_keys"


def migrate(db: Database) -> None:
    """`payments.id` becomes the row's integer key; every payment keeps its sale and order.

    A payment's 36-character UUID was stored with the row and again in the primary key's
    index, about 90 of a sale's 1,750 bytes, and nothing ever read it: no event, report,
    refund or recovery names a payment, only its sale (the hub's payload lists a sale's
    payments without ids, and a rebuilt station made new ones). The rows are copied in
    the order they were written, so a sale's payments keep their order.
    """
    run_statements(
        db,
        [
            """CREATE TABLE payments_keyed (
                id INTEGER PRIMARY KEY,
                sale_id TEXT NOT NULL REFERENCES sales(id),
                method TEXT NOT NULL
                    CHECK (method IN ('cash', 'wechat', 'alipay', 'unionpay', 'account')),
                amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
                villager_id TEXT REFERENCES villagers(id),
                tendered_fen INTEGER CHECK (tendered_fen IS NULL OR tendered_fen >= amount_fen),
                reference TEXT,
                CHECK ((method = 'account') = (villager_id IS NOT NULL))
            )""",
            "INSERT INTO payments_keyed(sale_id, method, amount_fen, villager_id, "
            "tendered_fen, reference) SELECT sale_id, method, amount_fen, villager_id, "
            "tendered_fen, reference FROM payments ORDER BY rowid",
            "DROP TABLE payments",
            "ALTER TABLE payments_keyed RENAME TO payments",
            *append_only_triggers(("payments",)),
            "CREATE INDEX payments_sale ON payments(sale_id)",
        ],
    )
