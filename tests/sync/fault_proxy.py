"""A fault-injecting HTTP proxy on 127.0.0.1 between a station and the real hub.

It understands just enough HTTP/1.1 (request line, headers, Content-Length) to act
on whole requests. Faults are planned per request, in order, by method and path:

- `cut_request`: forward only half of the request body, then close both sides;
- `drop_response`: let the hub process the request, then close without answering;
- `cut_response`: let the hub process it, then send only half of its answer;
- `replay`: forward the request, then send the very same bytes to the hub again
  (the second answer is kept in `replays`); the station gets the first answer;
- `stall`: hold the request unanswered for `stall_s`, then close;
- `hold_response`: let the hub process it, then hold the answer until `release`
  is set (a test kills the station meanwhile); `held` is set while holding;
- `tamper`: change one byte of the body on the way (same length), as an attacker
  between station and hub would.

Requests without a planned fault pass through untouched.
"""

from __future__ import annotations

import socket
import threading
from contextlib import suppress
from dataclasses import dataclass, field
from typing import BinaryIO

FAULTS = (
    "cut_request",
    "drop_response",
    "cut_response",
    "replay",
    "stall",
    "hold_response",
    "tamper",
)


@dataclass
class PlannedFault:
    method: str
    path_prefix: str
    fault: str


@dataclass
class Exchange:
    """One request the proxy saw, what it did, and the hub's status line."""

    method: str
    path: str
    fault: str | None
    hub_status: int | None


@dataclass
class ProxyState:
    plan: list[PlannedFault] = field(default_factory=list)
    log: list[Exchange] = field(default_factory=list)
    replays: list[bytes] = field(default_factory=list)
    stall_s: float = 2.0
    delay_s: float = 0.0  # latency added to every request, as on a slow rural link
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, method: str, path: str) -> str | None:
        with self.lock:
            for index, planned in enumerate(self.plan):
                if planned.method == method and path.startswith(planned.path_prefix):
                    del self.plan[index]
                    return planned.fault
        return None


def _read_message(reader: BinaryIO) -> tuple[bytes, bytes] | None:
    """(head, body) of one HTTP message from a binary file, or None at EOF."""
    lines = []
    while True:
        line = reader.readline(65536)
        if not line:
            return None
        lines.append(line)
        if line in (b"\r\n", b"\n"):
            break
    head = b"".join(lines)
    length = 0
    for line in lines[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    body = reader.read(length) if length else b""
    return head, body


def _status(response: bytes) -> int | None:
    try:
        return int(response.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


class FaultProxy:
    """`with FaultProxy(upstream_port) as proxy:` listens on `proxy.url`."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.state = ProxyState()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)
        # Each station connection's thread and socket, so leaving the block ends them all.
        self._workers: list[threading.Thread] = []
        self._connections: set[socket.socket] = set()
        self._ended = 0
        self._ended_changed = threading.Condition(self.state.lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def plan(self, method: str, path_prefix: str, fault: str) -> None:
        assert fault in FAULTS, fault
        self.state.plan.append(PlannedFault(method, path_prefix, fault))

    def wait_connections_ended(self, count: int, timeout_s: float = 10) -> bool:
        """Wait until `count` station connections have been served and closed."""
        with self._ended_changed:
            return self._ended_changed.wait_for(lambda: self._ended >= count, timeout_s)

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self.state.release.set()
        self._thread.join(5)
        self._listener.close()
        with self.state.lock:
            connections = list(self._connections)
        for connection in connections:  # wakes a thread waiting for the next request
            with suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        for worker in self._workers:
            worker.join(5)

    # -- plumbing ---------------------------------------------------------------------------
    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self.state.lock:
                self._connections.add(client)
            worker = threading.Thread(target=self._serve, args=(client,), daemon=True)
            self._workers.append(worker)
            worker.start()

    def _hub(self, request: bytes) -> bytes:
        with socket.create_connection(self.upstream, timeout=30) as upstream:
            upstream.sendall(request)
            chunks = []
            while True:
                chunk = upstream.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        return b"".join(chunks)

    def _serve(self, client: socket.socket) -> None:
        try:
            # The reader is closed with the socket: left to the garbage collector, the
            # socket could be finalised first and warn that it was never closed.
            with client, client.makefile("rb") as reader:
                self._serve_requests(client, reader)
        except OSError:
            # The station went away (killed, reset, timed out) or the proxy is stopping:
            # that connection is over, as it would be for a real proxy.
            pass
        finally:
            with self._ended_changed:
                self._connections.discard(client)
                self._ended += 1
                self._ended_changed.notify_all()

    def _serve_requests(self, client: socket.socket, reader: BinaryIO) -> None:
        while not self._stopping.is_set():
            message = _read_message(reader)
            if message is None:
                return
            head, body = message
            method, path = head.split(b" ", 2)[:2]
            fault = self.state.take(method.decode(), path.decode())
            # One request per upstream connection: the hub closes after answering,
            # so the answer ends where the bytes end.
            lines = [ln for ln in head.split(b"\r\n") if not ln.lower().startswith(b"connection:")]
            request = b"\r\n".join([*lines[:-2], b"Connection: close", b"", b""]) + body
            if not self._exchange(
                client, method.decode(), path.decode(), fault, request, head, body
            ):
                return

    def _exchange(
        self,
        client: socket.socket,
        method: str,
        path: str,
        fault: str | None,
        request: bytes,
        head: bytes,
        body: bytes,
    ) -> bool:
        """Handle one request; False when the client connection must close."""
        state = self.state
        if state.delay_s:
            self._stopping.wait(state.delay_s)
        if fault == "stall":
            self._stopping.wait(state.stall_s)
            state.log.append(Exchange(method, path, fault, None))
            return False
        if fault == "cut_request":
            try:
                with socket.create_connection(self.upstream, timeout=5) as upstream:
                    upstream.sendall(request[: len(request) - max(1, len(body) // 2)])
            except OSError:
                pass
            state.log.append(Exchange(method, path, fault, None))
            return False
        if fault == "tamper" and body:
            request = request[:-1] + bytes([request[-1] ^ 0x01])
        response = self._hub(request)
        state.log.append(Exchange(method, path, fault, _status(response)))
        if fault == "replay":
            state.replays.append(self._hub(request))
        if fault == "drop_response":
            return False
        if fault == "cut_response":
            client.sendall(response[: len(response) // 2])
            return False
        if fault == "hold_response":
            state.held.set()
            state.release.wait(60)
            return False
        try:
            client.sendall(response)
        except OSError:
            return False
        # The hub answered with Connection: close; keep the station's side open for
        # its next request only if it asked for keep-alive.
        return b"connection: close" not in head.lower()
