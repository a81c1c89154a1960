"""`open_store(url)`: which engine a URL names, and one clear error when it cannot open."""

from __future__ import annotations

from pathlib import Path

import pytest

from county_hub.storage import StoreError, open_store, sqlite_path


def test_sqlite_urls_follow_the_usual_slashes(tmp_path: Path):
    assert sqlite_path("sqlite:///hub.db") == Path("hub.db")
    assert sqlite_path("sqlite:////srv/hub/hub.db") == Path("/srv/hub/hub.db")
    assert sqlite_path(str(tmp_path / "x.db")) == tmp_path / "x.db"
    for bad in ("sqlite://", "sqlite:///:memory:", "sqlite://host/x.db"):
        with pytest.raises(StoreError):
            sqlite_path(bad)


def test_an_unknown_scheme_or_unreachable_server_is_one_clear_error():
    with pytest.raises(StoreError, match="unknown database URL scheme"):
        open_store("mysql://x/y")
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://hub:topsecret@127.0.0.1:1/hub")
    assert str(caught.value).startswith("cannot open postgresql database hub on 127.0.0.1:1")
    assert "topsecret" not in str(caught.value)
