import pytest

from station_app.printing.errors import PrinterUnreachable
from station_app.printing.printer_link import send_to_printer
from station_app.printing.printer_settings import PrinterConfig, PrinterKind


def test_a_missing_device_is_named(tmp_path):
    config = PrinterConfig(PrinterKind.FILE, file_path=str(tmp_path / "no" / "lp0"))
    with pytest.raises(PrinterUnreachable, match="找不到打印机设备"):
        send_to_printer(config, b"x")
