"""Checking the county hub's update repository and downloading a new version (tufup).

TUF does the checking: every metadata file must be signed by the keys named in the root
metadata the app shipped with, must not be expired, and must not be older than what this
station already saw (a replayed old repository); each archive must match the length and
hashes the signed metadata gives. An archive is downloaded to a temporary file and kept
only once it matches; it is then unpacked beside the data (folders.py) and marked
complete. Nothing of the running copy is touched: installing is a separate step
(install.py), and the switch happens at the next start (launcher.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from station_app.update.errors import UpdateRefused
from station_app.update.folders import READY_MARKER, UpdateFolders
from station_app.update.state import newer, read_state
from village_protocol.release import RELEASE_APP_NAME, UPDATES_PATH

Progress = Callable[[int, int], None]  # bytes downloaded, bytes expected


@dataclass(frozen=True)
class UpdateCheck:
    """What the repository offers. `offered`: its newest version (None: none at all)."""

    installed: str
    offered: str | None
    size_bytes: int = 0
    ready: str | None = None  # unpacked here and complete (after a download)

    @property
    def available(self) -> bool:
        """True when the offered version is newer than the installed one."""
        return newer(self.offered, self.installed)


def repository_url(hub_url: str) -> str:
    """The update repository the hub at `hub_url` serves."""
    return hub_url.rstrip("/") + UPDATES_PATH


def _refused(code: str, zh: str, en: str) -> UpdateRefused:
    return UpdateRefused(zh, en, code=code)


def _trust_root(folders: UpdateFolders, shipped_root: Path | None) -> None:
    """Start the chain of trust from the root metadata inside the app, once."""
    if (folders.metadata / "root.json").is_file():
        return  # already trusted (and maybe rotated since, by TUF itself)
    if shipped_root is None or not shipped_root.is_file():
        raise _refused(
            "no_update_root",
            "此版本没有内置更新根证书，不能自动更新；请联系县级中心",
            "this build carries no update root metadata, so it cannot update itself; "
            "ask the county for a build made with STATION_UPDATE_ROOT",
        )
    folders.metadata.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shipped_root, folders.metadata / "root.json")


def _client(folders: UpdateFolders, repo_url: str, installed: str, ca_bundle: str) -> Any:
    from tufup.client import AuthRequestsFetcher, Client

    class _Fetcher(AuthRequestsFetcher):  # type: ignore[misc]
        """The county's own CA, when its hub certificate needs one."""

        def _get_session(self, url: str) -> Any:
            session = super()._get_session(url=url)
            if ca_bundle:
                session.verify = ca_bundle
            return session

    class _Client(Client):  # type: ignore[misc]
        """Refreshes once, raising its errors (tufup's own check would swallow some)."""

        _refreshed = False

        def refresh(self) -> None:
            if not self._refreshed:
                super().refresh()
                self._refreshed = True

    folders.downloads.mkdir(parents=True, exist_ok=True)
    client = _Client(
        app_name=RELEASE_APP_NAME,
        app_install_dir=folders.versions,
        current_version=installed,
        metadata_dir=folders.metadata,
        metadata_base_url=repo_url + "metadata/",
        target_dir=folders.downloads,
        target_base_url=repo_url + "targets/",
        refresh_required=False,
    )
    client._fetcher = _Fetcher()
    return client


def _refresh(client: Any) -> None:
    from tuf.api import exceptions as tuf

    try:
        client.refresh()
    except tuf.ExpiredMetadataError as error:
        raise _refused(
            "metadata_expired",
            "县级中心的更新信息已过期，未更新；请县级中心重新签名发布",
            f"the hub's update metadata has expired ({error}); nothing changed: the "
            "county must re-sign it (refresh-update-metadata)",
        ) from None
    except tuf.BadVersionNumberError as error:
        raise _refused(
            "metadata_rollback",
            "县级中心的更新信息比本机已见过的旧（可能被回滚或替换），未更新",
            f"the hub's update metadata is older than what this station already saw "
            f"({error}): a rolled-back or replayed repository; nothing changed",
        ) from None
    except tuf.UnsignedMetadataError as error:
        raise _refused(
            "metadata_unsigned",
            "更新信息的签名不对，未更新",
            f"the update metadata is not signed by the county's keys ({error}); nothing changed",
        ) from None
    except (tuf.DownloadError, requests.RequestException) as error:
        # A connection cut mid-file reaches here as requests' own error, not TUF's.
        raise _refused(
            "unreachable",
            "连不上县级中心的更新服务，稍后再试",
            f"the hub's update repository cannot be reached ({error}); will try again later",
        ) from None
    except tuf.RepositoryError as error:
        raise _refused(
            "metadata_refused",
            "更新信息校验未通过，未更新",
            f"the update metadata did not verify ({error}); nothing changed",
        ) from None


