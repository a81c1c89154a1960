"""A network printer: raw TCP (JetDirect, port 9100), the usual for LAN printers.

A network printer must answer status requests: a port that takes a connection but
says nothing is not a printer we can trust to have printed.
"""

from __future__ import annotations

import socket

from station_app.printing.errors import PrinterSetupError, PrinterTimeout, PrinterUnreachable

CHUNK_BYTES = 4096  # the timeout bounds each chunk: a printer that stops taking data fails
DRAIN_SECONDS = 1.0


class NetworkLink:
    """A raw TCP connection to a printer, every call within the timeout."""

    def __init__(self, host: str, port: int, timeout_s: float) -> None:
        self._where = f"{host}:{port}"
        self._timeout_s = timeout_s
        try:
            self._sock = socket.create_connection((host, port), timeout=timeout_s)
        except TimeoutError:
            raise PrinterTimeout(
                f"连接打印机 {self._where} 超时：请检查打印机是否开机、网线是否插好",
                f"Connecting to the printer at {self._where} timed out",
            ) from None
        except socket.gaierror:
            raise PrinterSetupError(
                f"找不到打印机地址 {host}", f"Unknown printer host {host}"
            ) from None
        except OSError as error:
            raise PrinterUnreachable(
                f"连不上打印机 {self._where}：请检查打印机是否开机、网线是否插好",
                f"Cannot reach the printer at {self._where} ({error.strerror or error})",
            ) from None

    def write(self, data: bytes) -> None:
        """Send `data` in chunks, each within the timeout."""
        try:
            for start in range(0, len(data), CHUNK_BYTES):
                self._sock.sendall(data[start : start + CHUNK_BYTES])
        except TimeoutError:
            raise PrinterTimeout(
                f"打印机 {self._where} 不接收数据（超时）",
                f"The printer at {self._where} stopped taking data",
            ) from None
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
                f"The printer at {self._where} did not answer within {self._timeout_s:g} s",
            ) from None
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
    return PrinterUnreachable(
        f"打印机 {where} 断开了连接：请检查打印机电源和网线",
        f"The printer at {where} closed the connection",
    )
