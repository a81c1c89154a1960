"""Loading the UI translation that matches the station's language setting."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from station_app.paths import resource_path

SOURCE_LANGUAGE = "en"


def station_translation_file(language: str) -> str:
    """Path of the compiled translation (.qm) for `language`, e.g. "zh_CN"."""
    return str(resource_path(f"translations/station_{language}.qm"))


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the station's and Qt's own translations for `language` into `app`.

    English is the source language: its file only gives the singular and plural of
    texts with a count ("1 parcel", "2 parcels"), which Qt cannot guess. Qt's own file
    translates the few built-in texts (context menus of input fields). Translators are
    parented to `app` so they live as long as it does.

    Returns:
        The translators that loaded; none for missing files.
    """
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    paths = [station_translation_file(SOURCE_LANGUAGE)] if language.startswith(
        SOURCE_LANGUAGE) else [f"{qt_folder}/qtbase_{language}.qm",
                               station_translation_file(language)]
    installed: list[QTranslator] = []
    for path in paths:
        translator = QTranslator(app)
        if translator.load(path):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            translator.deleteLater()
    return installed
