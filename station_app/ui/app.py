"""Starting the GUI: the application object, translation, style, the main window."""

from __future__ import annotations

import gc
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from station_app.core.audit import verify_audit
from station_app.core.clock import Clock
from station_app.core.operators import is_initialised
from station_app.core.settings import StationSettings, load_settings
from station_app.paths import APP_NAME
from station_app.storage import StorageFailure, open_database
from station_app.storage.backups import BackupInfo, daily_backup_if_due, restore_backup
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.station_lock import StationBusy, StationHold, hold_station
from station_app.sync.sync_status import sync_status
from station_app.ui.common.appearance import apply_appearance
from station_app.ui.common.messages import STORAGE_ERRORS, storage_failure
from station_app.ui.common.translation import install_translators
from station_app.ui.main_window import MainWindow

# A new PC's wizard and a linked station's sync worker load only where they are used.
if TYPE_CHECKING:
    from station_app.ui.sync.sync_worker import SyncWorker


def open_counter(app: QApplication, db: Database) -> MainWindow:
    """Translate and style `app` per the station's settings and build its main window.

    Chinese is the default UI language; the window opens on the sign-in screen.
    """
    settings = load_settings(db)
    install_translators(app, settings.language)
    apply_appearance(app)
    daily_backup_at_start(db, settings)
    return _counter_window(db)


def daily_backup_at_start(db: Database, settings: StationSettings) -> BackupInfo | None:
    """The day's backup at the first start of the day; a failure never keeps the counter shut.

    What went wrong goes to stderr; the status bar then shows the last backup's age as a
    warning, and a missing second folder as one too.
    """
    path = Path(db.execute("PRAGMA database_list").fetchone()[2])
    try:
        info = daily_backup_if_due(
            path,
            path.parent,
            Clock(tz_offset_min=settings.tz_offset_min),
            second_dir=settings.backup_dir or None,
        )
    except (sqlite3.Error, OSError) as error:
        print(f"warning: daily backup not made: {error}", file=sys.stderr)
        return None
    for warning in info.warnings if info else ():
        print(f"warning: {warning.zh} / {warning.en}", file=sys.stderr)
    return info


_HOLD: list[StationHold] = []  # the station this process holds while its GUI runs


def station_hold() -> StationHold | None:
    """The counter app's hold on its station (for a restore from the GUI), if running."""
    return _HOLD[0] if _HOLD else None


def _release_station() -> None:
    while _HOLD:
        _HOLD.pop().release()


_COUNTER: list[tuple[MainWindow, Database]] = []  # the counter window in use and its database


def current_counter() -> MainWindow | None:
    """The counter window in use: after a restore from the GUI, the fresh one."""
    return _COUNTER[0][0] if _COUNTER else None


def _counter_window(db: Database) -> MainWindow:
    settings = load_settings(db)
    window = MainWindow(
        db, settings, Clock(tz_offset_min=settings.tz_offset_min), sync_worker=_start_sync(db)
    )
    # Later, not inside the PIN dialog's slot: the restore closes the window under it.
    window.restore_requested.connect(
        lambda file: QTimer.singleShot(0, lambda: restore_from_counter(window, db, Path(file)))
    )
    _COUNTER[:] = [(window, db)]
    return window


def restore_from_counter(window: MainWindow, db: Database, file: Path) -> MainWindow | None:
    """Restore the backup `file` over the station `window` has open; return the new window.

    A restore replaces the file under `db`, so the window (its timers, the sync worker)
    and the connection are closed first, then the station is reopened and a fresh
    counter opens on the sign-in screen: nobody stays signed in across the swap. A
    refused restore changed nothing; the fresh counter then shows why in a box. None:
    the station could not be reopened (the app then ends, as at a refused start).
    """
    path = Path(db.execute("PRAGMA database_list").fetchone()[2])
    language = load_settings(db).language
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    quits = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)  # between the two windows none is shown
    try:
        window.close()
        db.close()
        refusal: StorageFailure | None = None
        try:
            result = restore_backup(
                path.parent, file, audit_check=verify_audit, held=station_hold()
            )
        except STORAGE_ERRORS as error:
            refusal = error if isinstance(error, StorageFailure) else storage_failure(error)
        try:
            reopened = open_station(path)
        except STORAGE_ERRORS as error:
            _COUNTER.clear()
            refuse_start(storage_failure(error, path))
            app.quit()
            return None
        fresh = _counter_window(reopened)
        fresh.showMaximized()
    finally:
        app.setQuitOnLastWindowClosed(quits)
    if refusal is not None:
        print(f"error: {refusal.zh} / {refusal.en}", file=sys.stderr)
        title = QCoreApplication.translate("CounterRestore", "Backup not restored")
        text = (
            refusal.text(language)
            + "\n\n"
            + QCoreApplication.translate(
                "CounterRestore",
                "Nothing was changed: the counter goes on with its data as before.",
            )
        )
        icon = QMessageBox.Icon.Warning
    else:
        title = QCoreApplication.translate("CounterRestore", "Backup restored")
        text = QCoreApplication.translate(
            "CounterRestore",
            "The station's data is now that of the backup {0}. The database it replaced is "
            "kept as {1}. Sign in to go on.",
        ).format(result.restored_from, result.replaced or "-")
        icon = QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, fresh)
    box.setObjectName("restoreBox")
    box.open()
    return fresh


