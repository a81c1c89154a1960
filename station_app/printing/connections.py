"""Reaching the printer: USB, serial, network (port 9100), a Windows printer, a device file.

Every call is bounded. Sockets, serial ports and USB transfers get the configured
timeout, and the whole exchange runs under a deadline on a helper thread, because
some calls cannot be interrupted otherwise (a write to /dev/usb/lp0 blocks forever
while the printer is off). A printer that does not finish in time is reported as
`PrinterTimeout`; the caller's thread is free again at the deadline.

Before sending, the printer's status is asked (DLE EOT) where the link can read
answers. A network printer must answer: a port that takes a connection but says
nothing is not a printer we can trust to have printed. Serial and USB printers
are asked too, but a silent one is printed to anyway, since many are wired or
configured one-way.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from station_app.core.settings import StationSettings
from station_app.printing.charset import CharacterMode
from station_app.printing.errors import (
    PrinterError,
    PrinterNotReady,
    PrinterSetupError,
    PrinterTimeout,
    PrinterUnreachable,
)
from station_app.printing.escpos_library import escpos_module

DLE_EOT = b"\x10\x04"
ASK_PRINTER = DLE_EOT + b"\x01"
ASK_OFFLINE_CAUSE = DLE_EOT + b"\x02"
ASK_PAPER = DLE_EOT + b"\x04"
CHUNK_BYTES = 4096  # the timeout bounds each chunk: a printer that stops taking data fails
DRAIN_SECONDS = 1.0

T = TypeVar("T")


class PrinterKind(StrEnum):
    """How the counter PC reaches the printer (the `printer_kind` setting)."""

    NONE = "none"
    USB = "usb"
    SERIAL = "serial"
    NETWORK = "network"
    WINDOWS = "windows"
    FILE = "file"


@dataclass(frozen=True)
class PrinterConfig:
    """One printer's settings, taken from `StationSettings`."""

    kind: PrinterKind = PrinterKind.NONE
    usb_id: str = ""
    serial_port: str = ""
    serial_baud: int = 9600
    host: str = ""
    port: int = 9100
    windows_name: str = ""
    file_path: str = ""
    timeout_s: float = 3.0
    mode: CharacterMode = CharacterMode.GB18030
    font: str = ""

    @classmethod
    def from_settings(cls, settings: StationSettings) -> PrinterConfig:
        """The printer the station's settings describe."""
        return cls(
            kind=PrinterKind(settings.printer_kind),
            usb_id=settings.printer_usb_id,
            serial_port=settings.printer_serial_port,
            serial_baud=settings.printer_serial_baud,
            host=settings.printer_host,
            port=settings.printer_port,
            windows_name=settings.printer_windows_name,
            file_path=settings.printer_file,
            timeout_s=settings.printer_timeout_ms / 1000,
            mode=CharacterMode(settings.printer_mode),
            font=settings.printer_font,
        )

    @property
    def configured(self) -> bool:
        """False when the station has no printer."""
        return self.kind is not PrinterKind.NONE

    def where(self) -> str:
        """The address in the keeper's words: `192.168.1.87:9100`, `COM3`, `USB 0416:5011`."""
        return {
            PrinterKind.NONE: "",
            PrinterKind.USB: f"USB {self.usb_id}",
            PrinterKind.SERIAL: f"{self.serial_port} ({self.serial_baud})",
            PrinterKind.NETWORK: f"{self.host}:{self.port}",
            PrinterKind.WINDOWS: self.windows_name,
            PrinterKind.FILE: self.file_path,
        }[self.kind]

    def check(self) -> None:
        """Refuse settings that cannot work.

        Raises:
            PrinterSetupError: no printer chosen, or the chosen kind lacks its address.
        """
        missing = {
            PrinterKind.USB: (self.usb_id, "USB 编号（printer_usb_id）", "printer_usb_id"),
            PrinterKind.SERIAL: (self.serial_port, "串口（printer_serial_port）",
                                 "printer_serial_port"),
            PrinterKind.NETWORK: (self.host, "打印机地址（printer_host）", "printer_host"),
            PrinterKind.WINDOWS: (self.windows_name, "Windows 打印机名称（printer_windows_name）",
                                  "printer_windows_name"),
            PrinterKind.FILE: (self.file_path, "设备文件（printer_file）", "printer_file"),
        }
        if self.kind is PrinterKind.NONE:
            raise PrinterSetupError("未配置打印机", "No printer is set up")
        value, zh, en = missing[self.kind]
        if not value.strip():
            raise PrinterSetupError(f"请填写{zh}", f"Fill in {en}")


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said about itself; None where it could not tell."""

    online: bool | None = None
    paper_low: bool = False

    def text(self, language: str = "zh_CN") -> str:
        """`在线`, `在线，纸快用完了`, or `状态未知` (and English)."""
        english = language.startswith("en")
        if self.online is None:
            return "status unknown" if english else "状态未知"
        if self.paper_low:
            return "online, paper running low" if english else "在线，纸快用完了"
        return "online" if english else "在线"


# -- links: one open connection to a printer ---------------------------------------------------
class Link(Protocol):
    """An open connection to a printer."""

    def write(self, data: bytes) -> None:
        """Send bytes; raises `PrinterError` when they cannot be delivered."""

    def ask(self, request: bytes) -> int | None:
        """Send a status request and return the one-byte answer, None when there is none."""

    def close(self) -> None:
        """Let go of the printer."""


class NetworkLink:
    """A raw TCP connection (JetDirect, port 9100), the usual for LAN printers."""

    def __init__(self, host: str, port: int, timeout_s: float) -> None:
        self._where = f"{host}:{port}"
        self._timeout_s = timeout_s
        try:
            self._sock = socket.create_connection((host, port), timeout=timeout_s)
        except TimeoutError:
            raise PrinterTimeout(
                f"连接打印机 {self._where} 超时：请检查打印机是否开机、网线是否插好",
                f"Connecting to the printer at {self._where} timed out") from None
        except socket.gaierror:
            raise PrinterSetupError(f"找不到打印机地址 {host}", f"Unknown printer host {host}") \
                from None
        except OSError as error:
            raise PrinterUnreachable(
                f"连不上打印机 {self._where}：请检查打印机是否开机、网线是否插好",
                f"Cannot reach the printer at {self._where} ({error.strerror or error})") \
                from None

    def write(self, data: bytes) -> None:
        """Send `data` in chunks, each within the timeout."""
        try:
            for start in range(0, len(data), CHUNK_BYTES):
                self._sock.sendall(data[start:start + CHUNK_BYTES])
        except TimeoutError:
            raise PrinterTimeout(f"打印机 {self._where} 不接收数据（超时）",
                                 f"The printer at {self._where} stopped taking data") from None
        except OSError:
            raise _dropped(self._where) from None

    def ask(self, request: bytes) -> int | None:
        """A network printer must answer; silence is a `PrinterTimeout`."""
        self.write(request)
        try:
            answer = self._sock.recv(1)
        except TimeoutError:
            raise PrinterTimeout(
                f"打印机 {self._where} 没有回应（{self._timeout_s:g} 秒）",
                f"The printer at {self._where} did not answer within {self._timeout_s:g} s") \
                from None
        except OSError:
            raise _dropped(self._where) from None
        if not answer:
            raise _dropped(self._where)
        return answer[0]

    def close(self) -> None:
        """Finish sending, then close.

        Closing a socket with unread input makes the kernel reset the connection,
        which can cut the tail off the receipt; so say we are done (FIN) and read
        whatever the printer still sends, briefly, before closing.
        """
        try:
            self._sock.shutdown(socket.SHUT_WR)
            self._sock.settimeout(min(self._timeout_s, DRAIN_SECONDS))
            while self._sock.recv(256):
                pass
        except OSError:
            pass
        finally:
            self._sock.close()


def _dropped(where: str) -> PrinterUnreachable:
    return PrinterUnreachable(f"打印机 {where} 断开了连接：请检查打印机电源和网线",
                              f"The printer at {where} closed the connection")


class FileLink:
    """A device file (/dev/usb/lp0, LPT1) or a plain file that collects the jobs."""

    def __init__(self, path: str) -> None:
        self._path = path
        try:
            # Append, so a plain file used as a printer keeps every job like a paper roll.
            self._file = open(path, "ab", buffering=0)  # noqa: SIM115 - closed in close()
        except FileNotFoundError:
            raise PrinterUnreachable(f"找不到打印机设备 {path}：请检查打印机是否开机、连线",
                                     f"No printer device at {path}") from None
        except PermissionError:
            raise PrinterSetupError(
                f"没有权限写入 {path}（Linux：把本用户加入 lp 组）",
                f"No permission to write to {path} (Linux: add the user to group lp)") from None
        except OSError as error:
            raise PrinterUnreachable(f"打不开打印机设备 {path}",
                                     f"Cannot open {path} ({error.strerror})") from None

    def write(self, data: bytes) -> None:
        """Write all of `data`."""
        try:
            self._file.write(data)
        except OSError as error:
            raise PrinterUnreachable(f"写入打印机设备 {self._path} 失败",
                                     f"Writing to {self._path} failed ({error.strerror})") \
                from None

    def ask(self, request: bytes) -> int | None:
        """A device file cannot be read back."""
        return None

    def close(self) -> None:
        """Close the file."""
        with contextlib.suppress(OSError):
            self._file.close()


class EscposLink:
    """A python-escpos printer object (USB, serial, Windows) used as a link."""

    def __init__(self, printer: Any, where: str, read: Callable[[], bytes] | None) -> None:
        self._printer = printer
        self._where = where
        self._read = read

    def write(self, data: bytes) -> None:
        """Send `data` through the library's raw write."""
        try:
            self._printer._raw(data)
        except PrinterError:
            raise
        except Exception as error:  # pyserial, pyusb and pywin32 each raise their own
            raise PrinterUnreachable(f"发送到打印机 {self._where} 失败",
                                     f"Sending to the printer {self._where} failed ({error})") \
                from None

    def ask(self, request: bytes) -> int | None:
        """Ask; a printer that stays silent is taken as one that cannot answer."""
        if self._read is None:
            return None
        self.write(request)
        try:
            answer = self._read()
        except Exception:  # a read timeout in pyusb raises; pyserial returns b""
            return None
        return answer[0] if answer else None

    def close(self) -> None:
        """Close the library's connection."""
        with contextlib.suppress(Exception):
            self._printer.close()


