"""A network printer stand-in on 127.0.0.1: a real TCP listener, as a LAN printer is.

`behaviour` is what the printer does with a connection:
- "print": answers status requests (DLE EOT n) like a ready printer, keeps all bytes;
- "paper_out": answers that the paper has run out;
- "stall": takes the connection and never reads nor answers (a hung printer);
- "close": closes every connection at once.
"""

from __future__ import annotations

import socket
import threading
from types import TracebackType

READY = 0x12  # fixed bits only: online, no error, paper adequate
PAPER_OUT = 0x72  # DLE EOT 4 answer: paper end sensor (bits 5, 6)


class FakePrinter:
    def __init__(self, behaviour: str = "print", port: int = 0) -> None:
        self.behaviour = behaviour
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", port))
        self._server.listen(5)
        self._server.settimeout(0.05)
        self.port = self._server.getsockname()[1]
        self.received: list[bytes] = []  # one entry per finished connection
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def __enter__(self) -> FakePrinter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        for held in self._held:
            held.close()
        self._server.close()

    @property
    def all_bytes(self) -> bytes:
        return b"".join(self.received)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            if self.behaviour == "close":
                conn.close()
            elif self.behaviour == "stall":
                self._held.append(conn)  # never read: the kernel buffers fill, nobody answers
            else:
                threading.Thread(target=self._print, args=(conn,), daemon=True).start()

    def _print(self, conn: socket.socket) -> None:
        data = bytearray()
        conn.settimeout(5)
        with conn:
            while True:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    break
                if not chunk:
                    break
                start = len(data)
                data += chunk
                # A real printer answers real-time status requests as they arrive.
                for offset in range(max(0, start - 2), len(data) - 2):
                    if data[offset : offset + 2] == b"\x10\x04" and data[offset + 2] in (1, 2, 4):
                        answer = (
                            PAPER_OUT
                            if (self.behaviour == "paper_out" and data[offset + 2] == 4)
                            else READY
                        )
                        conn.sendall(bytes([answer]))
        self.received.append(bytes(data))


def dead_port() -> int:
    """A port on 127.0.0.1 nobody listens on: connecting is refused at once."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port
