"""Refusals of an update, in the keeper's words; nothing was changed when one is raised."""

from __future__ import annotations

from station_app.core.errors import StationError


class UpdateRefused(StationError):
    """The update was not taken; `code` says why (for tests and the status bar).

    no_update_root, unreachable, metadata_expired, metadata_rollback, metadata_unsigned,
    metadata_refused, archive_tampered, download_failed, older_version, failed_before,
    no_update_ready.
    """

    default_code = "update_refused"
