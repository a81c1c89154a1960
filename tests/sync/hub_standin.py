"""A tiny real HTTP hub on 127.0.0.1 that follows docs/sync-protocol.md, for client tests.

It checks signatures on its own (hashlib/hmac straight from the document's text, not
the station's signing module), keeps events once per (station, event id), serves a
change feed, and lets a test replace any answer to simulate a broken hub.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

SECRET = "5f" * 32
STATION = "HN-ZZ-0001"
# A real station's set-up (`init --owner-name …`) queues its operators and settings too.
KNOWN_KINDS = (
    "sale.completed",
    "refund.completed",
    "operator.added",
    "operator.changed",
    "settings.changed",
    "stock.received",
    "stock.adjusted",
    "stock.written_off",
    "shift.closed",
)


@dataclass
class Seen:
    """One request as the stand-in received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


# An override may answer instead of the hub: (status, body bytes, extra headers) or None.
Override = Callable[[Seen], tuple[int, bytes, dict[str, str]] | None]


@dataclass
class HubState:
    stations: dict[str, str] = field(default_factory=lambda: {STATION: SECRET})
    events: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    changes: list[dict[str, Any]] = field(default_factory=list)
    nonces: set[tuple[str, str]] = field(default_factory=set)
    requests: list[Seen] = field(default_factory=list)
    clock_offset_s: float = 0.0
    override: Override | None = None
    # Store the next N uploads but garble their answers, as a link dropping mid-answer.
    garble_upload_answers: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_change(self, kind: str, data: dict[str, Any], station: str | None = None) -> int:
        with self.lock:
            cursor = (self.changes[-1]["cursor"] if self.changes else 0) + 1
            self.changes.append(
                {
                    "cursor": cursor,
                    "kind": kind,
                    "station": station,
                    "created_at": "2026-11-26T08:00:00.000Z",
                    "data": data,
                }
            )
            return cursor

    def upload_posts(self) -> list[Seen]:
        return [r for r in self.requests if r.method == "POST"]


def _error(status: int, code: str, message: str = "") -> tuple[int, bytes, dict[str, str]]:
    body = json.dumps({"error": {"code": code, "message": message or code}}).encode()
    return status, body, {}


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep pytest output clean

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        seen = Seen(method, self.path, {k: v for k, v in self.headers.items()}, body)
        state = self.server.state
        state.requests.append(seen)
        answer = state.override(seen) if state.override else None
        if answer is None:
            answer = self._answer(state, seen)
            if seen.method == "POST" and state.garble_upload_answers > 0:
                state.garble_upload_answers -= 1
                answer = (200, answer[1][: len(answer[1]) // 2], {})
        status, payload, headers = answer
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def _answer(self, state: HubState, seen: Seen) -> tuple[int, bytes, dict[str, str]]:
        url = urlsplit(seen.path)
        if seen.method == "GET" and url.path == "/v1/ping":
            now = datetime.fromtimestamp(time.time() + state.clock_offset_s, UTC)
            return (
                200,
                json.dumps(
                    {
                        "ok": True,
                        "version": 1,
                        "time": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                    }
                ).encode(),
                {},
            )
        refused = self._check_auth(state, seen)
        if refused:
            return refused
        station = seen.headers["X-Station-Id"]
        if seen.method == "POST" and url.path == "/v1/events":
            return self._upload(state, station, seen.body)
        if seen.method == "GET" and url.path == "/v1/changes":
            query = parse_qs(url.query)
            after, limit = int(query["after"][0]), int(query.get("limit", ["200"])[0])
            with state.lock:
                mine = [
                    c
                    for c in state.changes
                    if c["cursor"] > after and c["station"] in (None, station)
                ]
            page = mine[:limit]
            return (
                200,
                json.dumps(
                    {
                        "changes": [
                            {k: c[k] for k in ("cursor", "kind", "created_at", "data")}
                            for c in page
                        ],
                        "next_cursor": page[-1]["cursor"] if page else after,
                        "has_more": len(mine) > limit,
                    }
                ).encode(),
                {},
            )
        return _error(404, "not_found")

    @staticmethod
    def _check_auth(state: HubState, seen: Seen) -> tuple[int, bytes, dict[str, str]] | None:
        station = seen.headers.get("X-Station-Id", "")
        secret = state.stations.get(station)
        if secret is None:
            return _error(401, "unknown_station")
        timestamp = seen.headers.get("X-Timestamp", "")
        nonce = seen.headers.get("X-Nonce", "")
        canonical = "\n".join(
            [seen.method, seen.path, timestamp, nonce, hashlib.sha256(seen.body).hexdigest()]
        )
        expected = hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, seen.headers.get("X-Signature", "")):
            return _error(401, "bad_signature")
        if abs(int(timestamp) - (time.time() + state.clock_offset_s)) > 300:
            return _error(401, "stale_timestamp")
        with state.lock:
            if (station, nonce) in state.nonces:
                return _error(401, "replayed_nonce")
            state.nonces.add((station, nonce))
        return None

    @staticmethod
    def _upload(state: HubState, station: str, body: bytes) -> tuple[int, bytes, dict[str, str]]:
        try:
            document = json.loads(gzip.decompress(body))
        except (OSError, ValueError):
            return _error(400, "malformed")
        if document.get("station_id") != station:
            return _error(400, "malformed", "station_id differs from X-Station-Id")
        results = []
        with state.lock:
            for event in document["events"]:
                key = (station, event["event_id"])
                if event["kind"] not in KNOWN_KINDS:
                    results.append(
                        {
                            "event_id": event["event_id"],
                            "status": "rejected",
                            "reason": f"unknown kind '{event['kind']}'",
                        }
                    )
                elif key in state.events:
                    results.append({"event_id": event["event_id"], "status": "duplicate"})
                else:
                    state.events[key] = event
                    results.append({"event_id": event["event_id"], "status": "accepted"})
        return 200, json.dumps({"results": results}).encode(), {}


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: HubState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


class StandInHub:
    """`with StandInHub() as hub:` serves on `hub.url` until the block ends."""

    def __init__(self) -> None:
        self.state = HubState()
        self._server = _Server(self.state)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> StandInHub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
