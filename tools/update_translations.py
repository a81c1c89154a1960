"""Refresh the UI translation: extract strings with lupdate, compile with lrelease.

Run after changing user-visible strings under station_app/ui:

    .venv/bin/python tools/update_translations.py

Then translate the new entries in resources/translations/station_zh_CN.ts (Qt
Linguist: `.venv/bin/pyside6-linguist`), run this again to compile the .qm, and commit
both files.

English is the source language; its file holds only the texts with a count (`%n`),
whose singular and plural English forms Qt takes from a translation: fill in both
`<numerusform>`s of new entries in station_en.ts ("%n parcel", "%n parcels").
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_PACKAGE = ROOT / "station_app" / "ui"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN", "en")
# Languages whose file keeps only the messages with a count: the others read as written.
PLURALS_ONLY = ("en",)


def _tool(name: str) -> str:
    """A PySide6 tool from the running venv, else from PATH."""
    folder = Path(sys.executable).parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 in this venv")
    return found


def ui_sources() -> list[Path]:
    """Every Python file of the UI package, in a stable order."""
    return sorted(UI_PACKAGE.rglob("*.py"))


def keep_plurals_only(ts_text: str) -> str:
    """The .ts text without the messages that have no count, and without emptied contexts."""
    kept = re.sub(r"\n?[ \t]*<message>.*?</message>", "", ts_text, flags=re.DOTALL)
    return re.sub(r"\n?<context>\s*<name>[^<]*</name>\s*</context>", "", kept)


def update(language: str) -> Path:
    """Extract strings into station_<language>.ts (dropping vanished ones) and compile it."""
    ts_file = TRANSLATIONS / f"station_{language}.ts"
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    sources = [str(path.relative_to(ROOT)) for path in ui_sources()]
    # Relative line numbers would point at the messages dropped below.
    locations = "none" if language in PLURALS_ONLY else "relative"
    subprocess.run(
        [
            _tool("pyside6-lupdate"),
            "-no-obsolete",
            "-locations",
            locations,
            "-source-language",
            "en",
            "-target-language",
            language,
            *sources,
            "-ts",
            str(ts_file.relative_to(ROOT)),
        ],
        cwd=ROOT,
        check=True,
    )
    if language in PLURALS_ONLY:
        ts_file.write_text(keep_plurals_only(ts_file.read_text(encoding="utf-8")), encoding="utf-8")
    subprocess.run(
        [
            _tool("pyside6-lrelease"),
            str(ts_file.relative_to(ROOT)),
            "-qm",
            str(ts_file.with_suffix(".qm").relative_to(ROOT)),
        ],
        cwd=ROOT,
        check=True,
    )
    return ts_file


def main() -> int:
    """Update every shipped language."""
    for language in LANGUAGES:
        update(language)
    return 0


if __name__ == "__main__":
    sys.exit(main())
