"""Refusals the hub answers with `{"error": {"code", "message"}}` and an HTTP status."""

from __future__ import annotations


class HubRefusal(Exception):
    """A request the hub refuses; `code` is the protocol's `error.code`."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def auth_refused(code: str, message: str) -> HubRefusal:
    """A 401 refusal (`unknown_station`, `bad_signature`, `stale_timestamp`, ...)."""
    return HubRefusal(401, code, message)


def malformed(message: str) -> HubRefusal:
    """A 400 refusal for bad JSON, bad gzip or a wrong shape."""
    return HubRefusal(400, "malformed", message)


def too_large(message: str) -> HubRefusal:
    """A 413 refusal for a body or batch over the protocol's limits."""
    return HubRefusal(413, "too_large", message)