def _serial_link(config: PrinterConfig) -> EscposLink:
    DeviceNotFoundError = escpos_module("exceptions").DeviceNotFoundError  # noqa: N806
    Serial = escpos_module("printer").Serial  # noqa: N806

    where = config.serial_port
    try:
        printer = Serial(devfile=config.serial_port, baudrate=config.serial_baud,
                         timeout=config.timeout_s)
        printer.open()
    except DeviceNotFoundError:
        raise PrinterUnreachable(f"打不开串口 {where}：请检查串口号和连线",
                                 f"Cannot open the serial port {where}") from None
    except RuntimeError:  # python-escpos' word for "pyserial is not installed"
        raise PrinterSetupError("串口打印需要 pyserial", "Serial printing needs pyserial") \
            from None
    # python-escpos sets no write timeout; with DSR/DTR flow control a printer that is
    # off would hold a write forever.
    printer.device.write_timeout = config.timeout_s
    return EscposLink(printer, where, lambda: printer.device.read(1))


def _usb_link(config: PrinterConfig) -> EscposLink:
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
            "USB printing needs libusb (on Windows choose the Windows printer instead)") \
            from None
    except DeviceNotFoundError:
        raise PrinterUnreachable(f"找不到 USB 打印机 {config.usb_id}：请检查打印机是否开机、USB 线",
                                 f"USB printer {config.usb_id} not found") from None
    _use_device_endpoints(printer)
    return EscposLink(printer, where,
                      lambda: bytes(printer.device.read(printer.in_ep, 1, timeout_ms)))


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


