"""The launcher's state file: promotion at the sign-in screen, failures, damaged files."""

from __future__ import annotations

from station_app.update.folders import READY_MARKER, UpdateFolders
from station_app.update.state import (
    LaunchState,
    confirm_version,
    mark_failed,
    read_state,
    stage_trial,
)


def _unpacked(folders: UpdateFolders, version: str) -> None:
    folders.version_dir(version).mkdir(parents=True)
    (folders.version_dir(version) / READY_MARKER).write_text(version)


def test_a_trial_that_reaches_sign_in_becomes_active_and_keeps_the_one_before(folders):
    for version in ("0.1.0", "0.1.1", "0.1.2", "0.1.3"):
        _unpacked(folders, version)
    stage_trial(folders, "0.1.0")
    assert confirm_version(folders, "0.1.0")
    stage_trial(folders, "0.1.1")
    assert confirm_version(folders, "0.1.1")
    stage_trial(folders, "0.1.2")
    assert confirm_version(folders, "0.1.2")
    state = read_state(folders)
    assert (state.active, state.previous, state.trial) == ("0.1.2", "0.1.1", None)
    # Versions older than the previous one are removed; a newer download waits.
    assert sorted(p.name for p in folders.versions.iterdir()) == ["0.1.1", "0.1.2", "0.1.3"]


def test_confirming_a_version_not_on_trial_changes_nothing(folders):
    stage_trial(folders, "0.1.1")
    assert not confirm_version(folders, "0.1.0")
    assert read_state(folders) == LaunchState(trial="0.1.1")


def test_a_failed_trial_is_never_tried_again_and_says_why(folders):
    stage_trial(folders, "0.1.1")
    state = mark_failed(folders, "0.1.1", "0.1.1 exited with code 1 before its sign-in screen")
    assert state.trial is None and state.failed == ("0.1.1",)
    assert "exited with code 1" in read_state(folders).last_failure


def test_a_damaged_state_file_means_the_installed_copy_runs(folders):
    folders.root.mkdir(parents=True)
    folders.state_file.write_text("{not json")
    assert read_state(folders) == LaunchState()
