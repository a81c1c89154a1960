"""The NSIS installer script compiles (Debian's makensis), over a stand-in bundle.

The Windows bundle itself is built on Windows (packaging/windows/build.ps1); here only
the installer script is checked to compile and to name what it must.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.packaging.conftest import ROOT

NSI = ROOT / "packaging/windows/station.nsi"


def test_the_installer_script_compiles_over_a_stand_in_bundle(tmp_path: Path):
    if shutil.which("makensis") is None:
        if os.environ.get("CI"):
            pytest.fail("makensis missing: .ci/run installs Debian's nsis")
        pytest.skip("makensis not installed (apt-get install nsis)")
    bundle = tmp_path / "village-station"
    (bundle / "_internal/resources").mkdir(parents=True)
    for program in ("station.exe", "station-sync.exe"):
        (bundle / program).write_bytes(b"MZ stand-in")
    setup = tmp_path / "village-station-0.1.0-setup.exe"
    result = subprocess.run(
        [
            "makensis",
            "-V2",
            "-DVERSION=0.1.0",
            f"-DSOURCE={bundle}",
            f"-DOUTFILE={setup}",
            str(NSI),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert setup.read_bytes()[:2] == b"MZ" and setup.stat().st_size > 50_000


def test_the_installer_keeps_the_data_and_registers_the_nightly_task():
    script = NSI.read_text("utf-8")
    uninstall = script.split('Section "Uninstall"')[1]
    assert "LOCALAPPDATA" not in uninstall.replace("%LOCALAPPDATA%\\VillageStation", "")
    assert 'RMDir /r "$INSTDIR"' not in script  # only the program's own files go
    assert 'schtasks /Create /TN "${TASK}" /XML' in script
    assert 'schtasks /Delete /TN "${TASK}" /F' in uninstall
    assert (
        "$SMPROGRAMS" in script and "$DESKTOP" in script and "RequestExecutionLevel admin" in script
    )