def _windows_link(config: PrinterConfig) -> EscposLink:
    where = config.windows_name
    if sys.platform != "win32":
        raise PrinterSetupError(
            "“Windows 打印机”只能在 Windows 上使用；本机请选 USB、串口、网络或设备文件",
            "A Windows printer works only on Windows; choose USB, serial, network or a file")
    DeviceNotFoundError = escpos_module("exceptions").DeviceNotFoundError  # noqa: N806
    Win32Raw = escpos_module("printer").Win32Raw  # noqa: N806

    try:
        printer = Win32Raw(config.windows_name)
        printer.open(job_name="station receipt")
    except DeviceNotFoundError:
        raise PrinterUnreachable(f"Windows 中没有名为“{where}”的打印机",
                                 f"Windows has no printer named {where}") from None
    except RuntimeError:
        raise PrinterSetupError("Windows 打印需要 pywin32", "Windows printing needs pywin32") \
            from None
    return EscposLink(printer, where, None)


def open_link(config: PrinterConfig) -> Link:
    """Connect to the configured printer.

    Raises:
        PrinterError: not set up, or not reachable.
    """
    config.check()
    match config.kind:
        case PrinterKind.NETWORK:
            return NetworkLink(config.host, config.port, config.timeout_s)
        case PrinterKind.FILE:
            return FileLink(config.file_path)
        case PrinterKind.SERIAL:
            return _serial_link(config)
        case PrinterKind.USB:
            return _usb_link(config)
        case _:
            return _windows_link(config)