class FirstRun(QObject):
    """The set-up wizard of a station with no operators, then the counter on sign-in.

    The counter is built only after the wizard: its title, receipts and hub link come
    from what the wizard stored.

    Signals:
        counter_opened(object): the MainWindow, shown on the sign-in screen.
    """

    counter_opened = Signal(object)

    def __init__(self, app: QApplication, db: Database) -> None:
        from station_app.ui.setup.setup_controller import SetupController
        from station_app.ui.setup.setup_view import SetupView

        super().__init__()
        settings = load_settings(db)
        install_translators(app, settings.language)
        apply_appearance(app)
        self._db = db
        self.view = SetupView()
        self.controller = SetupController(
            self.view, db, Clock(tz_offset_min=settings.tz_offset_min), self
        )
        self.controller.finished.connect(self._open_counter)
        self.counter: MainWindow | None = None

    @Slot()
    def _open_counter(self) -> None:
        self.counter = _counter_window(self._db)
        self.counter.showMaximized()
        self.view.close()
        self.counter_opened.emit(self.counter)


def _start_sync(db: Database) -> SyncWorker | None:
    """The background sync of a station linked to a hub; None for one that is not."""
    if not sync_status(db).linked:
        return None
    from station_app.ui.sync.sync_worker import SyncWorker

    # The worker's syncs open their own connections to the same file.
    worker = SyncWorker(Path(db.execute("PRAGMA database_list").fetchone()[2]))
    worker.start()
    return worker


def run_gui(db_path: Path) -> int:
    """Open the counter app on the station database at `db_path`; return the exit code.

    A station with no operators (a new PC: no file yet, or `init` without an owner)
    opens the set-up wizard first; a missing file is created for it. The UI language
    comes from the station's settings (Chinese by default). A broken, empty or foreign
    file is refused untouched with one `error:` line on stderr and a message box.
    """
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    try:
        # Held for the whole run: a restore (or a second counter app) is refused meanwhile.
        _HOLD.append(hold_station(db_path.parent).acquire())
    except StationBusy as busy:
        return refuse_start(busy)
    try:
        db = open_station(db_path)
    except STORAGE_ERRORS as error:
        _release_station()
        return refuse_start(storage_failure(error, db_path))
    try:
        language = load_settings(db).language
        with storage_errors_shown(language):
            if is_initialised(db):
                window = open_counter(app, db)
                window.showMaximized()
                freeze_start_objects()
                QTimer.singleShot(0, lambda: sign_in_screen_reached(window, db_path))
                return app.exec()
            first_run = FirstRun(app, db)
            first_run.view.showMaximized()
            return app.exec()
    finally:
        db.close()
        for _window, opened in _COUNTER:  # the station reopened by a restore, if one ran
            opened.close()
        _COUNTER.clear()
        _release_station()


def freeze_start_objects() -> None:
    """Leave what the start built out of the garbage collector's later passes.

    The imported modules, the window and its pages live as long as the process; on the
    demo station a full collection walked their ~37,000 objects on the UI thread, 7-9 ms
    that now and then landed on a scan. Frozen, the collector skips them. Only run_gui
    freezes: the tests open many counters in one process and must get theirs back.
    """
    gc.freeze()


SMOKE_EXIT_ENV = "STATION_SMOKE_EXIT"  # 1: quit (exit 0) once the sign-in screen is shown


def sign_in_screen_reached(window: MainWindow, db_path: Path) -> None:
    """The counter shows its sign-in screen: a version on trial has passed (update.state).

    With $STATION_SMOKE_EXIT set (the packaging smoke test), say so on stdout and quit.
    """
    from station_app import __version__
    from station_app.update.folders import UpdateFolders
    from station_app.update.install import confirm_running_version

    if window.stack.currentWidget() is not window.signin_view or not window.isVisible():
        return
    try:
        confirm_running_version(UpdateFolders.of(db_path.parent), __version__)
    except OSError as error:  # a full disk must not keep the counter shut
        print(f"warning: update state not written: {error}", file=sys.stderr)
    if os.environ.get(SMOKE_EXIT_ENV):
        print(f"smoke: sign-in screen shown, version {__version__}", flush=True)
        QTimer.singleShot(0, QApplication.quit)


def open_station(db_path: Path) -> Database:
    """The station at `db_path`, created when there is no file yet (a new PC: the wizard).

    Never writes into an existing file that is not a station database.

    Raises:
        StorageFailure: empty, damaged, foreign or too new.
        sqlite3.Error, OSError: the folder is read-only, the disk is full…
    """
    if not db_path.exists():
        db_path.parent.mkdir(parents=True, exist_ok=True)
    return open_database(db_path)


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
