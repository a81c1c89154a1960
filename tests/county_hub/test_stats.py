"""Money totals from stored events, matching the station's `report --json` to the fen."""

from __future__ import annotations

import json
import secrets
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlite_utils import Database

from county_hub.protocol import check_event
from county_hub.stats import SHIFT_KEYS, hub_stats, money_totals, village_totals
from county_hub.storage import HubStore, open_store
from county_hub.upload import store_batch
from tests.county_hub.conftest import STATION, RunningHub
from tests.county_hub.signing import refund_event, sale_event, statuses
from tests.county_hub.village import event, lot_received, shipment

NOW = "2026-11-26T10:00:00.000Z"


def _known_events() -> list[dict[str, Any]]:
    """Three sales and two refunds around midnight in UTC+8."""
    sale1 = sale_event(
        1,
        1000,
        created_at="2026-11-26T08:00:00.000Z",  # local 11-26 16:00
        subtotal_fen=1050,
        discount_fen=50,
    )
    sale2 = sale_event(
        2, 2000, [("wechat", 1500), ("cash", 500)], created_at="2026-11-25T17:30:00.000Z"
    )  # local 11-26 01:30
    # 抹零 took 3 fen off ¥8.03.
    sale3 = sale_event(
        3,
        800,
        [("alipay", 800)],
        created_at="2026-11-25T15:00:00.000Z",  # local 11-25 23:00
        subtotal_fen=803,
        rounding_fen=3,
    )
    return [
        sale1,
        sale2,
        sale3,
        refund_event(4, sale2, 500, "wechat", created_at="2026-11-26T09:00:00.000Z"),
        # Local 11-26 00:30: counts on the 26th although its sale was on the 25th.
        refund_event(5, sale3, 800, "cash", created_at="2026-11-25T16:30:00.000Z"),
    ]


def _pairs(
    events: list[dict[str, Any]], station: str = "A"
) -> list[tuple[str, str, dict[str, Any]]]:
    return [(station, e["kind"], e["payload"]) for e in events]


def test_totals_over_all_days():
    stats = money_totals(_pairs(_known_events()))
    assert (stats.sales_count, stats.gross_fen, stats.discount_fen, stats.rounding_fen) == (
        3,
        3853,
        50,
        3,
    )
    assert (stats.refund_count, stats.refunds_fen, stats.net_fen) == (2, 1300, 2500)
    assert stats.payments_fen == {
        "cash": 700,
        "wechat": 1000,
        "alipay": 800,
        "unionpay": 0,
        "account": 0,
    }
    assert sum(stats.payments_fen.values()) == stats.net_fen


def test_totals_of_one_station_local_day():
    day = money_totals(_pairs(_known_events()), day=date(2026, 11, 26))
    assert (day.date, day.sales_count, day.refund_count, day.net_fen) == ("2026-11-26", 2, 2, 1700)
    assert day.payments_fen["cash"] == 700 and day.payments_fen["alipay"] == 0
    before = money_totals(_pairs(_known_events()), day=date(2026, 11, 25))
    assert (before.sales_count, before.refund_count, before.net_fen) == (1, 0, 800)


def test_an_unfamiliar_payment_method_is_still_counted():
    stats = money_totals(_pairs([sale_event(1, 300, [("coupon", 300)])]))
    assert stats.payments_fen["coupon"] == 300


def test_stats_from_the_store_count_each_event_once_per_station(store: HubStore):
    store.add_station("A", "a", NOW)
    store.add_station("B", "b", NOW)
    events = _known_events()
    store_batch(store, "A", events, NOW)
    store_batch(store, "A", events, NOW)  # a replay changes nothing
    store_batch(store, "B", events[:1], NOW)
    mine = hub_stats(store, "A")
    assert mine.events == {"refund.completed": 2, "sale.completed": 3}
    assert (mine.station, mine.sales_count, mine.net_fen) == ("A", 3, 2500)
    everyone = hub_stats(store)
    assert (everyone.station, everyone.sales_count, everyone.net_fen) == (None, 4, 3500)
    assert set(mine.as_json()) == {
        "station",
        "date",
        "events",
        "sales_count",
        "gross_fen",
        "discount_fen",
        "rounding_fen",
        "refund_count",
        "refunds_fen",
        "net_fen",
        "payments_fen",
        "credit",
        "agency",
        "parcels",
        "consignment",
        "shifts",
    }


