"""Installing a downloaded version between shifts, and what the keeper is told about it.

Installing only marks the unpacked version as the one to try at the next start of the
counter app (state.py): the copy that is running, its sale and its database are not
touched, so installing is safe at any moment; the switch waits for a restart.
"""

from __future__ import annotations

from dataclasses import dataclass

from packaging.version import Version

from station_app.update.errors import UpdateRefused
from station_app.update.folders import UpdateFolders
from station_app.update.state import confirm_version, newer, read_state, stage_trial


@dataclass(frozen=True)
class UpdateNotice:
    """One line for the status bar, in both languages; `state` names the case."""

    state: str  # "downloaded", "installed", "failed"
    version: str
    zh: str
    en: str

    def text(self, language: str = "zh_CN") -> str:
        """The line in `language`."""
        return self.en if language.startswith("en") else self.zh


def ready_version(folders: UpdateFolders, installed: str) -> str | None:
    """The newest unpacked version that is newer than the running one and not yet tried."""
    state = read_state(folders)
    if not folders.versions.is_dir():
        return None
    found = [
        folder.name
        for folder in folders.versions.iterdir()
        if not folder.name.startswith(".")
        and folders.is_unpacked(folder.name)
        and newer(folder.name, installed)
        and folder.name not in state.failed
        and folder.name not in (state.active, state.trial)
    ]
    return max(found, key=Version) if found else None


def install_update(folders: UpdateFolders, installed: str) -> str:
    """Install the downloaded version: it starts (on trial) at the next start of the app.

    Raises:
        UpdateRefused: nothing downloaded to install (`update` downloads it).
    """
    version = ready_version(folders, installed)
    if version is None:
        state = read_state(folders)
        if state.trial:
            return state.trial  # already installed, waiting for the restart
        raise UpdateRefused(
            "没有已下载的更新可安装",
            "no downloaded update to install (run `update` to fetch one)",
            code="no_update_ready",
        )
    stage_trial(folders, version)
    return version


def install_between_shifts(
    folders: UpdateFolders, installed: str, *, shift_open: bool
) -> str | None:
    """The automatic install after a sync: only while no shift is open on this terminal."""
    if shift_open or ready_version(folders, installed) is None:
        return None
    return install_update(folders, installed)


def confirm_running_version(folders: UpdateFolders, running: str) -> bool:
    """The counter app shows its sign-in screen: a version on trial has passed."""
    return confirm_version(folders, running)


def update_notice(folders: UpdateFolders, running: str) -> UpdateNotice | None:
    """What the status bar says about updates, or None when there is nothing to say."""
    state = read_state(folders)
    if state.trial and newer(state.trial, running):
        v = state.trial
        return UpdateNotice(
            "installed",
            v,
            f"更新 {v} 已安装，重新打开软件后生效",
            f"Update {v} installed: restart the app to use it",
        )
    ready = ready_version(folders, running)
    if ready:
        return UpdateNotice(
            "downloaded",
            ready,
            f"更新 {ready} 已下载，结班后自动安装",
            f"Update {ready} downloaded: installs after the shift is closed",
        )
    if state.failed and newer(state.failed[-1], running):
        v = state.failed[-1]
        return UpdateNotice(
            "failed",
            v,
            f"更新 {v} 未能启动，已退回 {running}；请联系县级中心",
            f"Update {v} did not start; back to {running}. Tell the county",
        )
    return None
