import time

import pytest

from station_app.printing.errors import PrinterUnreachable
from station_app.printing.printer_link import send_to_printer
from station_app.printing.printer_settings import PrinterConfig, PrinterKind
from tests.printing.fake_printer import dead_port


def test_a_refused_connection_is_unreachable_at_once():
    config = PrinterConfig(PrinterKind.NETWORK, host="127.0.0.1", port=dead_port(), timeout_s=0.5)
    started = time.monotonic()
    with pytest.raises(PrinterUnreachable, match="连不上打印机"):
        send_to_printer(config, b"x")
    assert time.monotonic() - started < 1
