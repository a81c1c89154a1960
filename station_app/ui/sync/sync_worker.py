"""The counter app's background sync: periodic, on demand, and when the hub comes back.

The sync itself is core code (`station_app.sync.sync_job.run_sync`), run off the UI
thread by `run_in_background` with its own SQLite connection. This object only
decides *when* to sync, remembers how the last try went, and turns typed errors into
words for the keeper. It never touches a widget.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from station_app.sync.errors import (
    HubAuthRefused,
    HubBadResponse,
    HubRejected,
    HubUnreachable,
    NotLinked,
    SyncBusy,
    SyncStopped,
    TlsFailure,
)
from station_app.sync.http_policy import RetryPolicy, Timeouts
from station_app.ui.common.background import run_in_background
from station_app.ui.sync.sync_models import not_linked_text

if TYPE_CHECKING:
    from station_app.sync.sync_job import SyncOutcome

SYNC_PERIOD_MS = 5 * 60_000
FIRST_SYNC_DELAY_MS = 3_000
AFTER_SALE_DELAY_MS = 30_000
PROBE_FIRST_MS = 15_000
PROBE_MAX_MS = 5 * 60_000
JITTER = 0.5
# The GUI gives up sooner than the nightly job: an open app should not wait minutes on
# a dead link, and closing the app waits for the request in flight.
GUI_TIMEOUTS = Timeouts(connect_s=5.0, read_s=15.0)
GUI_RETRY = RetryPolicy(retries=1, base_delay_s=1.0, jitter=0.5)

Runner = Callable[[Path, threading.Event], "SyncOutcome"]
Prober = Callable[[Path], object]


def _default_runner(db_path: Path, stop: threading.Event) -> SyncOutcome:
    # Imported at the first sync, on the worker thread: the sync and its HTTP stack
    # are a fifth of the app's imports, and the checkout need not wait for them.
    from station_app.sync.sync_job import run_sync
    from station_app.sync.update_check import update_quietly

    outcome = run_sync(db_path, trigger="gui", timeouts=GUI_TIMEOUTS, retry=GUI_RETRY, stop=stop)
    # Like the nightly job: a newer version is fetched in the background after a sync;
    # the status bar reads the result from the update folder (MainWindow).
    if not stop.is_set():
        update_quietly(db_path)
    return outcome


def _default_prober(db_path: Path) -> object:
    from station_app.sync.sync_job import probe_hub

    return probe_hub(db_path)


@dataclass(frozen=True)
class SyncState:
    """What the status bar and the sync page show about the link."""

    online: bool | None  # None: not known yet, or not linked
    running: bool
    linked: bool
    message: str  # the last problem in plain words; empty when fine


class SyncWorker(QObject):
    """Decides when to sync and runs each sync in the background.

    Online, it syncs every few minutes and soon after a sale. When a sync finds the
    hub unreachable it goes offline and probes `GET /v1/ping` with a growing,
    jittered pause; the first answer brings it online and syncs at once.

    Signals:
        state_changed(object): a new SyncState.
        sync_finished(object): the SyncOutcome, or the exception a sync ended with.
    """

    state_changed = Signal(object)
    sync_finished = Signal(object)

    def __init__(
        self,
        db_path: Path,
        parent: QObject | None = None,
        *,
        runner: Runner = _default_runner,
        prober: Prober = _default_prober,
        period_ms: int = SYNC_PERIOD_MS,
        probe_first_ms: int = PROBE_FIRST_MS,
        probe_max_ms: int = PROBE_MAX_MS,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(parent)
        self._db_path = db_path
        self._runner = runner
        self._prober = prober
        # Offline, the hub is probed with the pauses of a request's retries (doubling,
        # jittered), capped, for as long as it takes.
        self._probe_backoff = RetryPolicy(
            base_delay_s=probe_first_ms / 1000, jitter=JITTER, max_delay_s=probe_max_ms / 1000
        )
        self._probes_failed = 0
        self._rng = rng or random.Random()
        self._stop = threading.Event()
        self._running = False
        self._again = False  # "sync now" pressed while a sync was running
        self.state = SyncState(online=None, running=False, linked=True, message="")
        self.last_outcome: SyncOutcome | None = None

        self._period = QTimer(self)
        self._period.setInterval(period_ms)
        self._period.timeout.connect(self.sync_now)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.timeout.connect(self.sync_now)
        self._probe = QTimer(self)
        self._probe.setSingleShot(True)
        self._probe.timeout.connect(self._probe_hub)

    # -- control ----------------------------------------------------------------------------
    def start(self, first_delay_ms: int = FIRST_SYNC_DELAY_MS) -> None:
        """Begin: a first sync shortly, then every period."""
        self._period.start()
        self._soon.start(first_delay_ms)

    def stop(self) -> None:
        """Stop the timers and ask a running sync to end at its next step (app closing)."""
        self._stop.set()
        for timer in (self._period, self._soon, self._probe):
            timer.stop()

    @Slot()
    def sync_now(self) -> None:
        """Sync at once (the keeper's key, a timer, or the hub coming back)."""
        if self._stop.is_set() or not self.state.linked:
            return
        if self._running:
            self._again = True
            return
        self._soon.stop()
        self._running = True
        self._set_state(running=True)
        stop, path, runner = self._stop, self._db_path, self._runner
        run_in_background(lambda: runner(path, stop), self._sync_done, self._sync_failed)

    @Slot()
    def sync_soon(self) -> None:
        """A sale was rung up: send it within a little while, if the hub is reachable."""
        if self.state.online and not self._running and not self._soon.isActive():
            self._soon.start(AFTER_SALE_DELAY_MS)

    # -- results (on the UI thread) ----------------------------------------------------------
    def _sync_done(self, outcome: Any) -> None:
        self._running = False
        if self._stop.is_set():
            return
        self.last_outcome = outcome
        self._probe.stop()
        self._probes_failed = 0
        message = (
            self.tr(
                "%n record(s) were refused by the county hub; see the sync page.",
                "",
                outcome.rejected_total,
            )
            if outcome.rejected_total
            else ""
        )
        self._set_state(online=True, running=False, message=message)
        self.sync_finished.emit(outcome)
        self._maybe_again()

    def _sync_failed(self, error: Exception) -> None:
        self._running = False
        if self._stop.is_set():
            return
        if isinstance(error, NotLinked):
            self._set_state(online=None, running=False, linked=False, message=self.describe(error))
            self.stop()
        elif isinstance(error, HubUnreachable):
            self._set_state(online=False, running=False, message=self.describe(error))
            self._schedule_probe()
        elif isinstance(error, SyncBusy | SyncStopped):
            # The nightly job is at it; its result shows at the next sync.
            self._set_state(running=False)
        else:
            # The hub answered, so the link is up; the problem needs a person.
            self._set_state(online=True, running=False, message=self.describe(error))
        self.sync_finished.emit(error)
        self._maybe_again()

    def _maybe_again(self) -> None:
        if self._again:
            self._again = False
            self.sync_now()

    # -- offline probing --------------------------------------------------------------------
    def _schedule_probe(self) -> None:
        pause_s = self._probe_backoff.delay(self._probes_failed, self._rng)
        self._probe.start(round(pause_s * 1000))
        self._probes_failed += 1

    @Slot()
    def _probe_hub(self) -> None:
        if self._stop.is_set() or self._running:
            return
        path, prober = self._db_path, self._prober
        run_in_background(lambda: prober(path), self._probe_answered, self._probe_failed)

    def _probe_answered(self, _ping: object) -> None:
        if self._stop.is_set():
            return
        self._probes_failed = 0
        self._set_state(online=True)
        self.sync_now()

    def _probe_failed(self, _error: Exception) -> None:
        if not self._stop.is_set():
            self._schedule_probe()

    # -- words ------------------------------------------------------------------------------
    def describe(self, error: Exception) -> str:
        """A typed sync error in plain words for the keeper (translated)."""
        if isinstance(error, NotLinked):
            return not_linked_text()
        if isinstance(error, HubUnreachable):
            return self.tr(
                "Cannot reach the county hub. Sales are kept and will be sent "
                "when the link is back."
            )
        if isinstance(error, HubAuthRefused):
            if error.code == "stale_timestamp":
                return self.tr(
                    "This computer's clock is wrong. Set the date and time, then sync again."
                )
            if error.code == "unknown_station":
                return self.tr(
                    "The county hub does not know this station's number. Check "
                    "the station id with the county."
                )
            return self.tr(
                "The county hub refused this station's key. Ask the county to "
                "set up the station key again."
            )
        if isinstance(error, TlsFailure):
            return self.tr(
                "The county hub's certificate could not be verified. Check the certificate setting."
            )
        if isinstance(error, HubRejected):
            return self.tr(
                "The county hub refused the request ({0}). Please tell the county."
            ).format(error.code or error.status or "")
        if isinstance(error, HubBadResponse):
            return self.tr(
                "The county hub sent an answer this station cannot read; nothing "
                "was changed. Please tell the county."
            )
        if isinstance(error, SyncBusy):
            return self.tr("Another sync is running; try again in a minute.")
        return self.tr("Sync failed: {0}").format(error)

    def _set_state(self, **changes: Any) -> None:
        values = {
            "online": self.state.online,
            "running": self.state.running,
            "linked": self.state.linked,
            "message": self.state.message,
        } | changes
        self.state = SyncState(**values)
        self.state_changed.emit(self.state)
