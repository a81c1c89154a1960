"""Migration 0005: farmers' produce on consignment — lots, shipments, settlements, payouts."""

from __future__ import annotations

from station_app.storage.migration_support import append_only_triggers, run_statements
from station_app.storage.sqlite_wrapper import Database

NAME = "0005_consignment"


def migrate(db: Database) -> None:
    """Lots with their history, shipments, the hub's settlements and payouts to farmers."""
    run_statements(
        db,
        [
            """CREATE TABLE lots (
                id TEXT PRIMARY KEY,
                lot_code TEXT NOT NULL UNIQUE,
                villager_id TEXT NOT NULL REFERENCES villagers(id),
                product TEXT NOT NULL,
                grade TEXT NOT NULL CHECK (grade IN ('特级', '一级', '二级', '等外')),
                crates INTEGER NOT NULL CHECK (crates > 0),
                pieces INTEGER NOT NULL CHECK (pieces >= 0),
                gross_g INTEGER NOT NULL CHECK (gross_g > 0),
                tare_g INTEGER NOT NULL CHECK (tare_g >= 0),
                net_g INTEGER NOT NULL CHECK (net_g > 0 AND net_g = gross_g - tare_g),
                harvest_date TEXT NOT NULL,
                best_before TEXT NOT NULL CHECK (best_before >= harvest_date),
                asking_price_fen_per_kg INTEGER NOT NULL CHECK (asking_price_fen_per_kg >= 0),
                commission_bp INTEGER NOT NULL CHECK (commission_bp BETWEEN 0 AND 5000),
                created_at TEXT NOT NULL,
                local_date TEXT NOT NULL,
                operator_id TEXT NOT NULL REFERENCES operators(id)
            )""",
            "CREATE INDEX lots_villager ON lots(villager_id)",
            """CREATE TABLE lot_history (
                seq INTEGER PRIMARY KEY,
                lot_id TEXT NOT NULL REFERENCES lots(id),
                status TEXT NOT NULL,
                at TEXT NOT NULL,
                operator_id TEXT REFERENCES operators(id),  -- NULL: from the hub
                detail TEXT NOT NULL DEFAULT '{}'
            )""",
            "CREATE INDEX lot_history_lot ON lot_history(lot_id, seq)",
            """CREATE TABLE shipments (
                id TEXT PRIMARY KEY,
                manifest_no TEXT NOT NULL UNIQUE,
                carrier TEXT NOT NULL,
                shipped_at TEXT NOT NULL,
                local_date TEXT NOT NULL,
                operator_id TEXT NOT NULL REFERENCES operators(id)
            )""",
            """CREATE TABLE shipment_lots (
                shipment_id TEXT NOT NULL REFERENCES shipments(id),
                lot_id TEXT NOT NULL UNIQUE REFERENCES lots(id)
            )""",
            # One row per settlement the hub sent; its id is the hub's, so a repeated
            # change-feed page can never apply it twice.
            """CREATE TABLE lot_settlements (
                id TEXT PRIMARY KEY,
                lot_id TEXT NOT NULL REFERENCES lots(id),
                outcome TEXT NOT NULL CHECK (outcome IN ('sold', 'partial', 'rejected')),
                sold_g INTEGER NOT NULL CHECK (sold_g >= 0),
                sale_fen INTEGER NOT NULL CHECK (sale_fen >= 0),
                hub_fees_fen INTEGER NOT NULL CHECK (hub_fees_fen >= 0),
                commission_fen INTEGER NOT NULL CHECK (commission_fen >= 0),
                due_to_farmer_fen INTEGER NOT NULL CHECK (due_to_farmer_fen >= 0),
                reason TEXT NOT NULL DEFAULT '',
                settled_at TEXT NOT NULL,
                received_at TEXT NOT NULL,
                CHECK (due_to_farmer_fen <= sale_fen)
            )""",
            "CREATE INDEX lot_settlements_lot ON lot_settlements(lot_id)",
            # UNIQUE(settlement_id): a settlement is paid out once, by the database's word.
            """CREATE TABLE farmer_payouts (
                id TEXT PRIMARY KEY,
                settlement_id TEXT NOT NULL UNIQUE REFERENCES lot_settlements(id),
                villager_id TEXT NOT NULL REFERENCES villagers(id),
                amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
                method TEXT NOT NULL CHECK (method IN ('cash', 'wechat', 'alipay', 'unionpay')),
                reference TEXT NOT NULL DEFAULT '',
                at TEXT NOT NULL,
                local_date TEXT NOT NULL,
                operator_id TEXT NOT NULL REFERENCES operators(id)
            )""",
            "CREATE INDEX farmer_payouts_villager ON farmer_payouts(villager_id)",
            *append_only_triggers(
                (
                    "lots",
                    "lot_history",
                    "shipments",
                    "shipment_lots",
                    "lot_settlements",
                    "farmer_payouts",
                )
            ),
        ],
    )
