"""A USB printer through python-escpos and pyusb (libusb)."""

from __future__ import annotations

from typing import Any

from station_app.printing.errors import PrinterSetupError, PrinterUnreachable
from station_app.printing.escpos_library import escpos_module
from station_app.printing.printer_settings import PrinterConfig
from station_app.printing.transports.escpos_link import EscposLink


def open_usb_link(config: PrinterConfig) -> EscposLink:
    """Open the USB printer `vendor:product`, on the endpoints the device declares.

    Raises:
        PrinterError: no such device, or libusb missing.
    """
    DeviceNotFoundError = escpos_module("exceptions").DeviceNotFoundError  # noqa: N806
    Usb = escpos_module("printer").Usb  # noqa: N806

    where = f"USB {config.usb_id}"
    vendor, product = (int(part, 16) for part in config.usb_id.split(":"))
    timeout_ms = int(config.timeout_s * 1000)
    try:
        import usb.core

        printer = Usb(vendor, product, timeout=timeout_ms)
        printer.open()
    except (ImportError, RuntimeError, usb.core.NoBackendError):
        raise PrinterSetupError(
            "USB 打印需要 libusb（Linux：安装 libusb-1.0-0；Windows：请改选“Windows 打印机”）",
            "USB printing needs libusb (on Windows choose the Windows printer instead)",
        ) from None
    except DeviceNotFoundError:
        raise PrinterUnreachable(
            f"找不到 USB 打印机 {config.usb_id}：请检查打印机是否开机、USB 线",
            f"USB printer {config.usb_id} not found",
        ) from None
    _use_device_endpoints(printer)
    return EscposLink(
        printer, where, lambda: bytes(printer.device.read(printer.in_ep, 1, timeout_ms))
    )


def _use_device_endpoints(printer: Any) -> None:
    # python-escpos assumes endpoints 0x01/0x82; many Chinese printers use others. The
    # device says which bulk endpoints its printer interface has.
    import usb.util

    try:
        interface = printer.device.get_active_configuration()[(0, 0)]
    except Exception:
        return
    for endpoint in interface:
        address = endpoint.bEndpointAddress
        if usb.util.endpoint_direction(address) == usb.util.ENDPOINT_OUT:
            printer.out_ep = address
        else:
            printer.in_ep = address
