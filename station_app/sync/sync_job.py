"""One sync run: upload everything queued, then download every page of the change feed.

Used by the nightly job (`main.py sync`) and by the GUI's background worker alike.
Crash safety comes from the transaction boundaries, not from care at run time:

- an upload batch is marked delivered/rejected in one transaction after the hub
  answered; a crash before that resends the batch and the hub answers `duplicate`;
- a page of changes is applied together with its new cursor in one transaction; a
  crash before the commit asks for the same page again, after it for the next one.

No transaction is ever open while waiting for the network, so the counter keeps
selling while a sync runs.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from station_app import __version__
from station_app.core.audit import (
    Anchor,
    WrittenRun,
    chain_head,
    save_anchor,
    stored_hash,
    verify_audit_since,
    written_run,
)
from station_app.core.clock import Clock
from station_app.storage import open_database
from station_app.storage.sqlite_wrapper import Database
from station_app.storage.transaction import write_transaction
from station_app.sync.catalog_pages import apply_page_changes
from station_app.sync.chain_precheck import ChainPrecheck, CheckedRows, resume_point
from station_app.sync.day_totals import QueuedRecords, batch_day_totals
from station_app.sync.errors import HubBadResponse, HubError, HubRejected, SyncStopped
from station_app.sync.http_policy import RetryPolicy, Timeouts
from station_app.sync.hub_client import HubClient
from station_app.sync.link import load_link
from station_app.sync.lock import SyncLock
from station_app.sync.outbox import (
    OutboxEvent,
    made_after,
    mark_delivered_many,
    mark_rejected,
    newest_seq,
    pending_count,
    pending_events,
    rejected_count,
)
from station_app.sync.outbox_pruning import prune_delivered_events
from station_app.sync.protocol import (
    RESULT_REJECTED,
    Change,
    ChangePage,
    EncodedBatch,
    EventResult,
    HubPing,
    encode_batch,
)
from station_app.sync.sync_log import close_sync_log, open_sync_log
from village_protocol.changes import ChangeRefused
from village_protocol.limits import MAX_EVENTS_PER_BATCH, MAX_PAGE_LIMIT
from village_protocol.upload_status import UploadStatus, upload_status

log = logging.getLogger("station_app.sync")

MAX_PAGES_PER_RUN = 10_000
# Changes asked for per page: the protocol's most. Each page is one transaction and one
# commit (an fsync), and one request: a catalog of 100,000 is 200 of them, not 500.
PAGE_LIMIT = MAX_PAGE_LIMIT
KEEP_RUNS = 500
UPLOAD = "upload"
# The first audit row of a chain rebuilt from the hub (station_app/sync/recovery.py).
RECOVERED_ACTION = "station.recovered"
DOWNLOAD = "download"


@dataclass(frozen=True)
class SyncProgress:
    """Where a run stands: `done` of `total` events sent, or `done` changes received."""

    phase: str  # "upload" or "download"
    done: int
    total: int


@dataclass(frozen=True)
class SyncOutcome:
    """What a finished run did, and what is left.

    `rejected_total` counts every event set aside (this run's and earlier ones the
    keeper has not sent again); `queued_left` events were queued while the run went.
    """

    sent: int
    accepted: int
    duplicate: int
    rejected: int
    rejected_total: int
    queued_left: int
    changes_applied: int
    changes_skipped: int
    cursor: int
    finished_at: str
    events_pruned: int = 0  # delivered events past the retention, deleted from the outbox

    @property
    def all_delivered(self) -> bool:
        """Nothing rejected is waiting for the keeper."""
        return self.rejected_total == 0


@dataclass
class _Tally:
    sent: int = 0
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    applied: int = 0
    skipped: int = 0
    # The audit rows the pages appended, so the anchoring does not hash them twice.
    written: list[WrittenRun] = field(default_factory=list)


ProgressHook = Callable[[SyncProgress], None]


def read_cursor(db: Database) -> int:
    """The last change-feed cursor applied."""
    return int(db.execute("SELECT cursor FROM sync_state WHERE id = 1").fetchone()[0])


def probe_hub(db_path: Path, timeouts: Timeouts | None = None) -> HubPing:
    """One unsigned `GET /v1/ping` to the station's hub: is it reachable now?

    Cheap on purpose (no lock, no retries), for the GUI's connectivity probe.

    Raises:
        NotLinked: no hub configured.
        HubUnreachable, HubBadResponse, TlsFailure: not reachable, or not a hub.
    """
    db = open_database(db_path, migrate=False, create=False)
    try:
        link = load_link(db)
    finally:
        db.close()
    with HubClient(
        link, timeouts=timeouts or Timeouts(5.0, 10.0), retry=RetryPolicy(retries=0)
    ) as client:
        return client.ping()


def run_sync(
    db_path: Path,
    *,
    trigger: str = "cli",
    lock_wait_s: float = 0.0,
    progress: ProgressHook | None = None,
    timeouts: Timeouts | None = None,
    retry: RetryPolicy | None = None,
    batch_size: int = MAX_EVENTS_PER_BATCH,
    page_limit: int = PAGE_LIMIT,
    clock: Clock | None = None,
    stop: threading.Event | None = None,
) -> SyncOutcome:
    """Sync the station database at `db_path` with its hub, under the station's sync lock.

    Opens its own SQLite connection, so any thread may call it. Setting `stop` ends the
    run at the next batch, page or retry wait (raising SyncStopped).

    Raises:
        SyncBusy: another sync holds the lock (after `lock_wait_s` seconds).
        NotLinked: no hub configured.
        HubUnreachable, HubAuthRefused, HubRejected, HubBadResponse, TlsFailure: the run
            stopped there; what was committed before stays, nothing half-done remains.
    """
    clock = clock or Clock()
    stop = stop or threading.Event()

    def report(step: SyncProgress) -> None:
        if progress is not None:
            progress(step)
        if stop.is_set():
            raise SyncStopped("sync stopped")

    def sleep(seconds: float) -> None:
        if stop.wait(seconds):
            raise SyncStopped("sync stopped")

    with SyncLock(db_path.parent, lock_wait_s):
        db = open_database(db_path, create=False)
        try:
            link = load_link(db)
            handler = open_sync_log(db_path.parent, link.secret)
            try:
                with HubClient(link, timeouts=timeouts, retry=retry, sleep=sleep) as client:
                    return _run(db, db_path, client, trigger, report, batch_size, page_limit, clock)
            finally:
                close_sync_log(handler)
        finally:
            db.close()


def _run(
    db: Database,
    db_path: Path,
    client: HubClient,
    trigger: str,
    report: ProgressHook,
    batch_size: int,
    page_limit: int,
    clock: Clock,
) -> SyncOutcome:
    started = clock.stamp()
    with write_transaction(db):
        run_id = db.execute(
            "INSERT INTO sync_runs(started_at, trigger) VALUES (?, ?)", [started, trigger]
        ).lastrowid
        db.execute("UPDATE sync_state SET last_attempt_at = ? WHERE id = 1", [started])
    log.info(
        "sync started (%s): station %s, hub %s, %d queued, cursor %d",
        trigger,
        client.link.station_id,
        client.link.hub_url,
        pending_count(db),
        read_cursor(db),
    )
    tally = _Tally()
    # The rows the anchoring must check were all written before this run: they are
    # checked while the upload waits on the hub (chain_precheck), from its first batch
    # on (before it, this thread reads the queue and would only be slowed down).
    precheck = ChainPrecheck(db_path)
    try:
        _upload_all(db, client, tally, report, batch_size, clock, precheck.start)
        _download_all(db, client, tally, report, page_limit, clock)
        _anchor_chain(db, client, tally.written, precheck.result())
    except Exception as error:
        precheck.cancel()
        _finish(db, run_id, tally, clock.stamp(), error)
        log.error("sync failed: %s: %s", type(error).__name__, error)
        raise
    finished = clock.stamp()
    _finish(db, run_id, tally, finished, None)
    pruned = _prune_delivered(db, clock)
    outcome = SyncOutcome(
        tally.sent,
        tally.accepted,
        tally.duplicate,
        tally.rejected,
        rejected_count(db),
        pending_count(db),
        tally.applied,
        tally.skipped,
        read_cursor(db),
        finished,
        pruned,
    )
    log.info(
        "sync done: %d sent (%d accepted, %d duplicate, %d rejected), %d changes "
        "applied, %d skipped, cursor %d, %d rejected waiting, %d queued meanwhile",
        outcome.sent,
        outcome.accepted,
        outcome.duplicate,
        outcome.rejected,
        outcome.changes_applied,
        outcome.changes_skipped,
        outcome.cursor,
        outcome.rejected_total,
        outcome.queued_left,
    )
    return outcome


def _finish(
    db: Database, run_id: int | None, tally: _Tally, at: str, error: Exception | None
) -> None:
    message = None if error is None else f"{type(error).__name__}: {error}"[:1000]
    with write_transaction(db):
        db.execute(
            "UPDATE sync_runs SET finished_at = ?, result = ?, sent = ?, accepted = ?, "
            "duplicate = ?, rejected = ?, changes_applied = ?, changes_skipped = ?, error = ? "
            "WHERE id = ?",
            [
                at,
                "ok" if error is None else type(error).__name__,
                tally.sent,
                tally.accepted,
                tally.duplicate,
                tally.rejected,
                tally.applied,
                tally.skipped,
                message,
                run_id,
            ],
        )
        if error is None:
            db.execute(
                "UPDATE sync_state SET last_success_at = ?, last_error = NULL WHERE id = 1", [at]
            )
        else:
            db.execute("UPDATE sync_state SET last_error = ? WHERE id = 1", [f"{at} {message}"])
        # The history is for diagnosis, not accounting: keep the recent runs only.
        db.execute("DELETE FROM sync_runs WHERE id <= ?", [(run_id or 0) - KEEP_RUNS])


def _prune_delivered(db: Database, clock: Clock) -> int:
    """After a successful run, delete events the hub has held past the retention.

    Housekeeping, not part of the sync: a failure is logged and the run still counts as
    done (everything it delivered is recorded already); the next run tries again.
    """
    from station_app.core.settings import load_settings

    days = load_settings(db).outbox_retention_days
    try:
        pruned = prune_delivered_events(db, clock.now(), days)
    except sqlite3.Error as error:
        log.warning("delivered outbox events not pruned: %s", error)
        return 0
    if pruned:
        log.info("pruned %d events delivered over %d days ago", pruned, days)
    return pruned


# -- upload ---------------------------------------------------------------------------------
def _fitting(
    db: Database,
    station_id: str,
    events: Sequence[OutboxEvent],
    queued: QueuedRecords,
    in_flight: int,
) -> tuple[list[OutboxEvent], UploadStatus, EncodedBatch]:
    """The longest prefix of `events` (halving) whose body is within the protocol's limits.

    With its status and its body, encoded once: the body is what is sent. A single
    event may still not fit (the caller sets it aside). `in_flight` events of the
    batch before are still queued but on their way.
    """
    batch = list(events)
    while True:
        status = _status(db, batch, queued, in_flight)
        encoded = encode_batch(station_id, batch, status)
        if encoded.fits or len(batch) == 1:
            return batch, status, encoded
        batch = batch[: len(batch) // 2]


def _status(
    db: Database, batch: Sequence[OutboxEvent], queued: QueuedRecords, in_flight: int = 0
) -> UploadStatus:
    """What the station tells the hub with a batch: version, queue after it, last error, days.

    The days are its own totals of the days the batch's sales and refunds fall on
    (`day_totals.batch_day_totals`). The last error is the previous run's (this run's
    outcome is not known yet).
    """
    row = db.execute("SELECT last_error FROM sync_state WHERE id = 1").fetchone()
    return upload_status(
        __version__,
        pending_count(db) - in_flight - len(batch),
        row[0] if row else None,
        batch_day_totals(db, batch, queued),
    )


_Prepared = tuple[list[OutboxEvent], UploadStatus, EncodedBatch]


def _upload_all(
    db: Database,
    client: HubClient,
    tally: _Tally,
    report: ProgressHook,
    batch_size: int,
    clock: Clock,
    first_sent: Callable[[], None] = lambda: None,
) -> None:
    """Upload every queued event; `first_sent` is called once the first batch is on its way."""
    queued_at_start = total = pending_count(db)
    newest_at_start = newest_seq(db)  # events made since join the run (new sales)
    report(SyncProgress(UPLOAD, 0, total))
    size = max(1, min(batch_size, MAX_EVENTS_PER_BATCH))
    queued = QueuedRecords(db)
    station_id = client.link.station_id

    def prepare(after_seq: int, in_flight: int = 0) -> _Prepared | None:
        """The next batch after `after_seq`, its status and body; reads only."""
        events = pending_events(db, size, after_seq=after_seq)
        return _fitting(db, station_id, events, queued, in_flight) if events else None

    # One request in flight on a thread of its own while this one reads, encodes and
    # records: the hub's time per batch is no longer added to the station's. As soon as
    # a batch is answered the next one (read meanwhile) goes out, and only then is the
    # answered one recorded, so its commit and fsync overlap the hub's work too. Only
    # the HTTP exchange runs there; every database read and write stays on this thread,
    # and a batch is marked only after its answer: a crash or a failure anywhere leaves
    # at most the batch on its way unrecorded, which the hub answers "duplicate" for
    # when it comes again.
    last_seq = 0
    flight: tuple[list[OutboxEvent], Future[list[EventResult]]] | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-upload") as sender:

        def send(prepared: _Prepared) -> tuple[list[OutboxEvent], Future[list[EventResult]]]:
            batch, status, encoded = prepared
            return batch, sender.submit(client.upload_events, batch, status, encoded=encoded)

        prepared = prepare(last_seq)
        while flight is not None or prepared is not None:
            if flight is None:
                assert prepared is not None
                batch = prepared[0]
                if not prepared[2].fits:
                    _reject_locally(db, batch[0], "event too large to upload", clock)
                    last_seq = batch[0].seq
                    prepared = prepare(last_seq)
                    continue
                flight = send(prepared)
                first_sent()
                prepared = prepare(batch[-1].seq, in_flight=len(batch))
            batch, answer = flight
            flight = None
            try:
                results = answer.result()
            except HubRejected as error:
                if error.status != 413:
                    raise
                if len(batch) > 1:
                    # The hub's limit is lower than ours: try smaller batches from now on.
                    size = max(1, len(batch) // 2)
                    log.warning(
                        "hub refused a batch of %d as too large; sending %d at a time",
                        len(batch),
                        size,
                    )
                else:
                    _reject_locally(db, batch[0], f"hub refused it as too large: {error}", clock)
                    last_seq = batch[0].seq
                prepared = prepare(last_seq)
                continue
            if prepared is not None and prepared[2].fits:
                flight = send(prepared)
                prepared = None
            at = clock.stamp()
            with write_transaction(db):
                _record_results(db, batch, results, at)
            _tally_results(tally, batch, results)
            last_seq = batch[-1].seq
            # Counted from the newest rows (events are never deleted during the upload, so
            # it only grows): counting the whole queue at every batch was 5 % of its time.
            total = queued_at_start + made_after(db, newest_at_start)
            log.info("sent %d/%d (up to seq %d)", tally.sent, total, last_seq)
            report(SyncProgress(UPLOAD, tally.sent, total))
            if flight is not None:
                sent = flight[0]
                prepared = prepare(sent[-1].seq, in_flight=len(sent))
            elif prepared is None:
                # Read before the answer came: events queued since then are read now.
                prepared = prepare(last_seq)


def _tally_results(
    tally: _Tally, batch: Sequence[OutboxEvent], results: Sequence[EventResult]
) -> None:
    for event, result in zip(batch, results, strict=True):
        tally.sent += 1
        if result.status == RESULT_REJECTED:
            tally.rejected += 1
            log.warning(
                "event %d (%s, %s) rejected: %s",
                event.seq,
                event.kind,
                event.event_id,
                result.reason,
            )
        elif result.status == "duplicate":
            tally.duplicate += 1
        else:
            tally.accepted += 1


def _record_results(
    db: Database, batch: Sequence[OutboxEvent], results: Sequence[EventResult], at: str
) -> None:
    """The hub's answers for a batch, inside its transaction: one statement per outcome."""
    delivered = [
        (r.status, e.seq)
        for e, r in zip(batch, results, strict=True)
        if r.status != RESULT_REJECTED
    ]
    mark_delivered_many(db, delivered, at)
    for event, result in zip(batch, results, strict=True):
        if result.status == RESULT_REJECTED:
            mark_rejected(db, event.seq, result.reason or "", at)


