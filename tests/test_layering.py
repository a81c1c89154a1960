"""The declared layers hold; the headless parts never load Qt; the CLI runs without a display."""

import os
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_core_storage_sync_printing_and_cli_never_import_qt():
    result = _run(
        "import sys, pkgutil, importlib\n"
        "import station_app.core, station_app.storage, station_app.sync, station_app.printing\n"
        "import station_app.cli\n"
        "for pkg in (station_app.core, station_app.storage, station_app.sync,"
        " station_app.printing):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_cli_help_runs_without_a_display():
    result = subprocess.run(
        [sys.executable, "main.py", "report", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={k: v for k, v in os.environ.items() if k != "DISPLAY"},
    )
    assert result.returncode == 0
    assert "--json" in result.stdout


def test_the_import_contracts_in_pyproject_hold():
    # The same check as `make test`, so running pytest alone also fails on a broken layer.
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_protocol_package_imports_only_the_standard_library():
    # Station and hub both install it: a third-party import would tie their versions.
    graph = grimp.build_graph("village_protocol", include_external_packages=True, cache_dir=None)
    outside = {module for module in graph.modules if not module.startswith("village_protocol")}
    assert outside, "the graph lists external imports"
    assert sorted(m for m in outside if m.split(".")[0] not in sys.stdlib_module_names) == []
