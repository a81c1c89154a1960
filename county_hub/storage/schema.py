"""The hub's tables, as numbered migrations that both engines run at start.

Column types are the portable subset (TEXT, INTEGER, BIGINT); times are UTC ISO-8601
text and JSON is stored as text, so the same SQL and the same reading code serve
SQLite and PostgreSQL. Never edit a landed migration: append a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from county_hub.storage.announced_parcels import backfill_announced_parcels
from county_hub.storage.daily_totals import backfill_daily_totals
from county_hub.storage.database import HubDatabase, StoreError
from county_hub.storage.event_station_check import check_event_stations_per_statement
from county_hub.storage.lots import backfill_lots
from county_hub.storage.station_totals import backfill_station_totals

# A step that SQL alone cannot say portably (walking JSON arrays): it gets the database
# and the migrating transaction's connection.
Backfill = Callable[[HubDatabase, Any], None]

# `{serial_pk}` is the engine's auto-increment primary key; `{payload_lot_code}` the text
# of `lot_code` in an event's JSON payload, in the engine's own JSON syntax.
MIGRATIONS: list[list[str | Backfill]] = [
    [
        """CREATE TABLE stations (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            secret TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        )""",
        # UNIQUE (station_id, event_id) is the idempotency key: a retried or replayed
        # upload, through any hub worker, stores an event once.
        """CREATE TABLE events (
            id {serial_pk},
            station_id TEXT NOT NULL REFERENCES stations(id),
            event_id TEXT NOT NULL,
            seq BIGINT NOT NULL,
            kind TEXT NOT NULL,
            created_at TEXT NOT NULL,
            payload TEXT NOT NULL,
            received_at TEXT NOT NULL,
            UNIQUE (station_id, event_id)
        )""",
        "CREATE INDEX events_station_kind ON events (station_id, kind)",
        "CREATE INDEX events_kind ON events (kind)",
        # Replay protection in the database too, so it holds across hub workers.
        """CREATE TABLE nonces (
            station_id TEXT NOT NULL REFERENCES stations(id),
            nonce TEXT NOT NULL,
            seen_at BIGINT NOT NULL,
            PRIMARY KEY (station_id, nonce)
        )""",
        "CREATE INDEX nonces_seen_at ON nonces (seen_at)",
        # station_id NULL: a change for every station.
        """CREATE TABLE changes (
            cursor {serial_pk},
            station_id TEXT REFERENCES stations(id),
            kind TEXT NOT NULL,
            data TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX changes_station_cursor ON changes (station_id, cursor)",
        # What publish-catalog last sent per scope ('*' = all stations, else a station id),
        # so publishing the same file again queues nothing.
        """CREATE TABLE published_products (
            scope TEXT NOT NULL,
            product_key TEXT NOT NULL,
            data TEXT NOT NULL,
            published_at TEXT NOT NULL,
            PRIMARY KEY (scope, product_key)
        )""",
    ],
    [
        # What settle-lot published, one row per `lot.settled` change (`cursor`), so the
        # hub can refuse selling more of a lot than was weighed in, or settling a lot
        # that a sale or a rejection already closed.
        """CREATE TABLE lot_settlements (
            id TEXT PRIMARY KEY,
            station_id TEXT NOT NULL REFERENCES stations(id),
            lot_code TEXT NOT NULL,
            outcome TEXT NOT NULL,
            sold_g BIGINT NOT NULL,
            sale_fen BIGINT NOT NULL,
            hub_fees_fen BIGINT NOT NULL,
            commission_fen BIGINT NOT NULL,
            due_to_farmer_fen BIGINT NOT NULL,
            reason TEXT NOT NULL,
            settled_at TEXT NOT NULL,
            cursor BIGINT NOT NULL REFERENCES changes(cursor)
        )""",
        "CREATE INDEX lot_settlements_lot ON lot_settlements (station_id, lot_code)",
    ],
    [
        # The audit-chain head each counter PC (terminal) of a station last had confirmed.
        # It only moves forward, guarded in the UPDATE itself, so two hub workers cannot
        # move it backwards between them.
        """CREATE TABLE anchor_heads (
            station_id TEXT NOT NULL REFERENCES stations(id),
            terminal_id TEXT NOT NULL,
            seq BIGINT NOT NULL,
            hash TEXT NOT NULL,
            confirmed_at TEXT NOT NULL,
            PRIMARY KEY (station_id, terminal_id)
        )""",
        # Every head ever confirmed, and every anchor refused with its reason.
        """CREATE TABLE anchors (
            id {serial_pk},
            station_id TEXT NOT NULL REFERENCES stations(id),
            terminal_id TEXT NOT NULL,
            seq BIGINT NOT NULL,
            hash TEXT NOT NULL,
            confirmed_at TEXT NOT NULL
        )""",
        "CREATE INDEX anchors_station ON anchors (station_id, terminal_id, seq)",
        """CREATE TABLE anchor_refusals (
            id {serial_pk},
            station_id TEXT NOT NULL REFERENCES stations(id),
            terminal_id TEXT NOT NULL,
            seq BIGINT NOT NULL,
            hash TEXT NOT NULL,
            reason TEXT NOT NULL,
            refused_at TEXT NOT NULL
        )""",
        "CREATE INDEX anchor_refusals_station ON anchor_refusals (station_id, terminal_id)",
        # Which `lot.received` event holds each lot code of a station: the key makes a
        # second lot with a code already held impossible, across hub workers too.
        """CREATE TABLE lot_codes (
            station_id TEXT NOT NULL REFERENCES stations(id),
            lot_code TEXT NOT NULL,
            event_id TEXT NOT NULL,
            PRIMARY KEY (station_id, lot_code)
        )""",
        # Lots received before this table existed: the first intake of a code holds it,
        # as settling already assumed.
        """INSERT INTO lot_codes(station_id, lot_code, event_id)
            SELECT e.station_id, {payload_lot_code}, e.event_id FROM events e
            WHERE e.id IN (SELECT min(id) FROM events WHERE kind = 'lot.received'
                           AND {payload_lot_code} IS NOT NULL
                           GROUP BY station_id, {payload_lot_code})""",
    ],
    [
        # Each lot of each station as the hub knows it, kept current in the transaction
        # that stores the event or settlement moving it; `state` in the station's words
        # (received, shipped, partially_settled, settled, rejected, spoiled, returned)
        # or `unreceived`: named by a shipment or write-off, its lot.received not stored.
        # The key holds each code for the `lot.received` in `received_event_id`, as
        # `lot_codes` did: a second lot with a code already held is impossible.
        """CREATE TABLE lots (
            station_id TEXT NOT NULL REFERENCES stations(id),
            lot_code TEXT NOT NULL,
            received_event_id TEXT,
            lot_id TEXT,
            net_g BIGINT,
            shipped_at TEXT,
            written_off TEXT,
            settlements INTEGER NOT NULL DEFAULT 0,
            settled_g BIGINT NOT NULL DEFAULT 0,
            sale_fen BIGINT NOT NULL DEFAULT 0,
            hub_fees_fen BIGINT NOT NULL DEFAULT 0,
            commission_fen BIGINT NOT NULL DEFAULT 0,
            due_to_farmer_fen BIGINT NOT NULL DEFAULT 0,
            closed_by TEXT,
            state TEXT NOT NULL,
            PRIMARY KEY (station_id, lot_code)
        )""",
        "CREATE INDEX lots_state ON lots (station_id, state)",
        backfill_lots,
        "DROP TABLE lot_codes",
        # Which parcel.arrived change announced each tracking number to a station.
        """CREATE TABLE announced_parcels (
            station_id TEXT NOT NULL REFERENCES stations(id),
            tracking_no TEXT NOT NULL,
            cursor BIGINT NOT NULL REFERENCES changes(cursor),
            PRIMARY KEY (station_id, tracking_no)
        )""",
        backfill_announced_parcels,
    ],
    [
        # Recovery pages through one station's events in its own sequence order.
        "CREATE INDEX events_station_seq ON events (station_id, seq)",
        # A station that downloaded its events to rebuild a lost PC (`POST /v1/recovery`):
        # the recovered PC starts a new audit chain, and the hub accepts one new chain
        # start for that terminal while `used_at` is null (see county_hub/recovery.py).
        """CREATE TABLE recoveries (
            id {serial_pk},
            station_id TEXT NOT NULL REFERENCES stations(id),
            terminal_id TEXT NOT NULL,
            events BIGINT NOT NULL,
            up_to_seq BIGINT NOT NULL,
            old_seq BIGINT,
            old_hash TEXT,
            recovered_at TEXT NOT NULL,
            used_at TEXT,
            new_seq BIGINT,
            new_hash TEXT
        )""",
        "CREATE INDEX recoveries_station ON recoveries (station_id, terminal_id)",
    ],
    [
        # The county console's operators (county_hub/console): argon2 hashes only. The
        # failure columns count wrong passwords in the current window for the lockout.
        """CREATE TABLE console_users (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            failed_logins INTEGER NOT NULL DEFAULT 0,
            first_failed_at TEXT,
            locked_until TEXT
        )""",
        # Server-side sessions: the cookie holds a random token, the table its SHA-256,
        # so a copy of the database signs nobody in; logout or disabling deletes rows.
        """CREATE TABLE console_sessions (
            token_hash TEXT PRIMARY KEY,
            user_name TEXT NOT NULL REFERENCES console_users(name),
            csrf_token TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL
        )""",
        "CREATE INDEX console_sessions_user ON console_sessions (user_name)",
        # Every change a county operator makes (and sign-ins), who and when; append-only.
        """CREATE TABLE console_audit (
            id {serial_pk},
            at TEXT NOT NULL,
            user_name TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            detail TEXT NOT NULL
        )""",
        "CREATE INDEX console_audit_target ON console_audit (target, id)",
        # What each station last told the hub about itself (upload `status`), and when
        # the hub last heard from it; kept in the transactions that store its uploads.
        """CREATE TABLE station_health (
            station_id TEXT PRIMARY KEY REFERENCES stations(id),
            last_upload_at TEXT,
            last_sync_at TEXT,
            app_version TEXT,
            queue_length BIGINT,
            last_error TEXT,
            status_at TEXT,
            rejected_total BIGINT NOT NULL DEFAULT 0,
            tz_offset_min INTEGER
        )""",
        # Per station and day, maintained as events are stored, so the console's figures
        # are sums over these rows and never read payloads. Sales and refunds count on
        # the station-local day of the sale (as `stats --date`); events received and
        # rejected on the county's day of arrival (UTC+8).
        """CREATE TABLE station_days (
            station_id TEXT NOT NULL REFERENCES stations(id),
            day TEXT NOT NULL,
            events_received BIGINT NOT NULL DEFAULT 0,
            events_rejected BIGINT NOT NULL DEFAULT 0,
            sales_count BIGINT NOT NULL DEFAULT 0,
            gross_fen BIGINT NOT NULL DEFAULT 0,
            discount_fen BIGINT NOT NULL DEFAULT 0,
            rounding_fen BIGINT NOT NULL DEFAULT 0,
            sales_fen BIGINT NOT NULL DEFAULT 0,
            refund_count BIGINT NOT NULL DEFAULT 0,
            refunds_fen BIGINT NOT NULL DEFAULT 0,
            net_fen BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (station_id, day)
        )""",
        "CREATE INDEX station_days_day ON station_days (day)",
        # Net takings per payment method (sales less refunds paid back that way).
        """CREATE TABLE station_day_payments (
            station_id TEXT NOT NULL REFERENCES stations(id),
            day TEXT NOT NULL,
            method TEXT NOT NULL,
            amount_fen BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (station_id, day, method)
        )""",
        backfill_daily_totals,
    ],
    [
        # Each station's own totals per local day, as its upload `status.days` last said
        # (county_hub/storage/reported_days.py): the reconciliation page sets them next
        # to `station_days`. Stations before `days` have no rows here.
        """CREATE TABLE station_reported_days (
            station_id TEXT NOT NULL REFERENCES stations(id),
            day TEXT NOT NULL,
            sales_count BIGINT NOT NULL,
            net_fen BIGINT NOT NULL,
            reported_at TEXT NOT NULL,
            PRIMARY KEY (station_id, day)
        )""",
        "CREATE INDEX station_reported_days_day ON station_reported_days (day)",
        # The consignment page lists lots waiting for a settlement, oldest shipment first.
        "CREATE INDEX lots_open ON lots (state, shipped_at)",
        # The notices and parcels pages list the latest of one kind across all stations.
        "CREATE INDEX changes_kind ON changes (kind, cursor)",
        "CREATE INDEX announced_parcels_cursor ON announced_parcels (cursor)",
        # A catalog upload parsed and shown for review, published (or dropped) later by
        # its token (county_hub/storage/catalog_previews.py); never the file itself.
        """CREATE TABLE catalog_previews (
            token_hash TEXT PRIMARY KEY,
            user_name TEXT NOT NULL,
            scope TEXT NOT NULL,
            file_name TEXT NOT NULL,
            products TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
    ],
    [
        # What `python -m county_hub stats` sums instead of reading payloads, kept in
        # the transaction that stores the events (county_hub/storage/station_totals.py).
        # Events stored per station and kind.
        """CREATE TABLE station_kind_counts (
            station_id TEXT NOT NULL REFERENCES stations(id),
            kind TEXT NOT NULL,
            events BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (station_id, kind)
        )""",
        # The credit, agency, parcels and consignment figures of each station, all days.
        """CREATE TABLE station_sections (
            station_id TEXT PRIMARY KEY REFERENCES stations(id),
            credit_entries BIGINT NOT NULL DEFAULT 0,
            credit_balance_fen BIGINT NOT NULL DEFAULT 0,
            agency_orders BIGINT NOT NULL DEFAULT 0,
            agency_collected_fen BIGINT NOT NULL DEFAULT 0,
            agency_spent_fen BIGINT NOT NULL DEFAULT 0,
            agency_platform_refund_fen BIGINT NOT NULL DEFAULT 0,
            agency_paid_back_fen BIGINT NOT NULL DEFAULT 0,
            parcels_arrived BIGINT NOT NULL DEFAULT 0,
            parcels_handed_over BIGINT NOT NULL DEFAULT 0,
            consignment_lots BIGINT NOT NULL DEFAULT 0,
            consignment_net_g BIGINT NOT NULL DEFAULT 0,
            consignment_shipments BIGINT NOT NULL DEFAULT 0,
            consignment_payouts BIGINT NOT NULL DEFAULT 0,
            consignment_payouts_fen BIGINT NOT NULL DEFAULT 0
        )""",
        # Closed shifts per station and the station-local day each opened ('' when its
        # opening time does not parse: all days only).
        """CREATE TABLE station_day_shifts (
            station_id TEXT NOT NULL REFERENCES stations(id),
            day TEXT NOT NULL,
            shifts_closed BIGINT NOT NULL DEFAULT 0,
            shifts_short BIGINT NOT NULL DEFAULT 0,
            shifts_over BIGINT NOT NULL DEFAULT 0,
            shifts_over_short_fen BIGINT NOT NULL DEFAULT 0,
            shifts_expected_cash_fen BIGINT NOT NULL DEFAULT 0,
            shifts_counted_cash_fen BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (station_id, day)
        )""",
        backfill_station_totals,
    ],
    [
        # PostgreSQL: an event's station checked once per INSERT, not once per row
        # (county_hub/storage/event_station_check.py); SQLite keeps its foreign key.
        check_event_stations_per_statement,
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: HubDatabase, to_version: int = SCHEMA_VERSION) -> int:
    """Create or upgrade the tables up to `to_version` (tests stop early); returns it.

    Raises:
        StoreError: the database was made by a newer hub.
    """
    with db.write() as conn:
        db.engine.lock_schema(conn)
        db.run(conn, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = db.run(conn, "SELECT max(version) FROM schema_version").fetchone()
        current = int(row[0] or 0)
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"the database has schema version {current}, newer than this hub "
                f"({SCHEMA_VERSION}); upgrade the hub"
            )
        for version in range(current + 1, to_version + 1):
            for step in MIGRATIONS[version - 1]:
                if isinstance(step, str):
                    db.run(
                        conn,
                        step.format(
                            serial_pk=db.engine.serial_pk,
                            payload_lot_code=db.engine.json_text("payload", "lot_code"),
                        ),
                    )
                else:
                    step(db, conn)
            db.run(conn, "INSERT INTO schema_version(version) VALUES (?)", [version])
    return to_version
