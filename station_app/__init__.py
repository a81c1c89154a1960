"""Counter app for village e-commerce service stations (村级服务站)."""

import sys

__version__ = "0.1.0"


def _bundled_version(source: str) -> str:
    """A frozen build reports the version written into it (resources/VERSION).

    The update system installs and publishes by that file, so one build can be released
    as a new version without being rebuilt (packaging/station.spec writes it).
    """
    from station_app.paths import resource_path

    try:
        return resource_path("VERSION").read_text("utf-8").strip() or source
    except OSError:
        return source


if getattr(sys, "frozen", False):
    __version__ = _bundled_version(__version__)
