"""A device file (/dev/usb/lp0, LPT1) or a plain file that collects the jobs.

A write to a device file can block forever while the printer is off; the exchange's
deadline (`printing.deadline`) is what frees the caller.
"""

from __future__ import annotations

import contextlib

from station_app.printing.errors import PrinterSetupError, PrinterUnreachable


class FileLink:
    """A file opened for appending; it cannot be read back, so status is never known."""

    def __init__(self, path: str) -> None:
        self._path = path
        try:
            # Append, so a plain file used as a printer keeps every job like a paper roll.
            self._file = open(path, "ab", buffering=0)  # noqa: SIM115 - closed in close()
        except FileNotFoundError:
            raise PrinterUnreachable(
                f"找不到打印机设备 {path}：请检查打印机是否开机、连线",
                f"No printer device at {path}",
            ) from None
        except PermissionError:
            raise PrinterSetupError(
                f"没有权限写入 {path}（Linux：把本用户加入 lp 组）",
                f"No permission to write to {path} (Linux: add the user to group lp)",
            ) from None
        except OSError as error:
            raise PrinterUnreachable(
                f"打不开打印机设备 {path}", f"Cannot open {path} ({error.strerror})"
            ) from None

    def write(self, data: bytes) -> None:
        """Write all of `data`."""
        try:
            self._file.write(data)
        except OSError as error:
            raise PrinterUnreachable(
                f"写入打印机设备 {self._path} 失败",
                f"Writing to {self._path} failed ({error.strerror})",
            ) from None

    def ask(self, request: bytes) -> int | None:
        """A device file cannot be read back."""
        return None

    def close(self) -> None:
        """Close the file."""
        with contextlib.suppress(OSError):
            self._file.close()
