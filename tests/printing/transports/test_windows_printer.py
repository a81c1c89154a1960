import sys

import pytest

from station_app.printing.errors import PrinterSetupError
from station_app.printing.printer_link import send_to_printer
from station_app.printing.printer_settings import PrinterConfig, PrinterKind


@pytest.mark.skipif(sys.platform == "win32", reason="the Windows spooler exists there")
def test_a_windows_printer_elsewhere_says_so():
    config = PrinterConfig(PrinterKind.WINDOWS, windows_name="XP-58")
    with pytest.raises(PrinterSetupError, match="只能在 Windows 上使用"):
        send_to_printer(config, b"x")
