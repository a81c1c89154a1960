"""The headless parts never load Qt; the CLI runs without a display."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60, check=False)


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
    result = subprocess.run([sys.executable, "main.py", "report", "--help"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, check=False,
                            env={k: v for k, v in os.environ.items() if k != "DISPLAY"})
    assert result.returncode == 0
    assert "--json" in result.stdout
