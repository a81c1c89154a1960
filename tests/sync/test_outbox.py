"""The outbox's delivery side: what waits for the hub and what the hub answered."""

from station_app.core.audit import verify_audit
from station_app.core.clock import Clock
from station_app.sync.outbox import (
    mark_delivered,
    mark_rejected,
    pending_count,
    pending_events,
    rejected_count,
    requeue_rejected,
)
from tests.sync.conftest import queue_sales


def test_queued_delivered_and_rejected_are_counted_apart(db):
    seqs = queue_sales(db, 4)
    with db.atomic():
        mark_delivered(db, seqs[0], "accepted", "t1")
        mark_delivered(db, seqs[1], "duplicate", "t1")
        mark_rejected(db, seqs[2], "unknown kind", "t1")
    assert (pending_count(db), rejected_count(db)) == (1, 1)
    assert [e.seq for e in pending_events(db)] == [seqs[3]]
    assert [e.seq for e in pending_events(db, after_seq=seqs[3])] == []


def test_delivery_is_final(db):
    [seq] = queue_sales(db, 1)
    with db.atomic():
        mark_delivered(db, seq, "accepted", "t1")
        mark_rejected(db, seq, "late answer", "t2")
        mark_delivered(db, seq, "duplicate", "t3")
    assert db.execute("SELECT status, hub_result, sent_at FROM outbox").fetchone() == (
        "delivered",
        "accepted",
        "t1",
    )


def test_requeue_sends_rejected_events_again_and_is_audited(db):
    seqs = queue_sales(db, 2)
    with db.atomic():
        for seq in seqs:
            mark_rejected(db, seq, "unknown kind", "t")
    assert requeue_rejected(db, Clock().stamp()) == 2
    assert (pending_count(db), rejected_count(db)) == (2, 0)
    assert requeue_rejected(db, Clock().stamp()) == 0
    assert db.execute("SELECT action FROM audit_log").fetchall() == [("outbox.requeued",)]
    assert verify_audit(db).ok
