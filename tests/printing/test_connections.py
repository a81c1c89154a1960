import os
import sys
import threading
import time

import pytest

from station_app.printing.connections import (
    PrinterConfig,
    PrinterKind,
    PrinterStatus,
    query_printer,
    send_to_printer,
)
from station_app.printing.errors import (
    PrinterSetupError,
    PrinterTimeout,
    PrinterUnreachable,
)
from tests.printing.fake_printer import FakePrinter, dead_port


def _network(port: int) -> PrinterConfig:
    return PrinterConfig(PrinterKind.NETWORK, host="127.0.0.1", port=port, timeout_s=0.5)


def test_status_is_asked_and_shown():
    with FakePrinter() as printer:
        assert query_printer(_network(printer.port)) == PrinterStatus(online=True)
    assert PrinterStatus(online=True).text() == "在线"
    assert PrinterStatus(online=True, paper_low=True).text("en") == "online, paper running low"


def test_a_refused_connection_is_unreachable_at_once():
    started = time.monotonic()
    with pytest.raises(PrinterUnreachable, match="连不上打印机"):
        send_to_printer(_network(dead_port()), b"x")
    assert time.monotonic() - started < 1


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


def test_a_missing_device_is_named(tmp_path):
    config = PrinterConfig(PrinterKind.FILE, file_path=str(tmp_path / "no" / "lp0"))
    with pytest.raises(PrinterUnreachable, match="找不到打印机设备"):
        send_to_printer(config, b"x")


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


@pytest.mark.skipif(sys.platform == "win32", reason="the Windows spooler exists there")
def test_a_windows_printer_elsewhere_says_so():
    config = PrinterConfig(PrinterKind.WINDOWS, windows_name="XP-58")
    with pytest.raises(PrinterSetupError, match="只能在 Windows 上使用"):
        send_to_printer(config, b"x")


def test_a_usb_printer_that_cannot_be_reached_is_explained():
    config = PrinterConfig(PrinterKind.USB, usb_id="0416:5011", timeout_s=0.2)
    # Without libusb the message says what to install; with it, that no printer is there.
    with pytest.raises((PrinterSetupError, PrinterUnreachable), match="USB"):
        send_to_printer(config, b"x")


@pytest.mark.parametrize(("config", "message"), [
    (PrinterConfig(PrinterKind.NONE), "未配置打印机"),
    (PrinterConfig(PrinterKind.NETWORK), "printer_host"),
    (PrinterConfig(PrinterKind.USB), "printer_usb_id"),
])
def test_incomplete_settings_are_refused_before_any_connection(config, message):
    with pytest.raises(PrinterSetupError, match=message):
        send_to_printer(config, b"x")
