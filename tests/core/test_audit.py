import pytest

from station_app.core.audit import (
    STOPPED,
    Anchor,
    chain_head,
    load_anchor,
    record_audit,
    save_anchor,
    verify_audit,
    verify_audit_since,
    written_run,
)
from station_app.core.operators import Role, create_operator
from tests.audit_tamper import delete_all, delete_tail, edit_and_rehash


def test_intact_chain_verifies(shop):
    verdict = verify_audit(shop.db)
    assert verdict.ok
    assert verdict.rows_checked >= 6  # two operators, four products


def _untrigger(db):
    # A tamperer with the file can drop the triggers; the chain must still tell.
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("DROP TRIGGER audit_log_no_delete")


def test_edited_row_is_detected(shop):
    _untrigger(shop.db)
    shop.db.execute("UPDATE audit_log SET detail = '{}' WHERE seq = 3")
    verdict = verify_audit(shop.db)
    assert (verdict.ok, verdict.first_bad_seq) == (False, 3)


def test_deleted_row_is_detected(shop):
    _untrigger(shop.db)
    shop.db.execute("DELETE FROM audit_log WHERE seq = 2")
    assert verify_audit(shop.db).first_bad_seq == 2


def test_audit_rows_cannot_be_changed_through_sql(shop):
    with pytest.raises(Exception, match="append-only"):
        shop.db.execute("UPDATE audit_log SET action = 'x'")


# -- the anchor the hub confirmed -------------------------------------------------------------
CONFIRMED_AT = "2026-12-02T10:00:00.000Z"


def _anchor_head(db):
    head = chain_head(db)
    with db.atomic():
        save_anchor(db, Anchor(head.seq, head.hash, CONFIRMED_AT, "HN-ZZ-0001", "T1"))
    return head


def test_an_untampered_log_reaches_its_confirmed_anchor(shop):
    head = _anchor_head(shop.db)
    verdict = verify_audit(shop.db)
    assert verdict.ok and verdict.anchor.seq == head.seq


def test_a_deleted_tail_is_caught_by_the_confirmed_anchor(shop):
    head = _anchor_head(shop.db)
    kept = delete_tail(shop.db, 2)
    verdict = verify_audit(shop.db)
    assert not verdict.ok
    assert verdict.reason == (
        f"rows after {kept} are missing; the hub confirmed row {head.seq} at {CONFIRMED_AT}"
    )


def test_an_emptied_log_is_caught_by_the_confirmed_anchor(shop):
    head = _anchor_head(shop.db)
    delete_all(shop.db)
    verdict = verify_audit(shop.db)
    assert verdict.reason == (
        f"the audit log is empty: rows after 0 are missing; the hub "
        f"confirmed row {head.seq} at {CONFIRMED_AT}"
    )


def test_an_edit_with_every_hash_recomputed_is_caught_by_the_confirmed_anchor(shop):
    head = _anchor_head(shop.db)
    edit_and_rehash(shop.db, 3)
    # The chain itself links again: only the anchor can tell.
    assert verify_audit_since(shop.db, 0).ok
    verdict = verify_audit(shop.db)
    assert (verdict.ok, verdict.first_bad_seq) == (False, head.seq)
    assert verdict.reason.startswith(
        f"row {head.seq} no longer has the hash the hub confirmed at {CONFIRMED_AT}"
    )


def test_a_rehashed_edit_after_the_last_anchor_is_beyond_what_the_anchor_covers(shop):
    # The documented limit: rows written after the last sync have only the chain.
    _anchor_head(shop.db)
    create_operator(shop.db, "王五", Role.CLERK, "5678", shop.clock)
    edit_and_rehash(shop.db, chain_head(shop.db).seq)
    assert verify_audit(shop.db).ok


def test_the_kept_anchor_never_moves_back(shop):
    head = _anchor_head(shop.db)
    with shop.db.atomic():
        save_anchor(shop.db, Anchor(1, "0" * 64, CONFIRMED_AT, "HN-ZZ-0001", "T1"))
    assert load_anchor(shop.db).seq == head.seq


def test_rows_after_a_confirmed_row_are_checked_on_their_own(shop):
    head = _anchor_head(shop.db)
    create_operator(shop.db, "王五", Role.CLERK, "5678", shop.clock)
    assert verify_audit_since(shop.db, head.seq).ok
    _untrigger(shop.db)
    shop.db.execute("UPDATE audit_log SET detail = '{}' WHERE seq = ?", [head.seq + 1])
    assert verify_audit_since(shop.db, head.seq).first_bad_seq == head.seq + 1


# -- rows a sync wrote a moment ago -------------------------------------------------------
def _clerk(shop, name):
    create_operator(shop.db, name, Role.CLERK, "5678", shop.clock)


def _written_between(shop, names):
    """Anchor, one row by another writer, then the rows `names` as one written run."""
    anchor = _anchor_head(shop.db)
    _clerk(shop, "外人")
    before = chain_head(shop.db)
    for name in names:
        _clerk(shop, name)
    run = written_run(before, chain_head(shop.db))
    _clerk(shop, "后来")
    return anchor, before, run


