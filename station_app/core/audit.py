"""Who did what: an append-only audit log whose rows are hash-chained.

Each row's hash covers its own fields and the previous row's hash, so editing
or deleting any row (even with the triggers dropped) breaks the chain from
that row on, and `verify_audit` names the first broken row. A row stores its
hash as 32 bytes (migration 0013) and not the previous row's again; the hash
covers the previous one in hexadecimal, as hashes are shown, sent and anchored.

The chain alone cannot tell a deleted tail, or an edit whose hashes were all
recomputed, from an honest shorter log. So each sync sends the chain's head to
the county hub, which confirms it (it never lets an anchor move backwards); the
station keeps the last confirmed anchor, and `verify_audit` checks that the chain
still reaches that row with that hash. Changes after the last sync stay
detectable only by the chain itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from station_app.storage.sqlite_wrapper import Database

GENESIS_HASH = "0" * 64
# The reason of a check ended by its caller (`verify_audit_since(stopped=...)`).
STOPPED = "stopped"

# `json.dumps` with options builds a new encoder on every call, and a busy counter
# writes thousands of rows a day. The same options, so the same text and hashes as ever.
_encode_canonical = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_encode_detail = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def _row_hash(
    prev_hash: str,
    seq: int,
    at: str,
    operator_id: str | None,
    action: str,
    subject_id: str | None,
    detail: str,
) -> str:
    canonical = _encode_canonical([prev_hash, seq, at, operator_id, action, subject_id, detail])
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _head_row(db: Database) -> tuple[int, str] | None:
    """The last row's seq and hash (hexadecimal), or None while the log is empty."""
    row = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(row[0]), bytes(row[1]).hex()) if row else None


