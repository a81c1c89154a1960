"""Which copy of the app runs: the installed one, or a newer one an update unpacked.

Every frozen build starts here (`cli.main`), so the copy the installer put in place is
also the launcher. It reads `updates/state.json` of the station's data folder and:

- a version on trial (unpacked between shifts, never started here) is started as a
  child when the counter app (no command) is opened; it confirms itself once its
  sign-in screen is shown (`confirm_version`). If it exits or hangs before that, it is
  marked failed and the previous version starts instead, in the same click;
- else a confirmed newer version takes over (exec on POSIX, a child on Windows);
- else, or when the installed copy is newer (the installer upgraded it), this copy runs.

Commands (the nightly `sync`, `init`…) never try a trial: they run the active version.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from station_app.paths import data_dir
from station_app.update.folders import UpdateFolders, program_file
from station_app.update.state import LaunchState, mark_failed, newer, read_state

LAUNCHED_ENV = "STATION_LAUNCHED_VERSION"  # set for the chosen copy: it runs, no hand-off
TRIAL_TIMEOUT_ENV = "STATION_TRIAL_TIMEOUT_S"
TRIAL_TIMEOUT_S = 180.0  # an old PC starting a fresh copy from a slow disk


@dataclass(frozen=True)
class Choice:
    """The copy to start instead of this one."""

    version: str
    program: Path
    trial: bool


def choose_version(
    state: LaunchState, installed: str, folders: UpdateFolders, program: str, *, gui: bool
) -> Choice | None:
    """The newer copy to run, or None for the installed one (this process)."""

    def usable(version: str | None) -> bool:
        return (
            version is not None
            and newer(version, installed)
            and version not in state.failed
            and folders.is_unpacked(version)
            and program_file(folders.version_dir(version), program).is_file()
        )

    trial = state.trial
    if gui and trial and usable(trial) and not (state.active and newer(state.active, trial)):
        return Choice(trial, program_file(folders.version_dir(trial), program), True)
    if usable(state.active):
        version = str(state.active)
        return Choice(version, program_file(folders.version_dir(version), program), False)
    return None


def _split(argv: Sequence[str]) -> tuple[str | None, bool]:
    """The `--data-dir` given, and whether the counter app (no command) is being opened."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data-dir")
    known, rest = parser.parse_known_args(list(argv))
    return known.data_dir, not rest


def trial_timeout_s() -> float:
    """How long a version on trial may take to show its sign-in screen."""
    try:
        return float(os.environ.get(TRIAL_TIMEOUT_ENV, "")) or TRIAL_TIMEOUT_S
    except ValueError:
        return TRIAL_TIMEOUT_S


def run_trial(
    choice: Choice, argv: Sequence[str], folders: UpdateFolders, timeout_s: float
) -> int | None:
    """Start the version on trial; its exit code, or None when it failed (marked failed)."""
    env = {**os.environ, LAUNCHED_ENV: choice.version}
    child = subprocess.Popen([str(choice.program), *argv], env=env)
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            code: int | None = child.wait(timeout=0.25)
        except subprocess.TimeoutExpired:
            code = None
        if read_state(folders).trial != choice.version:
            # Confirmed: it reached its sign-in screen. It is the counter app now.
            return child.wait() if code is None else code
        if code is not None:
            reason = f"{choice.version} exited with code {code} before its sign-in screen"
            break
        if time.monotonic() > deadline:
            child.kill()
            child.wait()
            reason = f"{choice.version} showed no sign-in screen within {timeout_s:.0f} s"
            break
    mark_failed(folders, choice.version, reason)
    print(f"update: {reason}; starting the previous version", file=sys.stderr)
    return None


def _hand_off(choice: Choice, argv: Sequence[str]) -> int:
    env = {**os.environ, LAUNCHED_ENV: choice.version}
    if os.name == "posix":
        os.execve(str(choice.program), [str(choice.program), *argv], env)
    # Windows has no exec: the child's exit code is this process's (Task Scheduler reads it).
    return subprocess.call([str(choice.program), *argv], env=env)


def launch(argv: Sequence[str], installed: str, program: str) -> int | None:
    """Run the newest good copy of the app; its exit code, or None: this copy is the one."""
    if os.environ.get(LAUNCHED_ENV):
        return None
    data_dir_arg, gui = _split(argv)
    folders = UpdateFolders.of(data_dir(data_dir_arg))
    if not folders.state_file.exists():
        return None  # never updated: the installed copy, without reading anything else
    while True:
        choice = choose_version(read_state(folders), installed, folders, program, gui=gui)
        if choice is None:
            return None
        if not choice.trial:
            return _hand_off(choice, argv)
        code = run_trial(choice, argv, folders, trial_timeout_s())
        if code is not None:
            return code
        # The trial is marked failed: choose again (the previous version, or this one).


def launch_if_frozen(argv: Sequence[str]) -> int | None:
    """`launch` in a PyInstaller build; from a source checkout the source always runs."""
    if not getattr(sys, "frozen", False):
        return None
    from station_app import __version__

    return launch(argv, __version__, Path(sys.executable).stem)