# -- status --------------------------------------------------------------------------------
def read_status(link: Link) -> PrinterStatus:
    """Ask the printer how it is (DLE EOT 1, 4, and 2 when offline).

    Raises:
        PrinterNotReady: out of paper, cover open, or offline.
        PrinterError: the link failed while asking.
    """
    answer = link.ask(ASK_PRINTER)
    # Bits 1 and 4 are always set and bits 0 and 7 always clear in a real answer; a
    # device that says something else is not speaking ESC/POS status.
    if answer is None or answer & 0x93 != 0x12:
        return PrinterStatus()
    paper = link.ask(ASK_PAPER)
    if paper is not None and paper & 0x60:
        raise PrinterNotReady("打印机缺纸：请装纸后重试", "The printer is out of paper")
    if answer & 0x08:
        cause = link.ask(ASK_OFFLINE_CAUSE) or 0
        if cause & 0x04:
            raise PrinterNotReady("打印机盖没有合上", "The printer cover is open")
        if cause & 0x20:
            raise PrinterNotReady("打印机缺纸：请装纸后重试", "The printer is out of paper")
        raise PrinterNotReady("打印机处于离线或故障状态：请检查打印机指示灯",
                              "The printer is offline or reports an error")
    return PrinterStatus(online=True, paper_low=paper is not None and bool(paper & 0x0C))


# -- the two things callers do -------------------------------------------------------------
def send_to_printer(config: PrinterConfig, data: bytes) -> PrinterStatus:
    """Connect, check the printer's status, send `data`; all within a deadline.

    Raises:
        PrinterError: set-up problems, unreachable, not ready, or too slow.
    """
    def exchange() -> PrinterStatus:
        link = open_link(config)
        try:
            status = read_status(link)
            link.write(data)
        finally:
            link.close()
        return status

    return call_with_deadline(exchange, deadline_s(config, len(data)), config)


def query_printer(config: PrinterConfig) -> PrinterStatus:
    """Only ask how the printer is, printing nothing.

    Raises:
        PrinterError: as `send_to_printer`.
    """
    def exchange() -> PrinterStatus:
        link = open_link(config)
        try:
            return read_status(link)
        finally:
            link.close()

    return call_with_deadline(exchange, deadline_s(config, 0), config)


def deadline_s(config: PrinterConfig, size: int) -> float:
    """How long a whole exchange of `size` bytes may take before it counts as hung.

    A few timeouts for connecting and the status questions, plus the transfer time
    of the slowest link: a serial line moves a tenth of its baud rate in bytes per
    second; the others are taken to be at least as fast as a slow printer prints.
    """
    rate = config.serial_baud / 10 if config.kind is PrinterKind.SERIAL else 20_000
    drain = DRAIN_SECONDS if config.kind is PrinterKind.NETWORK else 0.0
    return 4 * config.timeout_s + drain + 1.5 * size / rate


def call_with_deadline(fn: Callable[[], T], seconds: float, config: PrinterConfig) -> T:
    """Run `fn` on a helper thread and give up on it after `seconds`.

    A call stuck in the operating system cannot be cancelled; its daemon thread is
    left to finish or die with the process, and the caller goes on.

    Raises:
        PrinterTimeout: `fn` did not finish in time.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as error:  # handed to the caller's thread below
            outcome["error"] = error

    worker = threading.Thread(target=run, name="printer-io", daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        waited = time.monotonic() - started
        raise PrinterTimeout(
            f"打印机 {config.where()} 在 {waited:.0f} 秒内没有完成：请检查是否开机、缺纸",
            f"The printer {config.where()} did not finish within {waited:.0f} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]
