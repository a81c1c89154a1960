"""Recovery from the hub: rebuild a lost station PC from the events it once sent.

`main.py recover` into an empty folder: download every event of this station from the
hub (`GET /v1/events/mine`, signed and paged, in the station's own sequence order) with
no transaction open, then write in ONE transaction the new audit chain's first row (the
recovery: from which hub, how many events, up to which seq), the hub link, the rebuilt
records (station_app/core/rebuild.py; no outbox rows, so nothing is sent again) and the
counters. Then tell the hub (`POST /v1/recovery`, which lets this new chain replace the
terminal's confirmed anchor once) and run one ordinary sync: it uploads nothing, replays
the change feed from cursor 0 (catalog, settlements, parcel announcements, notices) and
anchors the new chain. The lots are rebuilt before it, so the replayed settlements find
them; payouts refer to those settlements, so the payout events are written after it, in
a second transaction, again without outbox rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from station_app.core.audit import record_audit
from station_app.core.clock import Clock
from station_app.core.errors import InputRefused
from station_app.core.rebuild import (
    Rebuild,
    apply_settings,
    ensure_owner,
    rebuild_event,
    rebuild_payout,
    set_counters,
)
from station_app.core.settings import load_settings, parse_setting, save_settings
from station_app.storage import open_database
from station_app.storage.transaction import write_transaction
from station_app.sync.errors import HubBadResponse
from station_app.sync.http_policy import RetryPolicy, Timeouts
from station_app.sync.hub_client import HubClient
from station_app.sync.link import HubLink, parse_secret
from station_app.sync.sync_job import RECOVERED_ACTION, SyncOutcome, run_sync
from village_protocol.events import PAYOUT_MADE
from village_protocol.limits import MAX_PAGE_LIMIT

DB_NAME = "station.db"
MAX_RECOVERY_PAGES = 100_000


@dataclass(frozen=True)
class SentEvent:
    """One event of this station as the hub gave it back."""

    seq: int
    kind: str
    created_at: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class RecoveryResult:
    """What recovery rebuilt, and the sync that followed."""

    events: int
    up_to_seq: int
    rebuilt: dict[str, int]
    not_rebuilt: dict[str, int]
    counters: dict[str, int]
    sync: SyncOutcome | None = None
    warnings: list[str] = field(default_factory=list)


def _check_page(page: dict[str, Any], after: int) -> tuple[list[SentEvent], int, bool]:
    """The page's events, checked to be in rising seq order after `after`."""
    raw = page.get("events")
    has_more = page.get("has_more")
    if not isinstance(raw, list) or not isinstance(has_more, bool):
        raise HubBadResponse("events page without an events list and has_more")
    events: list[SentEvent] = []
    last = after
    for item in raw:
        if not isinstance(item, dict):
            raise HubBadResponse("an event in the page is not an object")
        seq, kind, payload = item.get("seq"), item.get("kind"), item.get("payload")
        if (
            not isinstance(seq, int)
            or isinstance(seq, bool)
            or seq <= last
            or not isinstance(kind, str)
            or not isinstance(payload, dict)
        ):
            raise HubBadResponse("an event in the page has a bad seq, kind or payload")
        events.append(SentEvent(seq, kind, str(item.get("created_at") or ""), payload))
        last = seq
    if has_more and not events:
        raise HubBadResponse("an empty events page that says it has more")
    return events, last, has_more


def download_events(client: HubClient, page_limit: int = MAX_PAGE_LIMIT) -> list[SentEvent]:
    """Every event this station sent, in its seq order."""
    events: list[SentEvent] = []
    after = 0
    for _ in range(MAX_RECOVERY_PAGES):
        page, after, has_more = _check_page(client.fetch_my_events(after, page_limit), after)
        events.extend(page)
        if not has_more:
            return events
    raise HubBadResponse(f"more than {MAX_RECOVERY_PAGES} pages of events")


def _refuse_used_folder(db_path: Path) -> None:
    if db_path.exists():
        raise InputRefused(
            f"文件夹里已有站点数据库 {db_path}：恢复只能写入空文件夹，请换一个空文件夹",
            f"{db_path} already exists: recover only into an empty folder; choose a new one",
        )


def _rebuild_payouts(db_path: Path, state: Rebuild, payouts: list[SentEvent], at: str) -> None:
    if not payouts:
        return
    db = open_database(db_path)
    try:
        with write_transaction(db):
            for event in payouts:
                rebuild_payout(db, state, event.payload, event.created_at or at)
    finally:
        db.close()


def recover(
    data_dir: Path,
    *,
    station_id: str,
    hub_url: str,
    secret: str,
    clock: Clock | None = None,
    timeouts: Timeouts | None = None,
    retry: RetryPolicy | None = None,
    page_limit: int = MAX_PAGE_LIMIT,
) -> RecoveryResult:
    """Rebuild the station `station_id` from its hub into the empty folder `data_dir`.

    Raises:
        InputRefused: the folder already holds a station, or a flag is malformed.
        HubError: the hub could not be reached or refused (nothing was written then).
    """
    clock = clock or Clock()
    db_path = data_dir / DB_NAME
    _refuse_used_folder(db_path)
    clean_id = str(parse_setting("station_id", station_id))
    clean_url = str(parse_setting("hub_url", hub_url))
    clean_secret = parse_secret(secret)
    link = HubLink(clean_url, clean_id, clean_secret)
    with HubClient(link, timeouts=timeouts, retry=retry) as client:
        events = download_events(client, page_limit)
    up_to = events[-1].seq if events else 0
    state = Rebuild()
    at = clock.stamp()
    data_dir.mkdir(parents=True, exist_ok=True)
    _refuse_used_folder(db_path)  # another recover may have started meanwhile
    db = open_database(db_path)
    try:
        with write_transaction(db):
            record_audit(
                db,
                at=at,
                operator_id=None,
                action=RECOVERED_ACTION,
                subject_id=clean_id,
                detail={"hub_url": clean_url, "events": len(events), "up_to_seq": up_to},
            )
            save_settings(db, station_id=clean_id, hub_url=clean_url)
            db.execute(
                "INSERT INTO hub_credentials(id, secret, provisioned_at) VALUES (1, ?, ?)",
                [clean_secret, at],
            )
            for event in events:
                if event.kind != PAYOUT_MADE:
                    rebuild_event(db, state, event.kind, event.created_at or at, event.payload)
            apply_settings(db, state)
            set_counters(db, state)
            ensure_owner(db)
        terminal_id = load_settings(db).terminal_id
    finally:
        db.close()
    with HubClient(link, timeouts=timeouts, retry=retry) as client:
        client.record_recovery(terminal_id)
    try:
        outcome = run_sync(db_path, trigger="recover", clock=clock, timeouts=timeouts, retry=retry)
    finally:
        # Even after a failed sync: the settlements that did arrive get their payouts.
        _rebuild_payouts(db_path, state, [e for e in events if e.kind == PAYOUT_MADE], at)
    return RecoveryResult(
        events=len(events),
        up_to_seq=up_to,
        rebuilt=dict(state.counts),
        not_rebuilt=dict(state.skipped),
        counters=dict(state.counters),
        sync=outcome,
    )
