import pytest

from station_app.printing.errors import PrinterSetupError, PrinterUnreachable
from station_app.printing.printer_link import send_to_printer
from station_app.printing.printer_settings import PrinterConfig, PrinterKind


def test_a_usb_printer_that_cannot_be_reached_is_explained():
    config = PrinterConfig(PrinterKind.USB, usb_id="0416:5011", timeout_s=0.2)
    # Without libusb the message says what to install; with it, that no printer is there.
    with pytest.raises((PrinterSetupError, PrinterUnreachable), match="USB"):
        send_to_printer(config, b"x")
