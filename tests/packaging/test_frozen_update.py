"""A frozen 0.1.0 station updates itself from a real hub, and survives a broken release.

One PyInstaller build only (the CI budget): 0.1.1 and 0.1.2 are that build with another
resources/VERSION, which is what the app reports (`--version`, the smoke line, the
version it sends the hub) and what the update system goes by. 0.1.2 also lacks its
Python runtime library, so it cannot start at all: a release broken in the worst way.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from county_hub.releases import (
    UPDATES_DIR_ENV,
    init_update_keys,
    publish_release,
    refresh_update_metadata,
)
from station_app.update.folders import UpdateFolders
from station_app.update.state import read_state
from tests.packaging.conftest import copy_bundle, run_frozen
from tests.sync.real_hub import RealHub

pytestmark = pytest.mark.slow


def test_a_frozen_station_updates_from_the_hub_and_rolls_back_a_broken_release(
    frozen_bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    repo, keys = tmp_path / "county/repository", tmp_path / "usb-stick/keys"
    root = init_update_keys(repo, keys)
    monkeypatch.setenv(UPDATES_DIR_ENV, str(repo))
    (tmp_path / "hub").mkdir()
    hub = RealHub(tmp_path / "hub").start()
    try:
        # The installed 0.1.0, with the county's root where STATION_UPDATE_ROOT puts it.
        installed = copy_bundle(frozen_bundle, tmp_path / "installed")
        (installed / "_internal/resources/updates").mkdir(exist_ok=True)
        shutil.copyfile(root, installed / "_internal/resources/updates/root.json")
        station = installed / "station"
        data = str(tmp_path / "data")
        folders = UpdateFolders.of(Path(data))
        secret = hub.add_station("HN-UPD-0001")
        init = run_frozen(
            station, "--data-dir", data, "init", "--demo",
            "--station-id", "HN-UPD-0001", "--hub", hub.url, "--secret", secret,
        )  # fmt: skip
        assert init.returncode == 0, init.stderr

        publish_release(copy_bundle(installed, tmp_path / "release-0.1.1", "0.1.1"), repo, keys)
        offered = run_frozen(station, "--data-dir", data, "update", "--check")
        assert "the hub offers 0.1.1" in offered.stdout, offered.stderr
        # The nightly job syncs, then downloads and verifies the new version.
        sync = run_frozen(installed / "station-sync", "--data-dir", data, "sync", timeout=300)
        assert "update: 0.1.1 downloaded" in sync.stdout, sync.stdout + sync.stderr
        applied = run_frozen(station, "--data-dir", data, "update", "--apply")
        assert "0.1.1 installed" in applied.stdout, applied.stderr
        # The keeper opens the counter: 0.1.1 starts on trial and reaches its sign-in screen.
        gui = run_frozen(station, "--data-dir", data, STATION_SMOKE_EXIT="1")
        assert "smoke: sign-in screen shown, version 0.1.1" in gui.stdout, gui.stderr
        assert (read_state(folders).active, read_state(folders).trial) == ("0.1.1", None)
        assert run_frozen(station, "--version").stdout.strip() == "main.py 0.1.0"  # no data dir
        assert (
            run_frozen(station, "--data-dir", data, "--version").stdout.strip() == "main.py 0.1.1"
        )

        broken = copy_bundle(installed, tmp_path / "release-0.1.2", "0.1.2")
        (broken / "_internal/libpython3.11.so.1.0").unlink()
        archive = publish_release(broken, repo, keys).archive
        good = archive.read_bytes()
        tampered = bytearray(good)
        tampered[len(good) // 3] ^= 0x01
        archive.write_bytes(bytes(tampered))
        refused = run_frozen(station, "--data-dir", data, "update", "--apply")
        assert refused.returncode == 1 and "does not match its signed hashes" in refused.stderr
        assert not folders.version_dir("0.1.2").exists()
        archive.write_bytes(good)

        applied = run_frozen(station, "--data-dir", data, "update", "--apply")
        assert "0.1.2 installed" in applied.stdout, applied.stderr
        gui = run_frozen(station, "--data-dir", data, STATION_SMOKE_EXIT="1")
        assert "0.1.2 exited with code" in gui.stderr
        assert "smoke: sign-in screen shown, version 0.1.1" in gui.stdout, gui.stderr
        state = read_state(folders)
        assert (state.active, state.failed) == ("0.1.1", ("0.1.2",))

        # A repository nobody re-signed in time: its timestamp has expired.
        expired = {"root": 730, "targets": 365, "snapshot": 60, "timestamp": -1}
        refresh_update_metadata(repo, keys, expiry=expired)
        stale = run_frozen(station, "--data-dir", data, "update", "--check")
        assert stale.returncode == 1 and "expired" in stale.stderr
    finally:
        hub.stop()
