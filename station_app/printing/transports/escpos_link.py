"""A python-escpos printer object (USB, serial, Windows) used as a link.

Serial and USB printers are asked their status too, but a silent one is printed to
anyway, since many are wired or configured one-way.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from station_app.printing.errors import PrinterError, PrinterUnreachable


class EscposLink:
    """Writes through the library's raw write; `read` fetches one answer byte, if it can."""

    def __init__(self, printer: Any, where: str, read: Callable[[], bytes] | None) -> None:
        self._printer = printer
        self._where = where
        self._read = read

    def write(self, data: bytes) -> None:
        """Send `data` through the library's raw write."""
        try:
            self._printer._raw(data)
        except PrinterError:
            raise
        except Exception as error:  # pyserial, pyusb and pywin32 each raise their own
            raise PrinterUnreachable(
                f"发送到打印机 {self._where} 失败",
                f"Sending to the printer {self._where} failed ({error})",
            ) from None

    def ask(self, request: bytes) -> int | None:
        """Ask; a printer that stays silent is taken as one that cannot answer."""
        if self._read is None:
            return None
        self.write(request)
        try:
            answer = self._read()
        except Exception:  # a read timeout in pyusb raises; pyserial returns b""
            return None
        return answer[0] if answer else None

    def close(self) -> None:
        """Close the library's connection."""
        with contextlib.suppress(Exception):
            self._printer.close()
