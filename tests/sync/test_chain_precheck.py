"""The audit rows since the kept anchor, checked on a thread of their own during a sync,
and where the anchoring's own check then begins."""

from __future__ import annotations

import pytest

from station_app.core.audit import (
    GENESIS_HASH,
    Anchor,
    ChainHead,
    chain_head,
    record_audit,
    save_anchor,
    verify_audit_since,
)
from station_app.storage import open_database
from station_app.sync.chain_precheck import ChainPrecheck, CheckedRows, resume_point
from tests.audit_tamper import drop_triggers, edit_and_rehash

AT = "2026-12-03T09:00:00.000Z"


def _rows(db, count):
    with db.atomic():
        for n in range(count):
            record_audit(db, at=AT, operator_id=None, action="test.row", detail={"n": n})


@pytest.fixture
def anchored(demo_db_path):
    """The demo station with its head kept as confirmed, then five rows more: (db, anchor)."""
    db = open_database(demo_db_path)
    head = chain_head(db)
    with db.atomic():
        save_anchor(db, Anchor(head.seq, head.hash, AT, "HN-ZZ-0001", "T1"))
    _rows(db, 5)
    yield db, head
    db.close()


def test_the_rows_after_the_kept_anchor_are_found_intact(anchored, demo_db_path):
    db, anchor = anchored
    checked = ChainPrecheck(demo_db_path).result()
    assert checked == CheckedRows(anchor, chain_head(db))
    assert checked.head.seq == anchor.seq + 5


def test_without_a_kept_anchor_the_whole_chain_is_checked(demo_db):
    path = demo_db.conn.execute("PRAGMA database_list").fetchone()[2]
    checked = ChainPrecheck(path).result()
    assert checked == CheckedRows(ChainHead(0, GENESIS_HASH), chain_head(demo_db))


def test_a_fault_after_the_anchor_leaves_nothing_checked(anchored, demo_db_path):
    db, anchor = anchored
    drop_triggers(db)
    with db.conn:
        db.execute("UPDATE audit_log SET detail = '{}' WHERE seq = ?", [anchor.seq + 2])
    assert ChainPrecheck(demo_db_path).result() is None


def test_nothing_written_since_the_anchor_is_nothing_to_check(demo_db):
    head = chain_head(demo_db)
    with demo_db.atomic():
        save_anchor(demo_db, Anchor(head.seq, head.hash, AT, "HN-ZZ-0001", "T1"))
    path = demo_db.conn.execute("PRAGMA database_list").fetchone()[2]
    assert ChainPrecheck(path).result() is None


def test_a_cancelled_check_never_starts_and_finds_nothing(anchored, demo_db_path):
    precheck = ChainPrecheck(demo_db_path)
    precheck.cancel()
    precheck.start()
    assert precheck.result() is None


def test_the_anchoring_resumes_after_rows_that_still_hold(anchored, demo_db_path):
    db, anchor = anchored
    checked = ChainPrecheck(demo_db_path).result()
    _rows(db, 2)  # written after the check: still walked by the anchoring
    assert resume_point(db, checked, anchor.seq) == anchor.seq + 5
    assert verify_audit_since(db, resume_point(db, checked, anchor.seq)).rows_checked == 2


def test_the_anchoring_checks_everything_when_it_starts_elsewhere_or_nothing_was_found(
    anchored, demo_db_path
):
    db, anchor = anchored
    checked = ChainPrecheck(demo_db_path).result()
    # The hub confirmed another row than the one kept here.
    assert resume_point(db, checked, anchor.seq - 1) == anchor.seq - 1
    assert resume_point(db, None, anchor.seq) == anchor.seq


def test_rows_rehashed_after_the_check_are_walked_again(anchored, demo_db_path):
    db, anchor = anchored
    checked = ChainPrecheck(demo_db_path).result()
    edit_and_rehash(db, anchor.seq + 2)  # the head's hash changes with the rows after it
    assert resume_point(db, checked, anchor.seq) == anchor.seq


def test_a_rehashed_row_the_check_began_from_is_not_trusted(anchored, demo_db_path):
    db, anchor = anchored
    checked = ChainPrecheck(demo_db_path).result()
    edit_and_rehash(db, anchor.seq)
    assert resume_point(db, checked, anchor.seq) == anchor.seq
