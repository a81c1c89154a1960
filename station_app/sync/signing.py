"""Request signing for the hub API (docs/sync-protocol.md § Authentication).

HMAC-SHA256 keyed with the station secret (its hex text as UTF-8 bytes) over five
lines: method, path with query, timestamp, nonce and the SHA-256 of the body bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

SECRET_HEX_CHARS = 64
NONCE_HEX_CHARS = 32

HEADER_STATION = "X-Station-Id"
HEADER_TIMESTAMP = "X-Timestamp"
HEADER_NONCE = "X-Nonce"
HEADER_SIGNATURE = "X-Signature"


def is_valid_secret(text: str) -> bool:
    """True for the form the hub prints: 64 lowercase hex characters."""
    return len(text) == SECRET_HEX_CHARS and all(c in "0123456789abcdef" for c in text)


def body_digest(body: bytes) -> str:
    """Lowercase hex SHA-256 of the body as sent (the gzip bytes for uploads)."""
    return hashlib.sha256(body).hexdigest()


def canonical_string(method: str, path: str, timestamp: str, nonce: str, body: bytes) -> str:
    """The five lines the signature covers, joined by newlines, no trailing newline."""
    return "\n".join((method.upper(), path, timestamp, nonce, body_digest(body)))


def sign(secret: str, method: str, path: str, timestamp: str, nonce: str, body: bytes) -> str:
    """Lowercase hex HMAC-SHA256 of the canonical string under `secret`."""
    message = canonical_string(method, path, timestamp, nonce, body).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def new_nonce() -> str:
    """A fresh nonce: 32 lowercase hex characters from the OS's random source."""
    return secrets.token_hex(NONCE_HEX_CHARS // 2)


@dataclass(frozen=True)
class SignedHeaders:
    """The four auth headers of one request."""

    station_id: str
    timestamp: str
    nonce: str
    signature: str

    def as_dict(self) -> dict[str, str]:
        """The headers as sent."""
        return {
            HEADER_STATION: self.station_id,
            HEADER_TIMESTAMP: self.timestamp,
            HEADER_NONCE: self.nonce,
            HEADER_SIGNATURE: self.signature,
        }


def signed_headers(
    station_id: str,
    secret: str,
    method: str,
    path: str,
    body: bytes,
    unix_time: int,
    nonce: str | None = None,
) -> SignedHeaders:
    """Headers for one request sent at `unix_time` (whole seconds, hub clock)."""
    timestamp = str(unix_time)
    nonce = nonce or new_nonce()
    return SignedHeaders(
        station_id, timestamp, nonce, sign(secret, method, path, timestamp, nonce, body)
    )


def verify(
    secret: str, method: str, path: str, timestamp: str, nonce: str, body: bytes, signature: str
) -> bool:
    """Check a signature in constant time (the test hub stand-in uses this)."""
    expected = sign(secret, method, path, timestamp, nonce, body)
    return hmac.compare_digest(expected, signature)
