"""The one place that knows where data and bundled resources live."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "VillageStation"
DATA_DIR_ENV = "STATION_DATA_DIR"
DATABASE_FILE = "station.db"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the station's data folder: `--data-dir`, else $STATION_DATA_DIR, else per-user."""
    if override:
        return Path(override).expanduser().resolve()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def database_path(folder: Path) -> Path:
    """Return the SQLite file inside a data folder."""
    return folder / DATABASE_FILE


def resource_path(name: str) -> Path:
    """Return a file under `resources/`, from the source tree or a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return root / "resources" / name
