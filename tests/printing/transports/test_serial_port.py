import os
import threading
import time

import pytest

from station_app.printing.errors import PrinterUnreachable
from station_app.printing.printer_link import send_to_printer
from station_app.printing.printer_settings import PrinterConfig, PrinterKind


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_serial_printer_is_asked_its_status_and_gets_the_bytes():
    master, slave = os.openpty()
    got = bytearray()

    def printer() -> None:
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                return
            got.extend(chunk)
            os.write(master, b"\x12" * chunk.count(b"\x10\x04"))

    threading.Thread(target=printer, daemon=True).start()
    config = PrinterConfig(PrinterKind.SERIAL, serial_port=os.ttyname(slave), timeout_s=0.5)
    try:
        assert send_to_printer(config, b"receipt\n").online
        deadline = time.monotonic() + 2
        while not got.endswith(b"receipt\n") and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        os.close(slave)
        os.close(master)
    assert bytes(got) == b"\x10\x04\x01\x10\x04\x04receipt\n"


def test_a_missing_serial_port_is_named():
    config = PrinterConfig(PrinterKind.SERIAL, serial_port="/dev/ttyNOPE9", timeout_s=0.2)
    with pytest.raises(PrinterUnreachable, match="打不开串口"):
        send_to_printer(config, b"x")
