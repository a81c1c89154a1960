"""Refusals the hub answers with `{"error": {"code", "message"}}` and an HTTP status."""

from __future__ import annotations


class HubRefusal(Exception):
    """A request the hub refuses; `code` is the protocol's `error.code`."""

    def __init__(self, status: int, code: str, message: str, *, close: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        # Answered before the body was read to its end: the connection cannot carry another
        # request, so the answer closes it instead of leaving it to the client.
        self.close = close


def auth_refused(code: str, message: str, *, close: bool = False) -> HubRefusal:
    """A 401 refusal (`unknown_station`, `bad_signature`, `stale_timestamp`, ...)."""
    return HubRefusal(401, code, message, close=close)


def malformed(message: str) -> HubRefusal:
    """A 400 refusal for bad JSON, bad gzip or a wrong shape."""
    return HubRefusal(400, "malformed", message)


def too_large(message: str, *, close: bool = False) -> HubRefusal:
    """A 413 refusal for a body or batch over the protocol's limits."""
    return HubRefusal(413, "too_large", message, close=close)


def timed_out(message: str) -> HubRefusal:
    """A 408 refusal: the request body did not arrive in time; the connection is closed."""
    return HubRefusal(408, "timeout", message, close=True)
