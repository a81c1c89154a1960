"""The frozen station folder (`make dist`) starts and works: every command and the GUI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.packaging.conftest import folder_mb, run_frozen

pytestmark = pytest.mark.slow

HUB_ONLY = ("fastapi", "uvicorn", "starlette", "psycopg", "sqlalchemy", "pydantic", "jinja2")


def test_the_folder_fits_the_budget_and_carries_nothing_of_the_hub(frozen_bundle: Path):
    size = folder_mb(frozen_bundle)
    print(f"\nfrozen folder: {size:.1f} MB")
    assert size <= 130, f"{size:.1f} MB"
    inside = {p.name.lower() for p in (frozen_bundle / "_internal").iterdir()}
    assert not [name for name in inside if name.startswith(HUB_ONLY)]
    assert not [name for name in inside if "tkinter" in name or name.startswith("tcl")]
    qt_libs = {p.name for p in (frozen_bundle / "_internal/PySide6/Qt/lib").iterdir()}
    assert not [lib for lib in qt_libs if "Quick" in lib or "Qml" in lib or "Network" in lib]
    assert (frozen_bundle / "_internal/resources/VERSION").read_text().strip() == "0.1.0"


def test_the_frozen_commands_run(frozen_bundle: Path, tmp_path: Path):
    station, sync = frozen_bundle / "station", frozen_bundle / "station-sync"
    data = tmp_path / "data"
    help_text = run_frozen(sync, "--help")
    assert help_text.returncode == 0 and "sync" in help_text.stdout
    init = run_frozen(station, "--data-dir", str(data), "init", "--demo")
    assert init.returncode == 0 and "demo station ready" in init.stdout, init.stderr
    sim = run_frozen(
        station, "--data-dir", str(data), "simulate", "--days", "2", "--start", "2026-03-02"
    )
    assert sim.returncode == 0 and sim.stdout.startswith("simulated 2 days"), sim.stderr
    report = run_frozen(
        station, "--data-dir", str(data), "report", "--json", "--date", "2026-03-02"
    )
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["sales_count"] > 0
    png = tmp_path / "test-page.png"
    paper = run_frozen(station, "--data-dir", str(data), "print", "--test-page", "--png", str(png))
    assert paper.returncode == 0 and png.read_bytes().startswith(b"\x89PNG"), paper.stderr


def test_the_frozen_counter_app_reaches_its_sign_in_screen(frozen_bundle: Path, tmp_path: Path):
    data = tmp_path / "data"
    assert (
        run_frozen(frozen_bundle / "station", "--data-dir", str(data), "init", "--demo").returncode
        == 0
    )
    gui = run_frozen(frozen_bundle / "station", "--data-dir", str(data), STATION_SMOKE_EXIT="1")
    assert gui.returncode == 0, gui.stderr
    assert "smoke: sign-in screen shown, version 0.1.0" in gui.stdout
