"""The work pages' changes: clerks may make them, viewers may not, no change without CSRF."""

from __future__ import annotations

from typing import cast

import pytest
import requests
from fastapi.routing import APIRoute

from county_hub.console.roles import Permission
from county_hub.console.web import ConsoleContext, Gate
from county_hub.console.work_pages import work_router
from county_hub.storage import HubStore
from tests.county_hub.console.conftest import ConsoleHub, csrf_of

CATALOG = "barcode,name,unit,price\n6901234567892,红烧牛肉面,袋,4.50\n".encode()
ARRIVALS = b"station,tracking\nHN-ZZ-0001,SF1234567890\n"
# Each change of the work pages: (path, form fields, files).
CHANGES = [
    ("/notices", {"scope": "*", "title": "停电", "body": "明天停电"}, None),
    ("/parcels/announce", {"station": "HN-ZZ-0001", "tracking": "SF1234567890"}, None),
    ("/parcels/upload", {}, {"arrivals": ("a.csv", ARRIVALS)}),
    ("/catalog/preview", {"scope": "*"}, {"catalog": ("c.csv", CATALOG)}),
    ("/catalog/publish", {"preview": "x"}, None),
    ("/lots/settle", {"station": "HN-ZZ-0001", "lot": "L-1", "outcome": "sold"}, None),
]


def _feed_size(store: HubStore) -> int:
    changes, _ = store.changes_after("HN-ZZ-0001", 0, 500)
    return len(changes)


def test_every_change_of_the_work_pages_needs_the_county_work_permission(store: HubStore):
    routes = [r for r in work_router(ConsoleContext(store)).routes if isinstance(r, APIRoute)]
    posts = {r.path for r in routes if "POST" in (r.methods or set())}
    assert posts == {path for path, _, _ in CHANGES}
    for route in routes:
        [gate] = [d.call for d in route.dependant.dependencies if isinstance(d.call, Gate)]
        post = "POST" in (route.methods or set())
        wanted = Permission.COUNTY_WORK if post else Permission.VIEW
        assert cast(Gate, gate).permission is wanted, route.path


def _post(console: ConsoleHub, session: requests.Session, path: str, fields, files, token):
    data = {**fields} if token is None else {"csrf_token": token, **fields}
    return session.post(
        f"{console.url}{path}", data=data, files=files, allow_redirects=False, timeout=10
    )


@pytest.mark.parametrize(("path", "fields", "files"), CHANGES)
def test_a_viewer_cannot_make_a_change(console: ConsoleHub, path, fields, files):
    session = console.browser("guest", "viewer")
    token = csrf_of(session.get(f"{console.url}/", timeout=10).text)
    answer = _post(console, session, path, fields, files, token)
    assert answer.status_code == 403 and "没有权限" in answer.text
    assert _feed_size(console.store) == 0
    assert {e.action for e in console.store.audit.recent(5)} <= {"login", "user.added"}


@pytest.mark.parametrize(("path", "fields", "files"), CHANGES)
def test_a_change_without_the_sessions_csrf_token_is_refused(
    console: ConsoleHub, path, fields, files
):
    session = console.browser("clerk1", "clerk")
    for token in (None, "forged"):
        answer = _post(console, session, path, fields, files, token)
        assert answer.status_code == 403 and "安全校验" in answer.text, path
    assert _feed_size(console.store) == 0


def test_a_clerk_posts_a_notice_and_announces_a_parcel_and_both_are_audited(console: ConsoleHub):
    session = console.browser("clerk1", "clerk")
    token = csrf_of(session.get(f"{console.url}/notices", timeout=10).text)
    for path, fields, files in CHANGES[:3]:
        answer = _post(console, session, path, fields, files, token)
        if path == "/parcels/upload":  # the same parcel again: refused whole, with its line
            assert answer.status_code == 400
            assert "第 2 行" in answer.text and "already announced" in answer.text
        else:
            assert answer.status_code == 303, answer.text
    kinds = [c.kind for c in console.store.changes_after("HN-ZZ-0001", 0, 10)[0]]
    assert kinds == ["notice", "parcel.arrived"]
    actions = [(e.user_name, e.action, e.target) for e in console.store.audit.recent(5)]
    assert actions[:2] == [
        ("clerk1", "parcel.announced", "HN-ZZ-0001"),
        ("clerk1", "notice.posted", "*"),
    ]


def test_a_notice_refused_by_the_rule_of_the_notice_command_says_so(console: ConsoleHub):
    session = console.browser("clerk1", "clerk")
    token = csrf_of(session.get(f"{console.url}/notices", timeout=10).text)
    answer = _post(
        console, session, "/notices", {"scope": "*", "title": "停" * 101, "body": "x"}, None, token
    )
    assert answer.status_code == 400
    assert "the title must be 1-100 characters" in answer.text
    assert _feed_size(console.store) == 0


def test_a_catalog_preview_publishes_once_and_only_for_who_made_it(console: ConsoleHub):
    clerk = console.browser("clerk1", "clerk")
    token = csrf_of(clerk.get(f"{console.url}/catalog", timeout=10).text)
    page = _post(
        console, clerk, "/catalog/preview", {"scope": "*"}, {"catalog": ("c.csv", CATALOG)}, token
    )
    assert page.status_code == 200 and _feed_size(console.store) == 0
    preview = page.text.split('name="preview" value="', 1)[1].split('"', 1)[0]
    other = console.browser("clerk2", "clerk")
    other_token = csrf_of(other.get(f"{console.url}/catalog", timeout=10).text)
    refused = _post(console, other, "/catalog/publish", {"preview": preview}, None, other_token)
    assert refused.status_code == 400 and _feed_size(console.store) == 0
    assert (
        _post(console, clerk, "/catalog/publish", {"preview": preview}, None, token).status_code
        == 303
    )
    again = _post(console, clerk, "/catalog/publish", {"preview": preview}, None, token)
    assert again.status_code == 400 and "已发布过" in again.text
    assert _feed_size(console.store) == 1
    assert console.store.audit.recent(1)[0].action == "catalog.published"


def test_a_catalog_with_a_bad_row_is_shown_but_cannot_be_published(console: ConsoleHub):
    clerk = console.browser("clerk1", "clerk")
    token = csrf_of(clerk.get(f"{console.url}/catalog", timeout=10).text)
    bad = CATALOG + "6909999000011,汽水,瓶,abc\n".encode()
    page = _post(
        console, clerk, "/catalog/preview", {"scope": "*"}, {"catalog": ("c.csv", bad)}, token
    )
    assert page.status_code == 400
    assert "第 3 行" in page.text and "price &#39;abc&#39; is not an amount in yuan" in page.text
    assert 'name="preview"' not in page.text