def _village_events() -> list[dict[str, Any]]:
    """Two agency orders through their lives, credit, parcels and two lots, with known sums."""
    a = {"order_id": "A", "order_no": "D20261126-T1-0001"}
    b = {"order_id": "B", "order_no": "D20261126-T1-0002"}
    spent, refund = "spent", "platform_refund"
    events = [
        event(1, "villager.added"),
        event(2, "credit.entry", kind="sale", amount_fen=1200),
        event(
            3,
            "agency.created",
            **a,
            total_fen=9400,
            collected=[{"method": "cash", "amount_fen": 4700}],
        ),
        event(
            4,
            "agency.created",
            **b,
            total_fen=20_000,
            item_price_fen=18_500,
            collected=[
                {"method": "cash", "amount_fen": 10_000},
                {"method": "account", "amount_fen": 5000},
            ],
        ),
        event(5, "credit.entry", kind="agency", amount_fen=5000, ref_id="B"),
        event(
            6,
            "agency.status_changed",
            **a,
            status="placed",
            collected_fen=0,
            money=[{"kind": spent, "method": "platform", "amount_fen": 8900}],
        ),
        event(7, "agency.status_changed", **a, status="shipped", collected_fen=0, money=[]),
        # Pickup: the same 4,700 fen as collected_fen and itemised by method. Counted once.
        event(
            8,
            "agency.status_changed",
            **a,
            status="picked_up",
            collected_fen=4700,
            money=[
                {"kind": "collected", "method": "cash", "amount_fen": 2700},
                {"kind": "collected", "method": "account", "amount_fen": 2000},
            ],
        ),
        event(9, "credit.entry", kind="agency", amount_fen=2000, ref_id="A"),
        event(
            10,
            "agency.status_changed",
            **b,
            status="placed",
            collected_fen=0,
            money=[{"kind": spent, "method": "platform", "amount_fen": 18_500}],
        ),
        event(11, "agency.status_changed", **b, status="cancelled", collected_fen=0, money=[]),
        event(
            12,
            "agency.status_changed",
            **b,
            status="refunded",
            collected_fen=0,
            money=[
                {"kind": refund, "method": "platform", "amount_fen": 18_500},
                {"kind": "paid_back", "method": "cash", "amount_fen": 10_000},
                {"kind": "paid_back", "method": "account", "amount_fen": 5000},
            ],
        ),
        event(13, "credit.entry", kind="refund", amount_fen=-5000, ref_id="B"),
        event(14, "credit.entry", kind="repayment", amount_fen=-1500, method="cash"),
        event(15, "parcel.arrived", parcel_id="P1", tracking_no="YT1000000000001"),
        event(16, "parcel.arrived", parcel_id="P2", tracking_no="SF1000000000002"),
        event(17, "parcel.arrived", parcel_id="P3", tracking_no="SF1000000000003"),
        event(18, "parcel.handed_over", parcel_id="P1", tracking_no="YT1000000000001"),
        event(19, "parcel.handed_over", parcel_id="P2", tracking_no="SF1000000000002"),
        lot_received(20, "HN-ZZ-0001-261126-01", 50_000),
        lot_received(21, "HN-ZZ-0001-261126-02", 30_000),
        shipment(22, ("HN-ZZ-0001-261126-01", 50_000)),
        event(23, "lot.spoiled", lot_code="HN-ZZ-0001-261126-02"),
        event(24, "payout.made", settlement_id="s1", amount_fen=26_000),
        event(25, "payout.made", settlement_id="s2", amount_fen=13_000, method="wechat"),
    ]
    return events


