"""Opening the printer the settings name, and sending to it or asking it."""

import pytest

from station_app.printing.errors import PrinterSetupError
from station_app.printing.printer_link import send_to_printer
from station_app.printing.printer_settings import PrinterConfig, PrinterKind


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (PrinterConfig(PrinterKind.NONE), "未配置打印机"),
        (PrinterConfig(PrinterKind.NETWORK), "printer_host"),
        (PrinterConfig(PrinterKind.USB), "printer_usb_id"),
    ],
)
def test_incomplete_settings_are_refused_before_any_connection(config, message):
    with pytest.raises(PrinterSetupError, match=message):
        send_to_printer(config, b"x")
