"""The update check that follows a sync: the hub's update repository, in the background.

The nightly job (and the counter's background sync) call it after their sync; a failure
here never changes the sync's outcome or exit code. A new version is downloaded and
verified at once, and installed (to start at the next opening of the app) only while no
shift is open on this terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from station_app import __version__
from station_app.core.errors import StationError
from station_app.core.settings import load_settings
from station_app.core.shifts import open_shift_id
from station_app.paths import resource_path
from station_app.storage import open_database
from station_app.sync.link import load_link
from station_app.update.fetch import Progress, download_update, repository_url
from station_app.update.folders import UpdateFolders
from station_app.update.install import install_between_shifts

SHIPPED_ROOT = "updates/root.json"  # under resources/: the county's root metadata


@dataclass(frozen=True)
class UpdateAfterSync:
    """What the check did: `line` says it in one line for the log."""

    offered: str | None
    ready: str | None
    installed: str | None
    line: str


def updates_configured(data_folder: Path, shipped_root: Path | None = None) -> bool:
    """True when this copy can check for updates: it ships (or already trusts) a root."""
    root = shipped_root if shipped_root is not None else resource_path(SHIPPED_ROOT)
    return root.is_file() or (UpdateFolders.of(data_folder).metadata / "root.json").is_file()


def update_after_sync(
    db_path: Path,
    *,
    running: str = __version__,
    shipped_root: Path | None = None,
    progress: Progress | None = None,
) -> UpdateAfterSync:
    """Check the linked hub for a newer app, download it, install it if no shift is open.

    Raises:
        UpdateRefused: refused metadata or archive, or the repository unreachable.
        NotLinked: the station has no hub.
    """
    db = open_database(db_path, create=False)
    try:
        link = load_link(db)
        settings = load_settings(db)
    finally:
        db.close()
    folders = UpdateFolders.of(db_path.parent)
    root = shipped_root if shipped_root is not None else resource_path(SHIPPED_ROOT)
    check = download_update(
        folders,
        repository_url(link.hub_url),
        installed=running,
        shipped_root=root,
        ca_bundle=link.ca_bundle,
        progress=progress,
    )
    if check.ready is None:
        return UpdateAfterSync(check.offered, None, None, f"update: {running} is up to date")
    db = open_database(db_path, create=False)
    try:
        shift_open = open_shift_id(db, settings.terminal_id) is not None
    finally:
        db.close()
    installed = install_between_shifts(folders, running, shift_open=shift_open)
    if installed:
        line = (
            f"update: {installed} downloaded and installed; it starts when the app is next opened"
        )
    else:
        line = (
            f"update: {check.ready} downloaded and verified; it installs once the shift "
            "is closed (or `main.py update --apply`)"
        )
    return UpdateAfterSync(check.offered, check.ready, installed, line)


def describe_refusal(error: StationError) -> str:
    """The one `warning:` line for a refused or failed update check."""
    return f"update: {error.zh} / {error.en}"


def update_quietly(db_path: Path) -> str:
    """The counter's check after its background sync: one line saying what happened.

    Never raises: an unreachable repository, a refusal or a full disk is said in the
    line and tried again after the next sync. Empty when updates are not set up.
    """
    import sqlite3

    from station_app.storage import StorageFailure
    from station_app.sync.errors import HubError

    if not updates_configured(db_path.parent):
        return ""
    try:
        return update_after_sync(db_path).line
    except StationError as error:
        return describe_refusal(error)
    except (HubError, StorageFailure, sqlite3.Error, OSError) as error:
        return f"update: not checked: {error}"


def install_after_close(data_folder: Path, *, running: str = __version__) -> str | None:
    """After the shift's close: install the downloaded update, if any; the version or None.

    Never raises: a problem leaves the download where it is, for the next close.
    """
    from station_app.update.install import install_update, ready_version

    folders = UpdateFolders.of(data_folder)
    try:
        if ready_version(folders, running) is None:
            return None
        return install_update(folders, running)
    except (StationError, OSError):
        return None
