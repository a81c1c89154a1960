"""Who did what: an append-only audit log whose rows are hash-chained.

Each row's hash covers its own fields and the previous row's hash, so editing
or deleting any row (even with the triggers dropped) breaks the chain from
that row on, and `verify_audit` names the first broken row.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

GENESIS_HASH = "0" * 64


def _row_hash(
    prev_hash: str, seq: int, at: str, operator_id: str | None, action: str,
    subject_id: str | None, detail: str,
) -> str:
    canonical = json.dumps(
        [prev_hash, seq, at, operator_id, action, subject_id, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record_audit(
    db: Database,
    *,
    at: str,
    operator_id: str | None,
    action: str,
    subject_id: str | None = None,
    detail: dict[str, Any] | None = None,
) -> int:
    """Append an audit row inside the caller's transaction; returns its sequence number."""
    if not db.conn.in_transaction:
        raise RuntimeError("record_audit must run inside the business action's transaction")
    last = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    detail_text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)
    digest = _row_hash(prev_hash, seq, at, operator_id, action, subject_id, detail_text)
    db.execute(
        "INSERT INTO audit_log(seq, at, operator_id, action, subject_id, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [seq, at, operator_id, action, subject_id, detail_text, prev_hash, digest],
    )
    return seq


@dataclass(frozen=True)
class AuditVerdict:
    """Outcome of checking the chain: `first_bad_seq` is None when every row checks out."""

    rows_checked: int
    first_bad_seq: int | None
    reason: str

    @property
    def ok(self) -> bool:
        """True when the chain is intact."""
        return self.first_bad_seq is None


def verify_audit(db: Database) -> AuditVerdict:
    """Walk the chain in order and report the first row that was edited, removed or forged."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    for row in db.execute(
        "SELECT seq, at, operator_id, action, subject_id, detail, prev_hash, hash "
        "FROM audit_log ORDER BY seq"
    ):
        seq, at, operator_id, action, subject_id, detail, prev_hash, stored = row
        if seq != expected_seq:
            return AuditVerdict(count, expected_seq, f"row {expected_seq} is missing")
        if prev_hash != expected_prev:
            return AuditVerdict(count, seq, f"row {seq} does not follow row {seq - 1}")
        if _row_hash(prev_hash, seq, at, operator_id, action, subject_id, detail) != stored:
            return AuditVerdict(count, seq, f"row {seq} was altered")
        expected_prev = stored
        expected_seq += 1
        count += 1
    return AuditVerdict(count, None, "ok")
