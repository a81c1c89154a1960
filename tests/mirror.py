"""The rule that `tests/` mirrors the packages, checked by conftest at every run.

`tests/core/test_sales.py` tests `station_app/core/sales.py`; `tests/county_hub/x/test_y.py`
tests `county_hub/x/y.py`. A test file may add an aspect after the module's name
(`test_sync_job_anchor.py` for `sync/sync_job.py`). Tests of a whole flow that belongs
to no one module are listed in SCENARIOS with the reason, so a stray name is a choice
somebody wrote down, never an accident.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OWN_ROOTS = ("county_hub", "village_protocol")  # packages whose tests sit under their own name

SCENARIOS: dict[str, str] = {
    "tests/test_docs.py": "README against every command, key and setting",
    "tests/test_layering.py": "the import contracts over all packages",
    "tests/test_bench_smoke.py": "the benchmark suite at a small size",
    "tests/test_bench_hub_ingest.py": "the hub ingest load bench at a tiny size",
    "tests/test_mirror.py": "this rule itself (tests/mirror.py)",
    "tests/county_hub/test_docs.py": "the hub's statistics against the README",
    "tests/village_protocol/test_docs.py": "docs/sync-protocol.md against the package",
    "tests/storage/test_crash_safety.py": "SIGKILL in the middle of sales, across modules",
    "tests/storage/test_upgrades.py": "databases of earlier schema versions upgraded whole",
    "tests/sync/test_end_to_end.py": "station and real hub reconciled over simulated days",
    "tests/sync/test_faults.py": "injected network faults and kills across station and hub",
    "tests/sync/test_packaging.py": "the nightly job's scheduler files in packaging/",
    "tests/printing/test_escpos_pitfalls.py": "python-escpos behaviours the printing relies on",
    "tests/packaging/test_frozen_bundle.py": "the PyInstaller build (make dist) and its commands",
    "tests/packaging/test_linux_install.py": "the Linux tarball installed into a prefix",
    "tests/packaging/test_windows_installer.py": "the NSIS script compiled over a stand-in",
    "tests/packaging/test_frozen_update.py": "frozen builds updating through the real hub",
}


def source_dir(test_file: Path, root: Path = ROOT) -> Path:
    """The package folder a test file's folder mirrors."""
    parts = test_file.relative_to(root / "tests").parts[:-1]
    if parts and parts[0] in OWN_ROOTS:
        return root.joinpath(*parts)
    return root.joinpath("station_app", *parts)


def mirrors_a_module(test_file: Path, root: Path = ROOT) -> bool:
    """True when some leading words of `test_<words>` name a module or package beside it."""
    folder = source_dir(test_file, root)
    words = test_file.stem.removeprefix("test_").split("_")
    for end in range(len(words), 0, -1):
        name = "_".join(words[:end])
        if (folder / f"{name}.py").is_file() or (folder / name / "__init__.py").is_file():
            return True
    return False


def unmirrored_test_files(root: Path = ROOT) -> list[str]:
    """Test files under `root/tests` that name no module and are not a listed scenario."""
    found = []
    for test_file in sorted((root / "tests").rglob("test_*.py")):
        relative = test_file.relative_to(root).as_posix()
        if relative not in SCENARIOS and not mirrors_a_module(test_file, root):
            found.append(relative)
    return found
