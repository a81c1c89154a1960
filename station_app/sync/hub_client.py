"""The county hub's HTTP client: one `requests.Session`, signed requests, bounded retries.

Qt-free, so the GUI's background worker and the nightly job use the same code.
Every request is signed afresh (new timestamp and nonce), including each retry:
the hub refuses a nonce it has seen, and a retried upload is safe because the hub
keeps each (station, event id) once.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
import tenacity

from station_app import __version__
from station_app.core.audit import Anchor, ChainHead
from station_app.core.clock import parse_iso
from station_app.sync.errors import (
    HubAuthRefused,
    HubBadResponse,
    HubError,
    HubRejected,
    HubUnreachable,
    TlsFailure,
)
from station_app.sync.http_policy import RetryPolicy, Timeouts
from station_app.sync.link import HubLink
from station_app.sync.outbox import OutboxEvent
from station_app.sync.protocol import (
    MAX_RESPONSE_BYTES,
    ChangePage,
    EncodedBatch,
    EventResult,
    HubPing,
    encode_batch,
    parse_change_page,
    parse_error,
    parse_json,
    parse_ping,
    parse_upload_results,
)
from station_app.sync.signing import signed_headers
from village_protocol.limits import DEFAULT_PAGE_LIMIT, MAX_EVENTS_PER_BATCH, MAX_PAGE_LIMIT
from village_protocol.upload_status import UploadStatus

log = logging.getLogger("station_app.sync")

_RETRYABLE = (
    requests.exceptions.ConnectionError,
    requests.exceptions.Timeout,
    requests.exceptions.ChunkedEncodingError,
)
_HASH = re.compile(r"[0-9a-f]{64}")


class AnchorRefused(HubRejected):
    """HTTP 409 `anchor_refused`: the hub will not confirm this audit-chain head.

    The hub confirmed a row this station's audit log no longer has, or no longer has
    with that hash: the log lost rows or was changed. The hub recorded the refusal.
    """


@dataclass(frozen=True)
class _Answer:
    status: int
    body: bytes


class HubClient:
    """Talks protocol v1 to one hub for one station.

    Args:
        link: hub URL, station id, secret and CA bundle.
        timeouts: connect and read timeouts.
        retry: how often and how patiently to retry transient failures.
        session: a `requests.Session` to use (one is made otherwise).
        sleep: waits between retries (tests pass a fake).
        now: Unix time in seconds (tests pass a wrong clock).
        rng: randomness for the jitter.
    """

    def __init__(
        self,
        link: HubLink,
        *,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        self.link = link
        self.timeouts = timeouts or Timeouts()
        self.retry = retry or RetryPolicy()
        self._session = session or requests.Session()
        self._session.headers["User-Agent"] = f"village-station/{__version__}"
        self._sleep = sleep
        self._now = now
        self._rng = rng or random.Random()
        # Seconds to add to the PC clock to get the hub's; learnt when the hub calls our
        # timestamp stale (village PCs often keep the wrong time).
        self.clock_offset_s = 0.0
        parts = urlsplit(link.hub_url)
        self._origin = f"{parts.scheme}://{parts.netloc}"
        self._prefix = parts.path.rstrip("/")

    def close(self) -> None:
        """Close the pooled connections."""
        self._session.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the three endpoints ----------------------------------------------------------------
    def ping(self) -> HubPing:
        """`GET /v1/ping`, unsigned, one try: the cheap connectivity probe.

        Raises:
            HubUnreachable: no answer or a 5xx.
            HubBadResponse: an answer that is not the hub's ping.
        """
        answer = self._request("GET", "/v1/ping", b"", signed=False, retries=0)
        return parse_ping(parse_json(answer.body))

    def upload_events(
        self,
        events: Sequence[OutboxEvent],
        status: UploadStatus | None = None,
        *,
        encoded: EncodedBatch | None = None,
    ) -> list[EventResult]:
        """`POST /v1/events` with one batch in the given (seq) order; the hub's answer per event.

        `status` (the station's app version, queue length, last error) rides along.
        `encoded` is `encode_batch(station_id, events, status)` when the caller has it
        already (it checked the size limits with it).

        Raises:
            ValueError: more events than a batch may hold, or a body over the size limits.
            HubError: any failure; nothing about the batch is known then.
        """
        if not 0 < len(events) <= MAX_EVENTS_PER_BATCH:
            raise ValueError(f"a batch holds 1 to {MAX_EVENTS_PER_BATCH} events, not {len(events)}")
        batch = encoded or encode_batch(self.link.station_id, events, status)
        if not batch.fits:
            raise ValueError(
                f"batch too large: {len(batch.body)} bytes gzip, {batch.raw_size} bytes raw"
            )
        answer = self._request(
            "POST",
            "/v1/events",
            batch.body,
            signed=True,
            extra_headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
        )
        return parse_upload_results(parse_json(answer.body), events)

    def fetch_changes(self, after: int, limit: int = DEFAULT_PAGE_LIMIT) -> ChangePage:
        """`GET /v1/changes?after=…&limit=…`: one checked page of the change feed.

        Raises:
            HubError: any failure, including a page that breaks the protocol's promises.
        """
        if not 1 <= limit <= MAX_PAGE_LIMIT:
            raise ValueError(f"limit must be 1 to {MAX_PAGE_LIMIT}")
        if after < 0:
            raise ValueError("cursor cannot be negative")
        answer = self._request("GET", f"/v1/changes?after={after}&limit={limit}", b"", signed=True)
        return parse_change_page(parse_json(answer.body), after, limit)

    def fetch_my_events(self, after: int, limit: int = MAX_PAGE_LIMIT) -> dict[str, Any]:
        """`GET /v1/events/mine?after=…&limit=…`: a page of the events this station sent.

        Used only by recovery (station_app/sync/recovery.py), which checks the page.

        Raises:
            HubError: any failure (`HubRejected` with status 404 from an older hub).
        """
        if not 1 <= limit <= MAX_PAGE_LIMIT:
            raise ValueError(f"limit must be 1 to {MAX_PAGE_LIMIT}")
        answer = self._request(
            "GET", f"/v1/events/mine?after={after}&limit={limit}", b"", signed=True
        )
        page = parse_json(answer.body)
        if not isinstance(page, dict):
            raise HubBadResponse("events page is not a JSON object")
        return page

    def record_recovery(self, terminal_id: str) -> dict[str, Any]:
        """`POST /v1/recovery`: tell the hub this terminal was rebuilt from its events.

        The hub then accepts one new audit chain for the terminal (county_hub/anchors.py).
        """
        body = json.dumps(
            {"station_id": self.link.station_id, "terminal_id": terminal_id},
            separators=(",", ":"),
        ).encode()
        answer = self._request(
            "POST",
            "/v1/recovery",
            body,
            signed=True,
            extra_headers={"Content-Type": "application/json"},
        )
        recorded = parse_json(answer.body)
        if not isinstance(recorded, dict):
            raise HubBadResponse("recovery answer is not a JSON object")
        return recorded

    def fetch_anchor(self, terminal_id: str) -> Anchor | None:
        """`GET /v1/anchor?terminal=…`: the audit-chain head the hub last confirmed, if any.

        Raises:
            HubError: any failure (`HubRejected` with status 404 from a hub without anchors).
        """
        answer = self._request("GET", f"/v1/anchor?terminal={terminal_id}", b"", signed=True)
        return _parse_anchor(
            parse_json(answer.body), self.link.station_id, terminal_id, allow_none=True
        )

    def send_anchor(
        self, terminal_id: str, head: ChainHead, prior: tuple[int, str | None] | None
    ) -> Anchor:
        """`POST /v1/anchor`: have the audit chain's `head` confirmed.

        `prior` is this chain's row at the hub's last confirmed seq: (seq, its hash here,
        or None when the row is gone); None when the hub has confirmed nothing yet.

        Safe to retry: sending a confirmed head again confirms it again.

        Raises:
            AnchorRefused: the hub refused it (and recorded why).
            HubError: any other failure.
        """
        body = json.dumps(
            {
                "station_id": self.link.station_id,
                "terminal_id": terminal_id,
                "seq": head.seq,
                "hash": head.hash,
                "prior": None if prior is None else {"seq": prior[0], "hash": prior[1]},
            },
            separators=(",", ":"),
        ).encode()
        try:
            answer = self._request(
                "POST",
                "/v1/anchor",
                body,
                signed=True,
                extra_headers={"Content-Type": "application/json"},
            )
        except HubRejected as error:
            if error.status == 409:
                raise AnchorRefused(str(error), error.code, 409) from None
            raise
        anchor = _parse_anchor(
            parse_json(answer.body), self.link.station_id, terminal_id, allow_none=False
        )
        assert anchor is not None
        if (anchor.seq, anchor.hash) != (head.seq, head.hash):
            raise HubBadResponse(f"hub confirmed row {anchor.seq}, not the row {head.seq} sent")
        return anchor

    # -- plumbing ---------------------------------------------------------------------------
    def _request(
        self,
        method: str,
        target: str,
        body: bytes,
        *,
        signed: bool,
        retries: int | None = None,
        extra_headers: dict[str, str] | None = None,
    ) -> _Answer:
        """Send with retries; return a 200 answer or raise the matching HubError."""
        answer = self._send_with_retries(method, target, body, signed, retries, extra_headers)
        if answer.status == 401 and signed:
            code, _ = parse_error(_json_or_none(answer.body))
            if code == "stale_timestamp" and self._learn_hub_clock():
                answer = self._send_with_retries(
                    method, target, body, signed, retries, extra_headers
                )
        return self._check(answer)

    def _send_with_retries(
        self,
        method: str,
        target: str,
        body: bytes,
        signed: bool,
        retries: int | None,
        extra_headers: dict[str, str] | None,
    ) -> _Answer:
        """Any answer below 500, trying again on network errors and 5xx (`tenacity`).

        Only the sending is retried, never what follows a received answer: each try
        is `_send_once`, which re-signs the request and returns before the caller looks
        at the answer.
        """
        allowed = self.retry.retries if retries is None else retries

        def wait(state: tenacity.RetryCallState) -> float:
            return self.retry.delay(state.attempt_number - 1, self._rng)

        def announce(state: tenacity.RetryCallState) -> None:
            failure = state.outcome.exception() if state.outcome else None
            log.info(
                "%s %s failed (%s); retry %d/%d in %.1f s",
                method,
                target.split("?")[0],
                failure,
                state.attempt_number,
                allowed,
                state.upcoming_sleep,
            )

        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(allowed + 1),
            wait=wait,
            retry=tenacity.retry_if_exception_type(HubUnreachable),
            sleep=self._sleep,
            before_sleep=announce,
            reraise=True,
        )
        return retrying(self._try_once, method, target, body, signed, extra_headers)

    def _try_once(
        self,
        method: str,
        target: str,
        body: bytes,
        signed: bool,
        extra_headers: dict[str, str] | None,
    ) -> _Answer:
        """One try; HubUnreachable for what asking again may cure (network errors, 5xx)."""
        try:
            answer = self._send_once(method, target, body, signed, extra_headers)
        except requests.exceptions.SSLError as error:
            raise TlsFailure(f"hub certificate not trusted: {error}") from None
        except _RETRYABLE as error:
            raise HubUnreachable(network_reason(error)) from None
        if answer.status >= 500:
            code, message = parse_error(_json_or_none(answer.body))
            raise HubUnreachable(
                f"hub answered {answer.status} {code or ''} {message}".strip(), code
            )
        return answer

    def _send_once(
        self,
        method: str,
        target: str,
        body: bytes,
        signed: bool,
        extra_headers: dict[str, str] | None,
    ) -> _Answer:
        path = self._prefix + target
        headers = {"Accept": "application/json", **(extra_headers or {})}
        if signed:
            link = self.link
            unix_time = int(self._now() + self.clock_offset_s)
            headers |= signed_headers(
                link.station_id, link.secret, method, path, body, unix_time
            ).as_dict()
        response = self._session.request(
            method,
            self._origin + path,
            data=body or None,
            headers=headers,
            timeout=(self.timeouts.connect_s, self.timeouts.read_s),
            verify=self.link.ca_bundle or True,
            # A redirect would re-send a signed request somewhere else: never follow one.
            allow_redirects=False,
            stream=True,
        )
        try:
            return _Answer(response.status_code, _read_bounded(response))
        finally:
            response.close()

    def _learn_hub_clock(self) -> bool:
        """Measure the PC clock's offset from the hub's (via ping); False if it did not help."""
        before = self.clock_offset_s
        try:
            hub_time = parse_iso(self.ping().time).timestamp()
        except (HubError, ValueError):
            return False
        self.clock_offset_s = hub_time - self._now()
        log.warning(
            "station clock is %+.0f s off the hub's; signing with the hub's time",
            -self.clock_offset_s,
        )
        return abs(self.clock_offset_s - before) > 1

    @staticmethod
    def _check(answer: _Answer) -> _Answer:
        if answer.status == 200:
            return answer
        code, message = parse_error(_json_or_none(answer.body))
        text = f"hub answered {answer.status} {code or '(no code)'}: {message}".rstrip(": ")
        if answer.status == 401:
            raise HubAuthRefused(text, code)
        if 400 <= answer.status < 500:
            raise HubRejected(text, code, answer.status)
        raise HubBadResponse(f"unexpected HTTP status {answer.status}", code)


def _parse_anchor(
    value: Any, station_id: str, terminal_id: str, *, allow_none: bool
) -> Anchor | None:
    """The `anchor` of a `/v1/anchor` answer, checked strictly."""
    if (
        not isinstance(value, dict)
        or value.get("terminal_id") != terminal_id
        or "anchor" not in value
    ):
        raise HubBadResponse("anchor answer is not {terminal_id, anchor} for this terminal")
    anchor = value["anchor"]
    if anchor is None and allow_none:
        return None
    if not isinstance(anchor, dict):
        raise HubBadResponse("anchor answer without an anchor")
    seq, digest, at = anchor.get("seq"), anchor.get("hash"), anchor.get("confirmed_at")
    if (
        isinstance(seq, bool)
        or not isinstance(seq, int)
        or seq < 1
        or not isinstance(digest, str)
        or not _HASH.fullmatch(digest)
        or not isinstance(at, str)
        or not at
    ):
        raise HubBadResponse("anchor answer with a bad seq, hash or confirmed_at")
    return Anchor(seq, digest, at, station_id, terminal_id)


def _read_bounded(response: requests.Response) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            raise HubBadResponse(f"hub response larger than {MAX_RESPONSE_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _json_or_none(body: bytes) -> Any:
    try:
        return parse_json(body)
    except HubBadResponse:
        return None


def network_reason(error: Exception) -> str:
    """A short reason for a network failure ("connection refused", "read timed out")."""
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return "connect timed out"
    if isinstance(error, requests.exceptions.Timeout):
        return "read timed out"
    text = str(error)
    if "timed out" in text.lower():  # a read timeout while streaming the body
        return "read timed out"
    errno_text = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", text)
    if errno_text:
        return errno_text.group(1).strip().lower()
    if "Connection aborted" in text or "RemoteDisconnected" in text:
        return "connection closed by the hub"
    if isinstance(error, requests.exceptions.ChunkedEncodingError):
        return "answer cut off"
    return text if len(text) <= 200 else text[:200] + "…"