def test_a_written_run_is_held_to_its_ends_instead_of_hashed_again(shop):
    anchor, before, run = _written_between(shop, ["甲", "乙", "丙"])
    assert (run.after, run.head.seq) == (before, before.seq + 3)
    assert verify_audit_since(shop.db, anchor.seq).rows_checked == 5
    verdict = verify_audit_since(shop.db, anchor.seq, [run])
    # Only the other writer's two rows were hashed.
    assert (verdict.ok, verdict.rows_checked) == (True, 2)


def test_a_run_of_nothing_is_no_run(shop):
    head = chain_head(shop.db)
    assert written_run(head, head) is None
    assert written_run(head, None) is None


def test_rows_around_a_written_run_are_still_hashed(shop):
    anchor, before, run = _written_between(shop, ["甲", "乙"])
    _untrigger(shop.db)
    shop.db.execute("UPDATE audit_log SET detail = '{}' WHERE seq = ?", [run.head.seq + 1])
    assert verify_audit_since(shop.db, anchor.seq, [run]).first_bad_seq == run.head.seq + 1
    shop.db.execute("UPDATE audit_log SET detail = '{}' WHERE seq = ?", [before.seq])
    assert verify_audit_since(shop.db, anchor.seq, [run]).first_bad_seq == before.seq


def test_a_row_deleted_from_a_written_run_is_caught(shop):
    anchor, before, run = _written_between(shop, ["甲", "乙", "丙"])
    _untrigger(shop.db)
    shop.db.execute("DELETE FROM audit_log WHERE seq = ?", [before.seq + 2])
    verdict = verify_audit_since(shop.db, anchor.seq, [run])
    assert (verdict.first_bad_seq, verdict.reason) == (
        before.seq + 1,
        f"rows between {before.seq + 1} and {run.head.seq} are missing",
    )


def test_a_rehashed_edit_inside_or_before_a_written_run_is_caught(shop):
    anchor, before, run = _written_between(shop, ["甲", "乙"])
    edit_and_rehash(shop.db, before.seq + 1)
    verdict = verify_audit_since(shop.db, anchor.seq, [run])
    assert (verdict.first_bad_seq, verdict.reason) == (
        run.head.seq,
        f"row {run.head.seq} was altered",
    )


def test_a_rehashed_edit_of_the_row_a_run_follows_is_caught(shop):
    anchor, before, run = _written_between(shop, ["甲", "乙"])
    edit_and_rehash(shop.db, before.seq)
    verdict = verify_audit_since(shop.db, anchor.seq, [run])
    assert verdict.first_bad_seq == before.seq
    assert verdict.reason == (
        f"row {before.seq} changed after the rows that follow it were written"
    )


def test_a_plain_edit_inside_a_written_run_is_left_to_the_full_check(shop):
    # The documented trade: the sync trusts what it hashed a moment ago; the full
    # `verify-audit` still names the row. Only the run's first row is hashed again,
    # to show it follows the row before the run (no row stores that row's hash).
    anchor, before, run = _written_between(shop, ["甲", "乙"])
    assert run.head.seq >= before.seq + 2
    _untrigger(shop.db)
    shop.db.execute("UPDATE audit_log SET detail = '{}' WHERE seq = ?", [before.seq + 2])
    assert verify_audit_since(shop.db, anchor.seq, [run]).ok
    assert verify_audit(shop.db).first_bad_seq == before.seq + 2
    shop.db.execute("UPDATE audit_log SET detail = '{}' WHERE seq = ?", [before.seq + 1])
    assert verify_audit_since(shop.db, anchor.seq, [run]).first_bad_seq == before.seq + 1


def test_a_run_reaching_back_before_the_anchor_is_walked(shop):
    before = chain_head(shop.db)
    _clerk(shop, "甲")
    _clerk(shop, "乙")
    run = written_run(before, chain_head(shop.db))
    _untrigger(shop.db)
    shop.db.execute("UPDATE audit_log SET detail = '{}' WHERE seq = ?", [run.head.seq])
    verdict = verify_audit_since(shop.db, before.seq + 1, [run])
    assert (verdict.rows_checked, verdict.first_bad_seq) == (0, run.head.seq)


# -- a check with an end, and one its caller stops ------------------------------------------
def _rows(db, count):
    with db.atomic():
        for n in range(count):
            record_audit(db, at=CONFIRMED_AT, operator_id=None, action="test.row", detail={"n": n})


def test_a_check_until_a_row_leaves_the_rows_after_it_alone(shop):
    head = _anchor_head(shop.db)
    _rows(shop.db, 3)
    _untrigger(shop.db)
    shop.db.execute("UPDATE audit_log SET detail = '{}' WHERE seq = ?", [head.seq + 3])
    verdict = verify_audit_since(shop.db, head.seq, until=head.seq + 2)
    assert (verdict.ok, verdict.rows_checked) == (True, 2)
    assert verify_audit_since(shop.db, head.seq).first_bad_seq == head.seq + 3


def test_a_stopped_check_ends_not_ok_at_its_next_thousand_rows(shop):
    head = _anchor_head(shop.db)
    _rows(shop.db, 1500)
    asked = []
    verdict = verify_audit_since(shop.db, head.seq, stopped=lambda: asked.append(1) or True)
    assert (verdict.ok, verdict.reason, verdict.rows_checked) == (False, STOPPED, 999)
    assert len(asked) == 1
    assert verify_audit_since(shop.db, head.seq, stopped=lambda: False).rows_checked == 1500