VILLAGE_SECTIONS = {
    "credit": {"entries": 5, "balance_fen": 1200 + 5000 + 2000 - 5000 - 1500},
    "agency": {
        "orders": 2,
        "collected_fen": 4700 + 15_000 + 4700,
        "spent_fen": 27_400,
        "platform_refund_fen": 18_500,
        "paid_back_fen": 15_000,
    },
    "parcels": {"arrived": 3, "handed_over": 2},
    "consignment": {
        "lots": 2,
        "net_g": 80_000,
        "shipments": 1,
        "payouts": 2,
        "payouts_fen": 39_000,
    },
}


def test_village_sections_from_known_events():
    assert village_totals(_pairs(_village_events())) == VILLAGE_SECTIONS


def test_village_sections_are_zero_without_events_and_ignore_sales():
    stats = money_totals(_pairs(_known_events()))
    assert (stats.credit, stats.agency) == (
        {"entries": 0, "balance_fen": 0},
        {
            "orders": 0,
            "collected_fen": 0,
            "spent_fen": 0,
            "platform_refund_fen": 0,
            "paid_back_fen": 0,
        },
    )
    assert village_totals(_pairs(_known_events())) == {
        "credit": stats.credit,
        "agency": stats.agency,
        "parcels": stats.parcels,
        "consignment": stats.consignment,
    }


def test_village_sections_from_the_store_per_station_and_all_days(store: HubStore):
    store.add_station("A", "a", NOW)
    store.add_station("B", "b", NOW)
    events = _village_events()
    store_batch(store, "A", events + _known_events(), NOW)
    store_batch(store, "A", events, NOW)  # a replay changes nothing
    store_batch(store, "B", [events[1], events[23]], NOW)  # +1,200 credit, one 26,000 payout
    mine = hub_stats(store, "A")
    assert {k: mine.as_json()[k] for k in VILLAGE_SECTIONS} == VILLAGE_SECTIONS
    assert (mine.sales_count, mine.net_fen) == (3, 2500)  # the money totals are untouched
    assert mine.events["credit.entry"] == 5 and mine.events["lot.spoiled"] == 1
    # --date narrows the sale and refund totals only; the sections stay all days.
    one_day = hub_stats(store, "A", date(2026, 11, 25))
    assert one_day.sales_count == 1
    assert (one_day.credit, one_day.consignment) == (mine.credit, mine.consignment)
    everyone = hub_stats(store)
    assert everyone.credit == {"entries": 6, "balance_fen": 1700 + 1200}
    assert everyone.consignment["payouts_fen"] == 39_000 + 26_000


def test_hub_stats_reconcile_with_the_station_report(demo_db: Database, tmp_path: Path):
    # The station's own simulation and report, its outbox stored by the hub: same figures.
    from station_app.core.reports import day_report
    from station_app.core.simulation import simulate

    simulate(demo_db, days=2, seed=11, start=date(2026, 3, 1))
    events = [
        {
            "event_id": r["event_id"],
            "seq": r["seq"],
            "kind": r["kind"],
            "created_at": r["created_at"],
            "payload": json.loads(r["payload"]),
        }
        for r in demo_db.query("SELECT * FROM outbox ORDER BY seq")
    ]
    hub = open_store(f"sqlite:///{tmp_path / 'hub.db'}")
    hub.add_station("HN-ZZ-0001", "demo", NOW)
    for start in range(0, len(events), 200):
        store_batch(hub, "HN-ZZ-0001", events[start : start + 200], NOW)
    for day in (date(2026, 3, 1), date(2026, 3, 2)):
        station: dict[str, Any] = day_report(demo_db, day).as_json()
        counted: dict[str, Any] = hub_stats(hub, "HN-ZZ-0001", day).as_json()
        assert station["sales_count"] > 0
        for key in (
            "sales_count",
            "gross_fen",
            "discount_fen",
            "rounding_fen",
            "refund_count",
            "refunds_fen",
            "net_fen",
        ):
            assert counted[key] == station[key], (day, key)
        assert {m: f for m, f in counted["payments_fen"].items() if f} == {
            m: f for m, f in station["payments_fen"].items() if f
        }
    hub.close()


MANY_SALES = 6000


def _many_sales(store: HubStore) -> None:
    for station in ("A", "B"):
        store.add_station(station, station.lower(), NOW)
    for start in range(0, MANY_SALES, 500):
        batch = [check_event(sale_event(i, 350)) for i in range(start, start + 500)]
        store.store_events("A" if start % 1000 else "B", batch, NOW)