def _newest(client: Any) -> tuple[str | None, int]:
    archives = [
        meta
        for meta in client.trusted_target_metas
        if meta.name == RELEASE_APP_NAME and meta.is_archive
    ]
    if not archives:
        return None, 0
    newest = max(archives, key=lambda meta: meta.version)
    info = client.get_targetinfo(newest)
    return str(newest.version), int(info.length) if info else 0


def check_update(
    folders: UpdateFolders,
    repo_url: str,
    *,
    installed: str,
    shipped_root: Path | None,
    ca_bundle: str = "",
) -> UpdateCheck:
    """Refresh the signed metadata and say what is offered; downloads no archive.

    Raises:
        UpdateRefused: unreachable, expired, rolled back or badly signed metadata.
    """
    _trust_root(folders, shipped_root)
    client = _client(folders, repo_url, installed, ca_bundle)
    _refresh(client)
    offered, size = _newest(client)
    return UpdateCheck(installed, offered, size, _ready(folders, offered))


def _ready(folders: UpdateFolders, version: str | None) -> str | None:
    return version if version and folders.is_unpacked(version) else None


def download_update(
    folders: UpdateFolders,
    repo_url: str,
    *,
    installed: str,
    shipped_root: Path | None,
    ca_bundle: str = "",
    progress: Progress | None = None,
) -> UpdateCheck:
    """Check, then download, verify and unpack the newest version, unless already there.

    Returns the check with `ready` set to the unpacked version (None: nothing newer).

    Raises:
        UpdateRefused: as `check_update`; also a tampered archive, a download cut
            half-way (retried at the next sync), an older version than the installed one,
            or one that already failed to start here. Nothing is kept of a refused one.
    """
    _trust_root(folders, shipped_root)
    client = _client(folders, repo_url, installed, ca_bundle)
    _refresh(client)
    offered, size = _newest(client)
    check = UpdateCheck(installed, offered, size, _ready(folders, offered))
    if offered is None or offered == installed:
        return check
    if not check.available:
        raise _refused(
            "older_version",
            f"县级中心提供的版本 {offered} 比本机的 {installed} 旧，不安装",
            f"the hub offers {offered}, older than the installed {installed}: not installed",
        )
    if offered in read_state(folders).failed:
        raise _refused(
            "failed_before",
            f"版本 {offered} 曾在本机启动失败，等待更新的版本",
            f"version {offered} failed to start on this PC before; waiting for a newer one",
        )
    if check.ready:
        return check
    _download_and_unpack(client, folders, offered, progress)
    return UpdateCheck(installed, offered, size, _ready(folders, offered))


def _download_and_unpack(
    client: Any, folders: UpdateFolders, version: str, progress: Progress | None
) -> None:
    from tuf.api import exceptions as tuf

    client.check_for_updates(patch=False)
    unpacking = folders.unpacking_dir(version)
    shutil.rmtree(unpacking, ignore_errors=True)  # left by a power cut mid-unpack
    unpacking.mkdir(parents=True)
    client.extract_dir = unpacking

    def put_in_place(src_dir: Path, dst_dir: Path, **_: object) -> None:
        (Path(src_dir) / READY_MARKER).write_text(version, encoding="utf-8")
        target = folders.version_dir(version)
        shutil.rmtree(target, ignore_errors=True)
        Path(src_dir).replace(target)

    def hook(bytes_downloaded: int, bytes_expected: int) -> None:
        if progress is not None:
            progress(bytes_downloaded, bytes_expected)

    try:
        client.download_and_apply_update(
            skip_confirmation=True, install=put_in_place, progress_hook=hook
        )
    except tuf.LengthOrHashMismatchError as error:
        raise _refused(
            "archive_tampered",
            f"下载的版本 {version} 与签名不符（可能被篡改），已丢弃",
            f"the downloaded {version} does not match its signed hashes ({error}): "
            "discarded, nothing changed",
        ) from None
    except (tuf.DownloadError, requests.RequestException) as error:
        raise _refused(
            "download_failed",
            f"版本 {version} 没有下载完整，下次同步时重试",
            f"the download of {version} broke off ({error}); nothing kept, it is "
            "retried at the next sync",
        ) from None
    finally:
        shutil.rmtree(unpacking, ignore_errors=True)
    if not folders.is_unpacked(version):
        raise _refused(
            "download_failed",
            f"版本 {version} 未能解包，下次同步时重试",
            f"version {version} could not be unpacked; it is retried at the next sync",
        )
