"""The deadline of a whole printer exchange, kept on a helper thread.

Some calls cannot be interrupted otherwise: a write to /dev/usb/lp0 blocks forever
while the printer is off. A printer that does not finish in time is reported as
`PrinterTimeout`; the caller's thread is free again at the deadline.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from station_app.printing.errors import PrinterTimeout
from station_app.printing.printer_settings import PrinterConfig, PrinterKind
from station_app.printing.transports.network import DRAIN_SECONDS

T = TypeVar("T")


def deadline_s(config: PrinterConfig, size: int) -> float:
    """How long a whole exchange of `size` bytes may take before it counts as hung.

    A few timeouts for connecting and the status questions, plus the transfer time
    of the slowest link: a serial line moves a tenth of its baud rate in bytes per
    second; the others are taken to be at least as fast as a slow printer prints.
    """
    rate = config.serial_baud / 10 if config.kind is PrinterKind.SERIAL else 20_000
    drain = DRAIN_SECONDS if config.kind is PrinterKind.NETWORK else 0.0
    return 4 * config.timeout_s + drain + 1.5 * size / rate


def call_with_deadline(fn: Callable[[], T], seconds: float, config: PrinterConfig) -> T:
    """Run `fn` on a helper thread and give up on it after `seconds`.

    A call stuck in the operating system cannot be cancelled; its daemon thread is
    left to finish or die with the process, and the caller goes on.

    Raises:
        PrinterTimeout: `fn` did not finish in time.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as error:  # handed to the caller's thread below
            outcome["error"] = error

    worker = threading.Thread(target=run, name="printer-io", daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        waited = time.monotonic() - started
        raise PrinterTimeout(
            f"打印机 {config.where()} 在 {waited:.0f} 秒内没有完成：请检查是否开机、缺纸",
            f"The printer {config.where()} did not finish within {waited:.0f} s",
        )
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]
