"""Migration 0010: delivered outbox payloads may be pruned after a retention (issue 17)."""

from __future__ import annotations

from station_app.storage.migration_support import run_statements
from station_app.storage.sqlite_wrapper import Database

NAME = "0010_outbox_pruning"

# The text a pruned payload is replaced by (station_app/sync/outbox_pruning.py).
PRUNED_PAYLOAD = "{}"
# The outbox columns a pruned row keeps, besides its payload.
KEPT_COLUMNS = (
    "seq, event_id, kind, created_at, sent_at, status, hub_result, rejected_reason, "
    "rejected_at, attempts"
)


def migrate(db: Database) -> None:
    """`outbox.payload_pruned_at`; a delivered event's row may be rewritten with `{}`.

    The hub holds every delivered event and recovery reads them back from it, so the
    station may drop their payloads; the row (seq, event id, kind, times, status) stays,
    so no event looks lost and none can be sent as new again. A shorter row written by
    UPDATE would leave its page as large as before (SQLite merges pages only on
    DELETE), so a pruned row is deleted and written again, in one transaction, through
    `outbox_pruning`: the only rows the outbox lets go are delivered ones staged there.
    """
    run_statements(
        db,
        [
            "ALTER TABLE outbox ADD COLUMN payload_pruned_at TEXT",
            # Empty outside a pruning transaction.
            """CREATE TABLE outbox_pruning (
                seq INTEGER PRIMARY KEY,
                event_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                created_at TEXT NOT NULL,
                sent_at TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status = 'delivered'),
                hub_result TEXT,
                rejected_reason TEXT,
                rejected_at TEXT,
                attempts INTEGER NOT NULL
            )""",
            "DROP TRIGGER outbox_no_delete",
            """CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
                WHEN NOT (OLD.status = 'delivered' AND EXISTS (
                    SELECT 1 FROM outbox_pruning p
                    WHERE p.seq = OLD.seq AND p.event_id = OLD.event_id))
                BEGIN SELECT RAISE(ABORT, 'outbox events cannot be deleted'); END""",
            # A pruned row comes back only as its staged self, delivered, with `{}`.
            f"""CREATE TRIGGER outbox_pruned_insert BEFORE INSERT ON outbox
                WHEN NEW.payload_pruned_at IS NOT NULL AND NOT (
                    NEW.payload = '{PRUNED_PAYLOAD}' AND NEW.status = 'delivered'
                    AND EXISTS (SELECT 1 FROM outbox_pruning p
                        WHERE p.seq = NEW.seq AND p.event_id = NEW.event_id
                            AND p.kind = NEW.kind AND p.created_at = NEW.created_at))
                BEGIN SELECT RAISE(ABORT, 'outbox events cannot be edited'); END""",
            """CREATE TRIGGER outbox_pruned_fixed BEFORE UPDATE OF payload_pruned_at ON outbox
                BEGIN SELECT RAISE(ABORT, 'outbox events cannot be edited'); END""",
            # A pruned event could not be sent again: it stays delivered.
            """CREATE TRIGGER outbox_pruned_delivered BEFORE UPDATE OF status ON outbox
                WHEN OLD.payload_pruned_at IS NOT NULL AND NEW.status != 'delivered'
                BEGIN SELECT RAISE(ABORT, 'a pruned outbox event stays delivered'); END""",
            # Pruned rows leave this index, so finding the next ones stays cheap.
            "CREATE INDEX outbox_unpruned ON outbox(seq) WHERE payload_pruned_at IS NULL",
        ],
    )
