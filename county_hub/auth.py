"""Request signatures: HMAC-SHA256 over method, path, timestamp, nonce and body hash.

The order of the checks and the error codes are the protocol's (`docs/sync-protocol.md`
§ Authentication). Secrets and signatures are never logged or put in messages.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from county_hub.errors import auth_refused
from county_hub.protocol import is_station_id
from village_protocol.limits import CLOCK_WINDOW_S

NONCE = re.compile(r"[0-9a-f]{32}")
SIGNATURE = re.compile(r"[0-9a-f]{64}")
TIMESTAMP = re.compile(r"[0-9]{1,12}")


@dataclass(frozen=True)
class SignedRequest:
    """What a station put on the wire, as the hub received it."""

    method: str
    path: str  # path plus query string, exactly as sent
    headers: Mapping[str, str]  # looked up case-insensitively by the web layer
    body: bytes


def canonical_string(method: str, path: str, timestamp: str, nonce: str, body: bytes) -> str:
    """The five signed lines, joined by newlines, with no trailing newline."""
    return "\n".join([method.upper(), path, timestamp, nonce, hashlib.sha256(body).hexdigest()])


def sign(secret: str, method: str, path: str, timestamp: str, nonce: str, body: bytes) -> str:
    """Lowercase hex HMAC-SHA256 keyed with the secret's UTF-8 bytes."""
    message = canonical_string(method, path, timestamp, nonce, body)
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def check_headers(headers: Mapping[str, str], secret_of: Callable[[str], str | None]) -> None:
    """What can be checked before the body is read: a known station, well-formed headers.

    Only a request that passes is allowed to send its body, so a stranger cannot make
    the hub wait for or hold megabytes it will refuse anyway.

    Raises:
        HubRefusal: 401 `unknown_station` or `bad_signature`, as `verify` would.
    """
    station_id = headers.get("x-station-id", "")
    if not is_station_id(station_id) or secret_of(station_id) is None:
        raise auth_refused("unknown_station", "unknown or disabled station", close=True)
    if not (
        NONCE.fullmatch(headers.get("x-nonce", ""))
        and SIGNATURE.fullmatch(headers.get("x-signature", ""))
    ):
        raise auth_refused("bad_signature", "missing or malformed signature headers", close=True)


def verify(
    request: SignedRequest,
    secret_of: Callable[[str], str | None],
    remember_nonce: Callable[[str, str], bool],
    now_s: int,
) -> str:
    """Check a signed request and return its station id.

    `secret_of` gives an active station's secret (None for unknown or disabled);
    `remember_nonce` records a nonce and says False if the station already used it.
    It is called only once the signature and the timestamp are good.

    Raises:
        HubRefusal: 401 with `unknown_station`, `bad_signature`, `stale_timestamp` or
            `replayed_nonce`, checked in that order.
    """
    station_id = request.headers.get("x-station-id", "")
    secret = secret_of(station_id) if is_station_id(station_id) else None
    if secret is None:
        raise auth_refused("unknown_station", "unknown or disabled station")
    timestamp = request.headers.get("x-timestamp", "")
    nonce = request.headers.get("x-nonce", "")
    given = request.headers.get("x-signature", "")
    # Malformed headers cannot have been signed by a correct station: same answer as a
    # wrong signature, and the regexes keep non-ASCII text away from compare_digest.
    if not (NONCE.fullmatch(nonce) and SIGNATURE.fullmatch(given)):
        raise auth_refused("bad_signature", "missing or malformed signature headers")
    wanted = sign(secret, request.method, request.path, timestamp, nonce, request.body)
    if not hmac.compare_digest(wanted.encode(), given.encode()):
        raise auth_refused("bad_signature", "the signature does not match")
    if not TIMESTAMP.fullmatch(timestamp) or abs(now_s - int(timestamp)) > CLOCK_WINDOW_S:
        raise auth_refused(
            "stale_timestamp",
            f"X-Timestamp is more than {CLOCK_WINDOW_S} s away from the hub's clock",
        )
    if not remember_nonce(station_id, nonce):
        raise auth_refused("replayed_nonce", "this nonce was already used")
    return station_id
