"""Reaching the printer the settings name, and the two things callers do: print, ask.

The printer is on USB, serial, network (port 9100), a Windows printer or a device
file (one module each in `printing.transports`). Every call is bounded: sockets,
serial ports and USB transfers get the configured timeout, and the whole exchange
runs under a deadline (`printing.deadline`). Before sending, the printer's status is
asked (DLE EOT, `printing.printer_status`) where the link can read answers.
"""

from __future__ import annotations

from typing import Protocol

from station_app.printing.deadline import call_with_deadline, deadline_s
from station_app.printing.printer_settings import PrinterConfig, PrinterKind
from station_app.printing.printer_status import PrinterStatus, read_status
from station_app.printing.transports.device_file import FileLink
from station_app.printing.transports.network import NetworkLink
from station_app.printing.transports.serial_port import open_serial_link
from station_app.printing.transports.usb_printer import open_usb_link
from station_app.printing.transports.windows_printer import open_windows_link


class Link(Protocol):
    """An open connection to a printer."""

    def write(self, data: bytes) -> None:
        """Send bytes; raises `PrinterError` when they cannot be delivered."""

    def ask(self, request: bytes) -> int | None:
        """Send a status request and return the one-byte answer, None when there is none."""

    def close(self) -> None:
        """Let go of the printer."""


def open_link(config: PrinterConfig) -> Link:
    """Connect to the configured printer.

    Raises:
        PrinterError: not set up, or not reachable.
    """
    config.check()
    match config.kind:
        case PrinterKind.NETWORK:
            return NetworkLink(config.host, config.port, config.timeout_s)
        case PrinterKind.FILE:
            return FileLink(config.file_path)
        case PrinterKind.SERIAL:
            return open_serial_link(config)
        case PrinterKind.USB:
            return open_usb_link(config)
        case _:
            return open_windows_link(config)


def send_to_printer(config: PrinterConfig, data: bytes) -> PrinterStatus:
    """Connect, check the printer's status, send `data`; all within a deadline.

    Raises:
        PrinterError: set-up problems, unreachable, not ready, or too slow.
    """

    def exchange() -> PrinterStatus:
        link = open_link(config)
        try:
            status = read_status(link)
            link.write(data)
        finally:
            link.close()
        return status

    return call_with_deadline(exchange, deadline_s(config, len(data)), config)


def query_printer(config: PrinterConfig) -> PrinterStatus:
    """Only ask how the printer is, printing nothing.

    Raises:
        PrinterError: as `send_to_printer`.
    """

    def exchange() -> PrinterStatus:
        link = open_link(config)
        try:
            return read_status(link)
        finally:
            link.close()

    return call_with_deadline(exchange, deadline_s(config, 0), config)
