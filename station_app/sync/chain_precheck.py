"""The audit rows since the last confirmed anchor, checked while the upload runs.

Before a sync sends the audit chain's head for confirmation it checks every row after
the one the hub confirmed last (`sync_job._anchor_chain`). Those rows were written
before the sync began, and during the upload the sync mostly waits for the hub, so
they are checked then, on a thread with a connection of its own: 70 ms at 10,000 sales
since the last sync, and the whole history (10 s at a million sales) on the first sync
after linking, that no longer come after the upload. The anchoring then walks only the
rows after the checked ones, and only if the rows at both ends of the check still hold
the hashes it saw; otherwise, or when the check found a fault or did not finish, it
checks everything as before, so a fault is reported exactly as it always was.

What that gives up: a row edited without re-hashing the rows after it, between this
check and the anchoring a few seconds later, is caught by `verify-audit` rather than by
this sync's anchoring (as for the rows a download writes, see `core.audit.WrittenRun`).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from station_app.core.audit import (
    GENESIS_HASH,
    ChainHead,
    chain_head,
    load_anchor,
    stored_hash,
    verify_audit_since,
)
from station_app.storage.database import connect
from station_app.storage.sqlite_wrapper import Database

log = logging.getLogger("station_app.sync")


@dataclass(frozen=True)
class CheckedRows:
    """Rows found intact and linked: every row after `after`, up to and with `head`."""

    after: ChainHead
    head: ChainHead


class ChainPrecheck:
    """Checks the rows after the kept anchor on a thread; `result()` says what it found."""

    def __init__(self, db_path: Path) -> None:
        self._db_path = db_path
        self._stop = threading.Event()
        self._found: CheckedRows | None = None
        self._starting = threading.Lock()
        self._thread = threading.Thread(target=self._check, name="sync-audit-check", daemon=True)

    def start(self) -> None:
        """Begin the check, unless it has begun."""
        with self._starting:
            if self._thread.ident is None and not self._stop.is_set():
                self._thread.start()

    def result(self) -> CheckedRows | None:
        """Wait for the check (begun now if it was not): the rows it found intact, or None.

        None: nothing to check, a fault found, the check stopped or failed.
        """
        self.start()
        if self._thread.ident is not None:
            self._thread.join()
        return self._found

    def cancel(self) -> None:
        """End the check, if it runs, at its next thousand rows, and wait for it."""
        self._stop.set()
        with self._starting:
            if self._thread.ident is not None:
                self._thread.join()

    def _check(self) -> None:
        try:
            db = connect(self._db_path)
        except sqlite3.Error as error:
            log.debug("audit pre-check skipped: %s", error)
            return
        try:
            anchor = load_anchor(db)
            start = anchor.seq if anchor is not None else 0
            after_hash = GENESIS_HASH if start == 0 else stored_hash(db, start)
            head = chain_head(db)
            if after_hash is None or head is None or head.seq <= start:
                return
            verdict = verify_audit_since(db, start, until=head.seq, stopped=self._stop.is_set)
            if verdict.ok:
                self._found = CheckedRows(ChainHead(start, after_hash), head)
        except sqlite3.Error as error:
            # The anchoring checks every row itself, and reports what it finds.
            log.debug("audit pre-check stopped: %s", error)
        finally:
            db.close()


def resume_point(db: Database, checked: CheckedRows | None, start: int) -> int:
    """The row after which the anchoring's own check begins, when it begins at `start`.

    After the pre-checked rows when the check began at `start` too and the rows at both
    of its ends still hold the hashes it saw; else `start` itself.
    """
    if checked is None or checked.after.seq != start:
        return start
    start_hash = GENESIS_HASH if start == 0 else stored_hash(db, start)
    if start_hash != checked.after.hash or stored_hash(db, checked.head.seq) != checked.head.hash:
        return start
    return checked.head.seq
