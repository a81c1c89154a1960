"""`HubStore`: the one object the hub's code holds, over one database and both engines.

Each concern keeps its SQL in its own module (stations, nonces, events, lots, the
change feed, settlements, announced parcels, anchors); this facade only composes them
and names their operations the way the rest of the hub calls them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from county_hub.protocol import Event
from county_hub.storage.anchors import AnchorHead, AnchorRefusal, AnchorStore
from county_hub.storage.announced_parcels import ParcelAnnouncements
from county_hub.storage.catalog_previews import CatalogPreviews
from county_hub.storage.change_feed import Change, ChangeFeed
from county_hub.storage.console_audit import AuditNote, ConsoleAudit
from county_hub.storage.console_users import ConsoleUserStore
from county_hub.storage.daily_totals import record_synced
from county_hub.storage.database import Engine, HubDatabase
from county_hub.storage.events import EventStore, SentEvent
from county_hub.storage.figures import ConsoleFigures
from county_hub.storage.lots import Lot, LotStore
from county_hub.storage.nonces import NonceStore
from county_hub.storage.open_lots import OpenLots
from county_hub.storage.recoveries import Recovery, RecoveryStore
from county_hub.storage.reported_days import Reconciliation
from county_hub.storage.schema import migrate
from county_hub.storage.settlements import Settlement, SettlementStore
from county_hub.storage.stations import Station, StationStore
from village_protocol.upload_status import UploadStatus


class HubStore:
    """Stations, nonces, events, lots, the change feed, settlements and anchors.

    The county console's parts are attributes: `users` (operator accounts and sessions),
    `audit` (what operators did; `console_audit.write_action` inside a transaction) and
    `figures` (the pages' SQL), `open_lots` (lots waiting for a settlement),
    `reconciliation` (the hub's figures beside the stations' own) and
    `catalog_previews` (catalog uploads between preview and publishing).

    Thread-safe: every call borrows a pooled connection (see `HubDatabase`).
    """

    def __init__(self, engine: Engine) -> None:
        self.database = HubDatabase(engine)
        self._stations = StationStore(self.database)
        self._nonces = NonceStore(self.database)
        self._events = EventStore(self.database)
        self._lots = LotStore(self.database)
        self._feed = ChangeFeed(self.database, self._stations)
        self._settlements = SettlementStore(self.database, self._stations)
        self._parcels = ParcelAnnouncements(self.database, self._stations)
        self._anchors = AnchorStore(self.database)
        self._recoveries = RecoveryStore(self.database)
        self.users = ConsoleUserStore(self.database)
        self.audit = ConsoleAudit(self.database)
        self.figures = ConsoleFigures(self.database)
        self.open_lots = OpenLots(self.database)
        self.reconciliation = Reconciliation(self.database)
        self.catalog_previews = CatalogPreviews(self.database)

    @property
    def engine(self) -> Engine:
        """The engine under the store (for log lines: `engine.describe()`)."""
        return self.database.engine

    def migrate(self) -> int:
        """Create or upgrade the tables; see `schema.migrate`."""
        return migrate(self.database)

    def close(self) -> None:
        """Close the pooled connections."""
        self.database.close()

    # -- stations: see stations.StationStore ------------------------------------------

    def add_station(self, station_id: str, name: str, now: str) -> str:
        """Provision a station; returns its new secret. See `StationStore.add`."""
        return self._stations.add(station_id, name, now)

    def set_active(
        self, station_id: str, active: bool, *, by: str | None = None, now: str = ""
    ) -> None:
        """Enable or disable a station (audited when `by` is given). See `StationStore`."""
        self._stations.set_active(station_id, active, by=by, now=now)

    def rotate_secret(self, station_id: str, now: str, by: str) -> str:
        """A new secret for the station, the old one refused from now; audited."""
        return self._stations.rotate_secret(station_id, now, by)

    def station(self, station_id: str) -> Station | None:
        """A station by id, active or not."""
        return self._stations.get(station_id)

    def stations(self) -> list[Station]:
        """All stations, by id."""
        return self._stations.all()

    def secret_of(self, station_id: str) -> str | None:
        """The secret of an active station, else None."""
        return self._stations.secret_of(station_id)

    def remember_nonce(self, station_id: str, nonce: str, now_s: int) -> bool:
        """Record a nonce; False if already used. See `NonceStore.remember`."""
        return self._nonces.remember(station_id, nonce, now_s)

    # -- events and lots: see events.EventStore, lots.LotStore ------------------------

    def store_events(
        self,
        station_id: str,
        events: list[Event],
        received_at: str,
        *,
        refused: int = 0,
        status: UploadStatus | None = None,
    ) -> list[str]:
        """Store events once per (station, event id); outcomes per event. See `EventStore`."""
        return self._events.store(station_id, events, received_at, refused=refused, status=status)

    def note_synced(self, station_id: str, at: str) -> None:
        """The station read its change feed to the end at `at`: its sync finished."""
        record_synced(self.database, station_id, at)

    def event_counts(self, station_id: str | None = None) -> dict[str, int]:
        """How many events the hub stored, per kind, for one station or all."""
        return self._events.counts(station_id)

    def event_payloads(
        self, kinds: tuple[str, ...], station_id: str | None = None
    ) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """(station id, kind, payload) of stored events of `kinds`, streamed, in order."""
        return self._events.payloads(kinds, station_id)

    def events_of_station(
        self, station_id: str, after: int, limit: int
    ) -> tuple[list[SentEvent], bool]:
        """A page of the station's own events after seq `after`. See `EventStore.of_station`."""
        return self._events.of_station(station_id, after, limit)

    def sent_summary(self, station_id: str) -> tuple[int, int]:
        """(events stored, highest seq) of one station."""
        return self._events.sent_summary(station_id)

    def lot(self, station_id: str, lot_code: str) -> Lot | None:
        """A station's lot by code, if the hub heard of it."""
        return self._lots.get(station_id, lot_code)

    # -- change feed: see change_feed.ChangeFeed, announced_parcels -------------------

    def queue_changes(
        self,
        changes: list[tuple[str, dict[str, Any]]],
        now: str,
        station_id: str | None = None,
        published: dict[str, dict[str, Any]] | None = None,
        audit: AuditNote | None = None,
    ) -> list[int]:
        """Append changes for one station or all; their cursors. See `ChangeFeed.queue`."""
        return self._feed.queue(changes, now, station_id, published, audit)

    def changes_after(self, station_id: str, after: int, limit: int) -> tuple[list[Change], bool]:
        """The next page of a station's feed after `after`, and has_more."""
        return self._feed.after(station_id, after, limit)

    def published_catalog(self, station_id: str | None = None) -> dict[str, dict[str, Any]]:
        """What publish-catalog last sent to this scope, by product key."""
        return self._feed.published_catalog(station_id)

    def announce_parcel(
        self, station_id: str, data: dict[str, Any], now: str, audit: AuditNote | None = None
    ) -> tuple[int, bool]:
        """Queue a `parcel.arrived` once per number. See `ParcelAnnouncements.announce`."""
        return self._parcels.announce(station_id, data, now, audit)

    def announce_parcels(
        self,
        parcels: list[tuple[str, dict[str, Any]]],
        now: str,
        audit: AuditNote | None = None,
    ) -> list[int]:
        """Queue many `parcel.arrived`, all or none. See `ParcelAnnouncements.announce_all`."""
        return self._parcels.announce_all(parcels, now, audit)

    # -- settlements: see settlements.SettlementStore ---------------------------------

    def settlements(self, station_id: str, lot_code: str) -> list[Settlement]:
        """What the hub published for one lot of a station, oldest first."""
        return self._settlements.of_lot(station_id, lot_code)

    def add_settlement(
        self,
        station_id: str,
        lot_code: str,
        decide: Callable[[Lot | None], Settlement],
        now: str,
        audit: AuditNote | None = None,
    ) -> tuple[Settlement, int]:
        """Record a lot's next settlement with its change. See `SettlementStore.add`."""
        return self._settlements.add(station_id, lot_code, decide, now, audit)

    # -- audit-chain anchors: see anchors.AnchorStore ---------------------------------

    def anchor_head(self, station_id: str, terminal_id: str) -> AnchorHead | None:
        """The head last confirmed for this terminal of the station, if any."""
        return self._anchors.head(station_id, terminal_id)

    def anchor_heads(self, station_id: str | None = None) -> list[AnchorHead]:
        """Every terminal's last confirmed head, by station and terminal."""
        return self._anchors.heads(station_id)

    def advance_anchor(self, expected: AnchorHead | None, new: AnchorHead) -> bool:
        """Compare-and-set a terminal's head. See `AnchorStore.advance`."""
        return self._anchors.advance(expected, new)

    def record_anchor_refusal(self, refusal: AnchorRefusal) -> None:
        """Keep a refused anchor and its reason for county staff."""
        self._anchors.record_refusal(refusal)

    def anchor_refusals(self, station_id: str | None = None) -> list[AnchorRefusal]:
        """Refused anchors, oldest first."""
        return self._anchors.refusals(station_id)

    # -- recoveries: see recoveries.RecoveryStore -------------------------------------

    def record_recovery(
        self,
        station_id: str,
        terminal_id: str,
        events: int,
        up_to_seq: int,
        old_head: AnchorHead | None,
        now: str,
    ) -> Recovery:
        """Keep a recovery that allows one new chain start. See `RecoveryStore.record`."""
        return self._recoveries.record(station_id, terminal_id, events, up_to_seq, old_head, now)

    def pending_recovery(self, station_id: str, terminal_id: str) -> Recovery | None:
        """The terminal's recovery whose new chain start is still allowed, if any."""
        return self._recoveries.pending(station_id, terminal_id)

    def recoveries(self, station_id: str | None = None) -> list[Recovery]:
        """Every recovery, oldest first."""
        return self._recoveries.all(station_id)

    def restart_chain(
        self, recovery: Recovery, expected: AnchorHead | None, new: AnchorHead
    ) -> bool:
        """Accept a recovered PC's new chain head once. See `RecoveryStore.restart_chain`."""
        return self._recoveries.restart_chain(recovery, expected, new)
