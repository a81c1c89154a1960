"""The `main.py sync` command (the nightly job): progress, summary and exit codes. No Qt.

Exit codes are a stable contract for Task Scheduler, systemd and county scripts.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import TextIO

from station_app.paths import database_path
from station_app.storage import StorageFailure, open_database
from station_app.storage.database import check_station_file
from station_app.storage.failures import describe as describe_storage_error
from station_app.sync.errors import HubAuthRefused, HubError, HubUnreachable, TlsFailure
from station_app.sync.http_policy import RetryPolicy
from station_app.sync.sync_job import DOWNLOAD, SyncOutcome, SyncProgress, run_sync
from station_app.sync.sync_status import sync_status

EXIT_OK = 0  # everything delivered, change feed read to the end
EXIT_FAILED = 1  # anything else (not linked, lock busy, bad hub answer, local error)
EXIT_REJECTED = 2  # done, but the hub rejected some events; the keeper must look
EXIT_UNREACHABLE = 3  # hub unreachable or timed out; nothing lost, try later
EXIT_AUTH_REFUSED = 4  # the hub refused the station's id or secret (or its clock)

_AUTH_HINTS = {
    "unknown_station": "the hub does not know this station id; check `settings station_id`",
    "bad_signature": "the secret does not match; provision the station again (重新配置站点密钥)",
    "stale_timestamp": "this PC's clock is too far off; set the date and time",
    "replayed_nonce": "the hub saw this request before; try again",
}


def exit_code_for(error: BaseException) -> int:
    """The sync command's exit code for a failure."""
    if isinstance(error, HubAuthRefused):
        return EXIT_AUTH_REFUSED
    if isinstance(error, HubUnreachable):
        return EXIT_UNREACHABLE
    return EXIT_FAILED


def describe(error: HubError) -> str:
    """One line for stderr saying what happened and what to do."""
    if isinstance(error, HubAuthRefused):
        hint = _AUTH_HINTS.get(error.code or "", "check the station id and secret")
        return f"hub refused the station's credentials ({error.code or 'no code'}): {hint}"
    if isinstance(error, HubUnreachable):
        return f"hub unreachable, nothing lost, try later: {error}"
    if isinstance(error, TlsFailure):
        return f"{error} (check `settings ca_bundle`)"
    # HubRejected, HubBadResponse, SyncBusy, NotLinked: their message says it all.
    return str(error)


class _TerminalProgress:
    """`sent 120/1234` rewritten in place on a terminal; silent when output is a file."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._live = stream.isatty()
        self._dirty = False

    def __call__(self, progress: SyncProgress) -> None:
        if not self._live:
            return
        if progress.phase == DOWNLOAD:
            text = f"changes received {progress.done}"
        else:
            text = f"events sent {progress.done}/{progress.total}"
        self._stream.write(f"\r{text:<40}")
        self._stream.flush()
        self._dirty = True

    def end(self) -> None:
        if self._dirty:
            self._stream.write("\n")
            self._dirty = False


def print_status(folder: Path, out: TextIO) -> None:
    """`sync --status`: queue length, rejected events, last success, last error."""
    db = open_database(database_path(folder), create=False)
    try:
        status = sync_status(db)
    finally:
        db.close()
    print(f"linked = {'yes' if status.linked else 'no'}", file=out)
    print(f"station_id = {status.station_id}", file=out)
    print(f"hub_url = {status.hub_url or '(not set)'}", file=out)
    print(f"queued = {status.queued}", file=out)
    print(f"rejected = {status.rejected}", file=out)
    print(f"cursor = {status.cursor}", file=out)
    print(f"last_success = {status.last_success_at or 'never'}", file=out)
    print(f"last_attempt = {status.last_attempt_at or 'never'}", file=out)
    print(f"last_error = {status.last_error or 'none'}", file=out)


def _summary(outcome: SyncOutcome) -> str:
    return (
        f"sync: {outcome.sent} events sent ({outcome.accepted} accepted, "
        f"{outcome.duplicate} duplicate, {outcome.rejected} rejected); "
        f"{outcome.changes_applied} changes applied, {outcome.changes_skipped} skipped; "
        f"{outcome.rejected_total} rejected waiting, {outcome.queued_left} queued"
    )


def sync_command(
    folder: Path,
    *,
    lock_wait_s: float,
    retries: int | None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Run one sync of the station in `folder`; print the summary; return the exit code."""
    db_path = database_path(folder)
    if not db_path.exists():
        print(f"error: no station database at {db_path}; run `main.py init` first", file=err)
        return EXIT_FAILED
    progress = _TerminalProgress(err)
    retry = RetryPolicy() if retries is None else RetryPolicy(retries=max(0, retries))
    try:
        # Before the lock file is made: a broken station.db is refused with nothing written.
        check_station_file(db_path)
        outcome = run_sync(
            db_path, trigger="cli", lock_wait_s=lock_wait_s, progress=progress, retry=retry
        )
    except HubError as error:
        progress.end()
        print(f"error: {describe(error)}", file=err)
        return exit_code_for(error)
    except (StorageFailure, sqlite3.Error, OSError) as error:
        # A full disk or a read-only folder mid-sync: what committed before stays, the
        # batch or page in flight rolled back; the next run resumes from there.
        failure = describe_storage_error(error, db_path)
        if failure is None:
            raise
        progress.end()
        print(f"error: {failure.zh} / {failure.en}", file=err)
        return EXIT_FAILED
    progress.end()
    print(_summary(outcome), file=out)
    _update_after_sync(db_path, out, err)
    if outcome.rejected_total:
        print(
            f"warning: {outcome.rejected_total} events rejected by the hub; see the sync "
            "page in the counter app (Ctrl+S)",
            file=err,
        )
        return EXIT_REJECTED
    return EXIT_OK


def _update_after_sync(db_path: Path, out: TextIO, err: TextIO) -> None:
    """The update check that follows a sync; its failure is a warning, never the exit code."""
    from station_app.core.errors import StationError
    from station_app.sync.update_check import (
        describe_refusal,
        update_after_sync,
        updates_configured,
    )

    if not updates_configured(db_path.parent):
        return  # a build without the county's update root: updates are not set up
    try:
        result = update_after_sync(db_path)
    except (StationError, HubError) as error:
        text = describe_refusal(error) if isinstance(error, StationError) else str(error)
        print(f"warning: {text}", file=err)
        return
    except (StorageFailure, sqlite3.Error, OSError) as error:
        print(f"warning: update: not checked: {error}", file=err)
        return
    print(result.line, file=out)
