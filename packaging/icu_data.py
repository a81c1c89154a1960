"""Trim the ICU data library the PySide6 wheels ship (32 MB) to what a Chinese counter uses.

Qt's core links ICU, whose data library holds every language's locale names,
currencies, units, collation and transliteration, and 200 legacy code pages. The station
shows Chinese and English: this keeps the root, zh*, yue* (zh_Hant refers to it) and en*
locale data, all break iterators, GB18030/GBK and a few Western code pages, and rebuilds
the library (9 MB) with Debian's ICU tools (icu-devtools: icupkg, genccode) and gcc.
Called from station.spec on Linux; the Windows wheels use the system's ICU.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

_KEEP_LOCALE = re.compile(
    r"^(root|zh|zh_.*|yue|yue_.*|en|en_.*|pool|res_index|supplementalData|.*Zone.*|zoneinfo64"
    r"|timezoneTypes|metaZones|windowsZones|likelySubtags|plurals|numberingSystems|keyTypeData"
    r"|dayPeriods|grammaticalFeatures|genderList|icuver|icustd|tzdbNames|units|langInfo"
    r"|pluralRanges|currencyNumericCodes)\.res$"
)
_KEEP_CODE_PAGE = re.compile(
    r"^(gb18030|ibm-1386_.*|ibm-5478_.*|ibm-1383_.*|ibm-1252_.*|windows-1252.*|iso-8859_1.*"
    r"|ibm-5348_.*|ibm-1051_.*|ibm-437_.*|ibm-850_.*)\.cnv$"
)
TOOLS = ("icupkg", "genccode", "gcc", "readelf")


def removed(item: str) -> bool:
    """True for a data item (e.g. `curr/fr.res`) the station does without."""
    parts = item.split("/")
    name = parts[-1]
    if parts[0] == "translit":
        return True
    if name.endswith(".cnv"):
        return not _KEEP_CODE_PAGE.match(name)
    if parts[0] == "brkitr":
        return False
    return name.endswith(".res") and not _KEEP_LOCALE.match(name)


def _data_symbol(library: Path) -> tuple[str, int, int]:
    """The data symbol's name, file offset and size inside the library."""
    symbols = subprocess.run(
        ["readelf", "--dyn-syms", "-W", str(library)], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(
        r"([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\S+\s+(\d+)\s+(icudt\d+_dat)", symbols
    )
    if not found:
        raise RuntimeError(f"no ICU data symbol in {library}")
    address, size, section, name = found.groups()
    sections = subprocess.run(
        ["readelf", "-SW", str(library)], capture_output=True, text=True, check=True
    ).stdout
    row = re.search(rf"\[\s*{section}\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", sections)
    if not row:
        raise RuntimeError(f"no section {section} in {library}")
    section_address, section_offset = (int(v, 16) for v in row.groups())
    return name, int(address, 16) - section_address + section_offset, int(size, 0)


def trim_icu_data(library: Path) -> int:
    """Replace `library` (libicudata.so.NN) by a trimmed one; returns the bytes saved.

    Raises:
        RuntimeError: a tool is missing or failed; `library` is then unchanged.
    """
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        raise RuntimeError(f"missing {', '.join(missing)} (apt-get install icu-devtools gcc)")
    symbol, offset, size = _data_symbol(library)
    entry = symbol.removesuffix("_dat")
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        whole, trimmed = work / f"{entry}l.dat", work / "out" / f"{entry}l.dat"
        trimmed.parent.mkdir()
        with library.open("rb") as source:
            source.seek(offset)
            whole.write_bytes(source.read(size))
        items = subprocess.run(
            ["icupkg", "-l", str(whole)], capture_output=True, text=True, check=True
        ).stdout.split()
        (work / "remove.txt").write_text("\n".join(i for i in items if removed(i)) + "\n")
        subprocess.run(
            ["icupkg", "-r", str(work / "remove.txt"), str(whole), str(trimmed)],
            capture_output=True,
            check=True,
        )
        subprocess.run(
            ["genccode", "-a", "gcc", "-e", entry, "-d", str(work / "out"), str(trimmed)],
            capture_output=True,
            check=True,
        )
        rebuilt = work / library.name
        subprocess.run(
            ["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-o", str(rebuilt)]
            + [str(p) for p in (work / "out").glob("*.S")],
            capture_output=True,
            check=True,
        )
        saved = library.stat().st_size - rebuilt.stat().st_size
        shutil.copyfile(rebuilt, library)
    return saved
