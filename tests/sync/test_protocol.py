import gzip
import json
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.sync.errors import HubBadResponse
from station_app.sync.outbox import OutboxEvent
from station_app.sync.protocol import (
    encode_batch,
    parse_change_page,
    parse_error,
    parse_json,
    parse_ping,
    parse_upload_results,
)
from village_protocol.limits import MAX_UPLOAD_BYTES


def _events(n):
    return [
        OutboxEvent(
            seq,
            f"id-{seq}",
            "sale.completed",
            {"total_fen": seq, "名": "可乐"},
            "2026-11-26T08:00:00.000Z",
            None,
        )
        for seq in range(1, n + 1)
    ]


def test_batch_body_is_gzip_json_in_the_given_order():
    batch = encode_batch("HN-ZZ-0001", _events(3))
    document = json.loads(gzip.decompress(batch.body))
    assert document["station_id"] == "HN-ZZ-0001"
    assert [e["seq"] for e in document["events"]] == [1, 2, 3]
    assert document["events"][0] == {
        "event_id": "id-1",
        "seq": 1,
        "kind": "sale.completed",
        "created_at": "2026-11-26T08:00:00.000Z",
        "payload": {"total_fen": 1, "名": "可乐"},
    }
    assert batch.fits and batch.raw_size > len(batch.body) // 2


def test_a_stored_payload_goes_into_the_body_as_the_document_it_is(tmp_path):
    from station_app.core.clock import Clock
    from station_app.core.outbox import NewEvent, enqueue_event
    from station_app.storage import open_database
    from station_app.sync.outbox import pending_events
    from village_protocol.upload_status import upload_status

    db = open_database(tmp_path / "station.db")
    payload = {"total_fen": 350, "名": '酱油 "老抽"\n', "lines": [{"qty": 2}], "x": None}
    with db.atomic():
        enqueue_event(db, NewEvent("sale.completed", payload), Clock().stamp())
    stored = pending_events(db)
    db.close()
    assert stored[0].payload_json is not None  # read from the outbox: spliced, not re-encoded
    status = upload_status("1.0", 0, '上次 "错误"')
    spliced = json.loads(gzip.decompress(encode_batch("S", stored, status).body))
    in_memory = [
        OutboxEvent(e.seq, e.event_id, e.kind, e.payload, e.created_at, None) for e in stored
    ]
    assert spliced == json.loads(gzip.decompress(encode_batch("S", in_memory, status).body))
    assert spliced["events"][0]["payload"] == payload
    assert spliced["status"] == status.as_json()


def test_a_batch_over_the_compressed_limit_does_not_fit():
    # Random bytes do not compress: 3 MB of them as hex is well over 2 MiB of gzip.
    big = OutboxEvent(1, "x", "k", {"blob": os.urandom(3_000_000).hex()}, "t", None)
    batch = encode_batch("S", [big])
    assert len(batch.body) > MAX_UPLOAD_BYTES
    assert not batch.fits


def test_upload_results_in_order_are_accepted():
    events = _events(3)
    results = parse_upload_results(
        {
            "results": [
                {"event_id": "id-1", "status": "accepted"},
                {"event_id": "id-2", "status": "duplicate"},
                {"event_id": "id-3", "status": "rejected", "reason": "unknown kind 'x'"},
            ]
        },
        events,
    )
    assert [(r.status, r.reason) for r in results] == [
        ("accepted", None),
        ("duplicate", None),
        ("rejected", "unknown kind 'x'"),
    ]