def _reject_locally(db: Database, event: OutboxEvent, reason: str, clock: Clock) -> None:
    with write_transaction(db):
        mark_rejected(db, event.seq, reason, clock.stamp())
    log.warning("event %d (%s) set aside: %s", event.seq, event.kind, reason)


# -- download -------------------------------------------------------------------------------
def _download_all(
    db: Database,
    client: HubClient,
    tally: _Tally,
    report: ProgressHook,
    page_limit: int,
    clock: Clock,
) -> None:
    station_id = client.link.station_id
    owner = db.execute("SELECT cursor_station_id FROM sync_state WHERE id = 1").fetchone()[0]
    if owner != station_id:
        # The feed and its cursors belong to a station id: under a new id (re-provisioned,
        # or `settings station_id` changed) the station reads its feed from the start.
        # Applying a change again is harmless; skipping one would not be.
        with write_transaction(db):
            db.execute(
                "UPDATE sync_state SET cursor = 0, cursor_station_id = ? WHERE id = 1", [station_id]
            )
        if owner is not None:
            log.warning(
                "station id changed from %s to %s: change feed read from the start",
                owner,
                station_id,
            )
    cursor = read_cursor(db)
    # The next page is fetched on a thread of its own while this one applies the page
    # before it: the hub's time to serve a page (another process, often another core) is
    # no longer added to the station's. A page is immutable once served (the feed only
    # grows), so fetching it early changes nothing; only the HTTP exchange and its
    # parsing run there, and a page is applied, in order, only after the one before it
    # committed. A failure on either side ends the run as the one-at-a-time loop did.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-download") as fetcher:
        page = client.fetch_changes(cursor, page_limit)
        for _ in range(MAX_PAGES_PER_RUN):
            following = (
                fetcher.submit(client.fetch_changes, page.next_cursor, page_limit)
                if page.has_more
                else None
            )
            # On a failure here the executor waits for the fetch in flight; its page is
            # dropped unapplied.
            _apply_page(db, cursor, page, tally, clock)
            report(SyncProgress(DOWNLOAD, tally.applied + tally.skipped, 0))
            cursor = page.next_cursor
            if following is None:
                return
            page = following.result()
    raise HubBadResponse(f"change feed did not end after {MAX_PAGES_PER_RUN} pages")