_INSERT = (
    "INSERT INTO audit_log(seq, at, operator_id, action, subject_id, detail, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)


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
    last = _head_row(db)
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    detail_text = _encode_detail(detail or {})
    digest = _row_hash(prev_hash, seq, at, operator_id, action, subject_id, detail_text)
    db.execute(
        _INSERT,
        [seq, at, operator_id, action, subject_id, detail_text, bytes.fromhex(digest)],
    )
    return seq


@dataclass(frozen=True)
class ChainHead:
    """The last row of the chain: its sequence number and hash."""

    seq: int
    hash: str


@dataclass(frozen=True)
class Anchor:
    """A chain head the county hub confirmed, at `confirmed_at` by the hub's clock."""

    seq: int
    hash: str
    confirmed_at: str
    station_id: str = ""
    terminal_id: str = ""


@dataclass(frozen=True)
class AuditVerdict:
    """Outcome of checking the chain: `first_bad_seq` is None when every row checks out.

    `anchor` is the confirmed anchor the chain was held against (None: there was none,
    so only the chain itself was checked).
    """

    rows_checked: int
    first_bad_seq: int | None
    reason: str
    anchor: Anchor | None = None

    @property
    def ok(self) -> bool:
        """True when the chain is intact."""
        return self.first_bad_seq is None


def chain_head(db: Database) -> ChainHead | None:
    """The chain's last row, or None while the log is empty."""
    last = _head_row(db)
    return ChainHead(*last) if last else None


def stored_hash(db: Database, seq: int) -> str | None:
    """The hash stored on row `seq`, or None when there is no such row."""
    row = db.execute("SELECT hash FROM audit_log WHERE seq = ?", [seq]).fetchone()
    return bytes(row[0]).hex() if row else None


def load_anchor(db: Database) -> Anchor | None:
    """The last anchor the hub confirmed for this station, if any."""
    row = db.execute(
        "SELECT seq, hash, confirmed_at, station_id, terminal_id FROM audit_anchor WHERE id = 1"
    ).fetchone()
    return Anchor(int(row[0]), row[1], row[2], row[3], row[4]) if row else None


def save_anchor(db: Database, anchor: Anchor) -> None:
    """Keep `anchor` as the last confirmed one, inside the caller's transaction.

    An anchor older than the one kept is ignored: the kept one only moves forward.
    """
    if not db.conn.in_transaction:
        raise RuntimeError("save_anchor must run inside a transaction")
    db.execute(
        "INSERT INTO audit_anchor(id, station_id, terminal_id, seq, hash, confirmed_at) "
        "VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET station_id = "
        "excluded.station_id, terminal_id = excluded.terminal_id, seq = excluded.seq, "
        "hash = excluded.hash, confirmed_at = excluded.confirmed_at "
        "WHERE excluded.seq >= audit_anchor.seq",
        [anchor.station_id, anchor.terminal_id, anchor.seq, anchor.hash, anchor.confirmed_at],
    )


def verify_audit(db: Database, anchor: Anchor | None = None) -> AuditVerdict:
    """Walk the chain in order and report the first row that was edited, removed or forged.

    The chain must also reach `anchor` (default: the one the hub last confirmed, as
    stored here) with the very hash the hub confirmed, which catches a deleted tail and
    an edit whose hashes were recomputed.
    """
    held = anchor or load_anchor(db)
    verdict, last_seq, hash_at_anchor = _walk(db, 0, GENESIS_HASH, held.seq if held else None)
    if not verdict.ok or held is None:
        return AuditVerdict(verdict.rows_checked, verdict.first_bad_seq, verdict.reason, held)
    if last_seq < held.seq:
        empty = "the audit log is empty: " if last_seq == 0 else ""
        return AuditVerdict(
            verdict.rows_checked,
            last_seq + 1,
            f"{empty}rows after {last_seq} are missing; the hub confirmed "
            f"row {held.seq} at {held.confirmed_at}",
            held,
        )
    if hash_at_anchor != held.hash:
        return AuditVerdict(
            verdict.rows_checked,
            held.seq,
            f"row {held.seq} no longer has the hash the hub confirmed at "
            f"{held.confirmed_at}: rows up to {held.seq} were altered and "
            "their hashes recomputed",
            held,
        )
    return AuditVerdict(verdict.rows_checked, None, "ok", held)


@dataclass(frozen=True)
class WrittenRun:
    """Rows this process appended in one transaction: those after `after`, up to `head`.

    `after` is the chain's head when the transaction began (None: the log was empty).
    The transaction held the write lock throughout, so no other writer's row is among
    them.
    """

    after: ChainHead | None
    head: ChainHead


def written_run(before: ChainHead | None, head: ChainHead | None) -> WrittenRun | None:
    """The run a transaction appended, from the chain heads read at its start and end."""
    if head is None or (before is not None and before.seq >= head.seq):
        return None
    return WrittenRun(before, head)


def verify_audit_since(
    db: Database,
    seq: int,
    written: Sequence[WrittenRun] = (),
    *,
    until: int | None = None,
    stopped: Callable[[], bool] | None = None,
) -> AuditVerdict:
    """Check only the rows after row `seq` (which must exist, unless 0): intact and linked.

    What a sync checks before it sends the head for confirmation: the rows up to `seq`
    were covered by the previous anchor. The rows of each `written` run, which this
    process hashed as it wrote them a moment ago, are not hashed again (a catalog
    download writes 100,000 at once): the run must still start from the row the walk
    reached, hold every seq, and end on the hash it was written with. A run reaching
    back before `seq` is walked like any other row.

    `until`: check no row after that one. `stopped`: asked every thousand rows; once it
    answers True the check ends, not ok (reason "stopped").
    """
    if seq == 0:
        start_hash: str | None = GENESIS_HASH
    else:
        start_hash = stored_hash(db, seq)
    if start_hash is None:
        return AuditVerdict(0, seq, f"row {seq} is missing")
    checked = 0
    after_seq, after_hash = seq, start_hash
    for run in sorted(written, key=lambda r: r.head.seq):
        if _seq(run.after) < after_seq:
            continue  # reaches back before `seq` or into a run already taken: walked
        end = _seq(run.after)
        verdict, last_seq, reached = _walk(db, after_seq, after_hash, end, end)
        checked += verdict.rows_checked
        if not verdict.ok:
            return AuditVerdict(checked, verdict.first_bad_seq, verdict.reason)
        if last_seq < end:
            return AuditVerdict(checked, last_seq + 1, f"row {last_seq + 1} is missing")
        broken = _run_broken(db, run, after_hash if reached is None else reached)
        if broken is not None:
            return AuditVerdict(checked, *broken)
        after_seq, after_hash = run.head.seq, run.head.hash
    verdict, _, _ = _walk(db, after_seq, after_hash, None, until, stopped)
    return AuditVerdict(checked + verdict.rows_checked, verdict.first_bad_seq, verdict.reason)


def _seq(head: ChainHead | None) -> int:
    return head.seq if head is not None else 0


def _run_broken(db: Database, run: WrittenRun, reached_hash: str) -> tuple[int, str] | None:
    """Why the rows of `run` no longer are what was written (first bad seq, reason), or None.

    `reached_hash` is the stored hash of the row just before the run, as checked.
    """
    first = _seq(run.after) + 1
    start = GENESIS_HASH if run.after is None else run.after.hash
    if reached_hash != start:
        return first - 1, f"row {first - 1} changed after the rows that follow it were written"
    count, last_hash = db.execute(
        "SELECT count(*), (SELECT hash FROM audit_log WHERE seq = :last) "
        "FROM audit_log WHERE seq BETWEEN :first AND :last",
        {"first": first, "last": run.head.seq},
    ).fetchone()
    if count != run.head.seq - first + 1:
        return first, f"rows between {first} and {run.head.seq} are missing"
    # The first row must still hash from the row before the run, so it follows it.
    verdict, _, _ = _walk(db, first - 1, start, None, first)
    if not verdict.ok:
        return first, verdict.reason
    if bytes(last_hash).hex() != run.head.hash:
        return run.head.seq, f"row {run.head.seq} was altered"
    return None


def _walk(
    db: Database,
    after_seq: int,
    after_hash: str,
    watch_seq: int | None,
    until_seq: int | None = None,
    stopped: Callable[[], bool] | None = None,
) -> tuple[AuditVerdict, int, str | None]:
    """Check the rows after `after_seq` (up to `until_seq`, default all) in order.

    Returns the verdict, the last seq seen, and the hash stored on row `watch_seq` (None
    when the walk did not reach it). `stopped`: see `verify_audit_since`.
    """
    expected_prev = after_hash
    expected_seq = after_seq + 1
    count = 0
    watched: str | None = None
    for row in db.execute(
        "SELECT seq, at, operator_id, action, subject_id, detail, hash "
        "FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq",
        [after_seq, until_seq if until_seq is not None else 2**63 - 1],
    ):
        seq, at, operator_id, action, subject_id, detail, stored_bytes = row
        if stopped is not None and count % 1000 == 999 and stopped():
            return AuditVerdict(count, seq, STOPPED), seq - 1, watched
        if seq != expected_seq:
            return (
                AuditVerdict(count, expected_seq, f"row {expected_seq} is missing"),
                expected_seq - 1,
                watched,
            )
        stored = bytes(stored_bytes).hex()
        # Altered, or made from another previous row (one edited or removed before it).
        if _row_hash(expected_prev, seq, at, operator_id, action, subject_id, detail) != stored:
            reason = f"row {seq} was altered, or does not follow row {seq - 1}"
            return AuditVerdict(count, seq, reason), seq, watched
        if seq == watch_seq:
            watched = stored
        expected_prev = stored
        expected_seq += 1
        count += 1
    return AuditVerdict(count, None, "ok"), expected_seq - 1, watched
