"""The frozen build, made once per source state and shared by every packaging test.

`make dist`'s PyInstaller command builds dist/village-station; a hash of what goes into
it (station code, protocol, resources, spec, pyproject) is kept in build/, so a second
run with the same sources (the next CI step, a developer re-running one test) reuses the
folder instead of spending another four minutes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist" / "village-station"
STAMP = ROOT / "build" / "pyinstaller" / "source-hash"
INPUTS = ("main.py", "pyproject.toml", "packaging", "station_app", "village_protocol", "resources")


PYINSTALLER = (sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN")
SPEC = "packaging/station.spec"


def source_hash() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        path = ROOT / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            if "__pycache__" in file.parts:
                continue
            digest.update(str(file.relative_to(ROOT)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def frozen_env(**extra: str) -> dict[str, str]:
    """The environment of a frozen program: headless, no inherited station or hand-off."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "STATION_DATA_DIR", "STATION_LAUNCHED_VERSION", "PYTHONPATH")
    }
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def run_frozen(program: Path, *args: str, timeout: float = 120, **env: str):
    return subprocess.run(
        [str(program), *args],
        env=frozen_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="session")
def frozen_bundle() -> Path:
    wanted = source_hash()
    if (DIST / "station").is_file() and STAMP.is_file() and STAMP.read_text() == wanted:
        return DIST
    env = {k: v for k, v in os.environ.items() if k != "STATION_UPDATE_ROOT"}
    started = time.monotonic()
    result = subprocess.run(
        [*PYINSTALLER, "--distpath", "dist", "--workpath", "build/pyinstaller", SPEC],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    STAMP.parent.mkdir(parents=True, exist_ok=True)
    STAMP.write_text(wanted)
    print(f"\nfrozen build: {time.monotonic() - started:.0f} s", file=sys.stderr)
    return DIST


def copy_bundle(bundle: Path, to: Path, version: str | None = None) -> Path:
    """A copy of the build; with `version`, one that reports that version instead."""
    shutil.copytree(bundle, to, symlinks=True)
    if version:
        (to / "_internal" / "resources" / "VERSION").write_text(version + "\n")
    return to


def folder_mb(folder: Path) -> float:
    return (
        sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
    )
