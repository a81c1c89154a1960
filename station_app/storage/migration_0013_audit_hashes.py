"""Migration 0013: the audit log keeps one binary hash per row (issue 17)."""

from __future__ import annotations

from station_app.storage.migration_support import append_only_triggers, run_statements
from station_app.storage.sqlite_wrapper import Database

NAME = "0013_audit_hashes"

HASH_BYTES = 32  # SHA-256
# Stands in for a stored hash that is not hexadecimal (only a hand-edited file has one):
# no row's digest is all zeros, so `verify_audit` still names that row as altered.
UNREADABLE_HASH = bytes(HASH_BYTES)


def _binary_hash(text: object) -> bytes:
    try:
        digest = bytes.fromhex(str(text))
    except ValueError:
        return UNREADABLE_HASH
    return digest if len(digest) == HASH_BYTES else UNREADABLE_HASH


def migrate(db: Database) -> None:
    """`audit_log.hash` as 32 bytes; `prev_hash` dropped (it is the previous row's hash).

    Each row stored the previous row's hash again and both as 64 hexadecimal
    characters: about 100 of a sale's 1,800 bytes. The chain is unchanged: a row's hash
    still covers the previous row's hash in hexadecimal (core.audit), so every hash and
    every anchor the hub confirmed stay as they were. A row whose stored `prev_hash` did
    not match the row before it (an edit) keeps failing verification: its hash was made
    from that `prev_hash`, and is now checked against the hash actually before it.
    """
    db.conn.create_function("binary_hash", 1, _binary_hash, deterministic=True)
    run_statements(
        db,
        [
            f"""CREATE TABLE audit_log_compact (
                seq INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                operator_id TEXT,
                action TEXT NOT NULL,
                subject_id TEXT,
                detail TEXT NOT NULL,
                hash BLOB NOT NULL CHECK (length(hash) = {HASH_BYTES})
            )""",
            "INSERT INTO audit_log_compact(seq, at, operator_id, action, subject_id, detail, "
            "hash) SELECT seq, at, operator_id, action, subject_id, detail, binary_hash(hash) "
            "FROM audit_log ORDER BY seq",
            "DROP TABLE audit_log",
            "ALTER TABLE audit_log_compact RENAME TO audit_log",
            *append_only_triggers(("audit_log",)),
            "CREATE INDEX audit_voided_lines ON audit_log(at) WHERE action = 'cart.line_voided'",
        ],
    )