def _apply_page(db: Database, after: int, page: ChangePage, tally: _Tally, clock: Clock) -> None:
    """Apply every change of `page` and store its cursor, all in one transaction."""
    at = clock.stamp()
    with write_transaction(db):
        if read_cursor(db) != after:
            # Only possible if the lock was bypassed; applying would skip or repeat.
            raise RuntimeError("the change-feed cursor moved during the sync")
        head_before = chain_head(db)
        skipped: list[int] = []

        def skip(change: Change, refused: ChangeRefused) -> None:
            db.execute(
                "INSERT INTO hub_change_skips(cursor, kind, reason, data, skipped_at) "
                "VALUES (?, ?, ?, json(?), ?) ON CONFLICT(cursor) DO NOTHING",
                [change.cursor, change.kind, str(refused), _json(change.data), at],
            )
            log.warning("change %d (%s) skipped: %s", change.cursor, change.kind, refused)
            skipped.append(change.cursor)

        applied = apply_page_changes(db, page.changes, at, skip)
        db.execute("UPDATE sync_state SET cursor = ? WHERE id = 1", [page.next_cursor])
        run = written_run(head_before, chain_head(db))
    if run is not None:
        tally.written.append(run)
    tally.applied += applied
    tally.skipped += len(skipped)
    if page.changes:
        log.info(
            "applied changes %d..%d: %d applied, %d skipped",
            page.changes[0].cursor,
            page.next_cursor,
            applied,
            len(skipped),
        )