def test_all_stations_statistics_need_memory_for_totals_not_for_every_event(store: HubStore):
    _many_sales(store)
    tracemalloc.start()
    try:
        everyone = hub_stats(store, day=date(2026, 11, 26))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (everyone.sales_count, everyone.net_fen) == (MANY_SALES, MANY_SALES * 350)
    # 6,000 payloads are ~4 MB as Python objects; holding one per sale took 2.5 MB here.
    assert peak < 1_000_000, peak


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_postgresql_streams_payloads_through_a_server_side_cursor(db_url: str):
    # A plain cursor makes PostgreSQL send every row at once and libpq hold them all
    # (544 MB at 380,000 events); a server-side cursor sends them a batch at a time.
    name = f"hub_stream_test_{secrets.token_hex(4)}"
    store = open_store(f"{db_url}&application_name={name}")
    try:
        _many_sales(store)
        stream = store.event_payloads(("sale.completed",))
        assert next(stream)[1] == "sale.completed"
        with psycopg.connect(db_url, autocommit=True) as probe:
            state, query = probe.execute(
                "SELECT state, query FROM pg_stat_activity WHERE application_name = %s "
                "AND state <> 'idle'",
                [name],
            ).fetchone() or ("idle", "")
        assert state == "idle in transaction"
        assert query.startswith("FETCH FORWARD")
        assert sum(1 for _ in stream) == MANY_SALES - 1
    finally:
        store.close()


# -- shifts --------------------------------------------------------------------------


def _shift(seq: int, opened_at: str, expected: int, counted: int, **fields: Any) -> dict[str, Any]:
    """A closed shift whose float is its expected cash (nothing else moved), as sent."""
    return event(
        seq,
        "shift.closed",
        created_at=opened_at,
        shift_id=f"shift-{seq}",
        opened_at=opened_at,
        closed_at=opened_at,
        float_fen=expected,
        cash_sales_fen=0,
        cash_refunds_fen=0,
        agency_cash_in_fen=0,
        agency_cash_out_fen=0,
        credit_repayments_cash_fen=0,
        payouts_cash_fen=0,
        pay_in_fen=0,
        pay_out_fen=0,
        expected_cash_fen=expected,
        counted_cash_fen=counted,
        over_short_fen=counted - expected,
        **fields,
    )


def _known_shifts() -> list[dict[str, Any]]:
    """The village.py sample (¥0.50 short) and three more around local midnight (UTC+8)."""
    return [
        event(1, "shift.closed", opened_at="2026-11-26T00:00:00.000Z"),  # local 11-26 08:00
        _shift(2, "2026-11-26T06:00:00.000Z", 30_000, 30_120),  # 11-26 14:00, ¥1.20 over
        _shift(3, "2026-11-25T15:30:00.000Z", 10_000, 10_000),  # 11-25 23:30, exact
        _shift(4, "2026-11-25T16:30:00.000Z", 5_000, 4_000),  # 11-26 00:30, ¥10 short
    ]


SHIFTS_ALL_DAYS = {
    "closed": 4,
    "short": 2,
    "over": 1,
    "over_short_fen": -50 + 120 - 1_000,
    "expected_cash_fen": 28_160 + 30_000 + 10_000 + 5_000,
    "counted_cash_fen": 28_110 + 30_120 + 10_000 + 4_000,
}


def test_closed_shifts_add_up_over_all_days_and_per_station_local_day():
    assert money_totals(_pairs(_known_shifts())).shifts == SHIFTS_ALL_DAYS
    day = money_totals(_pairs(_known_shifts()), day=date(2026, 11, 26)).shifts
    assert day == {
        "closed": 3,
        "short": 2,
        "over": 1,
        "over_short_fen": -50 + 120 - 1_000,
        "expected_cash_fen": 28_160 + 30_000 + 5_000,
        "counted_cash_fen": 28_110 + 30_120 + 4_000,
    }
    before = money_totals(_pairs(_known_shifts()), day=date(2026, 11, 25)).shifts
    assert (before["closed"], before["expected_cash_fen"], before["short"]) == (1, 10_000, 0)


