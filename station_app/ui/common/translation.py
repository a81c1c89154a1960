"""Loading the UI translation that matches the station's language setting, and marking texts.

A text shown later (a column title, a key's name) is marked where it is written with
`QT_TRANSLATE_NOOP` and translated where it is shown with `QCoreApplication.translate`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from station_app.paths import resource_path

SOURCE_LANGUAGE = "en"

# Every translator install_translators put in, so a language switch (or a test) can take
# them out again: Qt offers no way to list the translators an application holds.
_INSTALLED: list[QTranslator] = []


def QT_TRANSLATE_NOOP(context: str, source_text: str) -> str:  # noqa: N802 - lupdate's name
    """Mark `source_text` for lupdate in `context` and return it untranslated.

    PySide6's own mark is typed `object -> object`; this one keeps the text a `str`.
    lupdate finds marks by this name (and reads `context` from the source), so it must
    stay spelled as Qt spells it.
    """
    return source_text


def ui_language() -> str:
    """The language the installed translation shows ("zh_CN"), or "en" with none installed.

    Names core keeps per language (`core.statuses.status_name`) follow the screen's
    translation through this, so a row never mixes a Chinese state with English words.
    """
    # The Chinese translation gives this source text its own language code as translation.
    return QCoreApplication.translate("Language", "en")


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
    paths = (
        [station_translation_file(SOURCE_LANGUAGE)]
        if language.startswith(SOURCE_LANGUAGE)
        else [f"{qt_folder}/qtbase_{language}.qm", station_translation_file(language)]
    )
    installed: list[QTranslator] = []
    for path in paths:
        translator = QTranslator(app)
        if translator.load(path):
            app.installTranslator(translator)
            installed.append(translator)
            _INSTALLED.append(translator)
        else:
            translator.deleteLater()
    return installed


def remove_translators() -> None:
    """Take out every translator install_translators installed: texts show in English."""
    while _INSTALLED:
        QCoreApplication.removeTranslator(_INSTALLED.pop())
