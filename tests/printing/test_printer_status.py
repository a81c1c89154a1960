"""The printer's DLE EOT answers, decoded and shown."""

from station_app.printing.printer_link import query_printer
from station_app.printing.printer_settings import PrinterConfig, PrinterKind
from station_app.printing.printer_status import PrinterStatus
from tests.printing.fake_printer import FakePrinter


def test_status_is_asked_and_shown():
    with FakePrinter() as printer:
        config = PrinterConfig(
            PrinterKind.NETWORK, host="127.0.0.1", port=printer.port, timeout_s=0.5
        )
        assert query_printer(config) == PrinterStatus(online=True)
    assert PrinterStatus(online=True).text() == "在线"
    assert PrinterStatus(online=True, paper_low=True).text("en") == "online, paper running low"
