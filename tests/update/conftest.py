"""A county's update repository (keys made by the hub's own code) served by a real hub."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from county_hub.releases import UPDATES_DIR_ENV, init_update_keys, publish_release
from station_app.update.fetch import repository_url
from station_app.update.folders import UpdateFolders
from tests.sync.real_hub import RealHub


@dataclass
class County:
    repo: Path
    keys: Path
    root: Path  # the root.json a build ships
    hub: RealHub
    work: Path

    @property
    def repo_url(self) -> str:
        return repository_url(self.hub.url)

    def publish(self, version: str, **kwargs: object) -> Path:
        bundle = fake_bundle(self.work / f"bundle-{version}", version)
        return publish_release(bundle, self.repo, self.keys, **kwargs).archive  # type: ignore[arg-type]


def fake_bundle(folder: Path, version: str, program: str = "") -> Path:
    """A stand-in for a built station folder: `station` (a Python script) and its VERSION.

    `program` is the script's body; by default it prints its version and exits 0.
    """
    (folder / "_internal" / "resources").mkdir(parents=True)
    (folder / "_internal" / "resources" / "VERSION").write_text(version + "\n")
    station = folder / "station"
    body = program or f"print('station {version}')\n"
    station.write_text(f"#!{sys.executable}\n{body}")
    station.chmod(0o755)
    return folder


@pytest.fixture
def county(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[County]:
    repo, keys = tmp_path / "county" / "repository", tmp_path / "usb-stick" / "keys"
    root = init_update_keys(repo, keys)
    monkeypatch.setenv(UPDATES_DIR_ENV, str(repo))
    hub = RealHub(tmp_path).start()
    try:
        yield County(repo, keys, root, hub, tmp_path)
    finally:
        hub.stop()
        monkeypatch.delenv(UPDATES_DIR_ENV)


@pytest.fixture
def folders(tmp_path: Path) -> UpdateFolders:
    """The update folders of a station data folder."""
    return UpdateFolders.of(tmp_path / "station-data")


def tree(folder: Path) -> list[str]:
    """Every file under `folder`, relative, sorted (what `nothing changed` compares)."""
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
