"""Starting the GUI: the application object, translation, style, the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox
from sqlite_utils import Database

from station_app.core.clock import Clock
from station_app.core.settings import load_settings
from station_app.paths import APP_NAME
from station_app.storage import DatabaseTooNew, open_database
from station_app.sync.sync_job import sync_status
from station_app.ui.appearance import apply_appearance
from station_app.ui.main_window import MainWindow
from station_app.ui.sync_worker import SyncWorker
from station_app.ui.translation import install_translators


def open_counter(app: QApplication, db: Database) -> MainWindow:
    """Translate and style `app` per the station's settings and build its main window.

    Chinese is the default UI language; the window opens on the sign-in screen.
    """
    settings = load_settings(db)
    install_translators(app, settings.language)
    apply_appearance(app)
    return MainWindow(db, settings, Clock(tz_offset_min=settings.tz_offset_min),
                      sync_worker=_start_sync(db))


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
    the station's settings (Chinese by default).
    """
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    try:
        db = open_database(db_path)
    except DatabaseTooNew as error:
        # Started from an icon there is no console: the keeper must see why.
        QMessageBox.critical(None, APP_NAME, str(error))
        return 1
    try:
        window = open_counter(app, db)
        window.showMaximized()
        return app.exec()
    finally:
        db.close()
