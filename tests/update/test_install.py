"""Installing between shifts, and the status bar's line about updates."""

from __future__ import annotations

import pytest

from station_app.update.errors import UpdateRefused
from station_app.update.folders import READY_MARKER, UpdateFolders
from station_app.update.install import (
    confirm_running_version,
    install_between_shifts,
    install_update,
    update_notice,
)
from station_app.update.state import mark_failed, read_state


def _downloaded(folders: UpdateFolders, version: str) -> None:
    folders.version_dir(version).mkdir(parents=True)
    (folders.version_dir(version) / READY_MARKER).write_text(version)


def test_a_download_waits_while_a_shift_is_open_and_installs_after_the_close(folders):
    _downloaded(folders, "0.1.1")
    assert install_between_shifts(folders, "0.1.0", shift_open=True) is None
    assert read_state(folders).trial is None
    assert update_notice(folders, "0.1.0").zh == "更新 0.1.1 已下载，结班后自动安装"
    assert install_between_shifts(folders, "0.1.0", shift_open=False) == "0.1.1"
    notice = update_notice(folders, "0.1.0")
    assert (notice.state, notice.text("en")) == (
        "installed",
        "Update 0.1.1 installed: restart the app to use it",
    )


def test_the_newest_download_is_installed(folders):
    for version in ("0.1.1", "0.1.10", "0.1.9"):
        _downloaded(folders, version)
    assert install_update(folders, "0.1.0") == "0.1.10"


def test_installing_with_nothing_downloaded_is_refused(folders):
    with pytest.raises(UpdateRefused) as refused:
        install_update(folders, "0.1.0")
    assert refused.value.code == "no_update_ready"


def test_after_sign_in_the_notice_is_gone_and_a_failure_is_told(folders):
    _downloaded(folders, "0.1.1")
    install_update(folders, "0.1.0")
    assert confirm_running_version(folders, "0.1.1")
    assert update_notice(folders, "0.1.1") is None
    _downloaded(folders, "0.1.2")
    install_update(folders, "0.1.1")
    mark_failed(folders, "0.1.2", "0.1.2 exited with code 1 before its sign-in screen")
    notice = update_notice(folders, "0.1.1")
    assert notice.state == "failed"
    assert notice.zh == "更新 0.1.2 未能启动，已退回 0.1.1；请联系县级中心"
