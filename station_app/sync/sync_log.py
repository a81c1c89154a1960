"""The sync log: `DIR/logs/sync.log`, rotated, and never holding the hub secret."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FOLDER = "logs"
LOG_FILE = "sync.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 5
LOGGER_NAME = "station_app.sync"


class _Redact(logging.Filter):
    """Blanks the secret out of any record, in case an error message ever quotes it."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self._secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        if self._secret and self._secret in record.getMessage():
            record.msg = record.getMessage().replace(self._secret, "********")
            record.args = None
        return True


def log_path(folder: Path) -> Path:
    """Where the sync log of the station in `folder` lives."""
    return folder / LOG_FOLDER / LOG_FILE


def open_sync_log(folder: Path, secret: str = "") -> logging.Handler:
    """Attach a rotating file handler for `folder`'s sync log; returns it for `close_sync_log`.

    Rotation keeps the log small on a village PC: 1 MiB per file, 5 old files.
    """
    path = log_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    handler.addFilter(_Redact(secret))
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    return handler


def close_sync_log(handler: logging.Handler) -> None:
    """Detach and close a handler from `open_sync_log`."""
    logging.getLogger(LOGGER_NAME).removeHandler(handler)
    handler.close()
