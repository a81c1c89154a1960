"""What can go wrong talking to the hub, as types the CLI and the UI map to exit codes and words.

Every error means: nothing was changed locally by the request that failed.
"""

from __future__ import annotations


class HubError(Exception):
    """Base of all sync failures. `code` is the hub's `error.code` when it sent one."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class HubUnreachable(HubError):
    """No answer: connection refused or cut, DNS, TLS handshake, timeout, or 5xx after retries.

    Nothing is lost; try again later.
    """


class HubAuthRefused(HubError):
    """HTTP 401: unknown station, bad signature (wrong secret), stale clock or replayed nonce."""


class HubRejected(HubError):
    """The hub refused the request itself (400 malformed, 404, 413 too large, other 4xx)."""

    def __init__(self, message: str, code: str | None = None, status: int | None = None) -> None:
        super().__init__(message, code)
        self.status = status


class HubBadResponse(HubError):
    """The hub answered something this station cannot trust or parse; nothing was applied."""


class TlsFailure(HubError):
    """The hub's certificate did not verify (wrong CA bundle, or someone in between).

    Not retried: waiting does not fix a certificate.
    """


class NotLinked(HubError):
    """The station has no hub URL, station id or secret yet (`main.py init --hub …`)."""


class SyncBusy(HubError):
    """Another sync (the GUI's or the nightly job) holds the station's sync lock."""


class SyncStopped(HubError):
    """The run was asked to stop (the counter app is closing); what was committed stays."""
