"""The update repository the hub serves to stations: TUF metadata and archives (tufup).

The repository is a folder of static files (`metadata/`, `targets/`) served under
`/updates/`. Releases are added and signed by a county operator with the key folder,
which is kept offline (a USB stick in a drawer) and never inside the served folder: a
stolen hub can serve old or broken files, which stations refuse, but it cannot sign.
"""

from __future__ import annotations

import os
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.staticfiles import StaticFiles

from village_protocol.release import RELEASE_APP_NAME, UPDATES_PATH

UPDATES_DIR_ENV = "COUNTY_HUB_UPDATES_DIR"  # the served repository folder
KEYS_DIR_ENV = "COUNTY_HUB_UPDATE_KEYS"  # the offline key folder (publishing only)

# Days each signed role stays valid. The timestamp and snapshot bound how long a stolen
# hub could keep stations on an old release: re-sign them within that time
# (`refresh-update-metadata`, monthly, with the key folder).
EXPIRY_DAYS = {"root": 730, "targets": 365, "snapshot": 60, "timestamp": 60}
ROLES = ("root", "targets", "snapshot", "timestamp")


class ReleaseRefused(Exception):
    """A release or key command could not be done; nothing was published."""


@dataclass(frozen=True)
class Published:
    """A release added to the repository."""

    version: str
    archive: Path
    size_bytes: int


def updates_dir_from_env() -> Path | None:
    """The repository folder the hub serves, from $COUNTY_HUB_UPDATES_DIR (None: none)."""
    value = os.environ.get(UPDATES_DIR_ENV, "").strip()
    return Path(value) if value else None


def mount_update_repository(app: Starlette, folder: Path | None = None) -> None:
    """Serve the repository in `folder` (default $COUNTY_HUB_UPDATES_DIR) at /updates/."""
    folder = folder if folder is not None else updates_dir_from_env()
    if folder is None:
        return
    # check_dir=False: the hub starts before the county's first `init-update-keys`.
    app.mount(
        UPDATES_PATH.rstrip("/"),
        StaticFiles(directory=str(folder), check_dir=False),
        name="updates",
    )


def _repository(repo_dir: Path, keys_dir: Path, expiry: dict[str, int] | None = None) -> Any:
    from tufup.repo import Repository

    class _FolderRepository(Repository):  # type: ignore[misc]
        """tufup keeps its settings in the current folder; ours are all passed in."""

        @classmethod
        def load_config(cls) -> dict[str, object]:
            return {}

        def save_config(self) -> None:
            pass

    return _FolderRepository(
        app_name=RELEASE_APP_NAME,
        repo_dir=repo_dir,
        keys_dir=keys_dir,
        expiration_days=dict(expiry or EXPIRY_DAYS),
    )


def _check_apart(repo_dir: Path, keys_dir: Path) -> None:
    repo, keys = repo_dir.resolve(), keys_dir.resolve()
    if keys == repo or repo in keys.parents:
        raise ReleaseRefused(
            f"the key folder {keys_dir} is inside the served repository {repo_dir}: "
            "keep the keys offline, in a folder of their own"
        )


def init_update_keys(repo_dir: Path, keys_dir: Path) -> Path:
    """Make the signing keys (one per role) and the repository's first metadata.

    Returns the root metadata file to build into the station app (STATION_UPDATE_ROOT).
    """
    _check_apart(repo_dir, keys_dir)
    if (repo_dir / "metadata" / "root.json").exists():
        raise ReleaseRefused(
            f"{repo_dir} already holds an update repository; its keys stay as they are"
        )
    repository = _repository(repo_dir, keys_dir)
    repository.initialize()
    return repo_dir / "metadata" / "root.json"


def bundle_version(bundle: Path) -> str:
    """The version a built station folder reports (its resources/VERSION)."""
    for candidate in (
        bundle / "_internal" / "resources" / "VERSION",
        bundle / "resources" / "VERSION",
    ):
        if candidate.is_file():
            return candidate.read_text("utf-8").strip()
    raise ReleaseRefused(f"{bundle} is not a station build: no resources/VERSION in it")


def _check_keys(repository: Any, keys_dir: Path) -> None:
    """The key folder must hold the private keys whose public halves root.json names."""
    from securesystemslib.interface import import_ed25519_publickey_from_file

    roles = repository.roles.root.signed.roles
    for role in ROLES:
        public, private = keys_dir / f"{role}.pub", keys_dir / role
        if not (public.is_file() and private.is_file()):
            raise ReleaseRefused(
                f"the key folder {keys_dir} has no {role} key (see init-update-keys)"
            )
        keyid = import_ed25519_publickey_from_file(str(public))["keyid"]
        if keyid not in roles[role].keyids:
            raise ReleaseRefused(
                f"the {role} key in {keys_dir} is not one this repository's root.json trusts"
            )


def _open_for_signing(repo_dir: Path, keys_dir: Path, expiry: dict[str, int] | None) -> Any:
    _check_apart(repo_dir, keys_dir)
    if not (repo_dir / "metadata" / "root.json").is_file():
        raise ReleaseRefused(f"no update repository in {repo_dir}: run init-update-keys first")
    repository = _repository(repo_dir, keys_dir, expiry)
    repository._load_keys_and_roles(create_keys=False)
    _check_keys(repository, keys_dir)
    return repository


def publish_release(
    bundle: Path,
    repo_dir: Path,
    keys_dir: Path,
    *,
    version: str | None = None,
    expiry: dict[str, int] | None = None,
) -> Published:
    """Add the station build in `bundle` as a signed release; stations see it at their next sync.

    Raises:
        ReleaseRefused: not a build, not newer than the latest release, keys missing or
            not the repository's own. Nothing is changed then.
    """
    from packaging.version import InvalidVersion, Version

    if not (bundle / "station").is_file() and not (bundle / "station.exe").is_file():
        raise ReleaseRefused(f"{bundle} is not a station build: no station program in it")
    version = version or bundle_version(bundle)
    try:
        Version(version)
    except InvalidVersion:
        raise ReleaseRefused(f"{version!r} is not a version number") from None
    repository = _open_for_signing(repo_dir, keys_dir, expiry)
    latest = repository.roles.get_latest_archive()
    if latest is not None and not latest.version < Version(version):
        raise ReleaseRefused(
            f"version {version} is not newer than the latest release {latest.version}"
        )
    archive = repo_dir / "targets" / f"{RELEASE_APP_NAME}-{version}.tar.gz"
    archive.unlink(missing_ok=True)  # a leftover of a publish that stopped before signing
    # Archives are whole: a binary patch of a 60 MB gzip saves little and takes minutes.
    repository.add_bundle(new_bundle_dir=bundle, new_version=version, skip_patch=True)
    repository.publish_changes(private_key_dirs=[keys_dir])
    with tarfile.open(archive):  # written whole by tufup; fail loudly if not
        pass
    return Published(version, archive, archive.stat().st_size)


def refresh_update_metadata(
    repo_dir: Path, keys_dir: Path, *, expiry: dict[str, int] | None = None
) -> None:
    """Re-sign the timestamp and snapshot with fresh expiry dates (before they expire)."""
    repository = _open_for_signing(repo_dir, keys_dir, expiry)
    for role in ("snapshot", "timestamp"):
        repository.refresh_expiration_date(role)
    repository.publish_changes(private_key_dirs=[keys_dir])
