"""Where a station keeps its updates, inside its data folder (always writable by the keeper).

A per-machine install (Program Files, /opt) cannot be written by the keeper's account, so
new versions live beside the data instead: `updates/versions/<version>/` next to the
trusted metadata, the downloaded archives and the launcher's state.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

READY_MARKER = ".unpacked"  # written last into a version folder: it is complete


@dataclass(frozen=True)
class UpdateFolders:
    """The `updates/` folder of one station data folder."""

    root: Path

    @classmethod
    def of(cls, data_folder: Path) -> UpdateFolders:
        """The update folders of the station whose data is in `data_folder`."""
        return cls(Path(data_folder) / "updates")

    @property
    def metadata(self) -> Path:
        """Trusted TUF metadata (root.json first copied from the app's own resources)."""
        return self.root / "metadata"

    @property
    def downloads(self) -> Path:
        """Verified archives as downloaded."""
        return self.root / "downloads"

    @property
    def versions(self) -> Path:
        """Unpacked versions, one folder each."""
        return self.root / "versions"

    @property
    def state_file(self) -> Path:
        """Which version runs (see state.py)."""
        return self.root / "state.json"

    @property
    def lock_file(self) -> Path:
        """Held while the state is read and rewritten."""
        return self.root / "state.lock"

    def version_dir(self, version: str) -> Path:
        """The folder of an unpacked version."""
        return self.versions / version

    def unpacking_dir(self, version: str) -> Path:
        """Where a version is unpacked before it is put in place (one rename)."""
        return self.versions / f".{version}.unpacking"

    def is_unpacked(self, version: str) -> bool:
        """True when `version` is complete on disk."""
        return (self.version_dir(version) / READY_MARKER).is_file()


def program_file(folder: Path, name: str) -> Path:
    """`station` or `station-sync` inside a bundle folder (with `.exe` on Windows)."""
    suffix = ".exe" if sys.platform == "win32" and not name.endswith(".exe") else ""
    return folder / f"{name}{suffix}"