@pytest.mark.parametrize(
    "document",
    [
        [],
        {"results": "no"},
        {"results": [{"event_id": "id-1", "status": "accepted"}]},  # one result short
        {
            "results": [
                {"event_id": "id-2", "status": "accepted"},
                {"event_id": "id-1", "status": "accepted"},
            ]
        },  # out of order
        {
            "results": [
                {"event_id": "id-1", "status": "stored"},
                {"event_id": "id-2", "status": "accepted"},
            ]
        },  # unknown status
        {
            "results": [
                {"event_id": "id-1", "status": "rejected"},
                {"event_id": "id-2", "status": "accepted"},
            ]
        },  # rejection without reason
        {
            "results": [
                {"event_id": "id-1", "status": "accepted"},
                {"event_id": "id-2", "status": "accepted"},
                {"event_id": "id-3", "status": "accepted"},
            ]
        },  # one too many
    ],
)
def test_upload_answers_that_break_the_protocol_are_refused(document):
    with pytest.raises(HubBadResponse):
        parse_upload_results(document, _events(2))


def _change(cursor, kind="notice"):
    return {"cursor": cursor, "kind": kind, "created_at": "t", "data": {"title": "", "body": ""}}


def test_a_good_page_parses():
    page = parse_change_page(
        {"changes": [_change(43), _change(45)], "next_cursor": 45, "has_more": True},
        after=42,
        limit=2,
    )
    assert [c.cursor for c in page.changes] == [43, 45]
    assert (page.next_cursor, page.has_more) == (45, True)
    empty = parse_change_page({"changes": [], "next_cursor": 42, "has_more": False}, 42, 200)
    assert empty.changes == () and empty.next_cursor == 42


@pytest.mark.parametrize(
    "document",
    [
        None,
        {"changes": [_change(43)], "next_cursor": 43},  # has_more missing
        {"changes": [_change(43)], "next_cursor": "43", "has_more": False},
        {"changes": [_change(43)], "next_cursor": True, "has_more": False},
        {"changes": [_change(42)], "next_cursor": 42, "has_more": False},  # not after `after`
        {"changes": [_change(44), _change(43)], "next_cursor": 43, "has_more": False},
        {"changes": [_change(43), _change(43)], "next_cursor": 43, "has_more": False},
        {"changes": [_change(43)], "next_cursor": 44, "has_more": False},  # skips a cursor
        {"changes": [], "next_cursor": 50, "has_more": False},  # jumps on an empty page
        {"changes": [], "next_cursor": 42, "has_more": True},  # would loop forever
        {
            "changes": [_change(43), _change(44), _change(45)],
            "next_cursor": 45,
            "has_more": False,
        },  # over the limit
        {
            "changes": [{"cursor": 43, "kind": "notice", "created_at": "t", "data": []}],
            "next_cursor": 43,
            "has_more": False,
        },
        {
            "changes": [{"cursor": 43, "created_at": "t", "data": {}}],
            "next_cursor": 43,
            "has_more": False,
        },
    ],
)
def test_pages_that_break_the_protocol_are_refused(document):
    with pytest.raises(HubBadResponse):
        parse_change_page(document, after=42, limit=2)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    ["changes", "next_cursor", "has_more", "cursor", "kind", "data", "created_at"]
                ),
                inner,
                max_size=4,
            )
        ),
        max_leaves=12,
    )
)
def test_no_document_crashes_the_page_parser_with_anything_but_a_bad_response(document):
    try:
        page = parse_change_page(document, after=0, limit=10)
    except HubBadResponse:
        return
    assert page.next_cursor >= 0


def test_non_json_and_error_bodies():
    with pytest.raises(HubBadResponse):
        parse_json(b"<html>502 Bad Gateway</html>")
    with pytest.raises(HubBadResponse):
        parse_json(b"\xff\xfe")
    assert parse_error({"error": {"code": "bad_signature", "message": "no"}}) == (
        "bad_signature",
        "no",
    )
    assert parse_error({"detail": "x"}) == (None, "")


def test_ping_must_speak_version_1():
    assert parse_ping({"ok": True, "time": "2026-11-26T08:00:00.000Z", "version": 1}).version == 1
    for document in ({"ok": True, "time": "t", "version": 2}, {"ok": False}, {"ok": "yes"}):
        with pytest.raises(HubBadResponse):
            parse_ping(document)
