"""Which copy starts: a version on trial, a confirmed newer one, or the installed one.

The bundles are stand-in scripts, so the fallback is tested without a PyInstaller build
(tests/packaging does it with real builds).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from station_app.update.folders import READY_MARKER, UpdateFolders
from station_app.update.launcher import LAUNCHED_ENV, choose_version, launch, run_trial
from station_app.update.state import LaunchState, read_state, stage_trial
from tests.update.conftest import fake_bundle

ROOT = Path(__file__).resolve().parents[2]


def _install(folders: UpdateFolders, version: str, program: str = "") -> None:
    fake_bundle(folders.version_dir(version), version, program)
    (folders.version_dir(version) / READY_MARKER).write_text(version)


def _confirming(data: Path, exit_code: int = 0) -> str:
    """A stand-in app that confirms itself as the real one does at its sign-in screen."""
    return (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "from pathlib import Path\n"
        "from station_app.update.folders import UpdateFolders\n"
        "from station_app.update.install import confirm_running_version\n"
        "version = (Path(__file__).parent / '_internal/resources/VERSION').read_text().strip()\n"
        f"confirm_running_version(UpdateFolders.of(Path({str(data)!r})), version)\n"
        f"sys.exit({exit_code})\n"
    )


def test_the_gui_tries_a_trial_but_a_command_runs_the_active_version(folders):
    _install(folders, "0.1.1")
    _install(folders, "0.1.2")
    state = LaunchState(active="0.1.1", trial="0.1.2")
    gui = choose_version(state, "0.1.0", folders, "station", gui=True)
    command = choose_version(state, "0.1.0", folders, "station", gui=False)
    assert (gui.version, gui.trial) == ("0.1.2", True)
    assert (command.version, command.trial) == ("0.1.1", False)


def test_an_installed_copy_newer_than_the_updates_runs_itself(folders):
    _install(folders, "0.1.1")
    state = LaunchState(active="0.1.1")
    assert choose_version(state, "0.2.0", folders, "station", gui=True) is None


def test_failed_or_incomplete_versions_are_never_chosen(folders):
    _install(folders, "0.1.1")
    fake_bundle(folders.version_dir("0.1.2"), "0.1.2")  # unpacking never finished
    assert choose_version(LaunchState(trial="0.1.2"), "0.1.0", folders, "station", gui=True) is None
    failed = LaunchState(active="0.1.1", failed=("0.1.1",))
    assert choose_version(failed, "0.1.0", folders, "station", gui=True) is None


def test_a_trial_that_confirms_becomes_active_and_its_exit_code_is_returned(folders):
    data = folders.root.parent
    _install(folders, "0.1.1", _confirming(data, exit_code=7))
    stage_trial(folders, "0.1.1")
    choice = choose_version(read_state(folders), "0.1.0", folders, "station", gui=True)
    assert run_trial(choice, [], folders, timeout_s=30) == 7
    assert read_state(folders).active == "0.1.1"


def test_a_trial_that_exits_before_sign_in_is_rolled_back(folders, monkeypatch):
    data = folders.root.parent
    _install(folders, "0.1.1", "import sys; sys.exit(3)\n")
    stage_trial(folders, "0.1.1")
    monkeypatch.delenv(LAUNCHED_ENV, raising=False)
    # None: nothing took over, so the installed copy (this process) opens the counter.
    assert launch(["--data-dir", str(data)], "0.1.0", "station") is None
    state = read_state(folders)
    assert (state.trial, state.active, state.failed) == (None, None, ("0.1.1",))
    assert "code 3" in state.last_failure


def test_a_trial_that_hangs_is_killed_and_the_previous_version_runs(folders, monkeypatch):
    data = folders.root.parent
    _install(folders, "0.1.1", _confirming(data))
    stage_trial(folders, "0.1.1")
    from station_app.update.state import confirm_version

    assert confirm_version(folders, "0.1.1")
    _install(folders, "0.1.2", "import time; time.sleep(60)\n")
    stage_trial(folders, "0.1.2")
    monkeypatch.delenv(LAUNCHED_ENV, raising=False)
    monkeypatch.setenv("STATION_TRIAL_TIMEOUT_S", "2")
    # The previous version (0.1.1) takes over: on POSIX by exec, so run it in a child.
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from station_app.update.launcher import launch; "
            f"sys.exit(launch(['--data-dir', {str(data)!r}], '0.1.0', 'station') or 99)",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "no sign-in screen within 2 s" in result.stderr
    assert result.returncode == 0  # the stand-in 0.1.1 confirms (no-op now) and exits 0
    state = read_state(folders)
    assert (state.active, state.failed) == ("0.1.1", ("0.1.2",))


def test_the_chosen_copy_does_not_hand_off_again(folders, monkeypatch):
    _install(folders, "0.1.1")
    stage_trial(folders, "0.1.1")
    monkeypatch.setenv(LAUNCHED_ENV, "0.1.1")
    assert launch(["--data-dir", str(folders.root.parent)], "0.1.1", "station") is None
