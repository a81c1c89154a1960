"""Reconciling a station with the real hub: money per day to the fen, events exactly once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from station_app.core.reports import day_report
from station_app.storage import open_database
from station_app.sync.hub_client import HubClient
from station_app.sync.link import load_link
from station_app.sync.sync_job import read_cursor
from tests.sync.real_hub import RealHub

MONEY_KEYS = (
    "sales_count",
    "gross_fen",
    "discount_fen",
    "rounding_fen",
    "refund_count",
    "refunds_fen",
    "net_fen",
    "payments_fen",
)


@dataclass(frozen=True)
class Reconciliation:
    days: tuple[str, ...]
    sales_count: int
    net_fen: int
    payments_fen: dict[str, int]
    hub_events: dict[str, int]
    delivered: dict[str, int]
    cursor: int
    lines: tuple[str, ...]  # per day: station report vs hub stats

    def summary(self) -> str:
        return "\n".join(
            [
                *self.lines,
                f"total: {len(self.days)} days, {self.sales_count} sales, net {self.net_fen} fen, "
                f"payments {self.payments_fen}",
                f"events: hub stored {self.hub_events}, station delivered {self.delivered}; "
                f"station cursor {self.cursor}, nothing after it on the hub",
            ]
        )


def days_from(start: str, count: int) -> list[str]:
    first = date.fromisoformat(start)
    return [(first + timedelta(days=n)).isoformat() for n in range(count)]


def reconcile(hub: RealHub, station_id: str, db_path: Path, days: list[str]) -> Reconciliation:
    """Assert station and hub agree; return the figures."""
    db = open_database(db_path)
    try:
        sales = net = 0
        payments: dict[str, int] = {}
        lines = []
        for day in days:
            ours = day_report(db, date.fromisoformat(day)).as_json()
            theirs = hub.stats(station_id, day)
            for key in MONEY_KEYS:
                assert theirs[key] == ours[key], (day, key, ours[key], theirs[key])
            lines.append(
                f"{day}: station {ours['sales_count']} sales, {ours['refund_count']} "
                f"refunds, net {ours['net_fen']} fen | hub {theirs['sales_count']} "
                f"sales, {theirs['refund_count']} refunds, net {theirs['net_fen']} "
                f"fen | payments equal: {ours['payments_fen'] == theirs['payments_fen']}"
            )
            sales += ours["sales_count"]
            net += ours["net_fen"]
            for method, amount in ours["payments_fen"].items():
                payments[method] = payments.get(method, 0) + amount
        delivered = dict(
            db.execute(
                "SELECT kind, count(*) FROM outbox WHERE status = 'delivered' GROUP BY kind"
            ).fetchall()
        )
        hub_events = hub.stats(station_id)["events"]
        # Each delivered event stored once at the hub: none twice, none missing.
        assert hub_events == delivered, (hub_events, delivered)
        waiting = db.execute("SELECT count(*) FROM outbox WHERE status != 'delivered'").fetchone()[
            0
        ]
        assert waiting == 0, f"{waiting} events not delivered"
        cursor = read_cursor(db)
        # Cursors consistent: nothing after the station's cursor is left on the hub.
        with HubClient(load_link(db)) as client:
            rest = client.fetch_changes(cursor)
        assert (rest.changes, rest.has_more) == ((), False)
        return Reconciliation(
            tuple(days), sales, net, payments, hub_events, delivered, cursor, tuple(lines)
        )
    finally:
        db.close()
