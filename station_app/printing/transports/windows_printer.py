"""A printer installed in Windows, by name, through python-escpos and pywin32 (raw jobs)."""

from __future__ import annotations

import sys

from station_app.printing.errors import PrinterSetupError, PrinterUnreachable
from station_app.printing.escpos_library import escpos_module
from station_app.printing.printer_settings import PrinterConfig
from station_app.printing.transports.escpos_link import EscposLink


def open_windows_link(config: PrinterConfig) -> EscposLink:
    """Open a raw job on the named Windows printer; the spooler gives no status back.

    Raises:
        PrinterError: not on Windows, no such printer, or pywin32 missing.
    """
    where = config.windows_name
    if sys.platform != "win32":
        raise PrinterSetupError(
            "“Windows 打印机”只能在 Windows 上使用；本机请选 USB、串口、网络或设备文件",
            "A Windows printer works only on Windows; choose USB, serial, network or a file",
        )
    DeviceNotFoundError = escpos_module("exceptions").DeviceNotFoundError  # noqa: N806
    Win32Raw = escpos_module("printer").Win32Raw  # noqa: N806

    try:
        printer = Win32Raw(config.windows_name)
        printer.open(job_name="station receipt")
    except DeviceNotFoundError:
        raise PrinterUnreachable(
            f"Windows 中没有名为“{where}”的打印机", f"Windows has no printer named {where}"
        ) from None
    except RuntimeError:
        raise PrinterSetupError(
            "Windows 打印需要 pywin32", "Windows printing needs pywin32"
        ) from None
    return EscposLink(printer, where, None)
