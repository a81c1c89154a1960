"""Starting the GUI: the application object, translation, style, the main window."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox
from sqlite_utils import Database

from station_app.core.clock import Clock
from station_app.core.demo import is_initialised
from station_app.core.settings import load_settings
from station_app.paths import APP_NAME
from station_app.storage import StorageFailure, open_database
from station_app.sync.sync_job import sync_status
from station_app.ui.common.appearance import apply_appearance
from station_app.ui.common.messages import STORAGE_ERRORS, storage_failure
from station_app.ui.common.translation import install_translators
from station_app.ui.main_window import MainWindow
from station_app.ui.sync.sync_worker import SyncWorker


def open_counter(app: QApplication, db: Database) -> MainWindow:
    """Translate and style `app` per the station's settings and build its main window.

    Chinese is the default UI language; the window opens on the sign-in screen.
    """
    settings = load_settings(db)
    install_translators(app, settings.language)
    apply_appearance(app)
    return MainWindow(
        db, settings, Clock(tz_offset_min=settings.tz_offset_min), sync_worker=_start_sync(db)
    )


def _start_sync(db: Database) -> SyncWorker | None:
    """The background sync of a station linked to a hub; None for one that is not."""
    if not sync_status(db).linked:
        return None
    # The worker's syncs open their own connections to the same file.
    worker = SyncWorker(Path(db.execute("PRAGMA database_list").fetchone()[2]))
    worker.start()
    return worker


def run_gui(db_path: Path) -> int:
    """Open the counter app on the station database at `db_path`; return the exit code.

    The database must already be set up (`main.py init`). The UI language comes from
    the station's settings (Chinese by default). A missing, broken or foreign file is
    refused untouched with one `error:` line on stderr and a message box.
    """
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    try:
        db = open_station(db_path)
    except STORAGE_ERRORS as error:
        return refuse_start(storage_failure(error, db_path))
    try:
        language = load_settings(db).language
        with storage_errors_shown(language):
            window = open_counter(app, db)
            window.showMaximized()
            return app.exec()
    finally:
        db.close()


def open_station(db_path: Path) -> Database:
    """The set-up station at `db_path`; never creates or writes into a file that is not one.

    Raises:
        StorageFailure: missing, not set up, empty, damaged, foreign or too new.
        sqlite3.Error, OSError: the folder is read-only, the disk is full…
    """
    db = open_database(db_path, create=False)
    try:
        ready = is_initialised(db)
    except BaseException:
        db.close()
        raise
    if not ready:
        db.close()
        raise StorageFailure(
            f"站点 {db_path} 尚未设置；请先运行 `main.py --data-dir DIR init --demo`"
            "（或 `make run`）",
            f"station at {db_path} is not set up; run `main.py --data-dir DIR init --demo` "
            "(or `make run`) first",
        )
    return db


def refuse_start(failure: StorageFailure) -> int:
    """Say why the counter cannot open: one line on stderr and a message box; exit code 1.

    Started from an icon there is no console: the keeper must see why. The station's
    language is unknown here, so the box says it in Chinese and English.
    """
    print(f"error: {failure.zh} / {failure.en}", file=sys.stderr)
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, f"{failure.zh}\n\n{failure.en}")
    box.setObjectName("startFailureBox")
    box.exec()
    return 1


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


@contextmanager
def storage_errors_shown(language: str) -> Iterator[None]:
    """While the counter runs, a storage error no screen caught becomes a message box.

    Qt hands an exception escaping a slot to `sys.excepthook`; the action's own
    transaction has rolled back by then, so the keeper is told nothing was saved
    instead of seeing a traceback. Other errors keep the previous hook.
    """
    previous: ExceptHook = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if not isinstance(error, STORAGE_ERRORS):
            previous(kind, error, trace)
            return
        failure = storage_failure(error)
        print(f"error: {failure.zh} / {failure.en}", file=sys.stderr)
        QMessageBox.critical(QApplication.activeWindow(), APP_NAME, failure.text(language))

    sys.excepthook = hook
    try:
        yield
    finally:
        sys.excepthook = previous
