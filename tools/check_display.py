"""Before opening a real window: say what is missing instead of letting Qt abort."""

from __future__ import annotations

import ctypes.util
import os
import sys

# Qt's xcb platform plugin needs these; Debian's minimal images lack them.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-image": "libxcb-image0",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-shape": "libxcb-shape0",
    "xcb-xinerama": "libxcb-xinerama0",
    "xcb-xkb": "libxcb-xkb1",
    "xcb-randr": "libxcb-randr0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}


def main() -> int:
    """Exit 1 with advice when a Linux desktop lacks what Qt needs; 0 otherwise."""
    if not sys.platform.startswith("linux"):
        return 0
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "wayland", "vnc")):
        return 0
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        print(
            "No display: run on a desktop, under `xvfb-run make run`, "
            "or set QT_QPA_PLATFORM=offscreen.",
            file=sys.stderr,
        )
        return 1
    missing = [pkg for lib, pkg in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]
    if missing:
        print(
            "Qt needs these system packages for a window; install them with:\n"
            f"  sudo apt-get install {' '.join(missing)}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
