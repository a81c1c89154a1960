"""The hub's `GET /v1/changes` body, built from the stored JSON text, is the documented page.

`change_feed.page_json` splices each change's stored `data` into the body instead of
parsing it and encoding it again; the station reads it like the model-built page.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from county_hub.models import ChangeOut, ChangesPage
from county_hub.storage import open_store
from county_hub.storage.change_feed import page_json
from station_app.sync.protocol import parse_change_page

NOW = "2026-12-02T04:40:00Z"


@pytest.fixture
def store(tmp_path: Path):
    hub = open_store(f"sqlite:///{tmp_path / 'hub.db'}")
    hub.add_station("A", "secret-a", NOW)
    hub.add_station("B", "secret-b", NOW)
    hub.queue_changes(
        [
            (
                "product.upsert",
                {
                    "name": '酱油 "老抽"\n',
                    "unit": "瓶",
                    "price_fen": 1250,
                    "barcodes": ["6901234567892"],
                    "is_weighed": False,
                    "plu": 12,
                    "category": None,
                },
            ),
            ("notice", {"title": "停电\\通知", "body": "明天 \u2028 九点"}),
        ],
        NOW,
    )
    hub.queue_changes([("notice", {"title": "只给 B", "body": "x"})], NOW, station_id="B")
    hub.queue_changes([("price.change", {"barcode": "6901234567892", "price_fen": 1300})], NOW)
    return hub


@pytest.mark.parametrize(
    ("station", "after", "limit"), [("A", 0, 500), ("B", 0, 2), ("B", 2, 1), ("A", 9, 5)]
)
def test_the_page_is_what_the_model_would_send(store, station, after, limit):
    changes, has_more = store.changes_after(station, after, limit)
    expected = ChangesPage(
        changes=[
            ChangeOut(cursor=c.cursor, kind=c.kind, created_at=c.created_at, data=c.data)
            for c in changes
        ],
        next_cursor=changes[-1].cursor if changes else after,
        has_more=has_more,
    ).model_dump()
    page = page_json(store.database, station, after, limit)
    assert json.loads(page.body) == expected
    assert (page.count, page.has_more) == (len(changes), has_more)
    # The station's strict parser takes it.
    parsed = parse_change_page(json.loads(page.body), after, limit)
    assert [c.data for c in parsed.changes] == [c.data for c in changes]


def test_station_b_sees_its_own_change_and_a_does_not(store):
    kinds_a = [
        c["kind"] for c in json.loads(page_json(store.database, "A", 0, 500).body)["changes"]
    ]
    kinds_b = [
        c["kind"] for c in json.loads(page_json(store.database, "B", 0, 500).body)["changes"]
    ]
    assert kinds_a == ["product.upsert", "notice", "price.change"]
    assert kinds_b == ["product.upsert", "notice", "notice", "price.change"]
