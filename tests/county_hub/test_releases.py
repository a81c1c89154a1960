"""Publishing releases into the hub's update repository, and what is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from county_hub.cli import main
from county_hub.releases import ReleaseRefused, init_update_keys, publish_release
from tests.update.conftest import fake_bundle


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, Path]:
    repo, keys = tmp_path / "repo", tmp_path / "keys"
    init_update_keys(repo, keys)
    return repo, keys


def test_publish_release_signs_a_new_archive_into_the_targets(repo, tmp_path, capsys):
    repo_dir, keys = repo
    bundle = fake_bundle(tmp_path / "b", "0.1.1")
    code = main(["publish-release", str(bundle), "--repo", str(repo_dir), "--keys", str(keys)])
    assert code == 0
    assert "published 0.1.1" in capsys.readouterr().out
    targets = json.loads((repo_dir / "metadata" / "targets.json").read_text())["signed"]
    assert list(targets["targets"]) == ["village-station-0.1.1.tar.gz"]
    assert (repo_dir / "targets" / "village-station-0.1.1.tar.gz").is_file()
    assert not (repo_dir / "keys").exists() and not list(repo_dir.rglob("*.pub"))


def test_a_version_not_newer_than_the_latest_is_refused(repo, tmp_path):
    repo_dir, keys = repo
    publish_release(fake_bundle(tmp_path / "a", "0.1.1"), repo_dir, keys)
    before = (repo_dir / "metadata" / "timestamp.json").read_bytes()
    with pytest.raises(ReleaseRefused, match=r"not newer than the latest release 0\.1\.1"):
        publish_release(fake_bundle(tmp_path / "b", "0.1.0"), repo_dir, keys)
    assert (repo_dir / "metadata" / "timestamp.json").read_bytes() == before


def test_keys_of_another_repository_are_refused(repo, tmp_path):
    repo_dir, _ = repo
    init_update_keys(tmp_path / "other-repo", tmp_path / "other-keys")
    with pytest.raises(ReleaseRefused, match=r"not one this repository's root\.json trusts"):
        publish_release(fake_bundle(tmp_path / "b", "0.1.1"), repo_dir, tmp_path / "other-keys")


def test_keys_inside_the_served_folder_are_refused(tmp_path):
    with pytest.raises(ReleaseRefused, match="keep the keys offline"):
        init_update_keys(tmp_path / "repo", tmp_path / "repo" / "keys")


def test_a_folder_that_is_no_station_build_is_refused(repo, tmp_path, capsys):
    repo_dir, keys = repo
    (tmp_path / "empty").mkdir()
    code = main(
        ["publish-release", str(tmp_path / "empty"), "--repo", str(repo_dir), "--keys", str(keys)]
    )
    assert code == 1
    assert "is not a station build" in capsys.readouterr().err
