"""The tufup client against a repository the real hub serves on 127.0.0.1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from station_app.update.errors import UpdateRefused
from station_app.update.fetch import check_update, download_update
from station_app.update.folders import UpdateFolders
from station_app.update.state import read_state
from tests.sync.fault_proxy import FaultProxy
from tests.update.conftest import County, tree


def _download(county: County, folders: UpdateFolders, installed: str = "0.1.0", url: str = ""):
    return download_update(
        folders, url or county.repo_url, installed=installed, shipped_root=county.root
    )


def test_a_published_version_is_downloaded_verified_and_unpacked(county, folders):
    county.publish("0.1.1")
    check = _download(county, folders)
    assert (check.offered, check.ready, check.available) == ("0.1.1", "0.1.1", True)
    unpacked = folders.version_dir("0.1.1")
    assert (unpacked / "_internal" / "resources" / "VERSION").read_text() == "0.1.1\n"
    assert (unpacked / "station").stat().st_mode & 0o111  # still a program
    # Downloading installs nothing: the running copy and the launcher's state are as before.
    assert read_state(folders).trial is None and not folders.state_file.exists()


def test_check_tells_what_is_offered_and_downloads_nothing(county, folders):
    county.publish("0.1.1")
    check = check_update(folders, county.repo_url, installed="0.1.0", shipped_root=county.root)
    assert (check.offered, check.ready) == ("0.1.1", None)
    assert check.size_bytes > 0
    assert tree(folders.versions) == [] and tree(folders.downloads) == []


def test_nothing_newer_downloads_nothing(county, folders):
    county.publish("0.1.0")
    check = _download(county, folders, installed="0.1.0")
    assert (check.available, check.ready) == (False, None)
    assert tree(folders.versions) == []


def test_a_tampered_archive_is_refused_and_nothing_is_kept(county, folders):
    archive = county.publish("0.1.1")
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same length: only the hash can tell
    archive.write_bytes(bytes(data))
    with pytest.raises(UpdateRefused) as refused:
        _download(county, folders)
    assert refused.value.code == "archive_tampered"
    assert "discarded" in refused.value.en
    assert tree(folders.versions) == [] and tree(folders.downloads) == []


def test_expired_metadata_is_refused_and_nothing_changes(county, folders):
    county.publish("0.1.1", expiry={"root": 730, "targets": 365, "snapshot": 60, "timestamp": -1})
    with pytest.raises(UpdateRefused) as refused:
        _download(county, folders)
    assert refused.value.code == "metadata_expired"
    assert tree(folders.versions) == []
    assert not (folders.metadata / "timestamp.json").exists()  # the stale one is not kept


def test_rolled_back_metadata_is_refused(county, folders, tmp_path: Path):
    county.publish("0.1.1")
    before = tmp_path / "metadata-0.1.1"
    shutil.copytree(county.repo / "metadata", before)
    county.publish("0.1.2")
    assert _download(county, folders, installed="0.1.1").ready == "0.1.2"
    trusted = tree(folders.metadata)
    timestamp = (folders.metadata / "timestamp.json").read_bytes()
    # A stolen or badly restored hub serves the older, validly signed repository again.
    shutil.rmtree(county.repo / "metadata")
    shutil.copytree(before, county.repo / "metadata")
    with pytest.raises(UpdateRefused) as refused:
        _download(county, folders, installed="0.1.1")
    assert refused.value.code == "metadata_rollback"
    assert tree(folders.metadata) == trusted
    assert (folders.metadata / "timestamp.json").read_bytes() == timestamp


def test_a_version_older_than_the_installed_one_is_refused(county, folders):
    county.publish("0.1.1")
    with pytest.raises(UpdateRefused) as refused:
        _download(county, folders, installed="0.2.0")
    assert refused.value.code == "older_version"
    assert "older than the installed 0.2.0" in refused.value.en
    assert tree(folders.versions) == []


def test_metadata_signed_by_other_keys_is_refused(county, folders, tmp_path: Path):
    from county_hub.releases import init_update_keys

    # A station built with another county's root trusts none of this county's signatures.
    other_root = init_update_keys(tmp_path / "other" / "repo", tmp_path / "other" / "keys")
    county.publish("0.1.1")
    with pytest.raises(UpdateRefused) as refused:
        download_update(folders, county.repo_url, installed="0.1.0", shipped_root=other_root)
    assert refused.value.code in ("metadata_unsigned", "metadata_refused")
    assert tree(folders.versions) == []


def test_a_download_cut_half_way_keeps_nothing_and_the_next_try_succeeds(county, folders):
    county.publish("0.1.1")
    with FaultProxy(county.hub.port) as proxy:
        proxy.plan("GET", "/updates/targets/", "cut_response")
        with pytest.raises(UpdateRefused) as refused:
            _download(county, folders, url=proxy.url + "/updates/")
        assert refused.value.code == "download_failed"
        assert "retried at the next sync" in refused.value.en
        assert tree(folders.versions) == [] and tree(folders.downloads) == []
        assert _download(county, folders, url=proxy.url + "/updates/").ready == "0.1.1"


def test_a_build_without_update_root_says_it_cannot_update(county, folders):
    with pytest.raises(UpdateRefused) as refused:
        download_update(folders, county.repo_url, installed="0.1.0", shipped_root=None)
    assert refused.value.code == "no_update_root"


def test_an_unreachable_hub_is_retried_later(county, folders):
    county.hub.stop()
    with pytest.raises(UpdateRefused) as refused:
        _download(county, folders)
    assert refused.value.code == "unreachable"
