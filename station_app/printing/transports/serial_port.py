"""A serial printer (COM3, /dev/ttyUSB0) through python-escpos and pyserial."""

from __future__ import annotations

from station_app.printing.errors import PrinterSetupError, PrinterUnreachable
from station_app.printing.escpos_library import escpos_module
from station_app.printing.printer_settings import PrinterConfig
from station_app.printing.transports.escpos_link import EscposLink


def open_serial_link(config: PrinterConfig) -> EscposLink:
    """Open the configured serial port, writes and reads bounded by the timeout.

    Raises:
        PrinterError: no such port, or pyserial missing.
    """
    DeviceNotFoundError = escpos_module("exceptions").DeviceNotFoundError  # noqa: N806
    Serial = escpos_module("printer").Serial  # noqa: N806

    where = config.serial_port
    try:
        printer = Serial(
            devfile=config.serial_port, baudrate=config.serial_baud, timeout=config.timeout_s
        )
        printer.open()
    except DeviceNotFoundError:
        raise PrinterUnreachable(
            f"打不开串口 {where}：请检查串口号和连线", f"Cannot open the serial port {where}"
        ) from None
    except RuntimeError:  # python-escpos' word for "pyserial is not installed"
        raise PrinterSetupError("串口打印需要 pyserial", "Serial printing needs pyserial") from None
    # python-escpos sets no write timeout; with DSR/DTR flow control a printer that is
    # off would hold a write forever.
    printer.device.write_timeout = config.timeout_s
    return EscposLink(printer, where, lambda: printer.device.read(1))