def test_a_shift_is_dated_by_its_stations_clock_as_of_its_latest_sale():
    # A station on UTC+0: its shift opened 11-25 23:30 there, although UTC+8 says 11-26.
    utc = sale_event(1, 300, created_at="2026-11-25T10:00:00.000Z", tz_offset_min=0)
    shift = _shift(2, "2026-11-25T23:30:00.000Z", 1_000, 1_000)
    stats = money_totals(_pairs([utc, shift]), day=date(2026, 11, 25))
    assert stats.shifts["closed"] == 1
    assert money_totals(_pairs([shift]), day=date(2026, 11, 25)).shifts["closed"] == 0


def test_no_shifts_give_zero_figures_and_shifts_leave_the_money_alone():
    assert money_totals(_pairs(_known_events())).shifts == dict.fromkeys(SHIFTS_ALL_DAYS, 0)
    both = money_totals(_pairs(_known_events() + _known_shifts()))
    assert (both.sales_count, both.net_fen, both.shifts) == (3, 2500, SHIFTS_ALL_DAYS)


def test_shifts_uploaded_to_the_real_hub_count_once_per_station_and_day(hub: RunningHub):
    shifts = _known_shifts()
    assert statuses(hub.station.upload(shifts)) == ["accepted"] * 4
    assert statuses(hub.station.upload(shifts)) == ["duplicate"] * 4  # a replay adds nothing
    # A shift whose over/short is not counted − expected is refused and never counted.
    wrong = _shift(5, "2026-11-26T07:00:00.000Z", 1_000, 900)
    wrong["payload"]["over_short_fen"] = 100
    assert statuses(hub.station.upload([wrong])) == ["rejected"]
    other = _shift(1, "2026-11-26T01:00:00.000Z", 20_000, 19_990)
    assert statuses(hub.other.upload([other])) == ["accepted"]
    mine = hub_stats(hub.store, STATION)
    assert mine.shifts == SHIFTS_ALL_DAYS and mine.events["shift.closed"] == 4
    assert hub_stats(hub.store, STATION, date(2026, 11, 25)).shifts["closed"] == 1
    everyone = hub_stats(hub.store, day=date(2026, 11, 26)).shifts
    assert everyone == {
        "closed": 4,
        "short": 3,
        "over": 1,
        "over_short_fen": -50 + 120 - 1_000 - 10,
        "expected_cash_fen": 28_160 + 30_000 + 5_000 + 20_000,
        "counted_cash_fen": 28_110 + 30_120 + 4_000 + 19_990,
    }
    assert set(everyone) == set(SHIFT_KEYS)


def test_a_simulated_stations_shifts_reach_the_hub_with_their_figures(
    hub: RunningHub, demo_db: Database
):
    from station_app.core.clock import Clock
    from station_app.core.shifts import shifts_of_day
    from station_app.core.simulation import simulate

    days = (date(2026, 3, 1), date(2026, 3, 2))
    simulate(demo_db, days=len(days), seed=6, start=days[0])
    events = [
        {
            "event_id": r["event_id"],
            "seq": r["seq"],
            "kind": r["kind"],
            "created_at": r["created_at"],
            "payload": json.loads(r["payload"]),
        }
        for r in demo_db.query("SELECT * FROM outbox ORDER BY seq")
    ]
    for start in range(0, len(events), 200):
        answered = statuses(hub.station.upload(events[start : start + 200]))
        assert set(answered) == {"accepted"}
    for day in days:
        shifts = shifts_of_day(demo_db, day, Clock())
        assert shifts
        assert hub_stats(hub.store, STATION, day).shifts == {
            "closed": len(shifts),
            "short": sum((s.over_short_fen or 0) < 0 for s in shifts),
            "over": sum((s.over_short_fen or 0) > 0 for s in shifts),
            "over_short_fen": sum(s.over_short_fen or 0 for s in shifts),
            "expected_cash_fen": sum(s.expected_cash_fen for s in shifts),
            "counted_cash_fen": sum(s.counted_cash_fen or 0 for s in shifts),
        }
