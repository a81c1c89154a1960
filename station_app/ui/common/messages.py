"""How the UI tells the keeper what happened: a coloured message line."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QWidget

from station_app.core.errors import StationError
from station_app.storage import failures
from station_app.storage.failures import StorageFailure
from station_app.ui.common.style_property import set_style_property

# What a screen may meet when the disk is full, the folder read-only, the file damaged.
STORAGE_ERRORS = (sqlite3.Error, OSError, StorageFailure)


class Tone(Enum):
    """How a message should look; the style sheet colours labels by this property."""

    INFO = "info"
    SUCCESS = "success"
    ERROR = "error"


def message_line(parent: QWidget, name: str) -> QLabel:
    """An empty, word-wrapping message line for `show_message`, named `name`.

    Its tone is set before its first polish, so the first plain message needs no restyle.
    """
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setProperty("tone", Tone.INFO.value)
    return label


def show_message(label: QLabel, text: str, tone: Tone = Tone.INFO) -> None:
    """Put `text` on a message line, coloured by `tone`; errors also beep."""
    label.setText(text)
    set_style_property(label, "tone", tone.value)
    if tone is Tone.ERROR:
        QApplication.beep()


class StorageRefused(StationError):
    """A storage error worded for the keeper; the action was rolled back, nothing saved."""


def storage_failure(error: BaseException, path: Path | None = None) -> StorageFailure:
    """The keeper's wording of a storage error (any of STORAGE_ERRORS) on file `path`."""
    return failures.describe(error, path) or failures.disk_error(path)


@contextmanager
def storage_errors_refused() -> Iterator[None]:
    """Inside the block a storage error becomes a StationError, shown like any refusal.

    Screens already show a StationError on their message line and keep what the
    keeper typed (the cart, the form); the failed action's transaction is rolled back.
    """
    try:
        yield
    except STORAGE_ERRORS as error:
        failure = storage_failure(error)
        raise StorageRefused(failure.zh, failure.en) from error
