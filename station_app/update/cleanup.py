"""Removing versions and archives nobody will start again, to keep the disk from filling."""

from __future__ import annotations

import shutil

from station_app.update.folders import UpdateFolders
from station_app.update.state import newer, read_state


def remove_unused(folders: UpdateFolders) -> list[str]:
    """Delete versions older than the active one, but for the previous; return their names.

    Archives of the versions kept are deleted too: they are unpacked already.
    """
    state = read_state(folders)
    keep = {v for v in (state.active, state.previous, state.trial) if v}
    removed: list[str] = []
    if folders.versions.is_dir():
        for folder in folders.versions.iterdir():
            waiting = state.active is not None and newer(folder.name, state.active)
            if folder.is_dir() and folder.name not in keep and not waiting:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder.name)
    if folders.downloads.is_dir():
        for archive in folders.downloads.iterdir():
            if archive.is_file() and any(f"-{v}." in archive.name for v in keep):
                archive.unlink(missing_ok=True)
                removed.append(archive.name)
    return removed
