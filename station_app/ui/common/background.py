"""The one way to run slow work (printing, sync, reports) off the UI thread."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    """Created on the UI thread: its slots run there, whichever thread emitted.

    Signals:
        succeeded(object): the task returned this value.
        failed(object): the task raised this exception.
    """

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self, on_done: Callable[[Any], None], on_error: Callable[[Exception], None]
    ) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_error = on_error
        # Queued delivery to a method of an object on the UI thread is what moves the
        # callback onto that thread.
        self.succeeded.connect(self._deliver_result)
        self.failed.connect(self._deliver_error)

    @Slot(object)
    def _deliver_result(self, result: Any) -> None:
        _pending.discard(self)
        self._on_done(result)

    @Slot(object)
    def _deliver_error(self, error: Exception) -> None:
        _pending.discard(self)
        self._on_error(error)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as error:  # every failure goes back to the caller
            self._tell(self._relay.failed, error)
        else:
            self._tell(self._relay.succeeded, result)

    @staticmethod
    def _tell(signal: Any, value: object) -> None:
        # The app closed while the task ran (its relay went with the window): nobody is
        # left to tell, and a traceback on the way out would only alarm the keeper.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)


# Relays waiting for their task; holding them here keeps Python from collecting them.
_pending: set[_Relay] = set()


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
    pool: QThreadPool | None = None,
) -> None:
    """Run `fn()` on a worker thread; call `on_done(result)` or `on_error(exc)` on the UI thread.

    `fn` must not touch widgets, and opens its own SQLite connection if it needs one:
    a connection never crosses threads. Call from the UI thread.
    """
    relay = _Relay(on_done, on_error)
    _pending.add(relay)
    (pool or QThreadPool.globalInstance()).start(_Task(fn, relay))
