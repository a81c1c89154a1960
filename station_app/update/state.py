"""The launcher's state: which version runs, which is on trial, which failed here.

`updates/state.json`, rewritten whole (temp file + rename) under a file lock, so the
launcher, the app on trial and a nightly sync never see half of it. A missing or
unreadable file means: run the installed copy, which is always a safe choice.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace

from packaging.version import InvalidVersion, Version

from station_app.storage.os_lock import OsLock
from station_app.update.folders import UpdateFolders


@dataclass(frozen=True)
class LaunchState:
    """What the launcher runs.

    `active`: a confirmed version under versions/ (None: the installed copy).
    `previous`: the version before it, kept on disk to fall back to (None: installed).
    `trial`: unpacked between shifts, not yet seen reaching the sign-in screen.
    `failed`: versions that did not reach the sign-in screen here; never tried again.
    """

    active: str | None = None
    previous: str | None = None
    trial: str | None = None
    failed: tuple[str, ...] = field(default_factory=tuple)
    last_failure: str = ""


def newer(version: str | None, than: str) -> bool:
    """True when `version` is a valid version above `than`."""
    if not version:
        return False
    try:
        return Version(version) > Version(than)
    except InvalidVersion:
        return False


def read_state(folders: UpdateFolders) -> LaunchState:
    """The stored state; an absent or damaged file reads as the empty state."""
    try:
        data = json.loads(folders.state_file.read_text("utf-8"))
        return LaunchState(
            active=data.get("active") or None,
            previous=data.get("previous") or None,
            trial=data.get("trial") or None,
            failed=tuple(str(v) for v in data.get("failed", ())),
            last_failure=str(data.get("last_failure", "")),
        )
    except (OSError, ValueError, AttributeError, TypeError):
        return LaunchState()


def _write(folders: UpdateFolders, state: LaunchState) -> None:
    temp = folders.state_file.with_name(f".state.{os.getpid()}.json")
    temp.write_text(json.dumps(asdict(state), indent=2), encoding="utf-8")
    os.replace(temp, folders.state_file)


@contextmanager
def _locked(folders: UpdateFolders) -> Iterator[None]:
    folders.root.mkdir(parents=True, exist_ok=True)
    with OsLock(folders.lock_file, wait_s=30):
        yield


def change_state(
    folders: UpdateFolders, change: Callable[[LaunchState], LaunchState]
) -> LaunchState:
    """Read, change and store the state under the lock; returns the stored state."""
    with _locked(folders):
        state = change(read_state(folders))
        _write(folders, state)
        return state


def stage_trial(folders: UpdateFolders, version: str) -> LaunchState:
    """Make `version` (unpacked) the one the next start of the counter app tries."""
    return change_state(folders, lambda s: replace(s, trial=version))


def confirm_version(folders: UpdateFolders, version: str) -> bool:
    """`version` reached the sign-in screen: if it was on trial, it becomes the active one.

    The one it replaces becomes `previous` and stays on disk; older ones are removed.
    Returns True when a trial was promoted.
    """
    if read_state(folders).trial != version:
        return False  # the common case, without taking the lock

    def promote(state: LaunchState) -> LaunchState:
        if state.trial != version:
            return state
        return replace(state, previous=state.active, active=version, trial=None)

    promoted = change_state(folders, promote).active == version
    if promoted:
        from station_app.update.cleanup import remove_unused

        remove_unused(folders)
    return promoted


def mark_failed(folders: UpdateFolders, version: str, reason: str) -> LaunchState:
    """`version` did not reach the sign-in screen: never start it again here."""

    def fail(state: LaunchState) -> LaunchState:
        failed = state.failed if version in state.failed else (*state.failed, version)
        trial = None if state.trial == version else state.trial
        active = state.previous if state.active == version else state.active
        return replace(state, trial=trial, active=active, failed=failed, last_failure=reason)

    return change_state(folders, fail)
