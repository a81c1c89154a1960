"""A printer exchange that hangs is given up at its deadline."""

import os
import time

import pytest

from station_app.printing.errors import PrinterTimeout
from station_app.printing.printer_link import send_to_printer
from station_app.printing.printer_settings import PrinterConfig, PrinterKind


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_device_that_blocks_is_given_up_at_the_deadline(tmp_path):
    # Opening a pipe nobody reads blocks, as /dev/usb/lp0 does while the printer is off.
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    config = PrinterConfig(PrinterKind.FILE, file_path=str(fifo), timeout_s=0.1)
    started = time.monotonic()
    try:
        with pytest.raises(PrinterTimeout, match="没有完成"):
            send_to_printer(config, b"receipt")
        assert time.monotonic() - started < 1.5
    finally:
        # Let the abandoned writer finish so no thread is left behind.
        reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        time.sleep(0.05)
        os.close(reader)
