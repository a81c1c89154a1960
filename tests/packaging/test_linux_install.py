"""The Linux tarball installs into a prefix, runs from there, and uninstalls cleanly."""

from __future__ import annotations

import configparser
import subprocess
from pathlib import Path

import pytest

from tests.packaging.conftest import ROOT, frozen_env, run_frozen

pytestmark = pytest.mark.slow


def _sh(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = frozen_env(HOME=str(home), XDG_DATA_HOME=str(home / ".local/share"))
    env.pop("XDG_CONFIG_HOME", None)
    env["XDG_RUNTIME_DIR"] = str(home / "no-systemd")  # no user session: no systemctl calls
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_the_tarball_installs_runs_and_uninstalls_keeping_the_data(
    frozen_bundle: Path, tmp_path: Path
):
    home, prefix = tmp_path / "home", tmp_path / "prefix"
    home.mkdir()
    made = _sh(
        str(ROOT / "packaging/linux/make-tarball.sh"), str(frozen_bundle), str(tmp_path), home=home
    )
    assert made.returncode == 0, made.stderr
    tarball = Path(made.stdout.strip())
    assert tarball.name.startswith("village-station-0.1.0-linux-")
    subprocess.run(["tar", "-xzf", str(tarball), "-C", str(tmp_path)], check=True)
    unpacked = tmp_path / "village-station-0.1.0"

    installed = _sh(str(unpacked / "install.sh"), "--prefix", str(prefix), home=home)
    assert installed.returncode == 0, installed.stderr
    app = prefix / "lib/village-station"
    desktop = (home / ".local/share/applications/village-station.desktop").read_text()
    assert f"Exec={prefix}/bin/station\n" in desktop
    service = configparser.ConfigParser(interpolation=None)
    service.read(home / ".config/systemd/user/station-sync.service")
    assert service["Service"]["ExecStart"] == f"{app}/station-sync sync"
    assert (home / ".config/systemd/user/station-sync.timer").is_file()

    # The smoke steps against the installed copy, through the commands on PATH.
    data = home / ".local/share/VillageStation"
    station = prefix / "bin/station"
    init = run_frozen(station, "init", "--demo", HOME=str(home))
    assert init.returncode == 0 and str(data) in init.stdout, init.stderr
    assert (
        run_frozen(prefix / "bin/station-sync", "sync", "--status", HOME=str(home)).returncode == 0
    )
    gui = run_frozen(station, STATION_SMOKE_EXIT="1", HOME=str(home))
    assert "smoke: sign-in screen shown" in gui.stdout, gui.stderr

    removed = _sh(str(app / "uninstall.sh"), home=home)
    assert removed.returncode == 0, removed.stderr
    assert not app.exists() and not (prefix / "bin/station").exists()
    assert not (home / ".local/share/applications/village-station.desktop").exists()
    assert not (home / ".config/systemd/user/station-sync.timer").exists()
    assert (data / "station.db").is_file()  # the station's data stays
