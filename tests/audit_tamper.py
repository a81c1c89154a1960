"""What a tamperer with the station.db file in hand can do to the audit log.

Each helper first drops the append-only triggers, as anyone with the file and the
sqlite3 shell can; the chain and the hub's anchor must still tell.
"""

from __future__ import annotations

from sqlite_utils import Database

from station_app.core.audit import GENESIS_HASH, _row_hash


def drop_triggers(db: Database) -> None:
    db.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    db.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")


def last_seq(db: Database) -> int:
    return int(db.execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()[0])


def delete_tail(db: Database, rows: int) -> int:
    """Delete the last `rows` rows; returns the last seq left."""
    drop_triggers(db)
    keep = last_seq(db) - rows
    with db.conn:
        db.execute("DELETE FROM audit_log WHERE seq > ?", [keep])
    return keep


def delete_all(db: Database) -> None:
    drop_triggers(db)
    with db.conn:
        db.execute("DELETE FROM audit_log")


def edit_and_rehash(db: Database, seq: int, detail: str = '{"name": "改过"}') -> None:
    """Change row `seq`, then recompute every hash from it on, so the chain links again."""
    drop_triggers(db)
    with db.conn:
        db.execute("UPDATE audit_log SET detail = ? WHERE seq = ?", [detail, seq])
        prev = (
            GENESIS_HASH
            if seq == 1
            else bytes(
                db.execute("SELECT hash FROM audit_log WHERE seq = ?", [seq - 1]).fetchone()[0]
            ).hex()
        )
        rows = db.execute(
            "SELECT seq, at, operator_id, action, subject_id, detail "
            "FROM audit_log WHERE seq >= ? ORDER BY seq",
            [seq],
        ).fetchall()
        for row_seq, at, operator_id, action, subject_id, row_detail in rows:
            digest = _row_hash(prev, row_seq, at, operator_id, action, subject_id, row_detail)
            db.execute(
                "UPDATE audit_log SET hash = ? WHERE seq = ?", [bytes.fromhex(digest), row_seq]
            )
            prev = digest