# -- audit anchor ---------------------------------------------------------------------------
class AuditChainBroken(HubError):
    """The audit log is broken after the last confirmed row: not sent for confirmation.

    `main.py verify-audit` names the row.
    """


def _anchor_chain(
    db: Database,
    client: HubClient,
    written: Sequence[WrittenRun] = (),
    checked: CheckedRows | None = None,
) -> Anchor | None:
    """Have the hub confirm the audit chain's head, and keep what it confirmed.

    The request shows the hub this chain's row at the hub's last confirmed seq, so the
    hub only confirms a head that extends the chain it vouched for before; the rows in
    between are checked here first, but for the runs this sync `written` and hashed a
    moment ago (they are held to their first and last hashes and their count), and for
    the rows `checked` during this sync (`chain_precheck`). Returns None when there is
    nothing to anchor or the hub keeps no anchors (an older hub answers 404).

    Raises:
        AuditChainBroken: a row after the last confirmed one was altered or removed.
        AnchorRefused: the hub refused the head (it recorded why).
    """
    from station_app.core.settings import load_settings

    terminal_id = load_settings(db).terminal_id
    head = chain_head(db)
    if head is None:
        return None
    try:
        confirmed = client.fetch_anchor(terminal_id)
    except HubRejected as error:
        if error.status != 404:
            raise
        log.warning("the hub keeps no audit anchors (404): audit chain not anchored")
        return None
    prior: tuple[int, str | None] | None = None
    start, consistent = 0, True
    # A PC rebuilt by `main.py recover` has a new chain: until the hub confirmed a head
    # of it, it shows no prior row, which the hub accepts once after the recovery.
    if confirmed is not None and not _new_recovered_chain(db):
        prior = (confirmed.seq, stored_hash(db, confirmed.seq))
        start, consistent = confirmed.seq, prior[1] == confirmed.hash
    # When the confirmed row itself no longer matches, the hub must hear of it: it
    # refuses the head and records why.
    if consistent:
        verdict = verify_audit_since(db, resume_point(db, checked, start), written)
        if not verdict.ok:
            raise AuditChainBroken(
                f"audit log broken at row {verdict.first_bad_seq} "
                f"({verdict.reason}); not sent for confirmation, run "
                "`main.py verify-audit`"
            )
    anchor = client.send_anchor(terminal_id, head, prior)
    with write_transaction(db):
        save_anchor(db, anchor)
    log.info(
        "audit chain anchored at row %d (%s…), confirmed %s",
        anchor.seq,
        anchor.hash[:12],
        anchor.confirmed_at,
    )
    return anchor


def _new_recovered_chain(db: Database) -> bool:
    """True while this chain began with a recovery and no head of it was confirmed yet."""
    from station_app.core.audit import load_anchor

    first = db.execute("SELECT action FROM audit_log ORDER BY seq LIMIT 1").fetchone()
    return first is not None and first[0] == RECOVERED_ACTION and load_anchor(db) is None


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)
