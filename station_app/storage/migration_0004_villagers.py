"""Migration 0004: villagers' credit ledger, agency orders and parcels at the pickup point."""

from __future__ import annotations

from station_app.storage.migration_support import append_only_triggers, run_statements
from station_app.storage.sqlite_wrapper import Database

NAME = "0004_villagers_agency_parcels"


def migrate(db: Database) -> None:
    """Credit ledger, agency orders with their history and money, parcels and handovers."""
    run_statements(
        db,
        [
            "CREATE INDEX villagers_initials ON villagers(initials)",
            # The balance is always the sum of this ledger: no stored number to drift.
            # Positive amounts are what the villager owes the station.
            """CREATE TABLE villager_ledger (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                villager_id TEXT NOT NULL REFERENCES villagers(id),
                at TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN (
                    'sale', 'agency', 'repayment', 'refund', 'adjustment')),
                amount_fen INTEGER NOT NULL CHECK (amount_fen != 0),
                method TEXT,
                ref_id TEXT,
                operator_id TEXT NOT NULL REFERENCES operators(id),
                approved_by TEXT REFERENCES operators(id),
                note TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX villager_ledger_villager ON villager_ledger(villager_id, seq)",
            """CREATE TABLE agency_orders (
                id TEXT PRIMARY KEY,
                order_no TEXT NOT NULL UNIQUE,
                pickup_code TEXT NOT NULL,
                villager_id TEXT NOT NULL REFERENCES villagers(id),
                platform TEXT NOT NULL,
                item TEXT NOT NULL,
                link TEXT NOT NULL DEFAULT '',
                quantity INTEGER NOT NULL CHECK (quantity > 0),
                item_price_fen INTEGER NOT NULL CHECK (item_price_fen >= 0),
                shipping_fen INTEGER NOT NULL CHECK (shipping_fen >= 0),
                service_fee_fen INTEGER NOT NULL CHECK (service_fee_fen >= 0),
                total_fen INTEGER NOT NULL CHECK (total_fen >= 0),
                created_at TEXT NOT NULL,
                local_date TEXT NOT NULL,
                operator_id TEXT NOT NULL REFERENCES operators(id)
            )""",
            "CREATE INDEX agency_orders_villager ON agency_orders(villager_id)",
            "CREATE INDEX agency_orders_pickup ON agency_orders(pickup_code)",
            # The order's state is its latest history row.
            """CREATE TABLE agency_order_history (
                seq INTEGER PRIMARY KEY,
                order_id TEXT NOT NULL REFERENCES agency_orders(id),
                status TEXT NOT NULL,
                at TEXT NOT NULL,
                operator_id TEXT REFERENCES operators(id),  -- NULL: announced by the hub
                detail TEXT NOT NULL DEFAULT '{}'
            )""",
            "CREATE INDEX agency_order_history_order ON agency_order_history(order_id, seq)",
            # Money of agency orders; `amount_fen` is always positive, `kind` says its direction.
            """CREATE TABLE agency_money (
                seq INTEGER PRIMARY KEY,
                order_id TEXT NOT NULL REFERENCES agency_orders(id),
                at TEXT NOT NULL,
                local_date TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN (
                    'collected', 'spent', 'platform_refund', 'paid_back')),
                method TEXT NOT NULL
                    CHECK (method IN ('cash', 'wechat', 'alipay', 'unionpay', 'account',
                                      'platform')),
                amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
                operator_id TEXT NOT NULL REFERENCES operators(id)
            )""",
            "CREATE INDEX agency_money_order ON agency_money(order_id)",
            "CREATE INDEX agency_money_date ON agency_money(local_date)",
            """CREATE TABLE parcels (
                id TEXT PRIMARY KEY,
                tracking_no TEXT NOT NULL UNIQUE,
                carrier TEXT NOT NULL,
                recipient_name TEXT NOT NULL DEFAULT '',
                recipient_phone TEXT NOT NULL DEFAULT '',
                agency_order_id TEXT REFERENCES agency_orders(id),
                pickup_code TEXT NOT NULL,
                arrived_at TEXT NOT NULL,
                source TEXT NOT NULL CHECK (source IN ('counter', 'hub')),
                operator_id TEXT REFERENCES operators(id)
            )""",
            "CREATE INDEX parcels_pickup ON parcels(pickup_code)",
            "CREATE INDEX parcels_phone ON parcels(recipient_phone)",
            # UNIQUE(parcel_id): the database itself refuses a second handover.
            """CREATE TABLE parcel_handovers (
                id TEXT PRIMARY KEY,
                parcel_id TEXT NOT NULL UNIQUE REFERENCES parcels(id),
                at TEXT NOT NULL,
                operator_id TEXT NOT NULL REFERENCES operators(id)
            )""",
            *append_only_triggers(
                (
                    "villager_ledger",
                    "agency_orders",
                    "agency_order_history",
                    "agency_money",
                    "parcel_handovers",
                )
            ),
        ],
    )
